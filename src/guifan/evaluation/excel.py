"""The 绩效目标申报表 and the 项目支出绩效自评表 as Excel, in the forms' layouts."""

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from guifan.core.money import fen_to_wan

from .domain import display
from .selectors import Sheet

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


def declaration_response(evaluation, s: Sheet) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标申报表"
    _title(sheet, f"{evaluation.programme.year}年度项目支出绩效目标申报表", 6)
    sheet.append(["项目名称", evaluation.programme.name])
    sheet.append(["实施单位", evaluation.programme.implementing_unit])
    sheet.append(["总目标", evaluation.total_goal])
    sheet.append(["年度目标", evaluation.annual_goal])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "计量单位"])
    for row in s.leaves:
        i = row.indicator
        target = f"{i.target.normalize():f}" if i.target is not None else "定性"
        sheet.append([*row.levels(), i.nature, target, i.unit])
    for column, width in zip("ABCDEF", (14, 16, 28, 10, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width
    return _response(workbook, f"declaration-{evaluation.pk}.xlsx")


def self_evaluation_response(evaluation, s: Sheet, funds, execution) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目支出绩效自评表"
    _title(sheet, f"项目支出绩效自评表（{evaluation.programme.year}年度）", 8)
    sheet.append(["项目名称", evaluation.programme.name])
    sheet.append(["实施单位", evaluation.programme.implementing_unit])
    sheet.append(["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    for row in funds:
        scored = execution is not None and row.label.startswith("其中：当年")
        sheet.append(
            [
                row.label,
                "",
                fen_to_wan(row.initial) if row.initial is not None else "",
                fen_to_wan(row.annual) if row.annual is not None else "",
                fen_to_wan(row.spent) if row.spent is not None else "",
                float(execution.weight) if scored else "",
                f"{display(row.rate, 2)}%" if row.rate is not None else "",
                float(display(execution.final, s.places)) if scored and execution.final is not None else "",
            ]
        )
    sheet.append(["年度总体目标", evaluation.annual_goal])
    sheet.append(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
    )
    for row in s.leaves:
        i = row.indicator
        target = f"{i.nature}{i.target.normalize():f}{i.unit}" if i.target is not None else "定性"
        actual = (
            f"{display(i.actual, 2).normalize():f}{i.unit}"
            if i.actual is not None
            else i.actual_note or {"achieved": "达成", "partly": "部分达成", "not": "未达成"}.get(i.band, "")
        )
        score = (
            "不适用"
            if i.not_applicable
            else (float(display(i.final, s.places)) if i.final is not None else "")
        )
        sheet.append([*row.levels(), target, actual, float(i.weight), score, i.deviation])
    sheet.append(
        ["总分", "", "", "", "", 100, float(display(s.total.total, s.places)), f"评定等级：{s.total.grade}"]
    )
    for column, width in zip("ABCDEFGH", (16, 14, 24, 14, 16, 8, 8, 50), strict=True):
        sheet.column_dimensions[column].width = width
    return _response(workbook, f"self-evaluation-{evaluation.pk}.xlsx")
