from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guifan.core.exceptions import ScopeViolation
from guifan.funds import domain as funds_domain
from guifan.funds import services as funds
from guifan.funds.models import Enrolment
from guifan.grading import domain, services
from guifan.grading.constants import Action, InspectionKind, ObjectionStatus, State
from guifan.grading.models import Application, Holiday, StandardItem, Transition
from tests.factories import InstitutionFactory, region

from .conftest import move, pdf, score_all

pytestmark = pytest.mark.django_db
DAY = date(2022, 7, 20)


def test_each_transition_records_who_when_and_why(application, operator, panlong_officer):
    move(application, operator, Action.SUBMIT)
    move(application, panlong_officer, Action.RETURN, comment="请补充营业执照复印件")
    record = Transition.objects.filter(application=application).last()
    assert (record.from_state, record.to_state, record.by, record.comment) == (
        State.SUBMITTED,
        State.RETURNED,
        panlong_officer,
        "请补充营业执照复印件",
    )


def test_a_return_without_a_reason_is_refused(application, operator, panlong_officer):
    move(application, operator, Action.SUBMIT)
    with pytest.raises(domain.InvalidTransition, match="须写明理由"):
        move(application, panlong_officer, Action.RETURN)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_wrong_role_or_order_changes_nothing(application, operator, panlong_officer):
    move(application, operator, Action.SUBMIT)
    with pytest.raises(domain.InvalidTransition, match="您的角色不能“县区审核通过”"):
        move(application, operator, Action.APPROVE)
    with pytest.raises(domain.InvalidTransition, match="不能“开始规范化建设”"):
        move(application, panlong_officer, Action.START_CONSTRUCTION)
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED
    assert Transition.objects.filter(application=application).count() == 1


def test_another_countys_officer_cannot_touch_the_application(application, operator, guandu_officer):
    move(application, operator, Action.SUBMIT)
    with pytest.raises(ScopeViolation):
        move(application, guandu_officer, Action.APPROVE)


def test_a_stale_page_cannot_apply_an_action_twice(application, operator, panlong_officer):
    move(application, operator, Action.SUBMIT)
    services.application_transition(
        by=panlong_officer,
        application_id=application.pk,
        action=Action.APPROVE,
        expected_state=State.SUBMITTED,
    )
    with pytest.raises(domain.InvalidTransition, match="状态已变为"):
        services.application_transition(
            by=panlong_officer,
            application_id=application.pk,
            action=Action.RETURN,
            comment="x",
            expected_state=State.SUBMITTED,
        )


def test_self_inspection_must_be_scored_before_it_is_finished(application, operator, panlong_officer):
    move(application, operator, Action.SUBMIT)
    move(application, panlong_officer, Action.APPROVE, Action.START_CONSTRUCTION)
    with pytest.raises(domain.InvalidTransition, match="请先完成县区自检评分"):
        move(application, panlong_officer, Action.FINISH_SELF_INSPECTION)


def test_scores_out_of_range_are_refused_item_by_item_and_nothing_is_saved(at_city_inspection, expert):
    inspection = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.CITY, on=DAY
    )
    items = {i.code: i for i in StandardItem.objects.filter(standard=at_city_inspection.standard)}
    with pytest.raises(services.ScoreErrors) as caught:
        services.inspection_save(
            by=expert,
            inspection_id=inspection.pk,
            scores={
                items["1.2"].id: (Decimal(6), ""),
                items["2.2"].id: (Decimal(-1), ""),
                items["4.2"].id: (Decimal(3), ""),
            },
        )
    assert caught.value.errors == {
        items["1.2"].id: "得分不能超过本项满分5.0",
        items["2.2"].id: "得分不能小于0",
    }
    assert not inspection.scores.exists()


def test_completing_needs_every_score_and_required_evidence(at_city_inspection, expert):
    inspection = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.CITY, on=DAY
    )
    items = list(StandardItem.objects.filter(standard=at_city_inspection.standard, max_points__isnull=False))
    scores = {i.id: (i.max_points, "") for i in items}
    with pytest.raises(services.ScoreErrors) as caught:
        services.inspection_save(by=expert, inspection_id=inspection.pk, scores=scores, complete=True)
    needing = {i.id for i in items if i.evidence_required}
    assert set(caught.value.errors) == needing
    assert all("佐证" in m for m in caught.value.errors.values())


