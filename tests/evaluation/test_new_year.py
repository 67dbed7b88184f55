"""funds.signals.programme_started: a new year gets last year's evaluations, unscored."""

import pytest

from guifan.evaluation.models import Evaluation
from guifan.funds.models import Programme
from guifan.funds.signals import programme_started

from .conftest import make_2023

pytestmark = pytest.mark.django_db


def test_a_new_year_gets_each_of_last_years_evaluations_with_goals_and_no_score(city):
    previous = Programme.objects.get(year=2022)
    programme = make_2023(city)
    programme_started.send(sender=Programme, programme=programme, previous=previous, by=city)
    copies = {e.template: e for e in Evaluation.objects.filter(programme=programme)}
    originals = {e.template: e for e in Evaluation.objects.filter(programme=previous)}
    assert (
        set(copies)
        == set(originals)
        == {"决策·管理·绩效（20/20/60）", "项目支出绩效自评表（财预〔2020〕10号）"}
    )
    for name, copy in copies.items():
        original = originals[name]
        assert copy.indicators.count() == original.indicators.count()
        assert (copy.total_goal, copy.annual_goal) == (original.total_goal, original.annual_goal)
        assert copy.annual_goal.startswith("2022年计划扶持8家")  # copied as it was, to be edited
        assert not copy.frozen and copy.survey_snapshot is None
        assert not copy.indicators.exclude(score=None).exists()
        assert not copy.indicators.exclude(actual=None).exists()
        assert copy.indicators.get(source="institutions_paid").target == 10
