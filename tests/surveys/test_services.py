import uuid
from fractions import Fraction

import pytest

from guifan.core.exceptions import ScopeViolation
from guifan.funds import services as funds
from guifan.surveys import services
from guifan.surveys.models import Response, Tally
from guifan.surveys.selectors import survey_results
from tests.factories import region

from .seed_table import COUNTS

pytestmark = pytest.mark.django_db
OPTIONS = [("A", "非常满意"), ("B", "满意"), ("C", "一般"), ("D", "不满意"), ("E", "很不满意")]


@pytest.fixture
def questionnaire(city_admin):
    programme = funds.programme_create(
        by=city_admin,
        data={
            "year": 2022,
            "name": "测试",
            "implementing_unit": "中心",
            "subsidy_standard": 1,
            "annual_target": 1,
        },
        counties=[region("盘龙区")],
    )
    return services.questionnaire_create(
        by=city_admin,
        programme=programme,
        title="满意度",
        intro="",
        preset="seed",
        questions=[f"问题{n}" for n in range(1, 11)],
        options=OPTIONS,
    )


@pytest.fixture
def link(questionnaire, city_admin):
    return services.distribution_create(by=city_admin, questionnaire=questionnaire, name="共用链接")


def option_ids(questionnaire, key="A"):
    return {q.id: str(q.options.get(key=key).id) for q in questionnaire.questions.all()}


def counts_from(questionnaire, rows):
    return {
        q.id: dict(zip("ABCDE", row, strict=True))
        for q, row in zip(questionnaire.questions.all(), rows, strict=True)
    }


def test_the_seed_tallies_give_92_52_with_every_question_score(questionnaire, city_admin):
    services.tallies_enter(
        by=city_admin, questionnaire=questionnaire, county=None, counts=counts_from(questionnaire, COUNTS)
    )
    result = survey_results(questionnaire).result
    assert result.score == Fraction(2498, 27)  # 249.8 ÷ 2.7, by hand from the counts
    assert result.questions[4].score == Fraction(244, 27)  # Q5: 10 × (17 + 0.8×7 + 0.6×3) ÷ 27
    assert result.respondents == 27


def test_tallies_whose_totals_differ_write_nothing(questionnaire, city_admin):
    rows = [*COUNTS[:9], (18, 6, 3, 0, 1)]
    with pytest.raises(services.SurveyError, match="各题合计人数应相同"):
        services.tallies_enter(
            by=city_admin, questionnaire=questionnaire, county=None, counts=counts_from(questionnaire, rows)
        )
    assert not Tally.objects.exists()


def test_a_county_officer_enters_only_their_countys_tallies(questionnaire, panlong_officer):
    with pytest.raises(ScopeViolation):
        services.tallies_enter(
            by=panlong_officer,
            questionnaire=questionnaire,
            county=region("官渡区"),
            counts=counts_from(questionnaire, COUNTS),
        )


def test_an_answer_is_stored_once_however_often_it_is_submitted(questionnaire, link):
    key = uuid.uuid4()
    answers = option_ids(questionnaire)
    first, repeated = services.response_submit(
        distribution=link, key=key, answers=answers, final=True, device="d1"
    )
    again, repeated_again = services.response_submit(
        distribution=link, key=key, answers=answers, final=True, device="d1"
    )
    assert (repeated, repeated_again, first.pk) == (False, True, again.pk)
    assert Response.objects.filter(complete=True).count() == 1
    assert survey_results(questionnaire).result.respondents == 1


def test_an_option_from_another_question_is_refused(questionnaire, link):
    answers = option_ids(questionnaire)
    first, second = list(answers)[:2]
    answers[first] = answers[second]
    with pytest.raises(services.SurveyError, match="第1题：所选选项不属于本题"):
        services.response_submit(distribution=link, key=uuid.uuid4(), answers=answers, final=True)
    assert not Response.objects.filter(complete=True).exists()


def test_a_missing_required_answer_is_named(questionnaire, link):
    answers = option_ids(questionnaire)
    answers.pop(list(answers)[6])
    with pytest.raises(services.SurveyError, match="请回答第7题"):
        services.response_submit(distribution=link, key=uuid.uuid4(), answers=answers, final=True)


def test_single_use_tokens_work_once(questionnaire, city_admin):
    link = services.distribution_create(by=city_admin, questionnaire=questionnaire, name="访问码", tokens=2)
    code = link.tokens.first().code
    services.response_submit(
        distribution=link, key=uuid.uuid4(), answers=option_ids(questionnaire), final=True, token_code=code
    )
    with pytest.raises(services.SurveyError, match="该访问码已经用过"):
        services.response_submit(
            distribution=link,
            key=uuid.uuid4(),
            answers=option_ids(questionnaire),
            final=True,
            token_code=code,
        )
    with pytest.raises(services.SurveyError, match="访问码无效"):
        services.response_submit(
            distribution=link,
            key=uuid.uuid4(),
            answers=option_ids(questionnaire),
            final=True,
            token_code="NOSUCH",
        )


def test_a_shared_link_limits_submissions_per_device(questionnaire, link):
    services.response_submit(
        distribution=link, key=uuid.uuid4(), answers=option_ids(questionnaire), final=True, device="phone-1"
    )
    with pytest.raises(services.SurveyError, match="这台设备已提交过"):
        services.response_submit(
            distribution=link,
            key=uuid.uuid4(),
            answers=option_ids(questionnaire),
            final=True,
            device="phone-1",
        )


def test_an_unfinished_sheet_is_kept_and_resumed(questionnaire, link):
    key = uuid.uuid4()
    answers = option_ids(questionnaire, "B")
    first_three = dict(list(answers.items())[:3])
    services.response_submit(distribution=link, key=key, answers=first_three, final=False)
    assert Response.objects.get(key=key).complete is False
    assert survey_results(questionnaire).result.respondents == 0  # unfinished sheets do not count
    services.response_submit(distribution=link, key=key, answers=dict(list(answers.items())[3:]), final=True)
    assert survey_results(questionnaire).result.option_totals == [0, 10, 0, 0, 0]


def test_paper_sheets_and_tallies_are_counted_together_but_labelled_apart(questionnaire, panlong_officer):
    services.paper_response_enter(
        by=panlong_officer,
        questionnaire=questionnaire,
        county=region("盘龙区"),
        answers=option_ids(questionnaire, "C"),
    )
    services.tallies_enter(
        by=panlong_officer,
        questionnaire=questionnaire,
        county=region("盘龙区"),
        counts=counts_from(questionnaire, [(2, 0, 0, 0, 0)] * 10),
    )
    res = survey_results(questionnaire)
    assert res.result.respondents == 3
    assert res.by_source == {"网上作答": 0, "纸质问卷逐份录入": 1, "汇总录入（未逐份录入）": 2}
    assert questionnaire.__class__.objects.get(pk=questionnaire.pk).frozen
