"""Turning audit events of a login into rows a person can read."""

from dataclasses import dataclass

from guifan.audit.models import AuditEvent
from guifan.regions.models import Region
from guifan.registry.models import Institution

from .constants import Role

_LABELS = {
    "username": "用户名",
    "role": "角色",
    "full_name": "姓名",
    "county_id": "所属县区",
    "institution_id": "所属机构",
    "is_active": "账户状态",
    "password": "密码",
}


@dataclass
class ChangeRow:
    label: str
    old: str
    new: str


def readable_history(events: list[AuditEvent]) -> list[tuple[AuditEvent, list[ChangeRow]]]:
    """Each event with its changes in words; region and institution names read in two queries."""
    ids = {"county_id": set(), "institution_id": set()}
    for event in events:
        for name in ids:
            ids[name].update(v for v in event.changes.get(name, []) if v)
    names = {
        "county_id": dict(Region.objects.filter(pk__in=ids["county_id"]).values_list("id", "name")),
        "institution_id": dict(
            Institution.objects.filter(pk__in=ids["institution_id"]).values_list("id", "name")
        ),
    }
    return [
        (
            event,
            [
                ChangeRow(_LABELS.get(name, name), _show(name, old, names), _show(name, new, names))
                for name, (old, new) in event.changes.items()
            ],
        )
        for event in events
    ]


def _show(name: str, value, names: dict) -> str:
    if name == "is_active" and value is not None:
        return "启用" if value else "已停用"
    if value in (None, ""):
        return "（空）"
    if name in names:
        return names[name].get(value, str(value))
    if name == "role":
        return dict(Role.choices).get(value, value)
    return str(value)
