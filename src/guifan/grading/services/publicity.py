"""Publicity (公示), objections from the public, and the council's approval of a batch."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation
from guifan.funds.models import Enrolment, Programme

from .. import domain
from ..constants import Action, ObjectionStatus, State
from ..models import Application, CouncilDecision, Holiday, Objection, PublicityBatch
from ..signals import grades_approved
from .workflow import application_transition

PUBLIC_LABEL = "社会公众"


def _require_city(by) -> None:
    if by.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以办理公示和理事会审批")


def batch_publish(
    *, by, programme, application_ids: list[int], starts_on: date, working_days: int, contact: str, title: str
) -> PublicityBatch:
    """Publish accepted applications for N working days (weekends and listed holidays skipped)."""
    _require_city(by)
    if not application_ids:
        raise domain.InvalidTransition("请至少选择一家验收通过的机构")
    holidays = set(Holiday.objects.values_list("day", flat=True))
    with transaction.atomic():
        batch = PublicityBatch.objects.create(
            programme=programme,
            title=title,
            starts_on=starts_on,
            working_days=working_days,
            contact=contact,
            ends_on=domain.publicity_end(starts_on, working_days, holidays),
            published_by=by,
        )
        for application_id in application_ids:
            application_transition(by=by, application_id=application_id, action=Action.PUBLISH, on=starts_on)
        updated = Application.objects.filter(pk__in=application_ids, programme=programme).update(batch=batch)
        if updated != len(application_ids):
            raise domain.InvalidTransition("所选机构不属于本年度项目")
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=batch,
            changes={"ends_on": [None, batch.ends_on.isoformat()], "applications": [None, application_ids]},
        )
    return batch


def _too_many_objections(ip_address: str | None) -> bool:
    since = timezone.now() - timedelta(hours=1)
    limit = getattr(settings, "GUIFAN_OBJECTIONS_PER_HOUR", 5)
    return (
        bool(ip_address)
        and Objection.objects.filter(ip_address=ip_address, filed_at__gte=since).count() >= limit
    )


def objection_file(
    *,
    batch_id: int,
    application_id: int,
    content: str,
    name: str = "",
    contact: str = "",
    ip_address: str | None = None,
    today: date | None = None,
) -> Objection:
    """Anyone may object during the period; the application then waits for the city's decision."""
    today = today or timezone.localdate()
    if not content.strip():
        raise domain.InvalidTransition("请填写异议内容")
    with transaction.atomic():
        batch = PublicityBatch.objects.select_for_update().get(pk=batch_id)
        if today < batch.starts_on:
            raise domain.InvalidTransition(f"公示期自{batch.starts_on:%Y年%-m月%-d日}开始，尚不能提出异议")
        if today > batch.ends_on:
            raise domain.InvalidTransition(f"公示期已于{batch.ends_on:%Y年%-m月%-d日}结束，不再受理异议")
        application = batch.applications.filter(pk=application_id).first()
        if application is None:
            raise domain.InvalidTransition("该机构不在本批公示名单中")
        if _too_many_objections(ip_address):
            raise domain.InvalidTransition("提交过于频繁，请一小时后再试，或按公示所列方式联系")
        # Numbered per programme year; the programme row is locked so two objections get two numbers.
        Programme.objects.select_for_update().filter(pk=batch.programme_id).first()
        filed = Objection.objects.filter(batch__programme_id=batch.programme_id).count()
        objection = Objection.objects.create(
            reference=domain.objection_reference(
                batch.programme.year,
                filed + 1,
                "".join(secrets.choice(domain.REFERENCE_ALPHABET) for _ in range(4)),
            ),
            batch=batch,
            application=application,
            content=content,
            name=name,
            contact=contact,
            ip_address=ip_address,
        )
        if application.state == State.PUBLICITY:
            application_transition(
                by=None,
                role=domain.PUBLIC,
                by_label=PUBLIC_LABEL,
                application_id=application.pk,
                action=Action.RAISE_OBJECTION,
                comment=f"收到异议（编号{objection.reference}）",
                on=today,
            )
    return objection


