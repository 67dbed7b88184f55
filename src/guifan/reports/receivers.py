"""A new programme year starts with last year's edited report texts (新建年度项目)."""

from django.dispatch import receiver

from guifan.funds.signals import programme_started

from .services import narrative_copy


@receiver(programme_started)
def copy_narrative(sender, programme, previous, by, **kwargs) -> None:
    narrative_copy(by=by, programme=programme, previous=previous)
