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
        assert copy.total_goal == original.total_goal  # the multi-year goal, as it was
        assert original.annual_goal.startswith("2022年计划扶持8家")
        # this year's own figures: 10 institutions at 2万元 each, no budget line yet
        assert copy.annual_goal == "2023年计划扶持10家盲人保健按摩机构开展规范化建设，补助标准2万元/家。"
        assert not copy.frozen and copy.survey_snapshot is None
        assert not copy.indicators.exclude(score=None).exists()
        assert not copy.indicators.exclude(actual=None).exists()
        assert copy.indicators.get(source="institutions_paid").target == 10


def test_a_year_started_through_the_service_states_its_own_budget_in_the_annual_goal(city):
    """新建年度项目 creates the budget line before the signal: the goal names this year's 4万元."""
    from datetime import date

    from guifan.funds.services import programme_start
    from tests.factories import region

    programme = programme_start(
        by=city,
        year=2023,
        previous=Programme.objects.get(year=2022),
        data={
            "name": "2023年度盲人保健按摩机构规范化建设量化分级评定",
            "implementing_unit": "昆明市残疾人综合服务中心",
            "notice_number": "昆残〔2023〕1号",
            "subsidy_standard": 2_000_000,
            "annual_target": 2,
            "execution_start": date(2023, 4, 1),
            "execution_end": date(2023, 8, 31),
        },
        counties=[region("盘龙区")],
        source_document="昆财社〔2023〕1号",
        source_budget=4_000_000,
    )
    goals = set(Evaluation.objects.filter(programme=programme).values_list("annual_goal", flat=True))
    assert goals == {"2023年计划扶持2家盲人保健按摩机构开展规范化建设，补助标准2万元/家，预算经费4万元。"}
