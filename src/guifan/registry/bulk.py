"""Writing many imported institutions and their audit events at once, without a model instance each.

The ORM's bulk_create spends about 80 µs per institution and as much per audit event building and
preparing instances; an import of 100,000 rows spent most of its time there. These writers send
the same rows straight to the database, in the caller's transaction: SQLite through executemany
(its INSERT takes the write lock the import holds until it commits), PostgreSQL through one
INSERT … SELECT FROM unnest(…) RETURNING per chunk and COPY for the audit events. The events are
the ones audit_record_many writes: one IMPORT event per institution, by the importer, in one batch,
each with every set field as [None, value]; timestamps are the chunk's moment, for all its rows.
"""

import json
import uuid
from collections.abc import Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from guifan.audit.constants import AuditAction
from guifan.audit.domain import to_json_value
from guifan.audit.models import AuditEvent

from .imports import InstitutionData
from .models import Institution

# InstitutionData attribute, column, PostgreSQL array type; in the audit trail's field order.
COLUMNS = [
    ("name", "name", "varchar"),
    ("legal_form", "legal_form", "varchar"),
    ("credit_code", "credit_code", "varchar"),
    ("county_id", "county_id", "bigint"),
    ("zone_id", "zone_id", "bigint"),
    ("address", "address", "varchar"),
    ("responsible_person", "responsible_person", "varchar"),
    ("phone", "phone", "varchar"),
    ("staff_count", "staff_count", "integer"),
    ("blind_staff_count", "blind_staff_count", "integer"),
    ("opened_on", "opened_on", "date"),
    ("status", "status", "varchar"),
]
_ATTRIBUTES = [attribute for attribute, _, _ in COLUMNS]
_EVENT_COLUMNS = "at, actor_id, action, content_type_id, object_id, object_repr, changes, batch, note"


def institutions_insert(chunk: Sequence[InstitutionData], *, now: datetime) -> list[int]:
    """Insert the chunk's institutions; their new ids, in the chunk's order."""
    rows = [tuple(getattr(data, a) for a in _ATTRIBUTES) for data in chunk]
    table = connection.ops.quote_name(Institution._meta.db_table)
    names = ", ".join(column for _, column, _ in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{kind}[]" for _, _, kind in COLUMNS)
            cursor.execute(
                f"INSERT INTO {table} ({names}, created_at, updated_at) "
                f"SELECT *, %s, %s FROM unnest({arrays}) RETURNING id, county_id, name",
                [now, now, *(list(column) for column in zip(*rows, strict=True))],
            )
            created = cursor.fetchall()
        else:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            (before,) = cursor.fetchone()
            stamp = connection.ops.adapt_datetimefield_value(now)
            dates = {}
            prepared = []
            for row in rows:
                if (day := row[10]) is not None and (text := dates.get(day)) is None:
                    text = dates[day] = connection.ops.adapt_datefield_value(day)
                prepared.append((*row[:10], None if day is None else text, row[11], stamp, stamp))
            marks = ", ".join(["%s"] * (len(COLUMNS) + 2))
            cursor.executemany(
                f"INSERT INTO {table} ({names}, created_at, updated_at) VALUES ({marks})", prepared
            )
            # The transaction holds SQLite's only write lock: every id above `before` is ours.
            cursor.execute(f"SELECT id, county_id, name FROM {table} WHERE id > %s", [before])
            created = cursor.fetchall()
    ids = {(county, name): pk for pk, county, name in created}
    return [ids[(data.county_id, data.name)] for data in chunk]


_OPENINGS = [f"{json.dumps(attribute)}: [null, " for attribute in _ATTRIBUTES]
_quoted = json.encoder.encode_basestring_ascii  # what json.dumps writes for a str


def changes_json(data: InstitutionData) -> str:
    """json.dumps(field_changes({}, snapshot)) of a new institution, character for character:
    {"name": [null, "…"], …} for every field that is set (dates as ISO text), without building the
    dict. Its values are text, whole numbers and dates only."""
    parts = []
    for opening, attribute in zip(_OPENINGS, _ATTRIBUTES, strict=True):
        value = getattr(data, attribute)
        if value is None:
            continue
        if value.__class__ is str:
            parts.append(f"{opening}{_quoted(value)}]")
        elif value.__class__ is int:
            parts.append(f"{opening}{value}]")
        else:
            parts.append(f"{opening}{json.dumps(to_json_value(value))}]")
    return "{" + ", ".join(parts) + "}"


def import_events_insert(
    *, by, chunk: Sequence[InstitutionData], ids: Sequence[int], batch: uuid.UUID, now: datetime
) -> int:
    """One IMPORT audit event per institution of the chunk, as audit_record_many writes them."""
    content_type = ContentType.objects.get_for_model(Institution).pk
    actor = getattr(by, "pk", None)
    action = str(AuditAction.IMPORT)
    events = [
        (actor, action, content_type, str(pk), data.name[:200], changes_json(data), batch, "")
        for pk, data in zip(ids, chunk, strict=True)
    ]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({_EVENT_COLUMNS}) FROM STDIN") as copy:
                for event in events:
                    copy.write_row((now, *event))
        else:
            stamp = connection.ops.adapt_datetimefield_value(now)
            batch_value = AuditEvent._meta.get_field("batch").get_db_prep_value(batch, connection)
            cursor.executemany(
                f"INSERT INTO {table} ({_EVENT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [(stamp, *event[:6], batch_value, event[7]) for event in events],
            )
    return len(events)
