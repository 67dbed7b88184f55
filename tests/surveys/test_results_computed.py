"""Survey results are computed once per version of the answers: a second view groups nothing, and
every way an answer arrives (online, on paper, as tallies) shows at once on the next view."""

import uuid
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guifan.surveys import services
from guifan.surveys.selectors import survey_results
from tests.factories import region

from .seed_table import COUNTS
from .test_services import counts_from, link, option_ids, questionnaire  # noqa: F401

pytestmark = pytest.mark.django_db


def grouped_queries(sheet) -> int:
    """How many GROUP BY queries over the answers a call of survey_results runs."""
    with CaptureQueriesContext(connection) as ctx:
        survey_results(sheet)
    return sum("GROUP BY" in q["sql"] and "surveys_answer" in q["sql"] for q in ctx.captured_queries)


def test_a_second_view_of_unchanged_results_groups_no_answer(questionnaire, link):  # noqa: F811
    services.response_submit(
        distribution=link, key=uuid.uuid4(), answers=option_ids(questionnaire), final=True, device="d1"
    )
    assert grouped_queries(questionnaire) == 1
    assert grouped_queries(questionnaire) == 0
    assert survey_results(questionnaire).result.respondents == 1


def test_each_new_answer_sheet_shows_on_the_next_view(questionnaire, link, city_admin, panlong_officer):  # noqa: F811
    assert survey_results(questionnaire).result.respondents == 0
    services.response_submit(
        distribution=link, key=uuid.uuid4(), answers=option_ids(questionnaire, "A"), final=True, device="d1"
    )
    assert survey_results(questionnaire).result.respondents == 1  # online: not audited, still seen
    services.paper_response_enter(
        by=panlong_officer,
        questionnaire=questionnaire,
        county=region("盘龙区"),
        answers=option_ids(questionnaire, "C"),
    )
    after_paper = survey_results(questionnaire).result
    assert after_paper.respondents == 2
    assert after_paper.score == Fraction(100 + 60, 2)  # all 非常满意 (100) and all 一般 (60), by hand
    services.tallies_enter(
        by=city_admin, questionnaire=questionnaire, county=None, counts=counts_from(questionnaire, COUNTS)
    )
    assert survey_results(questionnaire).result.respondents == 2 + 27


def test_a_county_and_the_city_are_computed_apart(questionnaire, link, panlong_officer):  # noqa: F811
    services.paper_response_enter(
        by=panlong_officer,
        questionnaire=questionnaire,
        county=region("盘龙区"),
        answers=option_ids(questionnaire),
    )
    services.response_submit(
        distribution=link, key=uuid.uuid4(), answers=option_ids(questionnaire), final=True, device="d2"
    )
    panlong = region("盘龙区").pk
    assert survey_results(questionnaire).result.respondents == 2
    assert survey_results(questionnaire, county_id=panlong).result.respondents == 1


def test_the_links_counts_show_a_sheet_begun_and_then_submitted(client, questionnaire, link, city_admin):  # noqa: F811
    client.force_login(city_admin)

    def page() -> str:
        return client.get(reverse("surveys:results", args=[questionnaire.pk])).content.decode()

    assert "已收0份" in page()
    key, first = uuid.uuid4(), questionnaire.questions.order_by("number").first()
    services.response_submit(
        distribution=link,
        key=key,
        answers={first.id: str(first.options.first().id)},
        final=False,
        device="d9",
    )
    assert "另有1份填写中" in page()
    services.response_submit(
        distribution=link, key=key, answers=option_ids(questionnaire), final=True, device="d9"
    )
    shown = page()
    assert "已收1份" in shown and "份填写中" not in shown
