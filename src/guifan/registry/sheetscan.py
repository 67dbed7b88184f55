"""Whether python-calamine may read a worksheet whole. Pure Python, no Django.

calamine is fast because it reads the whole first sheet into a dense grid in Rust, rows × columns
from the first cell to the last. A tiny hostile file with one cell in A1 and one in XFD1048576 asks
it for 17 billion cells: the allocation fails and Rust aborts the whole process (no exception to
catch). `fits_in_memory` scans the sheet's XML first, streaming and with C-speed regular
expressions only, and says yes only when
- the sheet's XML is at most MAX_SHEET_XML bytes (so calamine's list of cells stays bounded),
- every cell tag starts with its own reference (`<c r="K17"`), as Excel, WPS, LibreOffice and
  openpyxl write them (calamine places a cell without one after the previous cell, which this scan
  cannot bound cheaply), and no cell uses a namespace prefix,
- the grid from A1 to the largest column and row referenced holds at most MAX_CELLS cells.
Anything else is read by openpyxl's streaming reader instead, which is slower but never holds the
sheet. The scan needs about a tenth of the time calamine needs to read the same sheet.
"""

import re
import zipfile
from typing import IO

from defusedxml import ElementTree

MAX_SHEET_XML = 100 * 1024 * 1024  # 100,000 institutions written by our export: about 77 MB
MAX_CELLS = 3_000_000  # the grid calamine builds, about 32 bytes a cell
MAX_RAISES = 200  # a legible sheet raises its known extent a few times per chunk at most
CHUNK = 4 * 1024 * 1024
MAX_TAG = 64 * 1024  # a tag longer than this is not a cell of an institution list

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9]\d{0,6})"')
_PREFIXED_CELL = re.compile(rb":c(?![\w.-])")


def first_sheet(archive: zipfile.ZipFile) -> str:
    """The member name of the workbook's first sheet."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet").get(_REL)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == first)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def fits_in_memory(source: str | IO[bytes]) -> bool:
    """True when calamine can read the first sheet within MAX_CELLS (see the module's notes).
    A stream is left at its start. Any doubt, including a file this cannot parse, says False."""
    try:
        with zipfile.ZipFile(source) as archive:
            info = archive.getinfo(first_sheet(archive))
            if info.file_size > MAX_SHEET_XML:
                return False
            with archive.open(info) as xml:
                return _scan(xml)
    except Exception:  # the readers after this say what is wrong with the file
        return False
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def _scan(xml: IO[bytes]) -> bool:
    columns, rows, raises, tail = 0, 0, 0, b""
    while True:
        chunk = xml.read(CHUNK)
        data = tail + chunk
        cut = data.rfind(b"<") if chunk else len(data)
        if cut < 0 or len(data) - cut > MAX_TAG:
            return False
        data, tail = data[:cut], data[cut:]
        if _PREFIXED_CELL.search(data):
            return False
        # Rows come in order: the last cell gives the chunk's extent (rfind, not a backtracking
        # regular expression). Were its reference not one, the search below finds it and refuses.
        if (end := data.rfind(b'<c r="')) >= 0 and (last := _REF.match(data, end)):
            columns = max(columns, column_number(last[1]))
            rows = max(rows, int(last[2]))
        position = 0
        while found := _outside(columns, rows).search(data, position):
            ref = _REF.match(data, found.start())
            raises += 1
            if ref is None or raises > MAX_RAISES:
                return False  # a cell without its reference first, or a sheet out of order
            columns = max(columns, column_number(ref[1]))
            rows = max(rows, int(ref[2]))
            if columns * rows > MAX_CELLS:
                return False
            position = found.start()
        if columns * rows > MAX_CELLS:
            return False
        if not chunk:
            return True


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _outside(columns: int, rows: int) -> re.Pattern[bytes]:
    """A cell tag that is not `<c r="REF"` with REF within columns × rows (or no cell seen yet)."""
    if not columns or not rows:
        return re.compile(rb"<c(?![\w.-])")
    inside = _at_most(column_letters(columns), "A", "[A-Z]") + _at_most(str(rows), "1", r"\d")
    return re.compile(rb'<c(?![\w.-])(?! r="' + inside.encode() + rb'")')


def _at_most(bound: str, first: str, any_char: str) -> str:
    """A pattern for the strings of `bound`'s alphabet that sort at or below it as numbers do:
    shorter ones (not starting with a zero), or the same length and not greater."""
    alphabet_start = "0" if first == "1" else "A"
    options = []
    if len(bound) > 1:
        lead = "[1-9]" if first == "1" else "[A-Z]"
        options.append(lead + (f"{any_char}{{0,{len(bound) - 2}}}" if len(bound) > 2 else ""))
    for index, char in enumerate(bound):
        low = first if index == 0 else alphabet_start
        if char > low:
            rest = len(bound) - index - 1
            tail = f"{any_char}{{{rest}}}" if rest else ""
            options.append(f"{re.escape(bound[:index])}[{low}-{chr(ord(char) - 1)}]{tail}")
    options.append(re.escape(bound))
    return "(?:" + "|".join(options) + ")"
