from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "guifan.regions"
    verbose_name = "行政区划"
