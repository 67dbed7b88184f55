"""The report as a Word document in the official style of GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 2号 (Word and WPS
substitute 黑体-like faces where it is not installed); body 仿宋_GB2312 3号 with a fixed line
spacing of 28.95 pt (22 lines a page); headings 一、黑体, （一）楷体_GB2312, 1、仿宋 bold; page numbers
"— 1 —" in 宋体 4号; tables with their header rows repeated on every page. East Asian font names are
written to w:rFonts/@w:eastAsia, which is what Word, WPS and LibreOffice read for Chinese text.
"""

import io
from typing import IO

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .document import Chart, Document, Para, Table

SIZE_2, SIZE_3, SIZE_4, SIZE_5 = Pt(22), Pt(16), Pt(14), Pt(10.5)  # 2号, 3号, 4号, 5号
LINE = Pt(28.95)
STYLES = {
    # role: (east Asian font, size, bold, alignment, first-line indent, space before)
    "title": ("方正小标宋简体", SIZE_2, False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(0)),
    "subtitle": ("黑体", SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(0)),
    "centre": ("黑体", SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(14)),
    "h1": ("黑体", SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(32), Pt(0)),
    "h2": ("楷体_GB2312", SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(32), Pt(0)),
    "h3": ("仿宋_GB2312", SIZE_3, True, WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(32), Pt(0)),
    "body": ("仿宋_GB2312", SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(32), Pt(0)),
    "signature": ("仿宋_GB2312", SIZE_3, False, WD_ALIGN_PARAGRAPH.RIGHT, None, Pt(0)),
    "appendix": ("黑体", SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, None, Pt(0)),
    "caption": ("黑体", Pt(12), False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(6)),
    "cell": ("仿宋_GB2312", SIZE_5, False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(0)),
}


def _fonts(element, east_asian: str) -> None:
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")
    fonts.set(qn("w:hint"), "eastAsia")


def _styles(docx) -> None:
    for role, (font, size, bold, align, indent, before) in STYLES.items():
        style = docx.styles["Normal"] if role == "body" else docx.styles.add_style(f"Guifan {role}", 1)
        if role != "body":
            style.base_style = docx.styles["Normal"]
        style.font.size, style.font.bold = size, bold
        _fonts(style.element, font)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = indent if indent is not None else Pt(0)
        fmt.space_before, fmt.space_after = before, Pt(0)
        if role == "cell":
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        elif role == "title":
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.AT_LEAST, LINE
            fmt.space_after = Pt(14)
        else:
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
        if role in ("h1", "h2", "h3", "caption"):
            fmt.keep_with_next = True


def _page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    for kind in ("begin", "instr", "separate", "number", "end"):
        run = footer.add_run("1" if kind == "number" else None)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif kind != "number":
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    footer.add_run(" —")
    for r in footer.runs:
        r.font.size = SIZE_4
        _fonts(r._r, "宋体")


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(docx, table: Table) -> None:
    if table.caption:
        docx.add_paragraph(table.caption, style="Guifan caption")
    widths = _widths(table)
    out = docx.add_table(rows=len(table.rows), cols=len(widths))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    for column, width in zip(out.columns, widths, strict=True):
        column.width = width
    style_id = docx.styles["Guifan cell"].style_id  # resolved once: by name it costs a scan per cell
    grid = []
    for r, (row, values) in enumerate(zip(out.rows, table.rows, strict=True)):
        if r < table.header_rows:
            _repeat_header(row)
        cells = row.cells
        grid.append(cells)
        for cell, text, width in zip(cells, values, widths, strict=False):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph._p.get_or_add_pPr().style = style_id
            if text:
                run = paragraph.add_run(text)
                run.bold = r < table.header_rows
    for top, left, bottom, right in table.merges:
        _merge(grid, top, left, bottom, right)


def _merge(grid, top: int, left: int, bottom: int, right: int) -> None:
    """Write the merge as Word does (w:gridSpan across, w:vMerge down) without python-docx's general
    merge, which re-reads the whole table for every area (seconds on a thousand-row table)."""
    for r in range(top, bottom + 1):
        first = grid[r][left]._tc
        for c in range(right, left, -1):
            first.getparent().remove(grid[r][c]._tc)
        if right > left:
            first.grid_span = right - left + 1
            first.width = sum((grid[r][c].width or 0 for c in range(left, right + 1)), 0)
        if bottom > top:
            first.vMerge = "restart" if r == top else "continue"
            if r > top:
                for p in first.p_lst[1:]:
                    first.remove(p)


def _widths(table: Table) -> list[Mm]:
    """Columns as wide as their longest text (within limits), sharing the 156 mm between the margins."""
    columns = max(len(r) for r in table.rows)
    longest = [3.0] * columns
    for r, row in enumerate(table.rows):
        if sum(text is None for text in row) > columns // 2:
            continue  # a title row spanning the table
        weight = 0.5 if r < table.header_rows else 1.0  # headings may wrap; data should not
        for c, text in enumerate(row):
            if text:
                longest[c] = max(longest[c], min(len(text), 16) * weight)
    total = sum(longest)
    return [Mm(156 * n / total) for n in longest]


def _chart(docx, chart: Chart) -> None:
    if not chart.png:
        return
    docx.add_paragraph(style="Guifan caption").add_run().add_picture(io.BytesIO(chart.png), width=Cm(15))
    picture = docx.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
    picture.set("descr", f"{chart.title}：{chart.alt}")  # the alternative text screen readers announce
    picture.set("title", chart.title)
    docx.add_paragraph(chart.title, style="Guifan caption")


def write_docx(document: Document, target: IO[bytes], *, title: str = "") -> None:
    docx = new_docx()
    _styles(docx)
    _page(docx.sections[0])
    docx.core_properties.title = title
    docx.core_properties.language = "zh-CN"
    for block in document.blocks:
        if isinstance(block, Para):
            if block.role == "appendix":
                docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            if block.role == "signature" and docx.paragraphs[-1].style.name != "Guifan signature":
                docx.add_paragraph()
            role = "body" if block.role == "body" else block.role
            docx.add_paragraph(block.text, style="Normal" if role == "body" else f"Guifan {role}")
        elif isinstance(block, Table):
            _table(docx, block)
        elif isinstance(block, Chart):
            _chart(docx, block)
    docx.save(target)
