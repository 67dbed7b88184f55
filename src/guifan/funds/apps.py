from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "guifan.funds"
    verbose_name = "项目与资金"
