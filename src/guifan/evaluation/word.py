"""The 项目支出绩效自评表 and 绩效目标申报表 as Word documents (tables in the forms' layouts)."""

from typing import IO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

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
    money = [[row.label, *(str(v) for v in funds_cells(row, execution, s.places))] for row in funds]
    _table(document, ["项目资金（万元）", *FUNDS_HEADER], money)
    document.add_paragraph(f"年度总体目标：{evaluation.annual_goal}")
    rows = [
        [
            *row.levels(),
            row.target_text,
            row.actual_text,
            str(display(row.indicator.weight, 0)),
            row.score_text(s.places),
            row.indicator.deviation,
        ]
        for row in s.leaves
    ]
    rows.append(
        ["总分", "", "", "", "", "100", str(display(s.total.total, s.places)), f"评定等级：{s.total.grade}"]
    )
    _table(document, SELF_EVALUATION_HEADER, rows)
    document.save(target)


def declaration_docx(d: Declaration, target: IO[bytes]) -> None:
    """The 绩效目标申报表 in the national form's layout (see `selectors.declaration`)."""
    evaluation = d.evaluation
    document = _document(f"项目支出绩效目标申报表（{evaluation.programme.year}年度）")
    money = [
        ["项目资金（万元）" if i == 0 else "", label, str(fen_to_wan(fen)) if fen is not None else "—"]
        for i, (label, fen) in enumerate(d.funds)
    ]
    _table(
        document,
        ["项目", "", "内容"],
        [
            ["项目名称", "", evaluation.programme.name],
            ["主管部门", "", evaluation.department],
            ["实施单位", "", evaluation.programme.implementing_unit],
            *money,
            ["总体目标", "中长期目标", evaluation.total_goal],
            ["", "年度目标", evaluation.annual_goal],
        ],
    )
    document.add_paragraph("绩效指标")
    _table(document, DECLARATION_TARGETS_HEADER, declaration_rows(d))
    document.save(target)
