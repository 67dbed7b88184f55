"""The 绩效目标申报表 and the 项目支出绩效自评表 as Excel, in the forms' layouts."""

from decimal import Decimal

from django.http import HttpResponse
from openpyxl.styles import Alignment, Font

from guifan.core import xlsx
from guifan.core.money import fen_to_wan

from .domain import display
from .selectors import (
    DECLARATION_TARGETS_HEADER,
    FUNDS_HEADER,
    SELF_EVALUATION_HEADER,
    Declaration,
    Sheet,
    declaration_rows,
    funds_cells,
)


def _title(sheet, text: str, width: int) -> None:
    xlsx.append_row(sheet, [text])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=14)
    sheet.cell(sheet.max_row, 1).alignment = Alignment(horizontal="center")


def _number(value):
    """Decimals as numbers Excel can add up; text stays text."""
    return float(value) if isinstance(value, Decimal) else value


def declaration_response(d: Declaration) -> HttpResponse:
    """The 绩效目标申报表 in the national form's layout (see `selectors.declaration`)."""
    evaluation = d.evaluation
    workbook, sheet = xlsx.new_workbook("绩效目标申报表")
    _title(sheet, f"项目支出绩效目标申报表（{evaluation.programme.year}年度）", 4)
    xlsx.append_row(sheet, ["项目名称", evaluation.programme.name])
    xlsx.append_row(sheet, ["主管部门", evaluation.department])
    xlsx.append_row(sheet, ["实施单位", evaluation.programme.implementing_unit])
    for index, (label, fen) in enumerate(d.funds):
        xlsx.append_row(
            sheet,
            [
                "项目资金（万元）" if index == 0 else "",
                label,
                _number(fen_to_wan(fen)) if fen is not None else "",
            ],
        )
    xlsx.append_row(sheet, ["总体目标", "中长期目标", evaluation.total_goal])
    xlsx.append_row(sheet, ["", "年度目标", evaluation.annual_goal])
    xlsx.append_row(sheet, ["绩效指标"])
    xlsx.append_row(sheet, DECLARATION_TARGETS_HEADER)
    for row in declaration_rows(d):
        xlsx.append_row(sheet, row)
    for column, width in zip("ABCD", (16, 20, 28, 40), strict=True):
        sheet.column_dimensions[column].width = width
    return xlsx.response(workbook, f"declaration-{evaluation.pk}.xlsx")


def self_evaluation_response(evaluation, s: Sheet, funds, execution) -> HttpResponse:
    workbook, sheet = xlsx.new_workbook("项目支出绩效自评表")
    _title(sheet, f"项目支出绩效自评表（{evaluation.programme.year}年度）", 8)
    xlsx.append_row(sheet, ["项目名称", evaluation.programme.name])
    xlsx.append_row(sheet, ["实施单位", evaluation.programme.implementing_unit])
    xlsx.append_row(sheet, ["项目资金（万元）", "", *FUNDS_HEADER])
    for row in funds:
        xlsx.append_row(sheet, [row.label, "", *(_number(v) for v in funds_cells(row, execution, s.places))])
    xlsx.append_row(sheet, ["年度总体目标", evaluation.annual_goal])
    xlsx.append_row(sheet, SELF_EVALUATION_HEADER)
    for row in s.leaves:
        i = row.indicator
        score = row.score_text(s.places)
        xlsx.append_row(
            sheet,
            [
                *row.levels(),
                row.target_text,
                row.actual_text,
                float(i.weight),
                float(score) if score and score != "不适用" else score,
                i.deviation,
            ],
        )
    xlsx.append_row(
        sheet,
        ["总分", "", "", "", "", 100, float(display(s.total.total, s.places)), f"评定等级：{s.total.grade}"],
    )
    for column, width in zip("ABCDEFGH", (16, 14, 24, 14, 16, 8, 8, 50), strict=True):
        sheet.column_dimensions[column].width = width
    return xlsx.response(workbook, f"self-evaluation-{evaluation.pk}.xlsx")
