"""A new programme year started from the previous one gets that year's evaluations, unscored."""

from django.dispatch import receiver

from guifan.funds.signals import programme_started


@receiver(programme_started)
def copy_evaluations(sender, programme, previous, by, **kwargs) -> None:
    """Each of last year's evaluations becomes this year's: indicators with their targets, weights,
    methods and sources, 总目标 and 年度目标 — nothing scored. Runs inside the transaction that
    creates the year, so a refused copy creates no year."""
    from .models import Evaluation
    from .services import evaluation_copy

    if previous is None:
        return
    for source in Evaluation.objects.filter(programme=previous).order_by("id"):
        evaluation_copy(by=by, programme=programme, source=source)
