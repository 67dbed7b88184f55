"""Writing many imported institutions and their audit events at once, without a model instance each.

The ORM's bulk_create spends about 80 µs per institution and as much per audit event building and
preparing instances; an import of 100,000 rows spent most of its time there. These writers send
the same rows straight to the database, in the caller's transaction: SQLite through executemany
(its INSERT takes the write lock the import holds until it commits), PostgreSQL through one
INSERT … SELECT FROM unnest(…) per chunk. The audit events are the ones audit_record_many writes:
one IMPORT event per institution, by the importer, in one batch, with every set field as
[None, value] in the audit trail's field order; timestamps are the chunk's moment, for all its rows.
The database builds them from the rows it has just stored (INSERT … SELECT), so no Python runs per
event: what the trail records is what the table holds.
"""

import re
import uuid
from collections.abc import Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from guifan.audit.constants import AuditAction
from guifan.audit.models import AuditEvent

from .models import Institution

# The columns of an insert row (RowChecker.check builds them), PostgreSQL array type, whether the
# value may be None; in the audit trail's field order. opened_on is ISO text ("2021-03-15").
COLUMNS = [
    ("name", "varchar", False),
    ("legal_form", "varchar", False),
    ("credit_code", "varchar", False),
    ("county_id", "bigint", False),
    ("zone_id", "bigint", True),
    ("address", "varchar", False),
    ("responsible_person", "varchar", False),
    ("phone", "varchar", False),
    ("staff_count", "integer", True),
    ("blind_staff_count", "integer", True),
    ("opened_on", "date", True),
    ("status", "varchar", False),
]
Row = tuple  # (name, legal_form, credit_code, county_id, zone_id, …, opened_on text, status)
_NAMES = ", ".join(name for name, _, _ in COLUMNS)
_STAMP = re.compile(r"[\d:. +-]+")  # SQLite's text of a datetime
_EVENT_COLUMNS = "at, actor_id, action, content_type_id, object_id, object_repr, changes, batch, note"


# Columns whose text the checker has reduced to codes, digits and hyphens (a choice, a checked credit
# code, a normalised phone number, an ISO date): written into the JSON as they are, without quoting.
_PLAIN_TEXT = {"legal_form", "credit_code", "phone", "opened_on", "status"}


def _sqlite_changes() -> str:
    """SQL text of json.dumps(field_changes({}, snapshot)) for a stored row: {"name": [null, …], …}
    with the fields that are not NULL, made by one format() call (a chain of || copies the text
    at each step). Free text goes through json_quote; a value that were not valid JSON would be
    refused by the column's JSON_VALID constraint, not stored."""
    template, arguments = [], []
    for index, (name, kind, nullable) in enumerate(COLUMNS):
        if kind in {"bigint", "integer"}:
            placeholder, value = "%%d", name
        elif name in _PLAIN_TEXT:
            placeholder, value = '"%%s"', name
        else:
            placeholder, value = "%%s", f"json_quote({name})"
        entry = f'{", " if index else ""}"{name}": [null, '
        if nullable:  # the whole entry, or nothing
            value = value if kind in {"bigint", "integer"} else f"'\"' || {name} || '\"'"
            template.append("%%s")
            arguments.append(f"CASE WHEN {name} IS NULL THEN '' ELSE '{entry}' || {value} || ']' END")
        else:
            template.append(f"{entry}{placeholder}]")
            arguments.append(value)
    return f"format('{{{''.join(template)}}}', {', '.join(arguments)})"


def _postgresql_changes() -> str:
    """The same as jsonb: fields whose value is NULL are stripped (jsonb orders keys its own way)."""
    pairs = ", ".join(
        f"'{name}', "
        + (f"CASE WHEN {name} IS NULL THEN NULL ELSE " if nullable else "")
        + f"jsonb_build_array(NULL, {name})"
        + (" END" if nullable else "")
        for name, _, nullable in COLUMNS
    )
    return f"jsonb_strip_nulls(jsonb_build_object({pairs}))"


def import_insert(rows: Sequence[Row], *, by, batch: uuid.UUID, now: datetime) -> int:
    """Insert the rows' institutions and one IMPORT audit event each; the number inserted."""
    if not rows:
        return 0
    table = connection.ops.quote_name(Institution._meta.db_table)
    events = connection.ops.quote_name(AuditEvent._meta.db_table)
    event = [
        getattr(by, "pk", None),
        str(AuditAction.IMPORT),
        ContentType.objects.get_for_model(Institution).pk,
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(
                f"%s::{'text[]::date' if kind == 'date' else kind}[]" for _, kind, _ in COLUMNS
            )
            cursor.execute(
                f"WITH created AS (INSERT INTO {table} ({_NAMES}, created_at, updated_at) "
                f"SELECT *, %s, %s FROM unnest({arrays}) RETURNING *) "
                f"INSERT INTO {events} ({_EVENT_COLUMNS}) "
                f"SELECT %s, %s, %s, %s, id::text, left(name, 200), {_postgresql_changes()}, %s, '' "
                "FROM created ORDER BY id",
                [now, now, *(list(column) for column in zip(*rows, strict=True)), now, *event, batch],
            )
            return cursor.rowcount
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        (before,) = cursor.fetchone()
        stamp = connection.ops.adapt_datetimefield_value(now)
        marks = ", ".join(["%s"] * len(COLUMNS))
        if not _STAMP.fullmatch(stamp):
            raise ValueError(stamp)
        cursor.executemany(  # the chunk's moment written as a literal: no copy of each row to add it
            f"INSERT INTO {table} ({_NAMES}, created_at, updated_at) VALUES ({marks}, '{stamp}', '{stamp}')",
            rows,
        )
        # The transaction holds SQLite's only write lock: every id above `before` is ours.
        cursor.execute(
            f"INSERT INTO {events} ({_EVENT_COLUMNS}) "
            f"SELECT %s, %s, %s, %s, CAST(id AS TEXT), substr(name, 1, 200), {_SQLITE_CHANGES}, %s, '' "
            f"FROM {table} WHERE id > %s ORDER BY id",
            [stamp, *event, AuditEvent._meta.get_field("batch").get_db_prep_value(batch, connection), before],
        )
        return cursor.rowcount


_SQLITE_CHANGES = _sqlite_changes()
