"""Applications: creation, the one transition service, attachments."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation
from guifan.core.uploads import UploadRefused, stored_fields
from guifan.funds.models import Enrolment

from .. import domain
from ..constants import Action, InspectionKind, State
from ..models import Application, Attachment, Inspection, Standard, Transition
from ..selectors import applications_visible_to
from ..signals import application_moved


def _today() -> date:
    """The seam tests and the demo loader use for the day a step happened."""
    return timezone.localdate()


class UploadRejected(domain.InvalidTransition):
    """The file is refused; str() says why."""


def application_create(*, by, programme, institution, standard: Standard, statement: str = "") -> Application:
    """Open an application (draft) for an institution in a programme year."""
    allowed = (
        by.role == Role.CITY_ADMIN
        or (by.role == Role.COUNTY_OFFICER and institution.county_id == by.county_id)
        or (by.role == Role.OPERATOR and institution.pk == by.institution_id)
    )
    if not allowed:
        raise ScopeViolation("无权为该机构申请")
    if not programme.counties.filter(pk=institution.county_id).exists():
        raise domain.InvalidTransition(f"{institution.county.name}不是{programme.year}年度的任务县区")
    with transaction.atomic():
        if Application.objects.filter(programme=programme, institution=institution).exists():
            raise domain.InvalidTransition(f"“{institution.name}”已申报{programme.year}年度")
        enrolment, _ = Enrolment.objects.get_or_create(programme=programme, institution=institution)
        application = Application.objects.create(
            enrolment=enrolment,
            programme=programme,
            institution=institution,
            county_id=institution.county_id,
            standard=standard,
            statement=statement,
            state_changed_at=timezone.now(),
        )
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=application,
            changes={"state": [None, State.DRAFT], "statement": [None, statement]},
        )
    return application


STATEMENT_EDITORS = {Role.OPERATOR, Role.COUNTY_OFFICER, Role.CITY_ADMIN}
STATEMENT_EDITABLE = {State.DRAFT, State.RETURNED}


def application_update_statement(*, by, application_id: int, statement: str) -> Application:
    """Change the 申请说明 while the application is a draft or returned for changes: the way an
    institution answers a return before submitting again."""
    if by.role not in STATEMENT_EDITORS:
        raise ScopeViolation("无权修改申请说明")
    with transaction.atomic():
        application = (
            applications_visible_to(by).select_for_update(of=("self",)).filter(pk=application_id).first()
        )
        if application is None:
            raise ScopeViolation("无权修改该申请")
        if application.state not in STATEMENT_EDITABLE:
            raise domain.InvalidTransition(
                f"申请状态为“{State(application.state).label}”，只有草稿或退回修改的申请可以修改申请说明"
            )
        old = application.statement
        application.statement = statement.strip()
        application.save(update_fields=["statement", "updated_at"])
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=application,
            changes={"statement": [old, application.statement]},
        )
    return application


def _check_preconditions(application: Application, action: str) -> None:
    """What the table cannot say: the records an action needs."""
    if (
        action == Action.FINISH_SELF_INSPECTION
        and not application.inspections.filter(kind=InspectionKind.COUNTY, completed=True).exists()
    ):
        raise domain.InvalidTransition("请先完成县区自检评分")
    if action in domain.DECISIONS:
        latest = _latest_city_inspection(application)
        facts = (
            domain.InspectionFacts(latest.kind, latest.completed, latest.veto_failed, latest.grade)
            if latest
            else None
        )
        open_count = application.rectifications.filter(closed=False).count()
        if refusal := domain.decision_refusal(action, application.state, facts, open_count):
            raise domain.InvalidTransition(refusal)
        if action == Action.REQUIRE_RECTIFICATION and not latest.rectifications.filter(closed=False).exists():
            raise domain.InvalidTransition("请先针对未达标条目提出整改要求")
    if action == Action.SUBMIT_RECTIFICATION:
        for rectification in application.rectifications.filter(closed=False).select_related("item"):
            if not rectification.response.strip():
                raise domain.InvalidTransition(f"请先填写“{rectification.item.title}”的整改情况")
            if (
                rectification.item.evidence_required
                and not application.attachments.filter(
                    item=rectification.item, purpose="rectification"
                ).exists()
            ):
                raise domain.InvalidTransition(
                    f"请上传“{rectification.item.title}”的整改佐证材料：本条须有佐证"
                )


def _latest_city_inspection(application: Application) -> Inspection | None:
    return (
        application.inspections.filter(kind__in=[InspectionKind.CITY, InspectionKind.REINSPECTION])
        .order_by("-created_at", "-id")
        .first()
    )


def application_transition(
    *,
    by,
    application_id: int,
    action: str,
    comment: str = "",
    role: str | None = None,
    expected_state: str | None = None,
    by_label: str = "",
    on: date | None = None,
) -> Application:
    """The one way an application changes state: lock the row, check the table and the records,
    write the transition and the audit event. `by` is None for the public (objections) and the
    funds ledger (payments), which pass their pseudo-role. `on` is the day the step happened
    (a council meeting, a payment), today unless the step has a date of its own."""
    role = role or by.role
    with transaction.atomic():
        rows = Application.objects.select_for_update()
        application = rows.filter(pk=application_id).first()
        if by is not None and not applications_visible_to(by).filter(pk=application_id).exists():
            application = None
        if application is None:
            raise ScopeViolation("无权操作该申请")
        if expected_state and application.state != expected_state:
            raise domain.InvalidTransition(
                f"该申请的状态已变为“{State(application.state).label}”，请刷新页面后再操作"
            )
        new_state = domain.next_state(application.state, action, role)
        if action in domain.NEEDS_COMMENT and not comment.strip():
            raise domain.InvalidTransition(f"“{Action(action).label}”须写明理由")
        _check_preconditions(application, action)
        if action == Action.ACCEPT:
            latest = _latest_city_inspection(application)
            application.score, application.grade = latest.total, latest.grade
        old_state = application.state
        application.state, application.state_changed_at = new_state, timezone.now()
        application.save(update_fields=["state", "state_changed_at", "score", "grade", "updated_at"])
        Transition.objects.create(
            application=application,
            action=action,
            from_state=old_state,
            to_state=new_state,
            by=by,
            by_label=by_label or (by.display_name if by else "系统"),
            comment=comment,
            on=on or _today(),
        )
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=application,
            changes={"state": [old_state, new_state]},
            note=f"{Action(action).label}{'：' + comment if comment else ''}"[:500],
        )
        application_moved.send(
            sender=Application,
            application=application,
            action=action,
            from_state=old_state,
            by=by,
            comment=comment,
        )
    return application


def attach(*, by, application: Application, upload, purpose: str, item=None) -> Attachment:
    """Store an uploaded file after checking its size and that its content matches its type."""
    try:
        fields = stored_fields(upload)
    except UploadRefused as exc:
        raise UploadRejected(str(exc)) from exc
    return Attachment.objects.create(
        application=application, item=item, purpose=purpose, uploaded_by=by, **fields
    )
