"""What the import reads out of a sheet, whichever reader reads it: calamine for sheets that fit in
memory, openpyxl for the rest and for what calamine cannot give exactly."""

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from guifan.audit.constants import AuditAction
from guifan.audit.domain import field_changes
from guifan.audit.models import AuditEvent
from guifan.registry import sheetscan
from guifan.registry.domain import credit_code_check_character
from guifan.registry.models import Institution
from guifan.registry.services import AUDITED_FIELDS, ImportRejected, institutions_import

from .sheets import STANDARD_HEADER, standard_row, xlsx

pytestmark = pytest.mark.django_db


def numeric_credit_code() -> str:
    """A valid unified social credit code made of digits only (so it can be typed as a number)."""
    for serial in range(100000):
        first17 = f"91530100{serial:09d}"
        if (check := credit_code_check_character(first17)).isdigit():
            return first17 + check
    raise AssertionError("no all-digit code found")


def with_sheet_xml(buffer: io.BytesIO, change) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info, data)
    out.seek(0)
    return out


def with_number_cell(buffer: io.BytesIO, coordinate: str, digits: str) -> io.BytesIO:
    """The cell rewritten as a number cell holding every digit, as some programs write them
    (openpyxl and Excel write at most 15 to 17 significant digits)."""
    cell = rf'<c r="{coordinate}"[^>]*?(/>|>.*?</c>)'.encode()
    return with_sheet_xml(
        buffer, lambda xml: re.sub(cell, f'<c r="{coordinate}"><v>{digits}</v></c>'.encode(), xml)
    )


def test_phone_numbers_and_credit_codes_typed_as_numbers_keep_their_digits(city_admin):
    code = numeric_credit_code()
    rows = [
        STANDARD_HEADER,
        standard_row(name="手机店", phone=15877945103, 统一社会信用代码="placeholder"),
        standard_row(name="浮点店", phone=15877945104.0, 从业人员数=6.0, 盲人从业人员数=4),
    ]
    assert institutions_import(by=city_admin, source=with_number_cell(xlsx(rows), "D2", code)).created == 2
    mobile = Institution.objects.get(name="手机店")
    assert (mobile.phone, mobile.credit_code) == ("15877945103", code)
    floating = Institution.objects.get(name="浮点店")
    assert (floating.phone, floating.staff_count, floating.blind_staff_count) == ("15877945104", 6, 4)


def test_a_long_number_in_a_late_row_is_read_exactly_and_the_earlier_rows_still_count(city_admin):
    code = numeric_credit_code()
    rows = [STANDARD_HEADER] + [standard_row(name=f"店{i}", phone=f"1390000{i:04d}") for i in range(30)]
    rows.append(standard_row(name="代码店", phone="13900009999", 统一社会信用代码="placeholder"))
    rows.append(standard_row(name="店0", phone="13900008888"))
    with pytest.raises(ImportRejected) as caught:
        institutions_import(by=city_admin, source=with_number_cell(xlsx(rows), "D32", code))
    assert [str(e) for e in caught.value.errors] == ["第33行“机构名称”列：与第2行重复：五华区的“店0”"]
    assert (
        institutions_import(by=city_admin, source=with_number_cell(xlsx(rows[:-1]), "D32", code)).created
        == 31
    )
    assert Institution.objects.get(name="代码店").credit_code == code


def test_date_cells_and_date_text_both_give_the_opening_date(city_admin):
    rows = [
        STANDARD_HEADER,
        standard_row(name="日期格", phone="13900000001", 开业日期=date(2019, 5, 1)),
        standard_row(name="时间格", phone="13900000002", 开业日期=datetime(2019, 5, 2, 9, 30)),
        standard_row(name="文字格", phone="13900000003", 开业日期="2019年5月3日"),
        standard_row(name="空格", phone="13900000004"),
    ]
    institutions_import(by=city_admin, source=xlsx(rows))
    opened = dict(Institution.objects.values_list("name", "opened_on"))
    assert opened == {
        "日期格": date(2019, 5, 1),
        "时间格": date(2019, 5, 2),
        "文字格": date(2019, 5, 3),
        "空格": None,
    }


