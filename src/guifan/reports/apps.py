from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "guifan.reports"
    verbose_name = "绩效自评报告"
