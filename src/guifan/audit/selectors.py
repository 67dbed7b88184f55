from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet

from .models import AuditEvent


def last_event() -> tuple:
    """(id, time) of the latest audit event: every write is audited, so this versions the data."""
    event = AuditEvent.objects.order_by("-id").values_list("id", "at").first()
    return (event[0], event[1].isoformat()) if event else (0, "")


def events_for(obj: models.Model) -> QuerySet[AuditEvent]:
    """The history of one record. The caller has already obtained obj through a scoped selector."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def events_visible_to(
    user, *, actor_id: int | None = None, since: date | None = None, until: date | None = None
) -> QuerySet[AuditEvent]:
    """The whole trail, for the roles that audit (city administrators and auditors)."""
    if not getattr(user, "reads_audit_log", False):
        raise PermissionDenied("无权查看操作记录")
    events = AuditEvent.objects.select_related("actor", "content_type")
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events