def objection_handle(*, by, objection_id: int, upheld: bool, outcome: str, resolution: str) -> Objection:
    """Decide an objection. Upheld: back to rectification or failed. Dismissed: when no other
    objection to the application is open, it returns to publicity."""
    _require_city(by)
    if not resolution.strip():
        raise domain.InvalidTransition("请写明处理意见")
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update().filter(pk=objection_id, status=ObjectionStatus.OPEN).first()
        )
        if objection is None:
            raise domain.InvalidTransition("该异议已处理")
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
        objection.resolution, objection.handled_by, objection.handled_at = resolution, by, timezone.now()
        objection.save()
        application = objection.application
        if upheld:
            action = Action.UPHOLD_RECTIFY if outcome == "rectify" else Action.UPHOLD_FAIL
            Objection.objects.filter(application=application, status=ObjectionStatus.OPEN).update(
                status=ObjectionStatus.UPHELD,
                resolution=f"随{objection.reference}号异议一并处理",
                handled_by=by,
                handled_at=timezone.now(),
            )
            application_transition(by=by, application_id=application.pk, action=action, comment=resolution)
        elif not application.objections.filter(status=ObjectionStatus.OPEN).exists():
            application_transition(
                by=by, application_id=application.pk, action=Action.DISMISS_OBJECTION, comment=resolution
            )
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=objection,
            changes={"status": [ObjectionStatus.OPEN, objection.status]},
            note=resolution[:500],
        )
    return objection


def council_approve(
    *, by, batch_id: int, meeting_date: date, number: str, today: date | None = None
) -> CouncilDecision:
    """The council approves a batch whose period has ended with no open objection: grades become
    official and the institutions become eligible for their subsidy."""
    _require_city(by)
    today = today or timezone.localdate()
    number = number.strip()
    if not number:
        raise domain.InvalidTransition("请填写理事会决定文号")
    with transaction.atomic():
        batch = PublicityBatch.objects.select_for_update().get(pk=batch_id)
        if today <= batch.ends_on:
            raise domain.InvalidTransition(
                f"公示期到{batch.ends_on:%Y年%-m月%-d日}结束，结束后才能报理事会审批"
            )
        if meeting_date <= batch.ends_on:
            raise domain.InvalidTransition(
                f"理事会会议日期{meeting_date:%Y年%-m月%-d日}须在公示期结束"
                f"（{batch.ends_on:%Y年%-m月%-d日}）之后"
            )
        used = CouncilDecision.objects.filter(number=number).first()
        if used is not None:
            raise domain.InvalidTransition(
                f"决定文号“{number}”已用于{used.meeting_date:%Y年%-m月%-d日}登记的另一项理事会决定，请核对文号"
            )
        if batch.applications.filter(state=State.OBJECTION).exists():
            raise domain.InvalidTransition("本批还有异议未处理完毕")
        ready = list(batch.applications.filter(state=State.PUBLICITY))
        if not ready:
            raise domain.InvalidTransition("本批没有待审批的机构")
        decision = CouncilDecision.objects.create(
            programme=batch.programme, meeting_date=meeting_date, number=number, recorded_by=by
        )
        for application in ready:
            application_transition(
                by=by,
                application_id=application.pk,
                action=Action.COUNCIL_APPROVE,
                comment=f"{number}（{meeting_date:%Y年%-m月%-d日}）",
                on=meeting_date,
            )
        Application.objects.filter(pk__in=[a.pk for a in ready]).update(decision=decision)
        Enrolment.objects.filter(application__in=ready).update(accepted=True, accepted_on=meeting_date)
        for application in ready:
            application.decision = decision
        grades_approved.send(sender=CouncilDecision, decision=decision, applications=ready, by=by)
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=decision,
            changes={"number": [None, number], "applications": [None, [a.pk for a in ready]]},
        )
    return decision
