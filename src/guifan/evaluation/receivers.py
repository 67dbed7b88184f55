"""A new programme year started from the previous one gets that year's evaluations, unscored."""

from django.dispatch import receiver

from guifan.core.money import fen_to_wan
from guifan.funds.signals import programme_started

from . import domain


@receiver(programme_started)
def copy_evaluations(sender, programme, previous, by, **kwargs) -> None:
    """Each of last year's evaluations becomes this year's: indicators with their targets, weights,
    methods and sources, and 总目标 — nothing scored. The 年度目标 is written from this year's
    target, standard and budget (the budget line is created before the signal is sent). Runs inside
    the transaction that creates the year, so a refused copy creates no year."""
    from .models import Evaluation
    from .services import evaluation_copy

    if previous is None:
        return
    budgets = [s.budget for s in programme.sources.all()]
    goal = domain.annual_goal(
        year=programme.year,
        target=programme.annual_target,
        standard_wan=fen_to_wan(programme.subsidy_standard),
        budget_wan=fen_to_wan(sum(budgets)) if budgets else None,
    )
    for source in Evaluation.objects.filter(programme=previous).order_by("id"):
        evaluation_copy(by=by, programme=programme, source=source, annual_goal=goal)
