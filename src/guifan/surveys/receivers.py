"""A new programme year (新建年度项目) starts with a copy of last year's questionnaire."""

from django.dispatch import receiver

from guifan.funds.signals import programme_started


@receiver(programme_started)
def copy_questionnaire(sender, programme, previous, by, **kwargs) -> None:
    from .services import questionnaire_copy_to_year

    questionnaire_copy_to_year(by=by, programme=programme, previous=previous)
