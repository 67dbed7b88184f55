from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "guifan.core"
    verbose_name = "公共"
