"""What a new user's run through the 2023 year found: a returned application the institution could
not change, due dates and council numbers taken without checks, operator wording for officers,
start buttons offered after the sheet was done, and messages that did not say what they meant."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from guifan.audit.models import AuditEvent
from guifan.grading import domain, services
from guifan.grading.constants import Action, InspectionKind, State
from guifan.grading.models import CouncilDecision
from guifan.grading.services.inspections import scored_items
from tests.factories import InstitutionFactory, operator_of

from .conftest import move, pdf, score_all

pytestmark = pytest.mark.django_db


def page_of(client, user, application) -> str:
    client.force_login(user)
    return client.get(reverse("grading:detail", args=[application.pk])).content.decode()


def messages_after(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# ---- 1. the returned application ------------------------------------------------------------------


def test_the_operator_edits_a_returned_statement_reads_the_reason_and_resubmits(
    client, application, operator, panlong_officer
):
    move(application, operator, Action.SUBMIT)
    move(application, panlong_officer, Action.RETURN, comment="请写明盲人按摩师人数")
    page = page_of(client, operator, application)
    assert "退回意见：请写明盲人按摩师人数" in page
    assert "修改申请说明" in page and reverse("grading:statement", args=[application.pk]) in page

    response = client.post(
        reverse("grading:statement", args=[application.pk]),
        {"statement": "本店有盲人按摩师3名。"},
        follow=True,
    )
    assert "已保存申请说明" in messages_after(response)
    application.refresh_from_db()
    assert application.statement == "本店有盲人按摩师3名。"
    event = (
        AuditEvent.objects.filter(object_id=str(application.pk), changes__has_key="statement")
        .order_by("id")
        .last()
    )
    assert event.changes["statement"] == ["", "本店有盲人按摩师3名。"]

    move(application, operator, Action.SUBMIT)
    officer_page = page_of(client, panlong_officer, application)
    assert "本店有盲人按摩师3名。" in officer_page and "修改申请说明" not in officer_page


def test_the_statement_cannot_change_once_submitted_nor_by_another_institution(client, application, operator):
    other = operator_of(InstitutionFactory(name="别家按摩店", county_name="盘龙区"), username="other")
    client.force_login(other)
    url = reverse("grading:statement", args=[application.pk])
    assert client.post(url, {"statement": "改"}).status_code == 404
    move(application, operator, Action.SUBMIT)
    with pytest.raises(domain.InvalidTransition, match="只有草稿或退回修改的申请"):
        services.application_update_statement(by=operator, application_id=application.pk, statement="改")
    assert "修改申请说明" not in page_of(client, operator, application)


def test_a_draft_with_a_statement_asks_to_check_it_not_to_fill_it(client, application, operator):
    assert "请填写申请说明，然后提交申请。" in page_of(client, operator, application)
    services.application_update_statement(by=operator, application_id=application.pk, statement="现状良好")
    page = page_of(client, operator, application)
    assert "请核对申请说明，然后提交申请。" in page and "请填写申请说明" not in page


# ---- 2. rectification due dates -------------------------------------------------------------------


@pytest.fixture
def scored_city(at_city_inspection, expert):
    """The city inspection of 2022-07-10 scored, one item a point short."""
    inspection = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.CITY, on=date(2022, 7, 10)
    )
    item = scored_items(at_city_inspection.standard)[0]
    score_all(expert, inspection, low={item.code: item.max_points - 1})
    return inspection, item


def test_a_due_date_before_the_inspection_is_refused_naming_both_dates(scored_city, expert):
    inspection, item = scored_city
    with pytest.raises(domain.InvalidTransition) as refused:
        services.rectification_request(
            by=expert, inspection_id=inspection.pk, item_id=item.pk, request="补齐", due=date(2022, 7, 1)
        )
    assert "2022年7月1日" in str(refused.value) and "2022年7月10日" in str(refused.value)
    assert not inspection.rectifications.exists()


def test_saving_a_request_says_what_comes_next_and_a_late_one_shows_overdue(
    client, scored_city, expert, operator
):
    inspection, item = scored_city
    client.force_login(expert)
    response = client.post(
        reverse("grading:rectification_new", args=[inspection.pk]),
        {"item": item.pk, "request": "补齐制度", "due": "2022-07-20"},
        follow=True,
    )
    assert messages_after(response) == (
        "已记录整改要求。全部整改要求记录后，请在申请页按“提出整改意见”通知机构整改。"
    )
    move(inspection.application, expert, Action.REQUIRE_RECTIFICATION)
    page = page_of(client, operator, inspection.application)
    assert "2022年7月20日前。<strong>已逾期</strong>" in page  # the test runs long after 2022


# ---- 3. the council decision ----------------------------------------------------------------------


@pytest.fixture
def batch(at_city_inspection, expert, city_admin):
    """The application accepted with full marks and published from Monday 1 August 2022."""
    application = at_city_inspection
    inspection = services.inspection_start(
        by=expert, application_id=application.pk, kind=InspectionKind.CITY, on=date(2022, 7, 10)
    )
    score_all(expert, inspection)
    move(application, expert, Action.ACCEPT)
    return services.batch_publish(
        by=city_admin,
        programme=application.programme,
        application_ids=[application.pk],
        starts_on=date(2022, 8, 1),  # a Monday: five working days end on Friday 5 August
        working_days=5,
        contact="电话",
        title="2022年度公示",
    )


def test_the_council_refuses_a_used_number_and_a_meeting_within_the_period(client, batch, city_admin):
    assert batch.ends_on == date(2022, 8, 5)
    with pytest.raises(domain.InvalidTransition, match="2022年8月5日"):
        services.council_approve(
            by=city_admin, batch_id=batch.pk, meeting_date=date(2022, 8, 5), number="A号"
        )
    CouncilDecision.objects.create(
        programme=batch.programme,
        meeting_date=date(2022, 3, 1),
        number="昆残理〔2022〕1号",
        recorded_by=city_admin,
    )
    with pytest.raises(domain.InvalidTransition, match="已用于2022年3月1日"):
        services.council_approve(
            by=city_admin, batch_id=batch.pk, meeting_date=date(2022, 8, 10), number="昆残理〔2022〕1号"
        )
    client.force_login(city_admin)
    url = reverse("grading:batch", args=[batch.pk])
    assert "登记理事会决定" in client.get(url).content.decode()
    services.council_approve(
        by=city_admin, batch_id=batch.pk, meeting_date=date(2022, 8, 10), number="昆残理〔2022〕5号"
    )
    page = client.get(url).content.decode()
    assert "2022年8月10日会议批准，决定文号 昆残理〔2022〕5号" in page and "登记理事会决定" not in page


# ---- 4. next step by role, and the registry link --------------------------------------------------


def test_officers_read_their_own_next_step_and_the_link_to_the_registry(
    client, application, operator, panlong_officer, expert
):
    move(application, operator, Action.SUBMIT)
    officer_page = page_of(client, panlong_officer, application)
    assert "待本县区审核：请审核申请说明，通过或退回修改。" in officer_page
    assert "县区残联正在审核您的申请" not in officer_page
    registry = reverse("registry:detail", args=[application.institution_id])
    assert registry in officer_page
    expert_page = page_of(client, expert, application)
    assert "县区残联正在审核您的申请" not in expert_page and "待县区审核" in expert_page
    assert "县区残联正在审核您的申请" in page_of(client, operator, application)


# ---- 5. start buttons after the sheet is done -----------------------------------------------------


def test_no_start_button_once_the_county_self_inspection_is_done(
    client, application, operator, panlong_officer
):
    move(application, operator, Action.SUBMIT)
    move(application, panlong_officer, Action.APPROVE, Action.START_CONSTRUCTION)
    assert "开始县区自检评分" in page_of(client, panlong_officer, application)
    county = services.inspection_start(
        by=panlong_officer, application_id=application.pk, kind=InspectionKind.COUNTY, on=date(2022, 7, 1)
    )
    assert "开始县区自检评分" not in page_of(client, panlong_officer, application)  # 继续… instead
    score_all(panlong_officer, county)
    page = page_of(client, panlong_officer, application)
    assert "开始县区自检评分" not in page and "完成县区自检" in page
    with pytest.raises(domain.InvalidTransition, match="本轮县区自检评分已完成"):
        services.inspection_start(
            by=panlong_officer, application_id=application.pk, kind=InspectionKind.COUNTY, on=date(2022, 7, 2)
        )


def test_no_start_button_once_the_city_inspection_is_done(client, at_city_inspection, expert):
    assert "开始市级检查验收评分" in page_of(client, expert, at_city_inspection)
    inspection = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.CITY, on=date(2022, 7, 10)
    )
    score_all(expert, inspection)
    page = page_of(client, expert, at_city_inspection)
    assert "开始市级检查验收评分" not in page and "验收通过" in page


def test_a_new_reinspection_round_offers_its_start_button_again(client, scored_city, expert, operator):
    inspection, item = scored_city
    application = inspection.application
    services.rectification_request(
        by=expert, inspection_id=inspection.pk, item_id=item.pk, request="补齐", due=date(2022, 7, 30)
    )
    move(application, expert, Action.REQUIRE_RECTIFICATION)
    rectification = application.rectifications.get()
    services.rectification_respond(
        by=operator, rectification_id=rectification.pk, response="已补齐", upload=pdf()
    )
    move(application, operator, Action.SUBMIT_RECTIFICATION)
    services.inspection_begin(
        by=expert, application_id=application.pk, action=Action.START_REINSPECTION, on=date(2022, 7, 31)
    )
    reinspection = application.inspections.get(kind=InspectionKind.REINSPECTION)
    assert "开始复查评分" not in page_of(client, expert, application)  # open: 继续复查评分
    services.inspection_save(
        by=expert,
        inspection_id=reinspection.pk,
        scores={item.pk: (item.max_points - Decimal(1), "")},
        files={item.pk: pdf()},
        complete=True,
    )
    assert "开始复查评分" not in page_of(client, expert, application)
    # Still short: a second round of rectification, and its re-inspection may be started again.
    services.rectification_request(
        by=expert, inspection_id=reinspection.pk, item_id=item.pk, request="再补", due=date(2022, 8, 30)
    )
    move(application, expert, Action.REQUIRE_RECTIFICATION)
    second = application.rectifications.get(closed=False)
    services.rectification_respond(by=operator, rectification_id=second.pk, response="再补齐", upload=pdf())
    move(application, operator, Action.SUBMIT_RECTIFICATION)
    move(application, expert, Action.START_REINSPECTION)
    assert "开始复查评分" in page_of(client, expert, application)


# ---- 6. wording ------------------------------------------------------------------------------------


def test_the_success_message_is_a_sentence(client, application, operator, panlong_officer):
    move(application, operator, Action.SUBMIT)
    client.force_login(panlong_officer)
    response = client.post(
        reverse("grading:act", args=[application.pk]),
        {"action": Action.APPROVE, "expected_state": State.SUBMITTED},
        follow=True,
    )
    assert messages_after(response) == "县区审核已通过。"


def test_the_score_sheet_reports_every_item_error_at_once(client, at_city_inspection, expert):
    inspection = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.CITY, on=date(2022, 7, 10)
    )
    first, second, third = scored_items(at_city_inspection.standard)[:3]
    client.force_login(expert)
    page = client.post(
        reverse("grading:inspection", args=[inspection.pk]),
        {
            f"points_{first.pk}": "abc",
            f"points_{second.pk}": str(second.max_points + 1),
            f"points_{third.pk}": "-1",
            "complete": "no",
        },
    ).content.decode()
    assert "“abc”不是数字" in page
    assert f"得分不能超过本项满分{second.max_points}" in page
    assert "得分不能小于0" in page
    assert not inspection.scores.exists()


def test_the_public_page_says_whether_the_period_is_over_or_yet_to_come(client, batch):
    page = client.get(reverse("publicity:batch", args=[batch.pk])).content.decode()
    assert "公示期已于2022年8月5日结束，本页不再受理异议。" in page
    type(batch).objects.filter(pk=batch.pk).update(starts_on=date(2099, 1, 5), ends_on=date(2099, 1, 9))
    page = client.get(reverse("publicity:batch", args=[batch.pk])).content.decode()
    assert "公示将于2099年1月5日开始，届时可在本页提出异议。" in page


def test_a_publicity_of_zero_working_days_is_refused_in_plain_words(client, batch, city_admin):
    from guifan.grading.forms import BatchForm

    form = BatchForm({"working_days": "0"}, applications=batch.applications.all())
    assert form.errors["working_days"] == ["公示期至少1个工作日"]
