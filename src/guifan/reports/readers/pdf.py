"""A PDF with a text layer (exported from Word, WPS or a budget system) read into report blocks.

Tables are found by their ruling lines (pdfplumber's lattice finder): a cell covered by a merge is
None, as in the other readers, and each merged area is listed. The text outside the tables is read
line by line and joined into paragraphs: a line that ends a sentence (。；：) or stops short of the
right edge closes its paragraph. A scanned PDF has no text to check and is refused as such.
"""

import logging
from typing import IO

from guifan.core.archives import file_size

from ..document import Document, Para, Table
from .errors import UnreadableReport

MAX_PAGES = 60  # a form is a few pages, a report a few dozen; each page costs pdfplumber ~0.1 s
MAX_BYTES = 20 * 1024 * 1024
ENDS = ("。", "；", "：", ";", ":")


def read_pdf(source: str | IO[bytes]) -> Document:
    import pdfplumber  # imported here: most requests never read a PDF
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns of every odd font descriptor
    _check_size(source)
    document = Document()
    try:
        with pdfplumber.open(source) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableReport(f"该 PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页的上限，未检查。")
            if not any(page.chars for page in pdf.pages):
                raise UnreadableReport(
                    "该 PDF 无文字层（可能是扫描件），无法检查：请提供 Word、Excel 或可复制文字的 PDF。"
                )
            found = [(page, table) for page in pdf.pages for table in page.find_tables()]
            columns = _shared_columns([table for _, table in found])
            for page in pdf.pages:
                _page(page, [t for p, t in found if p is page], columns, document)
    except UnreadableReport:
        raise
    except (
        PdfminerException,
        PDFSyntaxError,
        PSException,
        ValueError,
        KeyError,
        TypeError,
        OSError,
    ) as error:
        raise UnreadableReport("无法读取该文件：请上传有效的 PDF 文件。") from error
    return document


def _check_size(source) -> None:
    if (size := file_size(source)) > MAX_BYTES:
        raise UnreadableReport(f"该 PDF 有 {size / 1048576:.1f} MB，超过 20 MB 的上限，未检查。")


def _page(page, tables: list, columns: dict, document: Document) -> None:
    """The page's tables and paragraphs in reading order (top to bottom)."""
    blocks: list[tuple[float, object]] = [(t.bbox[1], _table(page, t, columns[_extent(t)])) for t in tables]
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    blocks += [(top, Para(text)) for top, text in _paragraphs(outside, page.width)]
    for _, block in sorted(blocks, key=lambda item: item[0]):
        document.add(block)


def _extent(table) -> tuple[int, int]:
    return round(table.bbox[0]), round(table.bbox[2])


def _edges(values) -> list[float]:
    """Distinct positions, those less than a point apart taken as one."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > 1:
            out.append(value)
    return out


def _shared_columns(tables: list) -> dict[tuple[int, int], list[float]]:
    """The column edges of each table width, from every table of that width in the file: a table
    broken across pages is several tables of one width, and a column one part never divides (a
    label cell spanning it on every row of that page) is still the form's column."""
    widths: dict[tuple[int, int], list[float]] = {}
    for table in tables:
        widths.setdefault(_extent(table), []).extend(x for cell in table.cells for x in (cell[0], cell[2]))
    return {extent: _edges(xs) for extent, xs in widths.items()}


def _paragraphs(page, width: float) -> list[tuple[float, str]]:
    lines = page.extract_text_lines(layout=False, strip=True)
    out: list[tuple[float, str]] = []
    current, top, right = "", 0.0, 0.0
    for line in lines:
        if not current:
            top = line["top"]
        current += line["text"]
        right = line["x1"]
        if current.endswith(ENDS) or right < width * 0.75:
            out.append((top, current))
            current = ""
    if current:
        out.append((top, current))
    return [(t, text) for t, text in out if not _is_page_number(text)]


def _is_page_number(text: str) -> bool:
    return text.strip("—-– 第页0123456789/") == "" and any(ch.isdigit() for ch in text)


def _table(page, table, xs: list[float]) -> Table:
    """The table on the form's column grid: each cell's text in its top-left grid cell, the grid
    cells it covers None, each merged area listed."""
    ys = _edges(y for cell in table.cells for y in (cell[1], cell[3]))
    rows: list[list[str | None]] = [[""] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    merges = []
    for x0, top, x1, bottom in table.cells:
        c0, c1 = _index(xs, x0), _index(xs, x1) - 1
        r0, r1 = _index(ys, top), _index(ys, bottom) - 1
        if c1 < c0 or r1 < r0:
            continue
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                rows[r][c] = None
        rows[r0][c0] = _cell_text(page.within_bbox((x0, top, x1, bottom)).extract_text())
        if r1 > r0 or c1 > c0:
            merges.append((r0, c0, r1, c1))
    return Table(rows, header_rows=0, merges=merges)


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _cell_text(text: str | None) -> str | None:
    if text is None:
        return None
    return "".join(part.strip() for part in text.splitlines())
