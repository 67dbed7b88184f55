"""Standards are versioned: a frozen standard is never edited; a change is a new version."""

from decimal import Decimal

from django.db import transaction

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation

from .. import domain
from ..constants import StandardKind
from ..models import Standard, StandardItem


class StandardRejected(domain.InvalidTransition):
    """The rows break the standard's rules; `errors` lists each with its row. Nothing was saved."""

    def __init__(self, errors: list[domain.RowError]) -> None:
        super().__init__("；".join(str(e) for e in errors))
        self.errors = errors


def _require_city(by) -> None:
    if by.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以修订标准")


def item_rows(standard: Standard) -> list[dict]:
    """A version's items as plain rows, in order (the shape `create_items` and the edit page take)."""
    return [
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


def standard_for_year(year: int) -> Standard:
    """The version a new application of that programme year uses: the newest version whose
    effective year is not after it (the earliest version if all are later; the example if none)."""
    from ..loading import load_standard_file

    standards = Standard.objects.filter(kind=StandardKind.GRADING)
    versions = standards.order_by("-effective_year", "-created_at", "-id")
    return (
        versions.filter(effective_year__lte=year).first()
        or standards.order_by("effective_year", "id").first()
        or load_standard_file()
    )


def review_template_for(year: int) -> Standard:
    """The annual review's checklist for a year, chosen as `standard_for_year` chooses the
    standard; the shipped example when the city has none."""
    from ..loading import EXAMPLE_REVIEW, load_standard_file

    templates = Standard.objects.filter(kind=StandardKind.REVIEW)
    return (
        templates.filter(effective_year__lte=year).order_by("-effective_year", "-created_at", "-id").first()
        or templates.order_by("effective_year", "id").first()
        or load_standard_file(EXAMPLE_REVIEW)
    )


def _next_version(name: str) -> int:
    latest = Standard.objects.filter(name=name).order_by("-version").first()
    return latest.version + 1 if latest else 1


def standard_new_version(
    *,
    by,
    standard: Standard,
    items: list[dict] | None = None,
    bands: list | None = None,
    effective_year: int | None = None,
    name: str | None = None,
) -> Standard:
    """Copy a standard into a new version (of its name, or of a new name), with the given items and
    bands or the same ones; the copy is not frozen and may then be edited."""
    _require_city(by)
    name = (name or standard.name).strip()
    with transaction.atomic():
        new = Standard.objects.create(
            name=name,
            version=_next_version(name),
            effective_year=effective_year or standard.effective_year,
            bands=bands if bands is not None else standard.bands,
            is_example=standard.is_example,
            kind=standard.kind,
        )
        create_items(new, items if items is not None else item_rows(standard))
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=new,
            changes={"version": [None, new.version], "copied_from": [None, str(standard)]},
        )
    return new


def standard_update(
    *,
    by,
    standard_id: int,
    name: str | None = None,
    effective_year: int | None = None,
    bands: list[tuple[int, Decimal | None, str]] | None = None,
    items: list[tuple[int, dict]] | None = None,
) -> Standard:
    """Change a version that no inspection has used: its name and year, its grade bands (row,
    minimum, grade) and/or its items (row, fields). All rules are checked first; bad input writes
    nothing. Items are rewritten in the order given."""
    _require_city(by)
    with transaction.atomic():
        standard = Standard.objects.select_for_update().filter(pk=standard_id).first()
        if standard is None:
            raise ScopeViolation("找不到该标准版本")
        if standard.frozen:
            raise domain.InvalidTransition(f"{standard}已用于评分，已冻结，不能修改；请新建版本")
        errors: list[domain.RowError] = []
        if bands is not None:
            errors += domain.band_errors(bands)
        if items is not None:
            errors += domain.standard_item_errors(
                [
                    domain.ItemRow(
                        row=row,
                        code=r["code"],
                        title=r["title"],
                        section=r.get("section", ""),
                        max_points=r.get("max_points"),
                        evidence_required=bool(r.get("evidence_required")),
                        veto=bool(r.get("veto")),
                    )
                    for row, r in items
                ]
            )
        changes: dict = {}
        if name is not None and name.strip() != standard.name:
            name = name.strip()
            if not name:
                errors.append(domain.RowError(0, "name", "请填写标准名称"))
            elif (
                Standard.objects.filter(name=name, version=standard.version).exclude(pk=standard.pk).exists()
            ):
                errors.append(domain.RowError(0, "name", f"已有“{name}”第{standard.version}版，请换一个名称"))
            changes["name"], standard.name = [standard.name, name], name
        if errors:
            raise StandardRejected(errors)
        if effective_year is not None and effective_year != standard.effective_year:
            changes["effective_year"] = [standard.effective_year, effective_year]
            standard.effective_year = effective_year
        if bands is not None:
            new_bands = [{"minimum": str(m), "grade": g} for _, m, g in bands]
            if new_bands != standard.bands:
                changes["bands"], standard.bands = [standard.bands, new_bands], new_bands
        standard.save()
        if items is not None:
            rows = [r for _, r in items]
            if rows != item_rows(standard):
                changes["items"] = [len(standard.items.all()), len(rows)]
                # Children first: items point at their section with PROTECT.
                standard.items.filter(section__isnull=False).delete()
                standard.items.all().delete()
                create_items(standard, rows)
        if changes:
            audit_record(by=by, action=AuditAction.UPDATE, obj=standard, changes=_plain(changes))
    return standard


def _plain(changes: dict) -> dict:
    """Audit values as JSON: decimals as strings."""
    return {k: [str(v) if isinstance(v, Decimal) else v for v in pair] for k, pair in changes.items()}


def standard_import(*, by, name: str, effective_year: int, items: list[dict], bands: list) -> Standard:
    """A standard read from Excel: the next version of the standard of that name (or its first)."""
    if by.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以导入标准")
    with transaction.atomic():
        standard = Standard.objects.create(
            name=name, version=_next_version(name), effective_year=effective_year, bands=bands
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
