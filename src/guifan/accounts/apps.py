from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "guifan.accounts"
    verbose_name = "账户"
