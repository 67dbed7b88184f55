from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "guifan.jobs"
    verbose_name = "后台任务"
