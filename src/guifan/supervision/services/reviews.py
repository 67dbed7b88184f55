"""Annual reviews (年审) and spot checks (暗访): opening a round, recording a review, the
rectification it may ask for, and the publicity and council decision for lowering a grade."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation
from guifan.core.uploads import UploadRefused, stored_fields, upload_error
from guifan.grading import domain as grading_domain
from guifan.grading.constants import ObjectionStatus
from guifan.grading.models import Holiday, Standard
from guifan.grading.services import review_template_for
from guifan.grading.services.inspections import scored_items
from guifan.grading.services.workflow import UploadRejected

from .. import domain
from ..constants import GradeAction, GradeState, Outcome, ReviewKind, ReviewStatus
from ..models import Grade, GradeDecision, GradeNotice, Review, ReviewEvidence, ReviewRound, ReviewScore
from ..selectors import grades_visible_to, live, reviews_visible_to
from ..signals import address_check_requested, notice_published, rectification_answered, round_opened
from .grades import _today, grade_create, grade_transition

REVIEWERS = {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.INSPECTOR}


class ReviewRejected(domain.InvalidGradeChange):
    """Per field (or item id), what is wrong; nothing was saved."""

    def __init__(self, errors: dict) -> None:
        super().__init__(f"{len(errors)} 处有误")
        self.errors = errors


def _require_city(by) -> None:
    if by.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以办理")


def round_open(
    *, by, year: int, title: str, opened_on: date, due_on: date, renew_to: date | None = None
) -> ReviewRound:
    """Open a year's annual review: every grade in force on the opening day gets a review, and a
    valid one becomes 待年审. A grade awarded in the same year is not reviewed that year."""
    _require_city(by)
    errors = {}
    if due_on <= opened_on:
        errors["due_on"] = "完成期限须晚于开始日期"
    if renew_to is not None and renew_to <= due_on:
        errors["renew_to"] = "延至日期须晚于完成期限"
    if ReviewRound.objects.filter(year=year).exists():
        errors["year"] = f"{year}年度的年审已经开始"
    if errors:
        raise ReviewRejected(errors)
    with transaction.atomic():
        template = review_template_for(year)
        round_ = ReviewRound.objects.create(
            year=year,
            title=title.strip(),
            template=template,
            opened_on=opened_on,
            due_on=due_on,
            renew_to=renew_to,
            opened_by=by,
        )
        grades = list(
            live(Grade.objects.all(), opened_on).filter(valid_from__year__lt=year).select_related("county")
        )
        reviews = Review.objects.bulk_create(
            Review(grade=g, round=round_, kind=ReviewKind.ANNUAL, county_id=g.county_id, template=template)
            for g in grades
        )
        for grade in grades:
            if grade.state == GradeState.VALID:
                grade_transition(
                    by=by, grade_id=grade.pk, action=GradeAction.OPEN_REVIEW, comment=title, on=opened_on
                )
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=round_,
            changes={"reviews": [None, len(reviews)], "year": [None, year]},
        )
        round_opened.send(sender=ReviewRound, round=round_, reviews=reviews)
    return round_


def spot_check_create(*, by, grade_id: int, on: date | None = None) -> Review:
    """An unannounced check (暗访) of a grade in force, recorded with the review checklist."""
    if by.role not in REVIEWERS:
        raise ScopeViolation("您的角色不能进行暗访")
    with transaction.atomic():
        grade = live(grades_visible_to(by), on or _today()).filter(pk=grade_id).first()
        if grade is None:
            raise domain.InvalidGradeChange("只能对有效期内的等级进行暗访")
        review = Review.objects.create(
            grade=grade,
            kind=ReviewKind.SPOT,
            county_id=grade.county_id,
            template=review_template_for((on or _today()).year),
            reviewer=by,
        )
        audit_record(by=by, action=AuditAction.CREATE, obj=review, changes={"kind": [None, ReviewKind.SPOT]})
    return review


def address_check_create(*, institution, old: str, new: str, by) -> Review | None:
    """A graded institution moved: its grade in force gets a pending check of the new premises
    (a 暗访 with its reason), which its county records like any review. None if it has no grade."""
    grade = live(Grade.objects.filter(institution=institution), _today()).first()
    if grade is None:
        return None
    review = Review.objects.create(
        grade=grade,
        kind=ReviewKind.SPOT,
        county_id=institution.county_id,
        template=review_template_for(_today().year),
        reason=f"机构地址变更，须核查新址：{old or '（原地址未登记）'} → {new or '（未填写）'}",
    )
    if grade.county_id != institution.county_id:
        Grade.objects.filter(pk=grade.pk).update(county_id=institution.county_id)
    audit_record(by=by, action=AuditAction.CREATE, obj=review, changes={"reason": [None, review.reason]})
    address_check_requested.send(sender=Review, review=review)
    return review


def _locked(by, review_id: int) -> Review:
    review = reviews_visible_to(by).select_for_update(of=("self",)).filter(pk=review_id).first()
    if review is None:
        raise ScopeViolation("无权办理该年审")
    return review


def _outcome_errors(review: Review, outcome: str, reason: str, new_level: str, due, today) -> dict:
    lower = domain.lower_levels(review.grade.standard.bands, review.grade.level)
    return domain.outcome_errors(
        outcome=outcome, reason=reason, new_level=new_level, lower=lower, due=due, today=today
    )


def review_record(
    *,
    by,
    review_id: int,
    on: date,
    scores: dict[int, tuple[Decimal | None, str]],
    files: dict | None = None,
    outcome: str,
    reason: str = "",
    new_level: str = "",
    due: date | None = None,
    today: date | None = None,
) -> Review:
    """Record a review whole: every item scored, evidence where the checklist asks for it, and the
    outcome. 保持 and 限期整改 change the grade at once; 降级 and 撤销 wait for publicity and the
    council. All or nothing: any error saves nothing."""
    if by.role not in REVIEWERS:
        raise ScopeViolation("您的角色不能记录年审")
    files = files or {}
    today = today or _today()
    with transaction.atomic():
        review = _locked(by, review_id)
        if review.status != ReviewStatus.PENDING:
            raise domain.InvalidGradeChange(f"该次检查为“{ReviewStatus(review.status).label}”，已记录过结论")
        items = {i.id: i for i in scored_items(review.template)}
        errors: dict = {}
        if on > today:
            errors["on"] = "检查日期不能晚于今天"
        for item in items.values():
            points, _ = scores.get(item.id, (None, ""))
            if message := grading_domain.score_error(points, item.max_points):
                errors[item.id] = message
            elif (
                item.evidence_required
                and item.id not in files
                and not review.evidence.filter(item=item).exists()
            ):
                errors[f"file_{item.id}"] = f"请上传“{item.title}”的佐证材料：本条须有佐证"
            if item.id in files and (
                message := upload_error(files[item.id].name, files[item.id].size, files[item.id])
            ):
                errors[f"file_{item.id}"] = message
        errors |= _outcome_errors(review, outcome, reason, new_level, due, today)
        if errors:
            raise ReviewRejected(errors)
        ReviewScore.objects.filter(review=review).delete()
        ReviewScore.objects.bulk_create(
            ReviewScore(review=review, item_id=item_id, points=points, note=note[:500])
            for item_id, (points, note) in scores.items()
            if item_id in items
        )
        for item_id, upload in files.items():
            _attach(by=by, review=review, item_id=item_id, upload=upload)
        review.total = sum((p for i, (p, _) in scores.items() if i in items), Decimal(0))
        review.on, review.reviewer = on, by
        # An address check keeps why it was opened above the reviewer's reason.
        review.reason = "\n".join(filter(None, [review.reason, reason.strip()]))
        review.outcome, review.new_level = outcome, new_level
        review.rectification_due = due if outcome == Outcome.RECTIFY else None
        Standard.objects.filter(pk=review.template_id).update(frozen=True)
        _apply_outcome(by, review, on)
        review.save()
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=review,
            changes={"outcome": [None, outcome], "total": [None, str(review.total)]},
            note=reason.strip()[:500],
        )
    return review


def _apply_outcome(by, review: Review, on: date) -> None:
    grade = review.grade
    if review.outcome == Outcome.KEEP:
        review.status = ReviewStatus.CLOSED
        if grade.state != GradeState.VALID:
            grade_transition(by=by, grade_id=grade.pk, action=GradeAction.KEEP, comment=review.reason, on=on)
        _renew(by, review)
    elif review.outcome == Outcome.RECTIFY:
        review.status = ReviewStatus.RECTIFYING
        grade_transition(
            by=by,
            grade_id=grade.pk,
            action=GradeAction.REQUIRE_RECTIFICATION,
            comment=f"{review.reason}（整改期限{review.rectification_due:%Y年%-m月%-d日}）",
            on=on,
        )
    else:
        review.status = ReviewStatus.PROPOSED


def _renew(by, review: Review) -> None:
    """A round's 保持 may extend the grade's validity to the date the round set."""
    grade = Grade.objects.get(pk=review.grade_id)
    if (renew_to := _renewed(review, grade.valid_to)) != grade.valid_to:
        old = grade.valid_to
        grade.valid_to = renew_to
        grade.save(update_fields=["valid_to", "updated_at"])
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=grade,
            changes={"valid_to": [old.isoformat(), renew_to.isoformat()]},
            note=f"{review.round}保持，有效期延续",
        )


def _renewed(review: Review, valid_to: date) -> date:
    """A grade lowered after a round's review is renewed as a kept grade is: the round reviewed it."""
    renew_to = review.round.renew_to if review.round_id else None
    return max(valid_to, renew_to) if renew_to else valid_to


