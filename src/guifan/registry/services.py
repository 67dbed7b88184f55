"""Writes to the registry: one function per use case, atomic, scope-checked and audited."""

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.accounts.domain import CREATES_INSTITUTIONS, IMPORTS_INSTITUTIONS, institution_fields_editable_by
from guifan.audit.constants import AuditAction
from guifan.audit.domain import field_changes
from guifan.audit.models import new_batch
from guifan.audit.services import audit_record
from guifan.core.archives import HostileFile, check_archive
from guifan.core.exceptions import ScopeViolation
from guifan.regions.selectors import region_index

from . import bulk, excel
from .constants import INSTITUTION_FIELDS
from .imports import (
    CHECKED_FIELDS,
    HEADER_SEARCH_ROWS,
    MAX_LISTED_ERRORS,
    RowChecker,
    RowError,
    SeedGroupChecker,
    match_header,
    missing_headers,
    row_marker,
)
from .models import Institution
from .selectors import institutions_visible_to
from .signals import institution_moved

AUDITED_FIELDS = [Institution._meta.get_field(name).attname for name in INSTITUTION_FIELDS]


def _snapshot(institution: Institution) -> dict[str, Any]:
    return {name: getattr(institution, name) for name in AUDITED_FIELDS}


def institution_create(*, by, data: dict[str, Any]) -> Institution:
    """Register an institution. A county officer registers in their own county only."""
    if by.role not in CREATES_INSTITUTIONS:
        raise ScopeViolation("无权新建机构")
    county = data.get("county")
    if by.role == Role.COUNTY_OFFICER and getattr(county, "pk", county) != by.county_id:
        raise ScopeViolation("只能在本县区新建机构")
    with transaction.atomic():
        institution = Institution.objects.create(**data)
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=institution,
            changes=field_changes({}, _snapshot(institution)),
        )
    return institution


def institution_update(*, by, institution_id: int, data: dict[str, Any]) -> Institution:
    """Change an institution's fields; only the fields the actor's role may edit, within their scope."""
    allowed = institution_fields_editable_by(by.role)
    with transaction.atomic():
        institution = (
            institutions_visible_to(by).select_for_update(of=("self",)).filter(pk=institution_id).first()
        )
        if institution is None or not allowed:
            raise ScopeViolation("无权修改该机构")
        before = _snapshot(institution)
        for name, value in data.items():
            if name not in allowed and getattr(institution, name) != value:
                raise ScopeViolation(f"无权修改“{Institution._meta.get_field(name).verbose_name}”")
            setattr(institution, name, value)
        if by.role == Role.COUNTY_OFFICER and institution.county_id != by.county_id:
            raise ScopeViolation("不能把机构移出本县区")
        changes = field_changes(before, _snapshot(institution))
        if changes:
            institution.save()
            audit_record(by=by, action=AuditAction.UPDATE, obj=institution, changes=changes)
            if "address" in changes or "county" in changes:
                institution_moved.send(sender=Institution, institution=institution, changes=changes, by=by)
    return institution


@dataclass
class ImportResult:
    layout: str
    created: int


class ImportRejected(Exception):
    """The file has errors; nothing was written. `errors` lists each with its row and column."""

    def __init__(self, errors: list[RowError], total: int, *, unreadable: bool = False) -> None:
        super().__init__(f"{total} 处错误")
        self.errors = errors
        self.total = total
        self.unreadable = unreadable  # the file itself, not its rows: refused before or while reading


PROGRESS_ROWS = 500
_UNREADABLE = "请上传 Excel 2007 及以上版本的 .xlsx 文件"


