"""Ledger and county-table workbooks. The county table uses the seed report's layout, merged cells
and all, so `guifan import-institutions` reads it back."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Alignment, Font

from guifan.core import xlsx
from guifan.core.money import fen_to_wan, fen_to_yuan
from guifan.core.phones import mask_phone

from .figures import ProgrammeFigures
from .models import LedgerEntry, Programme

LEDGER_HEADER = [
    "日期",
    "类别",
    "资金年度",
    "资金来源",
    "发生年度",
    "县区",
    "机构",
    "文号/凭证号",
    "金额（元）",
    "说明",
    "冲销",
    "录入人",
]
SEED_HEADER = [
    "序号",
    "机构名称",
    "所属县区",
    "负责人姓名",
    "电话",
    "县区机构数（家）",
    "县区资金合计（万元）",
]


def ledger_response(programme: Programme, entries: Iterable[LedgerEntry]) -> HttpResponse:
    workbook, sheet = xlsx.new_workbook("资金台账", write_only=True)
    xlsx.append_row(
        sheet, [f"{programme.year}年度 {programme.name} 资金台账（导出于 {timezone.localdate()}）"]
    )
    xlsx.append_row(sheet, LEDGER_HEADER)
    for e in entries:
        if e.reverses_id:
            note = f"冲销第{e.reverses_id}号记录"
        elif e.is_reversed:
            note = "已被冲销"
        else:
            note = ""
        xlsx.append_row(
            sheet,
            [
                e.date,
                e.get_kind_display(),
                e.source.programme.year,
                e.source.document,
                e.programme.year,
                e.county.name if e.county else "",
                e.institution.name if e.institution else "",
                e.document,
                fen_to_yuan(e.amount),
                e.reason or e.exception_reason,
                note,
                e.created_by.display_name,
            ],
        )
    return xlsx.response(workbook, f"ledger-{programme.year}.xlsx")


def county_table_response(
    programme: Programme,
    figures: ProgrammeFigures,
    names: dict[int, str],
    paid: Iterable[LedgerEntry],
    *,
    sees_personal_data: bool,
) -> HttpResponse:
    """The seed's 机构名单和补助经费表, computed from the payments made in the programme year."""
    workbook, sheet = xlsx.new_workbook("机构名单和补助经费")
    title = f"{programme.year}年度{programme.name}的机构名单和补助经费表"
    xlsx.append_row(sheet, [title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SEED_HEADER))
    xlsx.append_row(sheet, SEED_HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = {row.county_id: row for _, row in figures.county_rows}
    number, row_index = 0, 3
    seen: set[int] = set()
    by_county: dict[int, list[LedgerEntry]] = {}
    for entry in paid:
        if entry.institution_id in seen:
            continue
        seen.add(entry.institution_id)
        by_county.setdefault(entry.county_id, []).append(entry)
    for county_id, entries in by_county.items():
        first = row_index
        for index, entry in enumerate(entries):
            number += 1
            institution = entry.institution
            phone = institution.phone if sees_personal_data else mask_phone(institution.phone)
            county_cells = (
                [rows[county_id].institutions, fen_to_wan(rows[county_id].amount)] if index == 0 else []
            )
            xlsx.append_row(
                sheet,
                [
                    number,
                    institution.name,
                    names.get(county_id, ""),
                    institution.responsible_person,
                    phone,
                    *county_cells,
                ],
            )
            row_index += 1
        if len(entries) > 1:
            for column in (6, 7):
                sheet.merge_cells(
                    start_row=first, start_column=column, end_row=row_index - 1, end_column=column
                )
                sheet.cell(first, column).alignment = Alignment(vertical="center", horizontal="center")
    xlsx.append_row(
        sheet, ["合计", None, None, None, None, figures.total_institutions, fen_to_wan(figures.total_amount)]
    )
    sheet.merge_cells(start_row=row_index, start_column=1, end_row=row_index, end_column=5)
    xlsx.append_row(sheet, ["备注", figures.sentence])
    sheet.merge_cells(
        start_row=row_index + 1, start_column=2, end_row=row_index + 1, end_column=len(SEED_HEADER)
    )
    for column, width in zip("ABCDEFG", (6, 40, 10, 12, 16, 14, 16), strict=True):
        sheet.column_dimensions[column].width = width
    return xlsx.response(workbook, f"counties-{programme.year}.xlsx")
