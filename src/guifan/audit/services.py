"""Writing the audit trail. Every service that changes a record calls one of these in its transaction."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .constants import AuditAction
from .domain import Changes
from .models import AuditEvent


def _event(
    *, by: Any, action: AuditAction, obj: models.Model, changes: Changes, note: str, batch
) -> AuditEvent:
    return AuditEvent(
        actor=by,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes,
        note=note,
        batch=batch,
    )


def audit_record(
    *,
    by: Any,
    action: AuditAction,
    obj: models.Model,
    changes: Changes,
    note: str = "",
    batch: uuid.UUID | None = None,
) -> AuditEvent:
    event = _event(by=by, action=action, obj=obj, changes=changes, note=note, batch=batch)
    event.save()
    return event


def audit_record_many(
    *,
    by: Any,
    action: AuditAction,
    items: Iterable[tuple[models.Model, Changes]],
    note: str = "",
    batch: uuid.UUID | None = None,
    batch_size: int = 2000,
) -> int:
    """One event per object, written in bulk (imports of many thousands of rows)."""
    events = [
        _event(by=by, action=action, obj=obj, changes=changes, note=note, batch=batch)
        for obj, changes in items
    ]
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)