def test_a_table_that_starts_below_and_right_of_a1_names_its_rows_as_excel_does(city_admin):
    workbook = Workbook()
    for row, values in ((3, STANDARD_HEADER), (4, standard_row(phone="123"))):
        for column, value in enumerate(values, start=3):
            workbook.active.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(ImportRejected) as caught:
        institutions_import(by=city_admin, source=buffer)
    assert [str(e) for e in caught.value.errors] == [
        "第4行“电话”列：电话格式不正确：应为11位手机号（如 158 7794 5103）"
        "或带区号的固定电话（如 0871-6312 3456）"
    ]


def test_each_imported_institution_has_the_audit_event_a_single_import_would_write(city_admin):
    rows = [
        STANDARD_HEADER,
        standard_row(name="滇池店", county="滇池度假区", 从业人员数=3, 开业日期="2020-01-02"),
        standard_row(name="空白店", phone="13900000009"),
    ]
    institutions_import(by=city_admin, source=xlsx(rows))
    for institution in Institution.objects.all():
        event = AuditEvent.objects.get(object_id=str(institution.pk), action=AuditAction.IMPORT)
        expected = field_changes({}, {name: getattr(institution, name) for name in AUDITED_FIELDS})
        assert event.changes == expected
        assert (event.actor, event.object_repr) == (city_admin, institution.name)


def test_a_stray_value_far_to_the_right_does_not_stop_the_import(city_admin):
    buffer = xlsx([STANDARD_HEADER, standard_row(name="远处有值")])
    stray = with_sheet_xml(
        buffer, lambda xml: xml.replace(b"</row></sheetData>", b'<c r="XFD2"><v>1</v></c></row></sheetData>')
    )
    assert institutions_import(by=city_admin, source=stray).created == 1


def test_cells_without_their_reference_are_read_by_the_streaming_reader(city_admin):
    buffer = xlsx([STANDARD_HEADER, standard_row(name="无引用", phone="13900000001")])
    bare = with_sheet_xml(buffer, lambda xml: re.sub(rb'<c r="[A-Z]+\d+"', b"<c", xml))
    assert not sheetscan.fits_in_memory(bare)
    assert institutions_import(by=city_admin, source=bare).created == 1
    assert Institution.objects.get().phone == "13900000001"


def hostile_extent() -> io.BytesIO:
    """Two cells, A1 and XFD1048576: a few hundred bytes that ask for a grid of 17 billion cells."""
    workbook = Workbook()
    workbook.active["A1"] = "机构名称"
    workbook.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_sheet_whose_cells_span_the_whole_grid_is_never_given_to_calamine():
    assert not sheetscan.fits_in_memory(hostile_extent())


@pytest.mark.parametrize(
    ("late_cell", "fits"),
    [("A2", True), ("K183", True), ("XFD183", True), ("XFD184", False), ("A3000001", False)],
)
def test_calamine_reads_a_sheet_only_while_its_grid_stays_within_the_limit(late_cell, fits):
    assert sheetscan.MAX_CELLS == 3_000_000  # XFD is column 16,384: 183 rows of it fit, 184 do not
    buffer = xlsx([STANDARD_HEADER, standard_row()])
    late = with_sheet_xml(
        buffer,
        lambda xml: xml.replace(
            b"</row></sheetData>", f'<c r="{late_cell}"><v>1</v></c></row></sheetData>'.encode()
        ),
    )
    assert sheetscan.fits_in_memory(late) is fits


def test_an_ordinary_sheet_is_read_by_calamine():
    assert sheetscan.fits_in_memory(xlsx([STANDARD_HEADER, standard_row()]))