def test_a_file_that_is_not_what_its_name_says_is_refused(at_city_inspection, expert):
    inspection = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.CITY, on=DAY
    )
    item = StandardItem.objects.get(standard=at_city_inspection.standard, code="1.1")
    fake = SimpleUploadedFile("licence.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(domain.InvalidTransition, match="内容不是 PDF 文件"):
        services.inspection_save(
            by=expert, inspection_id=inspection.pk, scores={item.id: (Decimal(5), "")}, files={item.id: fake}
        )
    assert not inspection.scores.exists()


def test_a_veto_item_blocks_acceptance(at_city_inspection, expert):
    inspection = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.CITY, on=DAY
    )
    result = score_all(expert, inspection, low={"6.1": Decimal(7)})
    assert result.total == 99 and result.grade == domain.NO_GRADE
    with pytest.raises(domain.InvalidTransition, match="一票否决"):
        move(at_city_inspection, expert, Action.ACCEPT)


def test_rectification_then_reinspection_rescoring_only_the_failed_item(at_city_inspection, expert, operator):
    city = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.CITY, on=DAY
    )
    score_all(expert, city, low={"5.1": Decimal(4)})
    item = StandardItem.objects.get(standard=at_city_inspection.standard, code="5.1")
    with pytest.raises(domain.InvalidTransition, match="请先针对未达标条目提出整改要求"):
        move(at_city_inspection, expert, Action.REQUIRE_RECTIFICATION)
    rectification = services.rectification_request(
        by=expert, inspection_id=city.pk, item_id=item.id, request="补齐消毒记录", due=date(2022, 7, 30)
    )
    move(at_city_inspection, expert, Action.REQUIRE_RECTIFICATION)
    with pytest.raises(domain.InvalidTransition, match="请先填写"):
        move(at_city_inspection, operator, Action.SUBMIT_RECTIFICATION)
    services.rectification_respond(by=operator, rectification_id=rectification.pk, response="已整改")
    with pytest.raises(domain.InvalidTransition, match=r"请上传“.*”的整改佐证材料"):
        move(at_city_inspection, operator, Action.SUBMIT_RECTIFICATION)
    services.rectification_respond(
        by=operator, rectification_id=rectification.pk, response="已整改", upload=pdf("消毒记录.pdf")
    )
    move(at_city_inspection, operator, Action.SUBMIT_RECTIFICATION)
    move(at_city_inspection, expert, Action.START_REINSPECTION)
    again = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.REINSPECTION, on=DAY
    )
    assert again.scores.count() == city.scores.count() - 1  # everything but 5.1 carried over
    other = StandardItem.objects.get(standard=at_city_inspection.standard, code="1.2")
    with pytest.raises(services.ScoreErrors):
        services.inspection_save(by=expert, inspection_id=again.pk, scores={other.id: (Decimal(0), "")})
    result = services.inspection_save(
        by=expert,
        inspection_id=again.pk,
        scores={item.id: (Decimal(8), "")},
        files={item.id: pdf()},
        complete=True,
    )
    assert result.total == 100
    application = move(at_city_inspection, expert, Action.ACCEPT)
    assert (application.state, application.score, application.grade) == (State.ACCEPTED, 100, "一级")


@pytest.fixture
def accepted(at_city_inspection, expert):
    inspection = services.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind=InspectionKind.CITY, on=DAY
    )
    score_all(expert, inspection, low={"9.1": Decimal(5)})
    return move(at_city_inspection, expert, Action.ACCEPT)


@pytest.fixture
def batch(accepted, city_admin, programme):
    return services.batch_publish(
        by=city_admin,
        programme=programme,
        application_ids=[accepted.pk],
        starts_on=date(2022, 8, 1),
        working_days=5,
        contact="电话",
        title="公示",
    )


def test_publicity_lasts_five_working_days_skipping_listed_holidays(accepted, city_admin, programme):
    Holiday.objects.create(day=date(2022, 8, 3), name="演示假日")
    batch = services.batch_publish(
        by=city_admin,
        programme=programme,
        application_ids=[accepted.pk],
        starts_on=date(2022, 8, 1),
        working_days=5,
        contact="电话",
        title="公示",
    )
    assert batch.ends_on == date(2022, 8, 8)  # Mon 1, Tue 2, (Wed 3 holiday), Thu 4, Fri 5, Mon 8
    assert Application.objects.get(pk=accepted.pk).state == State.PUBLICITY


