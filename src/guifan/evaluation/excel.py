"""The 绩效目标申报表 and the 项目支出绩效自评表 as Excel, in the forms' layouts."""

from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

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

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(workbook: Workbook, name: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    workbook.save(response)
    return response


def _title(sheet, text: str, width: int) -> None:
    sheet.append([text])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=14)
    sheet.cell(sheet.max_row, 1).alignment = Alignment(horizontal="center")


def _number(value):
    """Decimals as numbers Excel can add up; text stays text."""
    return float(value) if isinstance(value, Decimal) else value


def declaration_response(d: Declaration) -> HttpResponse:
    """The 绩效目标申报表 in the national form's layout (see `selectors.declaration`)."""
    evaluation = d.evaluation
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标申报表"
    _title(sheet, f"项目支出绩效目标申报表（{evaluation.programme.year}年度）", 4)
    sheet.append(["项目名称", evaluation.programme.name])
    sheet.append(["主管部门", evaluation.department])
    sheet.append(["实施单位", evaluation.programme.implementing_unit])
    for index, (label, fen) in enumerate(d.funds):
        sheet.append(
            [
                "项目资金（万元）" if index == 0 else "",
                label,
                _number(fen_to_wan(fen)) if fen is not None else "",
            ]
        )
    sheet.append(["总体目标", "中长期目标", evaluation.total_goal])
    sheet.append(["", "年度目标", evaluation.annual_goal])
    sheet.append(["绩效指标"])
    sheet.append(DECLARATION_TARGETS_HEADER)
    for row in declaration_rows(d):
        sheet.append(row)
    for column, width in zip("ABCD", (16, 20, 28, 40), strict=True):
        sheet.column_dimensions[column].width = width
    return _response(workbook, f"declaration-{evaluation.pk}.xlsx")


def self_evaluation_response(evaluation, s: Sheet, funds, execution) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目支出绩效自评表"
    _title(sheet, f"项目支出绩效自评表（{evaluation.programme.year}年度）", 8)
    sheet.append(["项目名称", evaluation.programme.name])
    sheet.append(["实施单位", evaluation.programme.implementing_unit])
    sheet.append(["项目资金（万元）", "", *FUNDS_HEADER])
    for row in funds:
        sheet.append([row.label, "", *(_number(v) for v in funds_cells(row, execution, s.places))])
    sheet.append(["年度总体目标", evaluation.annual_goal])
    sheet.append(SELF_EVALUATION_HEADER)
    for row in s.leaves:
        i = row.indicator
        score = row.score_text(s.places)
        sheet.append(
            [
                *row.levels(),
                row.target_text,
                row.actual_text,
                float(i.weight),
                float(score) if score and score != "不适用" else score,
                i.deviation,
            ]
        )
    sheet.append(
        ["总分", "", "", "", "", 100, float(display(s.total.total, s.places)), f"评定等级：{s.total.grade}"]
    )
    for column, width in zip("ABCDEFGH", (16, 14, 24, 14, 16, 8, 8, 50), strict=True):
        sheet.column_dimensions[column].width = width
    return _response(workbook, f"self-evaluation-{evaluation.pk}.xlsx")
