from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "guifan.evaluation"
    verbose_name = "绩效自评"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects funds.signals.programme_started)