def _attach(*, by, review: Review, item_id: int, upload) -> ReviewEvidence:
    try:
        fields = stored_fields(upload)
    except UploadRefused as exc:
        raise UploadRejected(str(exc)) from exc
    return ReviewEvidence.objects.create(review=review, item_id=item_id, uploaded_by=by, **fields)


def review_rectification_answer(*, by, review_id: int, response: str) -> Review:
    """The institution (or its county) says what was rectified."""
    if by.role not in {Role.OPERATOR, Role.COUNTY_OFFICER, Role.CITY_ADMIN}:
        raise ScopeViolation("您的角色不能填写整改情况")
    if not response.strip():
        raise ReviewRejected({"response": "请填写整改情况"})
    with transaction.atomic():
        review = _locked(by, review_id)
        if review.status != ReviewStatus.RECTIFYING:
            raise domain.InvalidGradeChange("该次检查不在整改中")
        old = review.rectification_response
        review.rectification_response = response.strip()
        review.save(update_fields=["rectification_response"])
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=review,
            changes={"rectification_response": [old, review.rectification_response]},
        )
        rectification_answered.send(sender=Review, review=review, by=by)
    return review


def review_recheck(
    *, by, review_id: int, outcome: str, reason: str = "", new_level: str = "", on: date | None = None
) -> Review:
    """The re-check after a review's rectification: 保持, or a proposal to lower or revoke."""
    if by.role not in REVIEWERS:
        raise ScopeViolation("您的角色不能复查")
    on = on or _today()
    with transaction.atomic():
        review = _locked(by, review_id)
        if review.status != ReviewStatus.RECTIFYING:
            raise domain.InvalidGradeChange("该次检查不在整改中")
        errors = {}
        if outcome == Outcome.RECTIFY:
            errors["outcome"] = "复查结论只能是保持、降级或撤销"
        elif not review.rectification_response.strip():
            errors["outcome"] = "机构尚未填写整改情况"
        errors |= (
            _outcome_errors(review, outcome, reason, new_level, None, on)
            if outcome != Outcome.RECTIFY
            else {}
        )
        if errors:
            raise ReviewRejected(errors)
        review.outcome, review.new_level = outcome, new_level
        review.reason = "\n".join(
            filter(None, [review.reason, f"复查（{on:%Y年%-m月%-d日}）：{reason.strip()}"])
        )
        _apply_outcome(by, review, on)
        review.save()
        audit_record(
            by=by, action=AuditAction.UPDATE, obj=review, changes={"outcome": [Outcome.RECTIFY, outcome]}
        )
    return review


