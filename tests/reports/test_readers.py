"""Each format's reader gives the checker what the page shows: numbers as printed, merged cells as
None, and a clear refusal of what it cannot read."""

import io

import pytest
from openpyxl import Workbook

from guifan.reports.document import Para, Table
from guifan.reports.readers import UnreadableReport, read_report


def blank_pdf() -> io.BytesIO:
    """A one-page PDF with no text at all, as a scanner writes one (its page an image; here blank)."""
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


def workbook(cells: dict[str, tuple[object, str]], merged: list[str] = ()) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for ref, (value, number_format) in cells.items():
        sheet[ref] = value
        sheet[ref].number_format = number_format
    for area in merged:
        sheet.merge_cells(area)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_a_sheet_reads_numbers_as_excel_shows_them_and_keeps_its_merges():
    source = workbook(
        {
            "A1": ("项目支出绩效自评表", "General"),
            "A3": ("年度资金总额", "General"),
            "B3": (132.912, "0.00"),
            "C3": (0.86, "0%"),
            "D3": (0.8599, "0.0%"),
            "E3": (132.912, "General"),
            "A4": ("其中", "General"),
            "B4": (10, "0"),
        },
        merged=["A1:E1", "A4:A5"],
    )
    blocks = read_report(source, "form.xlsx").blocks
    assert (
        isinstance(blocks[0], Para) and blocks[0].text == "项目支出绩效自评表"
    )  # the title line above the grid
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.rows[0] == ["年度资金总额", "132.91", "86%", "86.0%", "132.912"]
    assert table.rows[1][0] == "其中" and table.rows[2][0] is None
    assert (1, 0, 2, 0) in table.merges


def test_a_pdf_without_a_text_layer_is_refused_as_a_scan():
    with pytest.raises(UnreadableReport, match="无文字层"):
        read_report(blank_pdf(), "scan.pdf")


def test_a_file_of_another_kind_is_refused_naming_what_is_accepted():
    with pytest.raises(UnreadableReport, match=r"不支持的文件类型（\.txt）.*PDF"):
        read_report(io.BytesIO(b"text"), "notes.txt")


def test_a_broken_pdf_is_refused_not_a_crash():
    with pytest.raises(UnreadableReport, match="PDF"):
        read_report(io.BytesIO(b"%PDF-1.4 broken"), "broken.pdf")
