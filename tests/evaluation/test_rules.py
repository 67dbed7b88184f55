"""A scoring rule set chosen for an evaluation: 指标偏离 loses its points in Guifan's own scoring,
and a total above the cap of the execution rate cannot be signed off — the same rules the report
checker applies to forms written elsewhere."""

from decimal import Decimal

import pytest
from django.urls import reverse

from guifan.accounts.models import User
from guifan.audit.models import AuditEvent
from guifan.evaluation import services
from guifan.evaluation.models import Evaluation
from guifan.evaluation.selectors import sheet

pytestmark = pytest.mark.django_db


def national() -> Evaluation:
    return Evaluation.objects.get(programme__year=2022, template__startswith="项目支出绩效自评表")


def leaf(evaluation: Evaluation, name: str):
    return evaluation.indicators.exclude(method="").get(name=name)


def test_the_platform_rules_take_two_points_from_a_target_overshot_by_thirty_percent(client, city):
    evaluation = national()
    before = sheet(evaluation).total.total
    client.force_login(city)
    response = client.post(
        reverse("evaluation:rules", args=[evaluation.pk]), {"scoring_rules": "platform-caps"}
    )
    assert response.status_code == 302
    # 扶持机构数量: 12 paid against a target of 8; 12 ≥ 8 × 1.3 = 10.4, so 20 − 2 = 18
    assert leaf(evaluation, "扶持机构数量").score == Decimal(18)
    # 按时完成率 92.31 against ≥ 90 is under 117: kept
    assert leaf(evaluation, "按时完成率").score == Decimal(10)
    assert sheet(evaluation).total.total == before - 2
    assert AuditEvent.objects.filter(changes__scoring_rules=["national", "platform-caps"]).exists()
    client.post(reverse("evaluation:rules", args=[evaluation.pk]), {"scoring_rules": "national"})
    assert leaf(evaluation, "扶持机构数量").score == Decimal(20)


def test_a_total_above_the_cap_of_its_execution_rate_cannot_be_signed_off(city):
    evaluation = services.evaluation_rules_set(by=city, evaluation=national(), key="platform-caps")
    budget = leaf(evaluation, "预算执行率")
    budget.actual, budget.score = Decimal(75), Decimal("7.5")  # 75% executed: at most 89 points
    budget.save()
    total = sheet(evaluation).total.total
    assert total > 89
    assert any("最高89分" in p for p in sheet(evaluation).problems)
    with pytest.raises(services.EvaluationError, match="最高89分"):
        services.evaluation_sign_off(by=city, evaluation=evaluation)


def test_only_the_city_chooses_the_rules(client, city):
    client.force_login(User.objects.get(username="auditor"))
    response = client.post(
        reverse("evaluation:rules", args=[national().pk]), {"scoring_rules": "platform-caps"}
    )
    assert response.status_code == 403
    assert national().scoring_rules == "national"


def test_changing_the_rules_leaves_the_scores_they_do_not_govern(city):
    evaluation = national()
    judged = leaf(evaluation, "盲人就业稳定性")  # scored by hand (达成程度), not by a ratio
    judged.actual = Decimal(95)
    judged.save()
    kept = judged.score
    services.evaluation_rules_set(by=city, evaluation=evaluation, key="platform-caps")
    judged.refresh_from_db()
    assert judged.score == kept is not None
