import pytest
from django.core.management import CommandError, call_command

from guifan.audit.constants import AuditAction
from guifan.audit.models import AuditEvent
from guifan.registry.models import Institution
from guifan.registry.services import ImportRejected, institutions_import
from tests.factories import InstitutionFactory

from .sheets import SEED_GROUPS, STANDARD_HEADER, seed_sheet, standard_row, with_wrapped_header, xlsx

pytestmark = pytest.mark.django_db


def rejected(by, buffer) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        institutions_import(by=by, source=buffer)
    return [str(e) for e in caught.value.errors]


def test_a_standard_sheet_is_imported_with_every_column(city_admin):
    row = standard_row(
        name="昆明市呈贡区明目盲人按摩店",
        county="呈贡区",
        person="李  明",
        phone="0871-6312 3456",
        组织形式="个体工商户",
        统一社会信用代码="91330100716105852F",
        经营地址="呈贡区春融街1号",
        从业人员数=6,
        盲人从业人员数=4,
        开业日期="2021/3/15",
        经营状态="营业中",
    )
    result = institutions_import(by=city_admin, source=xlsx([STANDARD_HEADER, row]))
    assert result.created == 1
    institution = Institution.objects.get()
    assert institution.county.name == "呈贡区"
    assert institution.responsible_person == "李明"
    assert institution.phone == "0871-63123456"
    assert (institution.staff_count, institution.blind_staff_count) == (6, 4)
    assert institution.opened_on.isoformat() == "2021-03-15"
    assert institution.credit_code == "91330100716105852F"


def test_the_seed_table_with_merged_cells_imports_its_twelve_institutions(city_admin):
    result = institutions_import(by=city_admin, source=with_wrapped_header(seed_sheet()))
    assert result.layout == "seed"
    assert result.created == 12
    per_county = {county: len(members) for county, _, members in SEED_GROUPS}
    for county, expected in per_county.items():
        assert Institution.objects.filter(county__name=county).count() == expected
    dianchi = Institution.objects.get(name="滇池度假区益身盲人按摩店")
    assert (dianchi.county.name, dianchi.zone) == ("西山区", None)
    assert Institution.objects.get(name="昆明市五华区康洁按摩店").responsible_person == "李喆"
    assert Institution.objects.get(name="云南松康盲人推拿按摩有限公司官渡分公司").legal_form == "branch"


def test_a_merged_count_that_does_not_match_its_rows_rejects_the_file(city_admin):
    errors = rejected(city_admin, seed_sheet(declared_counts={"盘龙区": 2}))
    assert any("盘龙区的县区机构数写2家，合并单元格实跨3行" in e for e in errors)
    assert Institution.objects.count() == 0


def test_a_total_row_that_disagrees_with_the_rows_is_reported(city_admin):
    errors = rejected(city_admin, seed_sheet(total=13))
    assert any("合计写13家，表中实列12家机构" in e for e in errors)
    assert Institution.objects.count() == 0


def test_one_bad_row_writes_nothing_and_every_bad_row_is_listed(city_admin):
    rows = [
        STANDARD_HEADER,
        standard_row(name="好机构一", phone="13900000001"),
        standard_row(name="坏电话", phone="1390000"),
        standard_row(name="好机构二", phone="13900000002"),
        standard_row(name="", phone="13900000003"),
        standard_row(name="未知县区", county="火星区", phone="13900000004"),
        standard_row(name="坏代码", phone="13900000005", 统一社会信用代码="9144030071526726XH"),
        standard_row(name="好机构一", phone="13900000006"),
    ]
    errors = rejected(city_admin, xlsx(rows))
    assert Institution.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert errors == [
        "第3行“电话”列：电话格式不正确：应为11位手机号（如 158 7794 5103）"
        "或带区号的固定电话（如 0871-6312 3456）",
        "第5行“机构名称”列：机构名称不能为空",
        "第6行“所属县区”列：未知县区“火星区”",
        "第7行“统一社会信用代码”列：统一社会信用代码校验位错误：第18位应为“G”，实为“H”",
        "第8行“机构名称”列：与第2行重复：五华区的“好机构一”",
    ]


def test_bad_rows_after_many_good_chunks_still_roll_everything_back(city_admin):
    rows = [STANDARD_HEADER] + [standard_row(name=f"机构{i:04d}", phone=f"1390000{i:04d}") for i in range(50)]
    rows.append(standard_row(name="最后一行", phone="bad"))
    with pytest.raises(ImportRejected):
        institutions_import(by=city_admin, source=xlsx(rows), chunk_size=10)
    assert Institution.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_an_institution_already_registered_in_the_county_is_a_duplicate(city_admin):
    InstitutionFactory(name="昆明市五华区康洁按摩店", county_name="五华区")
    errors = rejected(city_admin, xlsx([STANDARD_HEADER, standard_row(name="昆明市五华区康洁按摩店")]))
    assert errors == ["第2行“机构名称”列：五华区已有同名机构“昆明市五华区康洁按摩店”"]
    assert Institution.objects.count() == 1


def test_a_missing_header_column_is_named(city_admin):
    errors = rejected(city_admin, xlsx([["机构名称", "所属县区", "负责人姓名"], ["某店", "五华区", "张三"]]))
    assert errors == ["第1行：表头缺少列：电话"]


def test_a_sheet_without_a_header_is_refused(city_admin):
    errors = rejected(city_admin, xlsx([["名称", "地区"], ["某店", "五华区"]]))
    assert "找不到表头" in errors[0]


def test_a_file_that_is_not_a_workbook_is_refused(city_admin, tmp_path):
    path = tmp_path / "not-really.xlsx"
    path.write_text("序号,机构名称\n1,某店\n", encoding="utf-8")
    with path.open("rb") as handle:
        errors = rejected(city_admin, handle)
    assert errors == ["表头：该文件不是有效的Excel 文件（文件已损坏、被截断，或并非此格式）"]


def test_a_county_officer_imports_only_their_own_county(panlong_officer):
    rows = [
        STANDARD_HEADER,
        standard_row(name="盘龙店", county="盘龙区"),
        standard_row(name="五华店", county="五华区"),
    ]
    errors = rejected(panlong_officer, xlsx(rows))
    assert errors == ["第3行“所属县区”列：只能导入本县区（盘龙区）的机构，此行为“五华区”"]
    assert Institution.objects.count() == 0


def test_an_import_is_audited_once_per_institution_in_one_batch(city_admin):
    institutions_import(by=city_admin, source=seed_sheet())
    events = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert events.count() == 12
    assert events.values("batch").distinct().count() == 1
    event = events.get(object_repr="富民利康按摩店")
    assert event.actor == city_admin
    assert event.changes["responsible_person"] == [None, "刘加翠"]


def test_the_command_line_import_reports_rows_and_writes_nothing(city_admin, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([STANDARD_HEADER, standard_row(phone="123")]).getvalue())
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_institutions", str(path), "--by", "city")
    assert Institution.objects.count() == 0
