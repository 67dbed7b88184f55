"""Institution spreadsheets: stream rows out of an .xlsx, and write the export. No ORM here."""

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

import python_calamine
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from guifan.core import xlsx

from . import sheetscan
from .imports import STANDARD_COLUMNS


class UnreadableWorkbook(Exception):
    """The upload is not an .xlsx workbook openpyxl can read. str() is empty when it could not be
    opened at all; otherwise it says, in Chinese, from which row (`row`) reading failed and why."""

    def __init__(self, message: str = "", *, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


def iter_rows(source: str | IO[bytes]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cell values) of the first sheet, read in streaming mode (constant memory).

    A file that breaks half-way raises UnreadableWorkbook naming the row where reading stopped
    (the row after the last one read), not an IndexError the caller would turn into a 500."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except xlsx.READ_ERRORS as exc:
        raise UnreadableWorkbook("") from exc  # not a workbook at all: the caller's general message
    number = 0
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, cells
    except xlsx.READ_ERRORS as exc:
        reason = xlsx.read_error_reason(exc)
        raise UnreadableWorkbook(
            f"第{number + 1}行起无法读取（{reason}），请用 Excel 打开后另存为 .xlsx 再上传", row=number + 1
        ) from exc
    finally:
        workbook.close()


# Integers above this are not exact as the floats calamine gives for number cells; openpyxl reads
# the digits as written (a credit code or phone number typed as a number by a program).
_EXACT_FLOATS = 2.0**53


def read_rows(source: str | IO[bytes]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of `iter_rows`, read by python-calamine when the sheet fits in memory
    (sheetscan.fits_in_memory), about fifteen times faster; openpyxl's streaming reader otherwise.

    The rows are those openpyxl reads, numbered alike, but for column offset and empty cells: they
    start at the sheet's first used column, and an empty cell reads "" (cell_text treats both alike). A file
    calamine cannot read is read by openpyxl, which names the row where it breaks; from a row
    holding a number calamine cannot give exactly, openpyxl reads the rest of the file."""
    if not sheetscan.fits_in_memory(source):
        yield from iter_rows(source)
        return
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(_at_start(source))
        sheet = workbook.get_sheet_by_index(0)
    except Exception:  # calamine's errors name no row: openpyxl reads it again and says where
        yield from iter_rows(_at_start(source))
        return
    # iter_rows gives every row from the first (empty ones too), but its cells from the sheet's
    # first used column on.
    first_column = (sheet.start or (0, 0))[1]
    inexact = 0  # the first row with a number calamine cannot give exactly
    try:
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            for value in cells:  # a plain loop: half the time of any() over a generator
                if value.__class__ is float and not -_EXACT_FLOATS < value < _EXACT_FLOATS:
                    inexact = number
                    break
            if inexact:
                break
            yield number, cells
    finally:
        workbook.close()
    if inexact:
        for number, cells in islice(iter_rows(_at_start(source)), inexact - 1, None):
            yield number, cells[first_column:]


def _at_start(source: str | IO[bytes]) -> str | IO[bytes]:
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def write_institutions(rows: Iterable[dict[str, Any]], target: str | IO[bytes], *, title: str) -> None:
    """Write rows (dicts keyed by field) in the standard layout, which the import reads back."""
    workbook, sheet = xlsx.new_workbook("机构名录", write_only=True)
    for index, (_, header) in enumerate(STANDARD_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 4)
    xlsx.append_row(sheet, [title])
    bold, centred = Font(bold=True), Alignment(horizontal="center")
    xlsx.append_row(sheet, [xlsx.cell(sheet, h, font=bold, alignment=centred) for _, h in STANDARD_COLUMNS])
    for row in rows:
        xlsx.append_row(sheet, [row.get(field, "") for field, _ in STANDARD_COLUMNS])
    workbook.save(target)
