from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "guifan.reports"
    verbose_name = "绩效自评报告"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects funds.signals.programme_started)
