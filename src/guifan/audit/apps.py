from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "guifan.audit"
    verbose_name = "操作记录"
