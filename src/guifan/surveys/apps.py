from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "guifan.surveys"
    verbose_name = "满意度调查"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects funds' programme_started)