def test_an_objection_in_the_period_holds_the_application_until_handled(batch, accepted, city_admin):
    objection = services.objection_file(
        batch_id=batch.pk,
        application_id=accepted.pk,
        content="实际未达到标准",
        today=date(2022, 8, 3),
        ip_address="10.0.0.1",
    )
    assert Application.objects.get(pk=accepted.pk).state == State.OBJECTION
    with pytest.raises(domain.InvalidTransition, match="异议未处理完毕"):
        services.council_approve(
            by=city_admin,
            batch_id=batch.pk,
            meeting_date=date(2022, 8, 10),
            number="1号",
            today=date(2022, 8, 9),
        )
    services.objection_handle(
        by=city_admin, objection_id=objection.pk, upheld=False, outcome="", resolution="经核实，机构已达标"
    )
    assert Application.objects.get(pk=accepted.pk).state == State.PUBLICITY
    assert objection.__class__.objects.get(pk=objection.pk).status == ObjectionStatus.DISMISSED


def test_an_upheld_objection_sends_the_application_back_to_rectification(batch, accepted, city_admin):
    objection = services.objection_file(
        batch_id=batch.pk, application_id=accepted.pk, content="消防通道堵塞", today=date(2022, 8, 2)
    )
    services.objection_handle(
        by=city_admin,
        objection_id=objection.pk,
        upheld=True,
        outcome="rectify",
        resolution="现场核实属实，限期整改",
    )
    assert Application.objects.get(pk=accepted.pk).state == State.RECTIFICATION


def test_objections_after_the_period_are_refused(batch, accepted):
    with pytest.raises(domain.InvalidTransition, match="公示期已于2022年8月5日结束"):
        services.objection_file(
            batch_id=batch.pk, application_id=accepted.pk, content="迟到的异议", today=date(2022, 8, 6)
        )


def test_objections_are_rate_limited_per_address(batch, accepted, settings):
    settings.GUIFAN_OBJECTIONS_PER_HOUR = 2
    for _ in range(2):
        services.objection_file(
            batch_id=batch.pk,
            application_id=accepted.pk,
            content="异议",
            today=date(2022, 8, 2),
            ip_address="10.0.0.9",
        )
    with pytest.raises(domain.InvalidTransition, match="提交过于频繁"):
        services.objection_file(
            batch_id=batch.pk,
            application_id=accepted.pk,
            content="异议",
            today=date(2022, 8, 2),
            ip_address="10.0.0.9",
        )


def test_the_council_approves_after_the_period_and_only_then_can_the_county_pay(
    batch, accepted, city_admin, panlong_officer, programme
):
    source = funds.source_create(by=city_admin, programme=programme, document="测财1号", budget=2_000_000)
    funds.funds_transfer(
        by=city_admin, source_id=source.pk, county=region("盘龙区"), on=DAY, amount=2_000_000, document="下拨"
    )
    enrolment = Enrolment.objects.get(application=accepted)
    with pytest.raises(funds_domain.NotAccepted):
        funds.funds_pay(
            by=panlong_officer,
            enrolment_id=enrolment.pk,
            source_id=source.pk,
            on=DAY,
            voucher="v1",
            amount=2_000_000,
        )
    with pytest.raises(domain.InvalidTransition, match="结束后才能报理事会审批"):
        services.council_approve(
            by=city_admin,
            batch_id=batch.pk,
            meeting_date=date(2022, 8, 10),
            number="昆残理〔2022〕1号",
            today=date(2022, 8, 5),
        )
    services.council_approve(
        by=city_admin,
        batch_id=batch.pk,
        meeting_date=date(2022, 8, 10),
        number="昆残理〔2022〕1号",
        today=date(2022, 8, 8),
    )
    application = Application.objects.get(pk=accepted.pk)
    assert (application.state, application.decision.number, application.grade) == (
        State.COUNCIL_APPROVED,
        "昆残理〔2022〕1号",
        "一级",
    )
    funds.funds_pay(
        by=panlong_officer,
        enrolment_id=enrolment.pk,
        source_id=source.pk,
        on=date(2022, 8, 12),  # after the council's meeting
        voucher="v1",
        amount=2_000_000,
    )
    assert Application.objects.get(pk=accepted.pk).state == State.PAID


def test_an_operator_applies_only_for_their_own_institution(programme, operator, standard):
    other = InstitutionFactory(county_name="盘龙区")
    with pytest.raises(ScopeViolation):
        services.application_create(by=operator, programme=programme, institution=other, standard=standard)


def test_a_standard_in_use_is_frozen_and_revised_as_a_new_version(at_city_inspection, expert, city_admin):
    standard = at_city_inspection.standard
    standard.refresh_from_db()
    assert standard.frozen
    item = standard.items.filter(max_points__isnull=False).first()
    item.max_points = Decimal(1)
    with pytest.raises(ValueError, match="不能修改"):
        item.save()
    revised = services.standard_new_version(by=city_admin, standard=standard)
    assert revised.version == standard.version + 1 and not revised.frozen
    assert revised.items.count() == standard.items.count()
