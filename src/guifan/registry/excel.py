"""Institution spreadsheets: stream rows out of an .xlsx, and write the export. No ORM here."""

from collections.abc import Iterable, Iterator
from typing import IO, Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .imports import STANDARD_COLUMNS


class UnreadableWorkbook(Exception):
    """The upload is not an .xlsx workbook openpyxl can read."""


def iter_rows(source: str | IO[bytes]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cell values) of the first sheet, read in streaming mode (constant memory)."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, TypeError, ValueError) as exc:
        raise UnreadableWorkbook(str(exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def write_institutions(rows: Iterable[dict[str, Any]], target: str | IO[bytes], *, title: str) -> None:
    """Write rows (dicts keyed by field) in the standard layout, which the import reads back."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("机构名录")
    for index, (_, header) in enumerate(STANDARD_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 4)
    sheet.append([title])
    header_cells = []
    for _, header in STANDARD_COLUMNS:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([row.get(field, "") for field, _ in STANDARD_COLUMNS])
    workbook.save(target)