def notice_publish(
    *, by, review_ids: list[int], starts_on: date, working_days: int, contact: str, title: str
) -> GradeNotice:
    """Publish proposed downgrades and revocations for N working days before the council."""
    _require_city(by)
    if not review_ids:
        raise ReviewRejected({"reviews": "请至少选择一项待公示的降级或撤销"})
    holidays = set(Holiday.objects.values_list("day", flat=True))
    with transaction.atomic():
        reviews = list(
            Review.objects.select_for_update().filter(pk__in=review_ids, status=ReviewStatus.PROPOSED)
        )
        if len(reviews) != len(set(review_ids)):
            raise ReviewRejected({"reviews": "所选项目已不在待公示状态，请刷新页面"})
        notice = GradeNotice.objects.create(
            title=title.strip(),
            starts_on=starts_on,
            working_days=working_days,
            contact=contact.strip(),
            ends_on=grading_domain.publicity_end(starts_on, working_days, holidays),
            published_by=by,
        )
        Review.objects.filter(pk__in=review_ids).update(notice=notice, status=ReviewStatus.PUBLICITY)
        audit_record(
            by=by, action=AuditAction.CREATE, obj=notice, changes={"reviews": [None, sorted(review_ids)]}
        )
        notice_published.send(sender=GradeNotice, notice=notice, reviews=reviews)
    return notice


