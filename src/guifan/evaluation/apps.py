from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "guifan.evaluation"
    verbose_name = "绩效自评"