def institutions_import(
    *,
    by,
    source: str | IO[bytes],
    chunk_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import every institution in the workbook, or none: one bad row rejects the whole file.

    The upload is checked (check_archive) before any reader opens it. Rows are read (by calamine
    when the sheet fits in memory, else streamed by openpyxl), checked in plain Python and written
    in chunks inside one transaction, each chunk's institutions and their audit events in a few
    statements (bulk.py). The first error stops the writing, the rest of the file is still checked
    so the user sees every bad row, and the transaction is rolled back. `progress` is told the row
    number reached every PROGRESS_ROWS rows (a background job shows it).
    """
    if by.role not in IMPORTS_INSTITUTIONS:
        raise ScopeViolation("无权导入机构")
    only_county = by.county if by.role == Role.COUNTY_OFFICER else None
    try:
        check_archive(source, "xlsx")
    except HostileFile as exc:
        raise ImportRejected([RowError(0, "", str(exc))], 1, unreadable=True) from exc
    checker = RowChecker(
        regions=region_index(),
        existing=set(Institution.objects.values_list("county_id", "name")),
        existing_codes=set(Institution.objects.exclude(credit_code="").values_list("credit_code", flat=True)),
        only_county_id=only_county.pk if only_county else None,
        only_county_name=only_county.name if only_county else "",
        today=timezone.localdate(),
    )
    errors: list[RowError] = []
    total_errors = 0
    batch = new_batch()
    chunk: list[tuple] = []
    created = 0
    layout = ""
    try:
        with transaction.atomic():
            layout, columns, rows = _find_header(excel.read_rows(source))
            seed = SeedGroupChecker() if layout == "seed" else None
            width = max(columns.values()) + 1
            padding = (None,) * width
            # The checked values, picked out of a row in CHECKED_FIELDS order; a column the sheet
            # lacks reads the None put after the row's cells.
            lacking = any(name not in columns for name in CHECKED_FIELDS)
            pick = itemgetter(*(columns.get(name, width) for name in CHECKED_FIELDS))
            check = checker.check
            for number, cells in rows:
                if progress and number % PROGRESS_ROWS == 0:
                    progress(number)
                if len(cells) < width:
                    cells = (*cells, *padding[len(cells) :])
                if seed:
                    marker = row_marker(cells)
                    values = {name: cells[index] for name, index in columns.items()}
                    if marker == "end":
                        break
                    if marker == "total":
                        seed.total(number, values)
                        continue
                if not any(cells) and not any(v is not None and v != "" for v in cells):
                    continue
                if seed:
                    seed.add(number, values)
                data, row_errors = check(number, pick((*cells[:width], None) if lacking else cells))
                if row_errors:
                    total_errors += len(row_errors)
                    errors.extend(row_errors[: max(0, MAX_LISTED_ERRORS - len(errors))])
                    chunk.clear()
                elif not total_errors:
                    chunk.append(data)
                    if len(chunk) >= chunk_size:
                        created += _write_chunk(by, chunk, batch)
                        chunk.clear()
            if seed:
                group_errors = seed.finish()
                total_errors += len(group_errors)
                errors.extend(group_errors[: max(0, MAX_LISTED_ERRORS - len(errors))])
            if not total_errors and not created and not chunk:
                raise ImportRejected([RowError(0, "", "文件中没有机构数据行")], 1)
            if total_errors:
                raise ImportRejected(sorted(errors, key=lambda e: e.row), total_errors)
            created += _write_chunk(by, chunk, batch)
    except excel.UnreadableWorkbook as exc:
        message = f"无法读取文件：{exc or _UNREADABLE}"
        raise ImportRejected([RowError(exc.row or 0, "", message)], 1, unreadable=True) from exc
    return ImportResult(layout=layout, created=created)


def _find_header(rows):
    """The layout and column map from the first rows; the same iterator continues after the header."""
    for number, cells in rows:
        if found := match_header(cells):
            layout, columns = found
            if missing := missing_headers(layout, columns):
                raise ImportRejected([RowError(number, "", f"表头缺少列：{'、'.join(missing)}")], 1)
            return layout, columns, rows
        if number >= HEADER_SEARCH_ROWS:
            break
    raise ImportRejected(
        [
            RowError(
                0,
                "",
                f"前{HEADER_SEARCH_ROWS}行中找不到表头（应有“机构名称”“所属县区”“负责人姓名”“电话”等列）",
            )
        ],
        1,
    )


def _write_chunk(by, chunk: list[tuple], batch) -> int:
    """The chunk's institutions and one IMPORT audit event each (as audit_record_many writes them)."""
    return bulk.import_insert(chunk, by=by, batch=batch, now=timezone.now())
