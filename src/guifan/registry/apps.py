from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "guifan.registry"
    verbose_name = "机构名录"
