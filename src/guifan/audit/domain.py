"""What changed between two snapshots of a record. Pure Python."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

Changes = dict[str, list[Any]]


def to_json_value(value: Any) -> Any:
    """Plain JSON for the stored trail: dates as ISO text, Decimals as text (exact), records as their
    primary key, others as is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """{field: [old, new]} for each field whose value differs; a new record has old values None."""
    return {
        name: [to_json_value(before.get(name)), to_json_value(value)]
        for name, value in after.items()
        if to_json_value(before.get(name)) != to_json_value(value)
    }
