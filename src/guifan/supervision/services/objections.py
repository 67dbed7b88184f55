"""Objections from the public to a proposed downgrade or revocation, and the city's handling:
upheld, the proposal is withdrawn and the grade kept; dismissed, it goes to the council."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.grading import domain as grading_domain
from guifan.grading.constants import ObjectionStatus

from ..constants import Outcome, ReviewStatus
from ..models import GradeNotice, GradeObjection
from ..signals import grade_objection_filed, grade_objection_handled
from .grades import _today
from .reviews import ReviewRejected, _apply_outcome, _require_city


def _too_many(ip_address: str | None) -> bool:
    since = timezone.now() - timedelta(hours=1)
    limit = getattr(settings, "GUIFAN_OBJECTIONS_PER_HOUR", 5)
    return (
        bool(ip_address)
        and GradeObjection.objects.filter(ip_address=ip_address, filed_at__gte=since).count() >= limit
    )


def grade_objection_file(
    *,
    notice_id: int,
    review_id: int,
    content: str,
    name: str = "",
    contact: str = "",
    ip_address: str | None = None,
    today: date | None = None,
) -> GradeObjection:
    """Anyone may object during the period; the council cannot decide while it is open."""
    today = today or _today()
    errors = {}
    if not content.strip():
        errors["content"] = "请填写异议内容"
    with transaction.atomic():
        notice = GradeNotice.objects.select_for_update().get(pk=notice_id)
        if today < notice.starts_on:
            errors["__all__"] = f"公示期自{notice.starts_on:%Y年%-m月%-d日}开始，尚不能提出异议"
        elif today > notice.ends_on:
            errors["__all__"] = f"公示期已于{notice.ends_on:%Y年%-m月%-d日}结束，不再受理异议"
        review = notice.reviews.filter(pk=review_id, status=ReviewStatus.PUBLICITY).first()
        if review is None:
            errors["review"] = "该机构不在本次公示名单中"
        if _too_many(ip_address):
            errors["__all__"] = "提交过于频繁，请一小时后再试，或按公示所列方式联系"
        if errors:
            raise ReviewRejected(errors)
        filed = GradeObjection.objects.filter(notice__starts_on__year=notice.starts_on.year).count()
        check = "".join(secrets.choice(grading_domain.REFERENCE_ALPHABET) for _ in range(4))
        objection = GradeObjection.objects.create(
            reference="D" + grading_domain.objection_reference(notice.starts_on.year, filed + 1, check),
            notice=notice,
            review=review,
            content=content.strip(),
            name=name.strip(),
            contact=contact.strip(),
            ip_address=ip_address,
        )
        grade_objection_filed.send(sender=GradeObjection, objection=objection)
    return objection


def grade_objection_handle(*, by, objection_id: int, upheld: bool, resolution: str) -> GradeObjection:
    """Upheld: the proposal is withdrawn (with the other open objections to it) and the grade kept.
    Dismissed: the proposal stays for the council."""
    _require_city(by)
    if not resolution.strip():
        raise ReviewRejected({"resolution": "请写明处理意见"})
    with transaction.atomic():
        objection = (
            GradeObjection.objects.select_for_update(of=("self",))
            .select_related("review__grade", "review__round")
            .filter(pk=objection_id, status=ObjectionStatus.OPEN)
            .first()
        )
        if objection is None:
            raise ReviewRejected({"__all__": "该异议已处理"})
        now = timezone.now()
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
        objection.resolution, objection.handled_by, objection.handled_at = resolution.strip(), by, now
        objection.save()
        if upheld:
            GradeObjection.objects.filter(review=objection.review, status=ObjectionStatus.OPEN).update(
                status=ObjectionStatus.UPHELD,
                resolution=f"随{objection.reference}号异议一并处理",
                handled_by=by,
                handled_at=now,
            )
            review = objection.review
            review.outcome, review.new_level = Outcome.KEEP, ""
            review.reason = (
                f"{review.reason}\n异议成立（{objection.reference}），维持原等级：{resolution.strip()}"
            )
            _apply_outcome(by, review, _today())
            review.save()
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=objection,
            changes={"status": [ObjectionStatus.OPEN, objection.status]},
            note=resolution.strip()[:500],
        )
        grade_objection_handled.send(sender=GradeObjection, objection=objection)
    return objection
