"""The one .xlsx writer: every workbook Guifan exports is built here, so none carries a live formula;
and the errors a broken upload raises while it is read.

openpyxl turns any str value that begins with "=" into a formula cell (`Cell._bind_value`), and
Excel, WPS and LibreOffice re-read a text cell beginning with =, +, -, @, tab or CR as a formula
when someone edits it. Text typed by users (an institution's address, a survey answer) must
therefore never reach `sheet.append` raw: `append_row` stores every string as a text cell
(data type "s", written as an inline string) and marks the risky ones with the cell style's
quotePrefix (OWASP's advice for CSV injection, the spreadsheet way): the sheet shows the exact
text, keeps it text on edit, and the import reads the same string back. Numbers, Decimals, dates
and booleans stay typed values; nothing here writes a formula, so totals are computed values.
"""

import zlib
from collections.abc import Iterable
from typing import Any
from zipfile import BadZipFile

from defusedxml.common import DefusedXmlException
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# First characters a spreadsheet reads as the start of a formula (OWASP "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def new_workbook(title: str, *, write_only: bool = False) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, named `title`. Write-only mode streams rows (constant memory)
    but cannot merge cells or style them after appending; further sheets: `workbook.create_sheet`."""
    workbook = Workbook(write_only=write_only)
    if write_only:
        sheet = workbook.create_sheet(title)
    else:
        sheet = workbook.active
        sheet.title = title
    return workbook, sheet


def cell(
    sheet: Worksheet, value: Any, *, font: Font | None = None, alignment: Alignment | None = None
) -> Cell:
    """A cell holding `value`, never a formula: text stays text (quote-prefixed when it starts like
    one), other values keep their type. Style it here for write-only sheets, which style nothing later."""
    result = Cell(sheet, row=1, column=1)  # placed by append; as openpyxl's WriteOnlyCell
    result.value = _legal(value)  # bytes are decoded by openpyxl
    if isinstance(value, str | bytes):
        # "=…" was bound as a formula, "#N/A" as an error: both are the user's text.
        result.data_type = "s"
        if starts_like_formula(result.value):
            result.quotePrefix = True
    if font is not None:
        result.font = font
    if alignment is not None:
        result.alignment = alignment
    return result


def _needs_cell(value: Any) -> bool:
    """openpyxl binds a str as a formula when it starts with "=" and as an error when it is an error
    code; every other str it stores as text already, and only needs quoting when it starts like a
    formula. Plain text skips the extra Cell (half the time of a large export)."""
    if isinstance(value, bytes):
        return True
    return isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES)


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append one row, its text never a formula (see `cell`); cells made by `cell` pass as they are."""
    values = [_legal(v) for v in values]
    sheet.append([cell(sheet, v) if _needs_cell(v) else v for v in values])


def _legal(value: Any) -> Any:
    """Control characters (\x00–\x1f but tab, LF and CR) cannot be stored in a sheet and openpyxl
    refuses them; pasted text carries them sometimes. They become U+FFFD, visibly."""
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def response(workbook: Workbook, filename: str) -> HttpResponse:
    """The workbook as a download named `filename`."""
    result = HttpResponse(content_type=XLSX)
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(result)
    return result


# What openpyxl raises on a broken file, when it opens it or later while it streams the rows: a cell
# pointing past the shared strings (IndexError) or at a missing style (KeyError), a damaged zip
# member (BadZipFile, zlib.error), malformed XML (ElementTree's and lxml's parse errors are both
# SyntaxError), entity or DTD declarations defusedxml refuses (DefusedXmlException, a ValueError).
READ_ERRORS = (
    BadZipFile,
    InvalidFileException,
    DefusedXmlException,
    SyntaxError,
    zlib.error,
    EOFError,
    IndexError,
    KeyError,
    OSError,
    TypeError,
    ValueError,
)


def read_error_reason(exc: BaseException) -> str:
    """What broke, in words for the person who uploaded the file."""
    if isinstance(exc, IndexError | KeyError):
        return "单元格引用了文件中不存在的内容"
    if isinstance(exc, DefusedXmlException):
        return "文件含有不允许的 XML 实体或文档类型声明"
    if isinstance(exc, SyntaxError):
        return "工作表的 XML 格式有误"
    if isinstance(exc, BadZipFile | zlib.error | EOFError):
        return "压缩数据已损坏"
    return "单元格的数据无法识别"
