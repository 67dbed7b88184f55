"""Standards are versioned: a frozen standard is never edited; a change is a new version."""

from django.db import transaction

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation

from ..models import Standard, StandardItem


def standard_new_version(
    *,
    by,
    standard: Standard,
    items: list[dict] | None = None,
    bands: list | None = None,
    effective_year: int | None = None,
) -> Standard:
    """Copy a standard into its next version, with the given items and bands (or the same ones)."""
    if by.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以修订标准")
    with transaction.atomic():
        latest = Standard.objects.filter(name=standard.name).order_by("-version").first()
        new = Standard.objects.create(
            name=standard.name,
            version=latest.version + 1,
            effective_year=effective_year or standard.effective_year,
            bands=bands if bands is not None else standard.bands,
            is_example=standard.is_example,
        )
        rows = (
            items
            if items is not None
            else [
                {
                    "code": i.code,
                    "section": i.section.code if i.section else "",
                    "title": i.title,
                    "requirement": i.requirement,
                    "max_points": i.max_points,
                    "check_method": i.check_method,
                    "evidence_required": i.evidence_required,
                    "veto": i.veto,
                }
                for i in standard.items.select_related("section").order_by("order", "id")
            ]
        )
        create_items(new, rows)
        audit_record(
            by=by, action=AuditAction.CREATE, obj=new, changes={"version": [standard.version, new.version]}
        )
    return new


def standard_import(*, by, name: str, effective_year: int, items: list[dict], bands: list) -> Standard:
    """A standard read from Excel: the next version of the standard of that name (or its first)."""
    if by.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以导入标准")
    with transaction.atomic():
        latest = Standard.objects.filter(name=name).order_by("-version").first()
        standard = Standard.objects.create(
            name=name, version=latest.version + 1 if latest else 1, effective_year=effective_year, bands=bands
        )
        create_items(standard, items)
        audit_record(
            by=by, action=AuditAction.IMPORT, obj=standard, changes={"version": [None, standard.version]}
        )
    return standard


def create_items(standard: Standard, rows: list[dict]) -> None:
    """Items in order; a row's `section` names the code of an earlier section row."""
    sections: dict[str, StandardItem] = {}
    for order, row in enumerate(rows, start=1):
        item = StandardItem.objects.create(
            standard=standard,
            section=sections.get(row.get("section") or ""),
            code=row["code"],
            title=row["title"],
            requirement=row.get("requirement", ""),
            max_points=row.get("max_points"),
            check_method=row.get("check_method", ""),
            evidence_required=bool(row.get("evidence_required")),
            veto=bool(row.get("veto")),
            order=order,
        )
        if item.max_points is None:
            sections[item.code] = item
