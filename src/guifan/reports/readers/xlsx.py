"""A self-evaluation form kept as an Excel worksheet, read into report blocks.

Each worksheet's used range becomes one table (a form is one grid: title and unit rows inside it
are read as rows like any other, and the recognisers find the blocks by their words). Merged
ranges are kept: the merge's top-left cell holds the text, the cells it covers are None. Numbers are
written as Excel shows them — a rate stored as 0.86 in a "0%" cell reads "86%", 132.912 in a
"0.00" cell "132.91" — since the checker judges the figures at the precision printed.
"""

import zipfile
import zlib
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import IO

from lxml.etree import LxmlError
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from guifan.core.archives import HostileFile, check_archive

from ..document import Document, Para, Table
from .errors import UnreadableReport

MAX_CELLS = 20_000  # a form is a few hundred cells; a sheet this large is not a form


def read_xlsx(source: str | IO[bytes]) -> Document:
    try:
        check_archive(source, "xlsx", name=getattr(source, "name", "") or "")
    except HostileFile as error:
        raise UnreadableReport(f"无法读取：{error}。") from error
    try:
        book = load_workbook(source, data_only=True)  # the values Excel last computed, not formulas
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        LxmlError,
        OSError,
    ) as error:
        raise UnreadableReport("无法读取该文件：请上传 Excel 工作簿（.xlsx）。") from error
    document = Document()
    for sheet in book.worksheets:
        if sheet.sheet_state == "visible":
            document.blocks.extend(_sheet(sheet))
    return document


def _sheet(sheet) -> list[Para | Table]:
    """The sheet's grid as one table, with the title and note lines above and below it (rows with
    at most one filled cell) as paragraphs, as a Word form prints them."""
    top, left = sheet.min_row, sheet.min_column
    bottom, right = sheet.max_row, sheet.max_column
    if (bottom - top + 1) * (right - left + 1) > MAX_CELLS:
        raise UnreadableReport(f"工作表“{sheet.title}”超过 {MAX_CELLS} 个单元格，不像一张自评表，未检查。")
    rows: list[list[str | None]] = [
        [_text(cell.value, cell.number_format) for cell in row]
        for row in sheet.iter_rows(min_row=top, max_row=bottom, min_col=left, max_col=right)
    ]
    merges = []
    for area in sheet.merged_cells.ranges:
        r0, c0, r1, c1 = area.min_row - top, area.min_col - left, area.max_row - top, area.max_col - left
        if 0 <= r0 <= r1 < len(rows) and 0 <= c0 <= c1 < len(rows[0]):
            merges.append((r0, c0, r1, c1))
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        rows[r][c] = None
    lines = [sum(bool(text) for text in row) <= 1 for row in rows]
    first = next((i for i, line in enumerate(lines) if not line), len(rows))
    last = max((i for i, line in enumerate(lines) if not line), default=first - 1)
    before = [Para(text) for row in rows[:first] for text in row if text]
    if first > last:
        return before
    while any(first <= r0 <= last < r1 for r0, _, r1, _ in merges):  # a merge reaching below the grid
        last = max(r1 for r0, _, r1, _ in merges if first <= r0 <= last)
    after = [Para(text) for row in rows[last + 1 :] for text in row if text]
    grid = rows[first : last + 1]
    kept = [(r0 - first, c0, r1 - first, c1) for r0, c0, r1, c1 in merges if first <= r0 and r1 <= last]
    return [*before, Table(grid, header_rows=0, merges=kept), *after]


def _text(value, number_format: str) -> str:
    """The cell as Excel shows it, for the formats self-evaluation forms use."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float | Decimal):
        return _number(value, number_format or "General")
    return str(value).strip()


def _number(value, number_format: str) -> str:
    fmt = number_format.split(";")[0]
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    percent = "%" in fmt
    if percent:
        number *= 100
    if "0" not in fmt:  # General: the digits the value has
        text = format(number, "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        decimals = fmt.split(".")[1] if "." in fmt else ""
        places = len(decimals) - len(decimals.lstrip("0"))
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)  # as Excel rounds
        text = f"{rounded:,f}" if "," in fmt else f"{rounded:f}"
    return f"{text}%" if percent else text