def decision_record(
    *, by, notice_id: int, meeting_date: date, number: str, today: date | None = None
) -> GradeDecision:
    """The council decides after the publicity: each grade is lowered (a new certificate at the
    lower level, same validity) or revoked."""
    _require_city(by)
    today = today or _today()
    number = number.strip()
    with transaction.atomic():
        notice = GradeNotice.objects.select_for_update().get(pk=notice_id)
        errors = {}
        if not number:
            errors["number"] = "请填写理事会决定文号"
        elif GradeDecision.objects.filter(number=number).exists():
            errors["number"] = f"决定文号“{number}”已经用过，请核对"
        if today <= notice.ends_on:
            errors["meeting_date"] = f"公示期到{notice.ends_on:%Y年%-m月%-d日}结束，结束后才能报理事会决定"
        elif meeting_date <= notice.ends_on:
            errors["meeting_date"] = f"会议日期须在公示期结束（{notice.ends_on:%Y年%-m月%-d日}）之后"
        elif meeting_date > today:
            errors["meeting_date"] = "会议日期不能晚于今天"
        if hasattr(notice, "decision"):
            errors["number"] = "该公示已有理事会决定"
        if notice.objections.filter(status=ObjectionStatus.OPEN).exists():
            errors["__all__"] = "本次公示还有异议未处理完毕"
        if errors:
            raise ReviewRejected(errors)
        decision = GradeDecision.objects.create(
            notice=notice, meeting_date=meeting_date, number=number, recorded_by=by
        )
        reviews = notice.reviews.filter(
            status=ReviewStatus.PUBLICITY
        )  # an upheld objection withdrew the rest
        for review in reviews.select_related("grade__standard", "grade__institution", "round"):
            grade = review.grade
            if grade.state not in domain.LIVE:  # expired or closed meanwhile: nothing left to lower
                review.status = ReviewStatus.CLOSED
                review.reason += f"\n{number}：等级{GradeState(grade.state).label}，未再变更"
                review.save(update_fields=["status", "reason"])
                continue
            action = domain.OUTCOME_ACTION[review.outcome]
            grade_transition(
                by=by, grade_id=grade.pk, action=action, comment=f"{number}：{review.reason}", on=meeting_date
            )
            if review.outcome == Outcome.DOWNGRADE:
                grade_create(
                    by=by,
                    institution=grade.institution,
                    level=review.new_level,
                    score=review.total,
                    standard=grade.standard,
                    decision_number=number,
                    decided_on=meeting_date,
                    valid_to=_renewed(review, grade.valid_to),
                    replaces=grade,
                )
            review.status = ReviewStatus.CLOSED
            review.save(update_fields=["status"])
        audit_record(by=by, action=AuditAction.CREATE, obj=decision, changes={"number": [None, number]})
    return decision
