"""Grades: awarded by the council, the one transition service, expiry, closure."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation
from guifan.regions.constants import RegionKind
from guifan.regions.models import Region

from .. import domain
from ..constants import GradeAction, GradeState
from ..models import Grade, GradeTransition
from ..selectors import grades_visible_to
from ..signals import grade_changed

SYSTEM_LABEL = "系统（有效期）"


def _today() -> date:
    """The seam tests and the demo loader use for the day a step happened."""
    return timezone.localdate()


def _next_certificate_number(year: int) -> str:
    city = Region.objects.filter(kind=RegionKind.CITY).order_by("id").first()
    prefix = f"{city.code if city and city.code else '000000'}-{year}-"
    numbers = Grade.objects.filter(certificate_number__startswith=prefix).values_list(
        "certificate_number", flat=True
    )
    last = max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0)
    return domain.certificate_number(prefix.split("-")[0], year, last + 1)


def grade_transition(
    *,
    by,
    grade_id: int,
    action: str,
    comment: str = "",
    role: str | None = None,
    on: date | None = None,
    expected_state: str | None = None,
    by_label: str = "",
) -> Grade:
    """The one way a grade changes state: lock, check scope and the table, record the step."""
    role = role or by.role
    with transaction.atomic():
        grade = Grade.objects.select_for_update().filter(pk=grade_id).first()
        if by is not None and not grades_visible_to(by).filter(pk=grade_id).exists():
            grade = None
        if grade is None:
            raise ScopeViolation("无权操作该等级")
        if expected_state and grade.state != expected_state:
            raise domain.InvalidGradeChange(
                f"该等级的状态已变为“{GradeState(grade.state).label}”，请刷新页面后再操作"
            )
        new_state = domain.next_state(grade.state, action, role)
        if action in domain.NEEDS_REASON and not comment.strip():
            raise domain.InvalidGradeChange(f"“{GradeAction(action).label}”须写明理由")
        old_state = grade.state
        grade.state, grade.state_changed_at = new_state, timezone.now()
        grade.save(update_fields=["state", "state_changed_at", "updated_at"])
        GradeTransition.objects.create(
            grade=grade,
            action=action,
            from_state=old_state,
            to_state=new_state,
            by=by,
            by_label=by_label or (by.display_name if by else SYSTEM_LABEL),
            on=on or _today(),
            comment=comment,
        )
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=grade,
            changes={"state": [old_state, new_state]},
            note=f"{GradeAction(action).label}{'：' + comment if comment else ''}"[:500],
        )
        grade_changed.send(
            sender=Grade, grade=grade, action=action, from_state=old_state, by=by, comment=comment
        )
    return grade


def grade_create(
    *,
    by,
    institution,
    level: str,
    score,
    standard,
    decision_number: str,
    decided_on: date,
    valid_to: date,
    application=None,
    replaces: Grade | None = None,
) -> Grade:
    """A new official grade with the next certificate number; the institution's grade in force, if
    any, is ended as replaced. Called inside the council's transaction."""
    for old in Grade.objects.filter(institution=institution, state__in=domain.LIVE).exclude(
        pk=getattr(replaces, "pk", None)
    ):
        grade_transition(
            by=by,
            role=domain.CITY if by else domain.SYSTEM,
            grade_id=old.pk,
            action=GradeAction.REPLACE,
            comment=f"{decided_on.year}年重新评定（{decision_number}）",
            on=decided_on,
        )
    grade = Grade.objects.create(
        institution=institution,
        county_id=institution.county_id,
        application=application,
        replaces=replaces,
        level=level,
        score=score,
        standard=standard,
        decision_number=decision_number,
        decided_on=decided_on,
        certificate_number=_next_certificate_number(decided_on.year),
        valid_from=decided_on,
        valid_to=valid_to,
        state=GradeState.VALID,
        state_changed_at=timezone.now(),
    )
    audit_record(
        by=by,
        action=AuditAction.CREATE,
        obj=grade,
        changes={
            "level": [None, level],
            "certificate_number": [None, grade.certificate_number],
            "valid_to": [None, valid_to.isoformat()],
        },
        note=f"{decision_number}",
    )
    return grade


def grades_award(*, by, decision, applications) -> list[Grade]:
    """The council's approval makes each application's grade an official record."""
    valid_to = domain.valid_until(decision.meeting_date, decision.validity_years)
    return [
        grade_create(
            by=by,
            institution=application.institution,
            level=application.grade,
            score=application.score,
            standard=application.standard,
            decision_number=decision.number,
            decided_on=decision.meeting_date,
            valid_to=valid_to,
            application=application,
        )
        for application in applications
    ]


def grades_expire(*, today: date | None = None) -> list[Grade]:
    """Record as expired every live grade past its valid-to date (the daily job; idempotent)."""
    today = today or _today()
    due = Grade.objects.filter(state__in=domain.LIVE, valid_to__lt=today).values_list("pk", "valid_to")
    return [
        grade_transition(
            by=None,
            role=domain.SYSTEM,
            grade_id=pk,
            action=GradeAction.EXPIRE,
            comment=f"有效期至{valid_to:%Y年%-m月%-d日}，未经年审或重新评定延续",
            on=today,
        )
        for pk, valid_to in due
    ]


def grade_cancel(*, by, grade_id: int, reason: str, on: date | None = None) -> Grade:
    """注销: the institution closed or moved away; the county or the city records it."""
    return grade_transition(
        by=by, grade_id=grade_id, action=GradeAction.CANCEL, comment=reason.strip(), on=on
    )
