"""The report as a Word document in the official style of GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 2号 (Word and WPS
substitute 黑体-like faces where it is not installed); body 仿宋_GB2312 3号 with a fixed line
spacing of 28.95 pt (22 lines a page); headings 一、黑体, （一）楷体_GB2312, 1、仿宋 bold; page numbers
"— 1 —" in 宋体 4号; tables with their header rows repeated on every page. East Asian font names are
written to w:rFonts/@w:eastAsia, which is what Word, WPS and LibreOffice read for Chinese text.
"""

import io
import re
from typing import IO

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import element_class_lookup
from docx.shared import Cm, Length, Mm, Pt
from lxml import etree

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
    "figure": ("仿宋_GB2312", SIZE_5, False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(6)),
}
CELL_PAD_MM = 1.0  # left and right, written as w:tblCellMar so every reader uses the same
CELL_PAD_TB_MM = 0.8
CHAR_MM = 10.5 * 25.4 / 72  # one Chinese character at 5号
ONE_LINE = re.compile(r"^[≥≤=<>]?[\d.,*%]+[^\d\s]{0,3}$")  # 100, 92.52分, 87.5%, 138****0002, 20000元/家
HEADER_EMS = 3  # a longer heading wraps after 3 characters; a unit part of up to 4, （万元）, stays whole
SLACK_EMS = 0.3  # font metrics differ a little between Word, WPS and LibreOffice
TAB_OR_BREAK = re.compile(r"([\t\r\n])")
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # what XML 1.0 cannot hold


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
        if role in ("cell", "figure"):
            # a picture in a paragraph with an exact line height is cut to that height (LibreOffice)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        elif role == "title":
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.AT_LEAST, LINE
            fmt.space_after = Pt(14)
        else:
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
        if role in ("h1", "h2", "h3", "caption", "figure"):
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


