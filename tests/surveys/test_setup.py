"""Creating a survey from a template or last year, setting it up, closing it, the new year's copy."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from guifan.audit.models import AuditEvent
from guifan.core.exceptions import ScopeViolation
from guifan.funds.models import Programme
from guifan.funds.signals import programme_started
from guifan.surveys import services
from guifan.surveys.loading import template_draft
from guifan.surveys.models import Option, Questionnaire, Response, Tally
from guifan.surveys.selectors import draft_of, survey_results
from tests.factories import region

pytestmark = pytest.mark.django_db


def year(y: int) -> Programme:
    return Programme.objects.create(
        year=y, name=f"{y}年项目", implementing_unit="中心", subsidy_standard=2000000, annual_target=8
    )


@pytest.fixture
def last_year(city_admin):
    """2022's survey from the template, with one weight changed by hand and dates in November."""
    questionnaire = services.questionnaire_create_from(
        by=city_admin,
        programme=year(2022),
        draft=template_draft("kunming-2022-survey"),
        surveyed_counties=[region("盘龙区"), region("五华区")],
    )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        opens_on=date(2022, 11, 1), closes_on=date(2022, 11, 30)
    )
    Option.objects.filter(question__questionnaire=questionnaire, key="D").update(weight=Decimal("0.3"))
    return Questionnaire.objects.get(pk=questionnaire.pk)


def answers_of(questionnaire, key="A"):
    return {q.id: str(q.options.get(key=key).id) for q in questionnaire.questions.all()}


def test_a_survey_from_the_template_has_its_ten_questions_and_the_seed_weights(city_admin):
    questionnaire = services.questionnaire_create_from(
        by=city_admin,
        programme=year(2023),
        draft=template_draft("kunming-2022-survey"),
        opens_on=timezone.localdate(),
        surveyed_counties=[region("盘龙区")],
    )
    assert questionnaire.title.startswith("昆明市残联2023年")  # the template's 2022 becomes the year
    assert questionnaire.questions.count() == 10
    assert questionnaire.questions.get(number=1).text == "您对该项目2023年工作的总体评价是："
    weights = list(questionnaire.questions.get(number=1).options.values_list("key", "weight"))
    assert weights == [
        ("A", 1),
        ("B", Decimal("0.8")),
        ("C", Decimal("0.6")),
        ("D", Decimal("0.2")),
        ("E", 0),
    ]
    assert list(questionnaire.surveyed_counties.values_list("name", flat=True)) == ["盘龙区"]
    assert AuditEvent.objects.filter(object_id=str(questionnaire.pk), action="create").exists()


def test_a_copy_of_last_year_keeps_its_questions_options_and_weights(city_admin, last_year):
    copy = services.questionnaire_create_from(
        by=city_admin,
        programme=year(2023),
        draft=draft_of(last_year),
        title="2023年度满意度调查",
        surveyed_counties=[region("官渡区")],
    )
    assert copy.title == "2023年度满意度调查" and not copy.responses.exists()
    pairs = lambda q: [  # noqa: E731
        (x.number, x.text.replace("2022年", "2023年"), o.key, o.label, o.weight)
        for x in q.questions.order_by("number")
        for o in x.options.order_by("key")
    ]
    assert pairs(copy) == pairs(last_year)
    assert copy.questions.get(number=1).options.get(key="D").weight == Decimal("0.3")


def test_a_second_survey_for_the_same_year_is_refused_once_the_first_is_issued(city_admin, last_year):
    Questionnaire.objects.filter(pk=last_year.pk).update(opens_on=None, closes_on=None)
    services.distribution_create(by=city_admin, questionnaire=last_year, name="共用")
    with pytest.raises(services.SurveyError, match=r"2022年度已有满意度调查.*已发放"):
        services.questionnaire_create_from(
            by=city_admin, programme=last_year.programme, draft=draft_of(last_year), surveyed_counties=[]
        )
    assert Questionnaire.objects.count() == 1


def test_only_the_city_creates_or_closes_a_survey(panlong_officer, auditor, last_year):
    year(2030)
    for user in (panlong_officer, auditor):
        with pytest.raises(ScopeViolation):
            services.questionnaire_create_from(
                by=user, programme=Programme.objects.get(year=2030), draft=draft_of(last_year)
            )
        with pytest.raises(ScopeViolation):
            services.questionnaire_close(by=user, questionnaire=last_year)
    assert last_year.closed_at is None


