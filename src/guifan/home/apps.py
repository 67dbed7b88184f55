from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "guifan.home"
    verbose_name = "首页"