def _landscape(section) -> None:
    """The appendix's 自评表 has eight columns: on a landscape page, as the printed forms are."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    section.left_margin, section.right_margin = Mm(37), Mm(35)
    section.footer_distance = Mm(15)


def _table(docx, table: Table) -> None:
    if table.caption:
        docx.add_paragraph(table.caption, style="Guifan caption")
    section = docx.sections[-1]
    widths = _widths(table, Length(section.page_width - section.left_margin - section.right_margin).mm)
    out = docx.add_table(rows=0, cols=len(widths))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False  # w:tblLayout fixed: the grid below, not the text, decides the widths
    _table_properties(out, widths)
    for column, width in zip(out.columns, widths, strict=True):
        column.width = width
    style_id = docx.styles["Guifan cell"].style_id  # resolved once: by name it costs a scan per cell
    out._tbl.extend(_rows(table, widths, style_id))


def _rows(table: Table, widths: list, style_id: str) -> list:
    """The table's w:tr elements, written as markup and parsed a row at a time: the same XML that
    python-docx's cells, runs and merges write, without their search of the schema's child order for
    every element added (seconds on the institutions table of a large year)."""
    twips = [w.twips for w in widths]
    spans, vmerges, covered = {}, {}, set()
    for top, left, bottom, right in table.merges:  # w:gridSpan across, w:vMerge down, as Word does
        for r in range(top, bottom + 1):
            covered.update((r, c) for c in range(left + 1, right + 1))
            if right > left:
                spans[r, left] = (right - left + 1, sum(twips[left : right + 1]))
            if bottom > top:
                vmerges[r, left] = "restart" if r == top else "continue"
    paragraph = f'<w:p><w:pPr><w:pStyle w:val="{_escape(style_id)}"/></w:pPr>'
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True)  # fed row by row: no whole-table text
    parser.set_element_class_lookup(element_class_lookup)  # python-docx's element classes
    parser.feed(f"<w:tbl {nsdecls('w')}>")
    for r, values in enumerate(table.rows):
        heading = r < table.header_rows
        markup = ['<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>' if heading else "<w:tr>"]
        for c, width in enumerate(twips):
            if (r, c) in covered:
                continue
            span, width = spans.get((r, c), (1, width))
            markup.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>')
            if span > 1:
                markup.append(f'<w:gridSpan w:val="{span}"/>')
            if (r, c) in vmerges:
                markup.append('<w:vMerge w:val="restart"/>' if vmerges[r, c] == "restart" else "<w:vMerge/>")
            markup.append("</w:tcPr>")
            markup.append(paragraph)
            text = values[c] if c < len(values) else None
            if text:
                parts = _heading_lines(text, widths[c]) if heading else [text]
                markup.append(
                    "<w:r><w:rPr><w:b/></w:rPr>" if heading else '<w:r><w:rPr><w:b w:val="0"/></w:rPr>'
                )
                markup.append(_run_text(parts[0]))
                markup.extend(f"<w:br/>{_t(part)}" for part in parts[1:])
                markup.append("</w:r>")
            markup.append("</w:p></w:tc>")
        markup.append("</w:tr>")
        row = "".join(markup)
        if NOT_XML.search(row):
            _refuse_control_characters(table)
        parser.feed(row)
    parser.feed("</w:tbl>")
    return list(parser.close())


def _refuse_control_characters(table: Table) -> None:
    """As python-docx refuses them (ValueError), naming the cell."""
    for r, values in enumerate(table.rows):
        for c, text in enumerate(values):
            if text and (bad := NOT_XML.search(text)):
                raise ValueError(
                    f"{table.caption or '表格'}第{r + 1}行第{c + 1}列“{text}”含有Word不能保存的控制字符"
                    f"（{bad.group()!r}），请删去后再导出"
                )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _t(text: str) -> str:
    """A w:t as python-docx writes it: spaces kept where the text starts or ends with one."""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{_escape(text)}</w:t>"


def _run_text(text: str) -> str:
    """A run's text as python-docx's `run.text` writes it: a tab as w:tab, a line break as w:br."""
    if not TAB_OR_BREAK.search(text):
        return _t(text)
    return "".join(
        "<w:tab/>" if piece == "\t" else "<w:br/>" if piece in ("\r", "\n") else _t(piece)
        for piece in TAB_OR_BREAK.split(text)
        if piece
    )


def _table_properties(out, widths: list) -> None:
    """The table's total width and its cell margins, explicit so Word, WPS and LibreOffice agree."""
    properties = out._tbl.tblPr
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.append(total)
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(sum(w.twips for w in widths)))
    margins = OxmlElement("w:tblCellMar")
    for side, mm in (
        ("top", CELL_PAD_TB_MM),
        ("left", CELL_PAD_MM),
        ("bottom", CELL_PAD_TB_MM),
        ("right", CELL_PAD_MM),
    ):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(Mm(mm).twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    layout = properties.find(qn("w:tblLayout"))
    layout.addnext(margins)  # the schema's order: tblLayout, then tblCellMar


def _heading_lines(text: str, width) -> list[str]:
    """A heading too wide for its column breaks before its unit: 预算 / （万元）, not 预算（万 / 元）."""
    at = text.find("（")
    if at > 0 and ems(text) > _room(width):
        return [text[:at], text[at:]]
    return [text]


def ems(text: str) -> float:
    """Printed width in characters of 5号: Latin letters and digits are narrower than Chinese."""
    return sum(0.85 if ch in "%MW@" else 0.55 if ord(ch) < 0x2000 else 1.0 for ch in text)


def _room(width) -> float:
    return (width.mm - 2 * CELL_PAD_MM) / CHAR_MM


def _needs(table: Table) -> tuple[list[float], list[float]]:
    """Per column, in characters: the least that keeps every short value, number, name and heading
    word on one line, and what its longest text would like."""
    columns = max(len(r) for r in table.rows)
    need, want = [2.0] * columns, [2.0] * columns
    spanning = {(top, left) for top, left, _, right in table.merges if right > left}
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            if not text or (r, c) in spanning:
                continue
            width = ems(text)
            if r < table.header_rows:
                parts = [text[: text.find("（")], text[text.find("（") :]] if text.find("（") > 0 else [text]
                if len(text) > 4:  # a heading of up to 4 characters stays on one line
                    width = max(
                        ems(p) if p.startswith("（") and len(p) <= 4 else min(ems(p), HEADER_EMS)
                        for p in parts
                    )
                need[c] = max(need[c], width)
            else:
                if c in table.nowrap or len(text) <= 6 or ONE_LINE.match(text):
                    need[c] = max(need[c], width)
                want[c] = max(want[c], min(width, 20))
    return need, want


def _widths(table: Table, room_mm: float) -> list[Mm]:
    """Each column at least as wide as its short values need (slack for font metrics), the rest of
    the text width (156 mm on A4 portrait) shared by the columns with long text, as far as they can use it."""
    need, want = _needs(table)
    base = [(n + SLACK_EMS) * CHAR_MM + 2 * CELL_PAD_MM for n in need]
    spare = room_mm - sum(base)
    if spare < 0:  # too many columns to keep everything on one line: shrink all alike
        return [Mm(b * room_mm / sum(base)) for b in base]
    hunger = [max(w - n, 0.0) for n, w in zip(need, want, strict=True)]
    shares = hunger if sum(hunger) else base
    return [Mm(b + spare * h / sum(shares)) for b, h in zip(base, shares, strict=True)]


def _chart(docx, chart: Chart) -> None:
    if not chart.png:
        return
    paragraph = docx.add_paragraph(style="Guifan figure")
    paragraph.add_run().add_picture(io.BytesIO(chart.png), width=Cm(15))
    picture = paragraph._p.xpath(".//wp:docPr")[0]
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
                _landscape(docx.add_section(WD_SECTION.NEW_PAGE))
            if block.role == "signature" and docx.paragraphs[-1].style.name != "Guifan signature":
                docx.add_paragraph()
            role = "body" if block.role == "body" else block.role
            docx.add_paragraph(block.text, style="Normal" if role == "body" else f"Guifan {role}")
        elif isinstance(block, Table):
            _table(docx, block)
        elif isinstance(block, Chart):
            _chart(docx, block)
    docx.save(target)
