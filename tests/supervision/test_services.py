"""A grade's life through the services: awarded, reviewed, rectified, lowered after publicity and
the council, revoked, expired by date, closed; every step scoped, audited and all-or-nothing."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from guifan.audit.models import AuditEvent
from guifan.core.exceptions import ScopeViolation
from guifan.grading.services.inspections import scored_items
from guifan.supervision import domain, services
from guifan.supervision.constants import GradeState, Outcome, ReviewStatus
from guifan.supervision.models import Grade, GradeTransition, Review

from .conftest import make_grade

pytestmark = pytest.mark.django_db
TODAY = date(2023, 6, 1)


@pytest.fixture(autouse=True)
def _june_2023():
    with time_machine.travel(datetime(2023, 6, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def full_marks(review) -> dict:
    return {i.id: (i.max_points, "") for i in scored_items(review.template)}


def files_for(review) -> dict:
    from tests.grading.conftest import pdf

    return {i.id: pdf() for i in scored_items(review.template) if i.evidence_required}


def record(by, review, outcome, **kwargs):
    return services.review_record(
        by=by,
        review_id=review.pk,
        on=TODAY,
        scores=kwargs.pop("scores", full_marks(review)),
        files=files_for(review),
        outcome=outcome,
        **kwargs,
    )


@pytest.fixture
def round_2023(city_admin, panlong_grade, guandu_grade):
    return services.round_open(
        by=city_admin,
        year=2023,
        title="2023年度年审",
        opened_on=date(2023, 5, 1),
        due_on=date(2023, 9, 30),
        renew_to=date(2026, 8, 9),
    )


def test_certificate_numbers_follow_the_city_code_and_year(panlong_grade, guandu_grade):
    assert (panlong_grade.certificate_number, guandu_grade.certificate_number) == (
        "530100-2022-001",
        "530100-2022-002",
    )


def test_a_new_grading_replaces_the_grade_in_force(city_admin, standard, panlong_grade):
    newer = services.grade_create(
        by=city_admin,
        institution=panlong_grade.institution,
        level="二级",
        score=None,
        standard=standard,
        decision_number="昆残理〔2023〕2号",
        decided_on=date(2023, 5, 1),
        valid_to=date(2026, 4, 30),
    )
    panlong_grade.refresh_from_db()
    assert panlong_grade.state == GradeState.REPLACED
    assert (newer.certificate_number, newer.state) == ("530100-2023-001", GradeState.VALID)


def test_opening_a_round_puts_each_grade_in_force_under_review(
    round_2023, panlong_grade, standard, city_admin
):
    same_year = make_grade(
        city_admin, decided_on=date(2023, 3, 1), valid_to=date(2026, 2, 28), standard=standard
    )
    assert Review.objects.filter(round=round_2023).count() == 2
    assert not Review.objects.filter(grade=same_year).exists()  # graded this year: no review yet
    panlong_grade.refresh_from_db()
    assert panlong_grade.state == GradeState.UNDER_REVIEW
    assert round_2023.template.kind == "review"


def test_a_second_round_for_the_same_year_is_refused(round_2023, city_admin):
    with pytest.raises(services.ReviewRejected) as caught:
        services.round_open(
            by=city_admin, year=2023, title="again", opened_on=date(2023, 6, 1), due_on=date(2023, 7, 1)
        )
    assert "已经开始" in caught.value.errors["year"]


def test_keeping_a_grade_restores_it_and_extends_validity_to_the_rounds_date(
    round_2023, panlong_grade, panlong_officer
):
    review = Review.objects.get(round=round_2023, grade=panlong_grade)
    record(panlong_officer, review, Outcome.KEEP)
    panlong_grade.refresh_from_db()
    assert (panlong_grade.state, panlong_grade.valid_to) == (GradeState.VALID, date(2026, 8, 9))
    assert Review.objects.get(pk=review.pk).total == Decimal(100)


def test_an_officer_cannot_review_another_countys_grade(round_2023, guandu_grade, panlong_officer):
    review = Review.objects.get(round=round_2023, grade=guandu_grade)
    with pytest.raises(ScopeViolation):
        record(panlong_officer, review, Outcome.KEEP)
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.PENDING


def test_a_review_with_errors_saves_nothing(round_2023, panlong_grade, panlong_officer):
    review = Review.objects.get(round=round_2023, grade=panlong_grade)
    scores = full_marks(review)
    first = next(iter(scores))
    scores[first] = (Decimal(99), "")
    events = AuditEvent.objects.count()
    with pytest.raises(services.ReviewRejected) as caught:
        record(panlong_officer, review, Outcome.RECTIFY, scores=scores, reason="")
    assert set(caught.value.errors) >= {first, "reason", "due"}
    review.refresh_from_db()
    assert (review.status, review.scores.count(), AuditEvent.objects.count()) == (
        ReviewStatus.PENDING,
        0,
        events,
    )


def test_rectification_then_recheck_keeps_the_grade(
    round_2023, panlong_grade, panlong_officer, panlong_operator
):
    review = Review.objects.get(round=round_2023, grade=panlong_grade)
    record(panlong_officer, review, Outcome.RECTIFY, reason="消毒记录不全", due=date(2023, 7, 1))
    panlong_grade.refresh_from_db()
    assert panlong_grade.state == GradeState.RECTIFYING
    with pytest.raises(services.ReviewRejected, match="1 处"):
        services.review_recheck(by=panlong_officer, review_id=review.pk, outcome=Outcome.KEEP)
    services.review_rectification_answer(by=panlong_operator, review_id=review.pk, response="已补齐消毒记录")
    services.review_recheck(by=panlong_officer, review_id=review.pk, outcome=Outcome.KEEP, reason="已整改")
    panlong_grade.refresh_from_db()
    review.refresh_from_db()
    assert (panlong_grade.state, review.status, review.outcome) == (
        GradeState.VALID,
        ReviewStatus.CLOSED,
        "keep",
    )


def test_a_downgrade_waits_for_publicity_and_the_council(
    round_2023, panlong_grade, panlong_officer, city_admin
):
    review = Review.objects.get(round=round_2023, grade=panlong_grade)
    record(panlong_officer, review, Outcome.DOWNGRADE, reason="盲人从业人员不足", new_level="二级")
    panlong_grade.refresh_from_db()
    assert panlong_grade.state == GradeState.UNDER_REVIEW  # unchanged until the council decides
    notice = services.notice_publish(
        by=city_admin,
        review_ids=[review.pk],
        starts_on=date(2023, 6, 1),
        working_days=5,
        contact="电话",
        title="公示",
    )
    assert notice.ends_on == date(2023, 6, 7)  # Thu 1, Fri 2, Mon 5, Tue 6, Wed 7
    with pytest.raises(services.ReviewRejected) as caught:
        services.decision_record(
            by=city_admin, notice_id=notice.pk, meeting_date=date(2023, 6, 8), number="5号"
        )
    assert "结束后才能" in caught.value.errors["meeting_date"]
    services.decision_record(
        by=city_admin,
        notice_id=notice.pk,
        meeting_date=date(2023, 6, 9),
        number="5号",
        today=date(2023, 6, 12),
    )
    panlong_grade.refresh_from_db()
    new = Grade.objects.get(replaces=panlong_grade)
    assert panlong_grade.state == GradeState.DOWNGRADED
    assert (new.level, new.state, new.decision_number) == ("二级", GradeState.VALID, "5号")
    assert new.certificate_number == "530100-2023-001"
    assert new.valid_to == date(2026, 8, 9)  # the round's renewal, as for the grades it kept


def test_a_revocation_ends_the_grade(round_2023, guandu_grade, guandu_officer, city_admin):
    review = Review.objects.get(round=round_2023, grade=guandu_grade)
    record(guandu_officer, review, Outcome.REVOKE, reason="提供医疗服务")
    notice = services.notice_publish(
        by=city_admin,
        review_ids=[review.pk],
        starts_on=date(2023, 5, 1),
        working_days=5,
        contact="电话",
        title="公示",
    )
    services.decision_record(by=city_admin, notice_id=notice.pk, meeting_date=date(2023, 5, 20), number="6号")
    guandu_grade.refresh_from_db()
    assert guandu_grade.state == GradeState.REVOKED
    assert not Grade.objects.filter(replaces=guandu_grade).exists()


def test_expiry_is_recorded_once_by_date(city_admin, standard):
    grade = make_grade(city_admin, valid_to=date(2023, 5, 31), standard=standard)
    assert grade.shown_state(TODAY) == GradeState.EXPIRED  # shown expired before the job runs
    assert [g.pk for g in services.grades_expire(today=TODAY)] == [grade.pk]
    assert services.grades_expire(today=TODAY) == []
    grade.refresh_from_db()
    assert grade.state == GradeState.EXPIRED
    assert GradeTransition.objects.filter(grade=grade, to_state=GradeState.EXPIRED).count() == 1


def test_closing_needs_a_reason_and_is_the_countys_or_the_citys(panlong_grade, panlong_officer, expert):
    with pytest.raises(domain.InvalidGradeChange, match="须写明理由"):
        services.grade_cancel(by=panlong_officer, grade_id=panlong_grade.pk, reason=" ")
    with pytest.raises(domain.InvalidGradeChange, match="您的角色不能"):
        services.grade_cancel(by=expert, grade_id=panlong_grade.pk, reason="停业")
    services.grade_cancel(by=panlong_officer, grade_id=panlong_grade.pk, reason="2023年5月停业")
    panlong_grade.refresh_from_db()
    assert panlong_grade.state == GradeState.CANCELLED


def test_a_spot_check_is_recorded_like_a_review(panlong_grade, expert):
    review = services.spot_check_create(by=expert, grade_id=panlong_grade.pk, on=TODAY)
    record(expert, review, Outcome.RECTIFY, reason="价格未公示", due=date(2023, 6, 15))
    panlong_grade.refresh_from_db()
    assert (review.kind, panlong_grade.state) == ("spot", GradeState.RECTIFYING)


def test_a_graded_institution_that_moves_gets_a_check_of_its_new_premises(
    panlong_grade, city_admin, panlong_officer
):
    from guifan.registry.services import institution_update

    institution_update(
        by=city_admin, institution_id=panlong_grade.institution_id, data={"address": "盘龙区新迎路8号"}
    )
    check = Review.objects.get(grade=panlong_grade)
    assert (check.kind, check.status) == ("spot", ReviewStatus.PENDING)
    assert "盘龙区新迎路8号" in check.reason
    record(panlong_officer, check, Outcome.KEEP, reason="新址核查合格")
    check.refresh_from_db()
    assert check.reason.startswith("机构地址变更") and check.reason.endswith("新址核查合格")


def test_a_move_of_an_institution_without_a_grade_opens_nothing(city_admin):
    from guifan.registry.services import institution_update
    from tests.factories import InstitutionFactory

    institution = InstitutionFactory()
    institution_update(by=city_admin, institution_id=institution.pk, data={"address": "新址"})
    assert not Review.objects.exists()


def test_a_grade_that_expired_before_the_council_decided_is_left_as_it_is(
    round_2023, panlong_grade, panlong_officer, city_admin
):
    review = Review.objects.get(round=round_2023, grade=panlong_grade)
    record(panlong_officer, review, Outcome.DOWNGRADE, reason="不达标", new_level="二级")
    notice = services.notice_publish(
        by=city_admin,
        review_ids=[review.pk],
        starts_on=date(2023, 5, 1),
        working_days=5,
        contact="电话",
        title="公示",
    )
    services.grades_expire(today=date(2025, 8, 10))
    services.decision_record(
        by=city_admin,
        notice_id=notice.pk,
        meeting_date=date(2025, 8, 12),
        number="10号",
        today=date(2025, 8, 12),
    )
    review.refresh_from_db()
    panlong_grade.refresh_from_db()
    assert (panlong_grade.state, review.status) == (GradeState.EXPIRED, ReviewStatus.CLOSED)
    assert "等级已已过期" not in review.reason and "等级已过期，未再变更" in review.reason
    assert not Grade.objects.filter(replaces=panlong_grade).exists()