def test_a_closed_survey_takes_no_answer_sheet_or_tally_and_its_result_stays(
    city_admin, panlong_officer, last_year
):
    Questionnaire.objects.filter(pk=last_year.pk).update(opens_on=None, closes_on=None)
    link = services.distribution_create(by=city_admin, questionnaire=last_year, name="共用")
    services.paper_response_enter(
        by=panlong_officer, questionnaire=last_year, county=region("盘龙区"), answers=answers_of(last_year)
    )
    before = survey_results(last_year).result.score
    closed = services.questionnaire_close(by=city_admin, questionnaire=last_year)
    assert closed.is_closed and closed.closed_at is not None
    assert AuditEvent.objects.filter(object_id=str(last_year.pk), changes__has_key="closed_at").exists()
    with pytest.raises(services.SurveyError, match=r"调查已结束.*不再接受网上作答"):
        services.response_submit(
            distribution=link, key=uuid.uuid4(), answers=answers_of(last_year, "E"), final=True
        )
    with pytest.raises(services.SurveyError, match="不再接受纸质问卷录入"):
        services.paper_response_enter(
            by=panlong_officer,
            questionnaire=last_year,
            county=region("盘龙区"),
            answers=answers_of(last_year, "E"),
        )
    with pytest.raises(services.SurveyError, match="不再接受汇总人数录入"):
        services.tallies_enter(
            by=panlong_officer,
            questionnaire=last_year,
            county=region("盘龙区"),
            counts={q.id: {"E": 1} for q in last_year.questions.all()},
        )
    with pytest.raises(services.SurveyError, match="不再接受发放新的链接"):
        services.distribution_create(by=city_admin, questionnaire=last_year, name="再发一个")
    with pytest.raises(services.SurveyError, match="设置不能再改"):
        services.questionnaire_update(
            by=city_admin,
            questionnaire=last_year,
            title="x",
            opens_on=None,
            closes_on=None,
            surveyed_counties=[],
        )
    with pytest.raises(services.SurveyError, match="无需再次关闭"):
        services.questionnaire_close(by=city_admin, questionnaire=last_year)
    assert Response.objects.count() == 1 and not Tally.objects.exists()
    assert survey_results(last_year).result.score == before == 100


def test_a_survey_past_its_close_date_is_closed_without_anyone_closing_it(city_admin, last_year):
    Questionnaire.objects.filter(pk=last_year.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    last_year.refresh_from_db()
    assert last_year.is_closed and last_year.closed_at is None
    assert "截止日期" in last_year.state_label and "已过" in last_year.state_label


def test_online_answers_wait_for_the_open_date(city_admin, last_year):
    tomorrow = timezone.localdate() + timedelta(days=1)
    Questionnaire.objects.filter(pk=last_year.pk).update(opens_on=tomorrow, closes_on=None)
    link = services.distribution_create(by=city_admin, questionnaire=last_year, name="共用")
    with pytest.raises(services.SurveyError, match="调查尚未开始"):
        services.response_submit(distribution=link, key=uuid.uuid4(), answers={}, final=False)


def test_settings_are_saved_and_audited(city_admin, last_year):
    Questionnaire.objects.filter(pk=last_year.pk).update(opens_on=None, closes_on=None)
    services.questionnaire_update(
        by=city_admin,
        questionnaire=last_year,
        title="新标题",
        opens_on=None,
        closes_on=timezone.localdate(),
        surveyed_counties=[region("官渡区")],
    )
    last_year.refresh_from_db()
    assert last_year.title == "新标题" and last_year.opens_on is None
    assert list(last_year.surveyed_counties.values_list("name", flat=True)) == ["官渡区"]
    event = AuditEvent.objects.filter(object_id=str(last_year.pk), action="update").latest("pk")
    assert event.changes["surveyed_counties"] == [["五华区", "盘龙区"], ["官渡区"]]


def test_a_new_year_starts_with_last_years_newest_questionnaire_unanswered_and_a_year_later(
    city_admin, last_year
):
    newer = services.questionnaire_create(
        by=city_admin,
        programme=last_year.programme,
        title=last_year.title,
        intro="",
        preset="seed",
        questions=["只有一题"],
        options=[("A", "非常满意"), ("B", "满意"), ("C", "一般"), ("D", "不满意"), ("E", "很不满意")],
    )
    newer.surveyed_counties.set([region("西山区")])
    Questionnaire.objects.filter(pk=newer.pk).update(opens_on=date(2022, 11, 1), closes_on=date(2022, 11, 30))
    new_year = year(2023)
    programme_started.send(sender=Programme, programme=new_year, previous=last_year.programme, by=city_admin)
    copy = Questionnaire.objects.get(programme=new_year)
    assert copy.version == 1 and list(copy.questions.values_list("text", flat=True)) == ["只有一题"]
    assert (copy.opens_on, copy.closes_on) == (date(2023, 11, 1), date(2023, 11, 30))
    assert list(copy.surveyed_counties.values_list("name", flat=True)) == ["西山区"]
    assert not copy.responses.exists() and not copy.distributions.exists() and not copy.frozen
    # Sending it again (or for a year that has its own survey) copies nothing more.
    programme_started.send(sender=Programme, programme=new_year, previous=last_year.programme, by=city_admin)
    assert Questionnaire.objects.filter(programme=new_year).count() == 1


def test_a_new_year_after_a_year_without_a_survey_has_none(city_admin):
    new_year = year(2023)
    programme_started.send(sender=Programme, programme=new_year, previous=year(2022), by=city_admin)
    assert not Questionnaire.objects.filter(programme=new_year).exists()


def test_a_survey_not_yet_issued_is_replaced_by_a_new_one(city_admin, last_year):
    new_year = year(2023)
    programme_started.send(sender=Programme, programme=new_year, previous=last_year.programme, by=city_admin)
    copied = Questionnaire.objects.get(programme=new_year)
    fresh = services.questionnaire_create_from(
        by=city_admin, programme=new_year, draft=template_draft("kunming-2022-survey"), title="用模板新建"
    )
    assert list(Questionnaire.objects.filter(programme=new_year)) == [fresh]
    assert AuditEvent.objects.filter(object_id=str(copied.pk), action="delete").exists()
