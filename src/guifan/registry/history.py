"""Turning audit events of an institution into rows a person can read."""

from dataclasses import dataclass

from guifan.audit.models import AuditEvent
from guifan.core.phones import group_phone, mask_phone
from guifan.regions.models import Region

from .constants import InstitutionStatus, LegalForm
from .models import Institution

_LABELS = {f.attname: f.verbose_name for f in Institution._meta.concrete_fields}
_CHOICES = {"legal_form": dict(LegalForm.choices), "status": dict(InstitutionStatus.choices)}


@dataclass
class ChangeRow:
    label: str
    old: str
    new: str


def readable_changes(event: AuditEvent, *, user, region_names: dict[int, str]) -> list[ChangeRow]:
    rows = []
    for name, (old, new) in event.changes.items():
        rows.append(
            ChangeRow(
                _LABELS.get(name, name),
                _show(name, old, user, region_names),
                _show(name, new, user, region_names),
            )
        )
    return rows


def region_names() -> dict[int, str]:
    return dict(Region.objects.values_list("id", "name"))


def _show(name: str, value, user, regions: dict[int, str]) -> str:
    if value in (None, ""):
        return "（空）"
    if name in {"county_id", "zone_id"}:
        return regions.get(value, str(value))
    if name in _CHOICES:
        return _CHOICES[name].get(value, value)
    if name == "phone":
        return group_phone(value) if getattr(user, "sees_personal_data", False) else mask_phone(value)
    return str(value)
