import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from guifan.grading.excel import read_standard, write_standard
from guifan.grading.models import Standard

pytestmark = pytest.mark.django_db


def exported(standard) -> io.BytesIO:
    buffer = io.BytesIO()
    write_standard(standard, buffer)
    buffer.seek(0)
    return buffer


def test_the_example_standard_adds_up_to_100_with_two_veto_items(standard):
    items = standard.items.filter(max_points__isnull=False)
    assert sum(i.max_points for i in items) == 100
    assert {i.code for i in items if i.veto} == {"1.1", "6.1"}
    assert standard.is_example


def test_a_standard_round_trips_through_excel(standard):
    items, bands, errors = read_standard(exported(standard))
    assert errors == []
    assert [i["code"] for i in items] == list(standard.items.order_by("order").values_list("code", flat=True))
    assert bands == standard.bands


def test_importing_makes_a_new_version_and_leaves_the_old_one(standard, city_admin, tmp_path):
    path = tmp_path / "standard.xlsx"
    path.write_bytes(exported(standard).getvalue())
    call_command("import_standard", str(path), "--name", standard.name, "--year", "2023", "--by", "city")
    versions = Standard.objects.filter(name=standard.name).order_by("version")
    assert [s.version for s in versions] == [1, 2]
    assert versions[1].items.count() == standard.items.count()


def test_bad_rows_are_listed_and_nothing_is_imported(standard, city_admin, tmp_path):
    workbook = load_workbook(exported(standard))
    sheet = workbook["条目"]
    sheet["E3"] = "五"  # 1.1 满分 not a number
    sheet["B4"] = "99"  # unknown section
    sheet["A7"] = "2.1"  # duplicate code
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with path.open("rb") as handle:
        errors = read_standard(handle)[2]
    assert [str(e) for e in errors] == [
        "第3行“满分”列：满分“五”不是数字",
        "第4行“所属部分”列：找不到所属部分“99”（须是前面的部分行）",
        "第7行“编号”列：编号“2.1”重复",
    ]
    with pytest.raises(CommandError, match="3 处错误"):
        call_command("import_standard", str(path), "--name", standard.name, "--year", "2023")
    assert Standard.objects.count() == 1


def test_points_must_add_up_to_100(city_admin):
    workbook = Workbook()
    items = workbook.active
    items.title = "条目"
    items.append(["编号", "所属部分", "名称", "要求", "满分", "检查方式", "须提供佐证", "一票否决"])
    items.append(["1", "", "证照", "", 50, "查阅资料", "", ""])
    bands = workbook.create_sheet("等级")
    bands.append(["最低分", "等级"])
    bands.append([90, "一级"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    assert [str(e) for e in read_standard(buffer)[2]] == ["表头“满分”列：各条目满分合计应为100，实为50"]
