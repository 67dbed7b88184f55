"""A workbook that opens but breaks while its rows are read (here: a cell pointing past the shared
strings) is refused with a Chinese message, writes nothing, and never becomes a 500."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from guifan.evaluation.template_excel import read_indicators
from guifan.grading.excel import read_standard
from guifan.registry import excel
from guifan.registry.models import Institution
from guifan.registry.services import ImportRejected, institutions_import
from tests.registry.sheets import STANDARD_HEADER, standard_row, xlsx

pytestmark = pytest.mark.django_db

MISSING_STRING = '<c r="A3" t="s"><v>999</v></c>'


def with_cell_replaced(buffer: io.BytesIO, coordinate: str, cell_xml: str, *, sheet: int = 1) -> io.BytesIO:
    """The same workbook with one cell of one sheet rewritten in the XML (the rest byte for byte)."""
    member = f"xl/worksheets/sheet{sheet}.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                xml, count = re.subn(rf'<c r="{coordinate}"[^>]*?(/>|>.*?</c>)', cell_xml, data.decode())
                assert count == 1, f"no cell {coordinate} in {member}"
                data = xml.encode()
            target.writestr(info, data)
    out.seek(0)
    out.name = "institutions.xlsx"
    return out


def broken_import() -> io.BytesIO:
    """Row 2 a good institution, row 3's 机构名称 a shared string that does not exist."""
    rows = [STANDARD_HEADER, standard_row(name="第一家", phone="13900000001")]
    rows.append(standard_row(name="第二家", phone="13900000002"))
    return with_cell_replaced(xlsx(rows), "A3", MISSING_STRING)


def test_reading_stops_with_the_row_it_could_not_read():
    rows = excel.iter_rows(broken_import())
    assert next(rows)[0] == 1
    assert next(rows)[0] == 2
    with pytest.raises(excel.UnreadableWorkbook) as caught:
        next(rows)
    assert caught.value.row == 3
    assert str(caught.value).startswith("第3行起无法读取（单元格引用了文件中不存在的内容）")


def with_sheet_xml(buffer: io.BytesIO, change) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info, data, compress_type=zipfile.ZIP_STORED)
    out.seek(0)
    return out


def with_bad_checksum(buffer: io.BytesIO) -> io.BytesIO:
    """The sheet stored uncompressed, then one of its bytes changed after the checksum was taken."""
    raw = with_sheet_xml(buffer, lambda data: data).getvalue()
    assert raw.count(b"Second") == 1
    return io.BytesIO(raw.replace(b"Second", b"Secand"))


def good_sheet() -> io.BytesIO:
    return xlsx([STANDARD_HEADER, standard_row(name="First"), standard_row(name="Second")])


ENTITY = b'<!DOCTYPE worksheet [<!ENTITY x "y">]>'


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            lambda: with_cell_replaced(good_sheet(), "A3", '<c r="A3"><v>abc</v></c>'),
            "第3行起无法读取（单元格的数据无法识别）",
        ),
        (
            lambda: with_cell_replaced(good_sheet(), "A3", '<c r="A3"><v>1</c>'),
            "第3行起无法读取（工作表的 XML 格式有误）",
        ),
        # openpyxl already meets these when it opens the workbook: refused before any row, with
        # no row to name (the caller gives its general message).
        (lambda: with_bad_checksum(good_sheet()), ""),
        (lambda: with_sheet_xml(good_sheet(), lambda xml: ENTITY + xml), ""),
    ],
    ids=["not-a-number", "malformed-xml", "bad-checksum", "entity-declaration"],
)
def test_every_kind_of_breakage_while_reading_names_the_row_and_the_cause(broken, message):
    with pytest.raises(excel.UnreadableWorkbook) as caught:
        list(excel.iter_rows(broken()))
    assert str(caught.value).startswith(message) if message else str(caught.value) == ""


def test_the_import_refuses_the_file_in_chinese_and_writes_nothing(city_admin):
    with pytest.raises(ImportRejected) as caught:
        # chunk_size=1: row 2 is already written when row 3 breaks, and must be rolled back.
        institutions_import(by=city_admin, source=broken_import(), chunk_size=1)
    assert caught.value.unreadable
    [error] = [str(e) for e in caught.value.errors]
    assert "无法读取文件" in error
    assert not Institution.objects.exists()


def test_the_import_page_shows_the_message_not_a_server_error(client, city_admin):
    client.force_login(city_admin)
    response = client.post(reverse("registry:import"), {"file": broken_import()})
    if response.status_code == 302:  # the rows are read by a background job; run it here
        from guifan.jobs.services import job_run

        job_run(response.url.rstrip("/").rsplit("/", 1)[-1])
        response = client.get(response.url)
    assert response.status_code == 200
    assert "无法读取文件" in response.content.decode()
    assert not Institution.objects.exists()


def test_a_standard_file_that_breaks_half_way_gets_an_error_row_not_an_exception(city_admin):
    from guifan.grading.excel import write_standard
    from guifan.grading.services.standards import standard_for_year

    buffer = io.BytesIO()
    write_standard(standard_for_year(2023), buffer)
    buffer.seek(0)
    items, bands, errors = read_standard(with_cell_replaced(buffer, "A3", MISSING_STRING))
    assert (items, bands) == ([], [])
    assert [str(e) for e in errors] == [
        "表头：无法读取文件：“条目”表第3行起无法读取（单元格引用了文件中不存在的内容）"
    ]


def test_an_indicator_file_that_breaks_half_way_gets_an_error_row_not_an_exception():
    rows = [["编号", "上级编号", "指标", "分值"], ["A", "", "决策", 100], ["A1", "A", "立项", 100]]
    tree, errors = read_indicators(with_cell_replaced(xlsx(rows), "A3", MISSING_STRING))
    assert tree == []
    assert [str(e) for e in errors] == ["表头：无法读取文件：请上传 .xlsx 文件"]
