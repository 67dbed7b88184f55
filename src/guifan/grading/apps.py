from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "guifan.grading"
    verbose_name = "规范化建设量化分级评定"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the funds payment signal)
