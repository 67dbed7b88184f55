"""A blank post to an evaluation text form (indicator score and deviation, goals) changes nothing
and answers with the error summary."""

import pytest
from django.urls import reverse

from guifan.evaluation.models import Evaluation, Indicator

pytestmark = pytest.mark.django_db

BLANK = [{}, {"csrfmiddlewaretoken": "x"}]


def national() -> Evaluation:
    return Evaluation.objects.get(template__startswith="项目支出")


@pytest.mark.parametrize("data", BLANK, ids=["empty", "token-only"])
def test_a_blank_post_to_the_indicator_page_keeps_the_score_and_the_deviation(client, city, data):
    leaf = national().indicators.get(code="321")
    Indicator.objects.filter(pk=leaf.pk).update(deviation="长效机制未建立")
    before = Indicator.objects.values("score", "band", "override", "deviation", "not_applicable").get(
        pk=leaf.pk
    )
    client.force_login(city)
    response = client.post(reverse("evaluation:indicator", args=[leaf.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page and "请选择本指标是否适用" in page
    after = Indicator.objects.values("score", "band", "override", "deviation", "not_applicable").get(
        pk=leaf.pk
    )
    assert after == before


@pytest.mark.parametrize("data", BLANK, ids=["empty", "token-only"])
def test_a_blank_post_to_the_goals_page_keeps_the_goals(client, city, data):
    evaluation = national()
    before = (evaluation.total_goal, evaluation.annual_goal)
    client.force_login(city)
    response = client.post(reverse("evaluation:goals", args=[evaluation.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写总目标（中长期目标）" in page and "请填写年度目标" in page
    evaluation.refresh_from_db()
    assert (evaluation.total_goal, evaluation.annual_goal) == before
