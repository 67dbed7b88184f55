from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "guifan.supervision"
    verbose_name = "等级监管"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
