"""The 项目支出绩效自评表 and 绩效目标申报表 as Word documents (tables in the forms' layouts)."""

from typing import IO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from guifan.core.money import fen_to_wan

from .domain import display
from .selectors import Sheet


def _document(title: str) -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "SimSun", Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(16)
    document.core_properties.language = "zh-CN"
    return document


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    return table


def self_evaluation_docx(evaluation, s: Sheet, funds, execution, target: IO[bytes]) -> None:
    document = _document(f"项目支出绩效自评表（{evaluation.programme.year}年度）")
    document.add_paragraph(
        f"项目名称：{evaluation.programme.name}    实施单位：{evaluation.programme.implementing_unit}"
    )
    money = []
    for row in funds:
        scored = execution is not None and row.label.startswith("其中：当年")
        money.append(
            [
                row.label,
                "" if row.initial is None else f"{fen_to_wan(row.initial)}",
                "" if row.annual is None else f"{fen_to_wan(row.annual)}",
                "" if row.spent is None else f"{fen_to_wan(row.spent)}",
                f"{display(execution.weight, 0)}" if scored else "",
                f"{display(row.rate, 2)}%" if row.rate is not None else "",
                f"{display(execution.final, s.places)}" if scored and execution.final is not None else "",
            ]
        )
    _table(
        document,
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        money,
    )
    document.add_paragraph(f"年度总体目标：{evaluation.annual_goal}")
    rows = []
    for row in s.leaves:
        i = row.indicator
        target_text = f"{i.nature}{i.target.normalize():f}{i.unit}" if i.target is not None else "定性"
        actual = f"{display(i.actual, 2).normalize():f}{i.unit}" if i.actual is not None else i.band_label
        score = (
            "不适用" if i.not_applicable else (f"{display(i.final, s.places)}" if i.final is not None else "")
        )
        rows.append([*row.levels(), target_text, actual, f"{display(i.weight, 0)}", score, i.deviation])
    rows.append(
        ["总分", "", "", "", "", "100", f"{display(s.total.total, s.places)}", f"评定等级：{s.total.grade}"]
    )
    _table(
        document,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        rows,
    )
    document.save(target)


def declaration_docx(evaluation, s: Sheet, target: IO[bytes]) -> None:
    document = _document(f"{evaluation.programme.year}年度项目支出绩效目标申报表")
    _table(
        document,
        ["项目", "内容"],
        [
            ["项目名称", evaluation.programme.name],
            ["实施单位", evaluation.programme.implementing_unit],
            ["总目标", evaluation.total_goal],
            ["年度目标", evaluation.annual_goal],
        ],
    )
    document.add_paragraph()
    rows = [
        [
            *r.levels(),
            r.indicator.nature,
            f"{r.indicator.target.normalize():f}" if r.indicator.target is not None else "定性",
            r.indicator.unit,
        ]
        for r in s.leaves
    ]
    _table(document, ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "计量单位"], rows)
    document.save(target)
