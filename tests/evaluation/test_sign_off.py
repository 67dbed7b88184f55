"""Sign-off keeps the survey result it used: the survey must be closed, its figures are recorded,
and nothing entered afterwards changes the evaluation or its forms."""

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse

from guifan.accounts.models import User
from guifan.evaluation import services
from guifan.evaluation.models import Evaluation
from guifan.evaluation.selectors import signed_off_survey
from guifan.surveys.models import Option, Questionnaire, Tally

pytestmark = pytest.mark.django_db

# The seed's counts (A, B, C; D and E are 0) for its 10 questions, from PRODUCT.md.
SEED_COUNTS = [
    (22, 2, 3), (19, 5, 3), (20, 4, 3), (20, 4, 3), (17, 7, 3),
    (22, 2, 3), (19, 5, 3), (20, 5, 2), (21, 3, 3), (18, 6, 3),
]  # fmt: skip


def expected_figures() -> tuple[str, str]:
    """满意度得分 = Σ 10 × (A + 0.8 B + 0.6 C) ÷ 27; 满意率 = (A + B) ÷ all answers — by hand."""
    score = sum(
        Fraction(10) * (a + Fraction(8, 10) * b + Fraction(6, 10) * c) / 27 for a, b, c in SEED_COUNTS
    )
    rate = Fraction(100 * sum(a + b for a, b, _ in SEED_COUNTS), 270)
    as_text = [str(Decimal(f.numerator / f.denominator).quantize(Decimal("0.01"))) for f in (score, rate)]
    return as_text[0], as_text[1]


def seed() -> Evaluation:
    return Evaluation.objects.get(programme__year=2022, template__startswith="决策")


def national() -> Evaluation:
    return Evaluation.objects.get(programme__year=2022, template__startswith="项目支出")


def add_answers(count: int = 9) -> None:
    """Answers typed in after the fact (what happened to the 2022 survey), straight into the table."""
    questionnaire = Questionnaire.objects.get(programme__year=2022)
    question = questionnaire.questions.order_by("number").first()
    option = Option.objects.get(question=question, key="D")
    Tally.objects.create(
        questionnaire=questionnaire,
        question=question,
        option=option,
        count=count,
        entered_by=User.objects.get(username="city"),
    )


@pytest.fixture
def open_survey(monkeypatch):
    """The surveys' Questionnaire.is_closed, answering "still open"."""
    monkeypatch.setattr(Questionnaire, "is_closed", property(lambda self: False), raising=False)


def test_sign_off_is_refused_while_the_survey_is_open_and_the_page_links_to_closing_it(
    city, open_survey, client
):
    evaluation = national()
    with pytest.raises(services.EvaluationError, match=r"满意度调查“.*”尚未关闭：请先关闭调查"):
        services.evaluation_sign_off(by=city, evaluation=evaluation)
    client.force_login(city)
    page = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    questionnaire = Questionnaire.objects.get(programme__year=2022)
    assert f'<a href="{reverse("surveys:close", args=[questionnaire.pk])}">关闭调查</a>' in page
    response = client.post(reverse("evaluation:sign_off", args=[evaluation.pk]), follow=True)
    assert "还不能确认：满意度调查" in response.content.decode()
    assert not Evaluation.objects.get(pk=evaluation.pk).frozen


def test_the_auditor_is_told_the_survey_is_open_without_a_link_to_close_it(demo, open_survey, client):
    """Closing the survey is the city administrator's (the auditor would get 403)."""
    client.force_login(User.objects.get(role="auditor"))
    page = client.get(reverse("evaluation:detail", args=[national().pk])).content.decode()
    questionnaire = Questionnaire.objects.get(programme__year=2022)
    assert reverse("surveys:close", args=[questionnaire.pk]) not in page
    assert "关闭调查" not in page
    assert "调查仍在进行，由市级管理员关闭后方可确认自评" in page


def test_sign_off_records_the_survey_figures_it_used(city):
    score, rate = expected_figures()
    assert (score, rate) == ("92.52", "89.26")
    evaluation = services.evaluation_sign_off(by=city, evaluation=national())
    snapshot = Evaluation.objects.get(pk=evaluation.pk).survey_snapshot
    assert (snapshot["score"], snapshot["satisfied_rate"], snapshot["questionnaires"]) == (score, rate, "27")
    assert signed_off_survey(evaluation.programme) == snapshot
    assert seed().survey_snapshot["score"] == score  # the demo's own sign-off recorded them too


def test_no_signed_off_survey_before_sign_off(programme_2023):
    assert signed_off_survey(programme_2023) is None


def test_answers_after_the_last_computation_must_be_computed_before_sign_off(city):
    evaluation = national()
    add_answers()
    with pytest.raises(services.EvaluationError, match="问卷结果在上次计算后有变化（满意度得分）"):
        services.evaluation_sign_off(by=city, evaluation=evaluation)
    services.evaluation_compute(by=city, evaluation=evaluation)
    leaf = evaluation.indicators.get(source="satisfaction_score")
    if leaf.score < leaf.weight:
        services.indicator_score(by=city, indicator_id=leaf.pk, deviation="补录答卷后低于目标")
    services.evaluation_sign_off(by=city, evaluation=evaluation)
    assert Decimal(Evaluation.objects.get(pk=evaluation.pk).survey_snapshot["score"]) < Decimal("92.52")


def _main(html: str) -> str:
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def test_answers_entered_after_sign_off_change_neither_the_evaluation_nor_its_forms(city, client):
    evaluation = seed()
    client.force_login(city)
    urls = [
        reverse(name, args=[evaluation.pk])
        for name in ["evaluation:detail", "evaluation:declaration", "evaluation:self_evaluation"]
    ]
    before_pages = [_main(client.get(url).content.decode()) for url in urls]
    before_leaves = list(evaluation.indicators.values_list("code", "actual", "score", "actual_note"))
    snapshot = signed_off_survey(evaluation.programme)
    add_answers()
    results = client.get(reverse("surveys:results", args=[Questionnaire.objects.get().pk])).content.decode()
    assert "92.52" not in results  # the survey itself did change
    with pytest.raises(services.EvaluationError, match="已确认"):
        services.evaluation_compute(by=city, evaluation=evaluation)
    assert list(evaluation.indicators.values_list("code", "actual", "score", "actual_note")) == before_leaves
    assert [_main(client.get(url).content.decode()) for url in urls] == before_pages
    assert signed_off_survey(evaluation.programme) == snapshot
    assert "满意度得分92.52分，满意率89.26%，有效问卷27份" in before_pages[0]


def test_the_computed_survey_leaves_state_their_unit(city):
    """满意率 is a percentage and 满意度得分 points: the 完成情况 says so, next to the count."""
    from guifan.evaluation.sources import compute
    from guifan.funds.models import Programme

    score, rate = expected_figures()
    programme = Programme.objects.get(year=2022)
    assert compute("satisfied_rate", programme).note == f"满意率{rate}%（27份问卷）"
    assert compute("satisfaction_score", programme).note == f"满意度得分{score}分（27份问卷）"
