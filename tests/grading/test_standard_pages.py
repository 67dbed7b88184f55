"""Standard versions as pages: rules of a version, copying the latest, editing, freezing, export."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from guifan.audit.models import AuditEvent
from guifan.grading import domain, services
from guifan.grading.models import Standard
from guifan.grading.services.standards import item_rows, standard_for_year
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = Decimal


def row(n, code, points=None, section="", **kw):
    return domain.ItemRow(n, code, f"条目{code}", section, None if points is None else D(points), **kw)


def test_points_must_total_100_and_the_message_says_the_total():
    rows = [row(1, "1"), row(2, "1.1", "60", "1"), row(3, "1.2", "35", "1")]
    assert [str(e) for e in domain.standard_item_errors(rows)] == ["各条目满分合计应为100分，现为95分"]
    rows[2] = row(3, "1.2", "40", "1")
    assert domain.standard_item_errors(rows) == []


def test_item_rules_name_the_row():
    rows = [
        row(1, "1"),
        row(2, "1.1", "50", "9"),
        row(3, "1.1", "50", "1"),
        row(4, "2", veto=True),
        row(5, "", "0.05"),
    ]
    assert [str(e) for e in domain.standard_item_errors(rows)] == [
        "第2行：所属部分“9”须是前面的部分标题行的编号",
        "第3行：编号“1.1”与前面的行重复",
        "第4行：部分标题行不评分：设一票否决或须上传佐证的行须填写满分",
        "第5行：请填写编号",
        "第5行：满分应大于0、最多一位小数，实为0.05",
        "各条目满分合计应为100分，现为100.05分",
    ]


def test_bands_must_fall_from_row_to_row_so_they_cannot_overlap():
    assert domain.band_errors([(1, D(90), "一级"), (2, D(80), "二级"), (3, D(70), "三级")]) == []
    errors = [
        str(e) for e in domain.band_errors([(1, D(80), "一级"), (2, D(90), "二级"), (3, D(60), "二级")])
    ]
    assert errors == [
        "第2行：最低分90须低于上一行（第1行）的80：等级按分数从高到低排列，不能重叠",
        "第3行：等级“二级”与前面的行重复",
    ]
    assert [str(e) for e in domain.band_errors([(1, D(120), "")])] == [
        "第1行：最低分应在0到100之间，实为120",
        "第1行：请填写等级名称",
    ]
    assert [str(e) for e in domain.band_errors([])] == ["至少要有一个等级"]


def test_band_ranges_read_from_the_top():
    bands = [domain.Band(D(80), "二级"), domain.Band(D(90), "一级")]
    assert domain.band_ranges(bands) == [("一级", D(90), None), ("二级", D(80), D(90))]


def test_a_new_year_uses_the_newest_version_in_force_that_year(standard, city_admin):
    revised = services.standard_new_version(by=city_admin, standard=standard, effective_year=2023)
    assert standard_for_year(2022) == standard
    assert standard_for_year(2023) == revised
    assert standard_for_year(2024) == revised
    later = services.standard_new_version(by=city_admin, standard=revised, effective_year=2023)
    assert standard_for_year(2023) == later  # made later for the same year


def test_a_2023_application_from_the_page_uses_the_2023_version(
    client, standard, city_admin, panlong_officer
):
    from guifan.funds import services as funds
    from guifan.grading.models import Application
    from tests.factories import InstitutionFactory, region

    funds.programme_create(
        by=city_admin,
        data={
            "year": 2023,
            "name": "2023",
            "implementing_unit": "中心",
            "subsidy_standard": 2_000_000,
            "annual_target": 2,
        },
        counties=[region("盘龙区")],
    )
    revised = services.standard_new_version(by=city_admin, standard=standard, effective_year=2023)
    institution = InstitutionFactory(county_name="盘龙区")
    client.force_login(panlong_officer)
    client.post(f"{reverse('grading:new')}?year=2023", {"institution": institution.pk, "statement": ""})
    assert Application.objects.get(institution=institution).standard == revised


def _items_post(standard, change=None) -> dict:
    data = {}
    for n, r in enumerate(item_rows(standard), start=1):
        data |= {
            f"code_{n}": r["code"],
            f"section_{n}": r["section"],
            f"title_{n}": r["title"],
            f"requirement_{n}": r["requirement"],
            f"max_points_{n}": "" if r["max_points"] is None else str(r["max_points"]),
            f"check_method_{n}": r["check_method"],
        }
        if r["evidence_required"]:
            data[f"evidence_{n}"] = "on"
        if r["veto"]:
            data[f"veto_{n}"] = "on"
    return data | (change or {})


@pytest.fixture
def draft(standard, city_admin):
    return services.standard_new_version(by=city_admin, standard=standard, effective_year=2023)


def _code_row(standard, code) -> int:
    return [r["code"] for r in item_rows(standard)].index(code) + 1


def test_the_city_copies_the_latest_version_from_the_list(client, standard, city_admin):
    client.force_login(city_admin)
    page = client.get(reverse("grading:standards")).content.decode()
    assert "新建评定标准版本（复制" in page
    response = client.post(reverse("grading:standard_new"), {"name": standard.name, "effective_year": "2023"})
    new = Standard.objects.get(version=2)
    assert response["Location"] == reverse("grading:standard", args=[new.pk])
    assert (
        item_rows(new) == item_rows(standard) and new.bands == standard.bands and new.effective_year == 2023
    )


def test_editing_items_checks_the_total_and_writes_nothing_when_wrong(client, draft, city_admin):
    client.force_login(city_admin)
    n11, n12 = _code_row(draft, "1.1"), _code_row(draft, "1.2")
    before = item_rows(draft)
    response = client.post(
        reverse("grading:standard_items", args=[draft.pk]), _items_post(draft, {f"max_points_{n11}": "7"})
    )
    page = response.content.decode()
    assert "<title>错误：" in page and "各条目满分合计应为100分，现为102分" in page
    assert item_rows(draft) == before
    # Move 2 points from 1.2 to 1.1, drop the veto of 1.1, add an item in a new row, delete none.
    change = {f"max_points_{n11}": "7", f"max_points_{n12}": "3", f"veto_{n11}": ""}
    response = client.post(reverse("grading:standard_items", args=[draft.pk]), _items_post(draft, change))
    assert response.status_code == 302
    rows = {r["code"]: r for r in item_rows(draft)}
    assert (rows["1.1"]["max_points"], rows["1.1"]["veto"], rows["1.2"]["max_points"]) == (D(7), False, D(3))
    assert AuditEvent.objects.filter(object_id=str(draft.pk), action="update").exists()


def test_adding_and_deleting_items_by_rows(client, draft, city_admin):
    client.force_login(city_admin)
    count = len(item_rows(draft))
    n12 = _code_row(draft, "1.2")
    new = count + 1
    change = {
        f"delete_{n12}": "on",
        f"code_{new}": "1.3",
        f"section_{new}": "1",
        f"title_{new}": "健康证",
        f"max_points_{new}": "5",
        f"evidence_{new}": "on",
    }
    assert (
        client.post(
            reverse("grading:standard_items", args=[draft.pk]), _items_post(draft, change)
        ).status_code
        == 302
    )
    rows = {r["code"]: r for r in item_rows(draft)}
    assert "1.2" not in rows and rows["1.3"]["evidence_required"] and rows["1.3"]["max_points"] == D(5)


def test_grade_bands_out_of_order_are_refused_naming_the_row(client, draft, city_admin):
    client.force_login(city_admin)
    data = {
        "name": draft.name,
        "effective_year": "2023",
        "minimum_1": "90",
        "grade_1": "一级",
        "minimum_2": "95",
        "grade_2": "二级",
    }
    page = client.post(reverse("grading:standard_edit", args=[draft.pk]), data).content.decode()
    assert "等级第2行 最低分：最低分95须低于上一行（第1行）的90" in page
    data |= {"minimum_2": "75"}
    assert client.post(reverse("grading:standard_edit", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert draft.bands == [{"minimum": "90", "grade": "一级"}, {"minimum": "75", "grade": "二级"}]


def test_a_version_used_by_an_inspection_is_frozen_on_its_page_and_refuses_edits(
    client, standard, city_admin
):
    Standard.objects.filter(pk=standard.pk).update(frozen=True)
    client.force_login(city_admin)
    page = client.get(reverse("grading:standard", args=[standard.pk])).content.decode()
    assert "已用于评分，已冻结" in page and "修改条目" not in page
    before = item_rows(standard)
    response = client.post(reverse("grading:standard_items", args=[standard.pk]), _items_post(standard))
    assert response.status_code == 302 and item_rows(standard) == before
    with pytest.raises(domain.InvalidTransition, match="已冻结"):
        services.standard_update(by=city_admin, standard_id=standard.pk, name="改名")


def test_the_standard_page_lists_sections_items_and_bands_in_captioned_tables(client, standard, db):
    client.force_login(UserFactory(username="aud", role="auditor"))
    page = client.get(reverse("grading:standard", args=[standard.pk])).content.decode()
    assert "<caption" in page and '<th scope="col">一票否决</th>' in page
    assert "90分及以上" in page and "80分及以上、不足90分" in page
    assert "1 证照与资质（2项，10.0分）" in page
    assert "修改条目" not in page and "新建版本" not in page


def test_every_role_reads_the_standard_and_only_the_city_changes_it(client, draft, panlong_officer):
    client.force_login(panlong_officer)
    assert client.get(reverse("grading:standards")).status_code == 200
    assert client.get(reverse("grading:standard", args=[draft.pk])).status_code == 200
    for name in ["grading:standard_edit", "grading:standard_items"]:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 403
    assert client.get(reverse("grading:standard_new")).status_code == 403
    assert (
        client.post(reverse("grading:standard_new"), {"name": "x", "effective_year": "2023"}).status_code
        == 403
    )
    assert Standard.objects.count() == 2


def test_export_standard_runs_and_picks_a_version(standard, city_admin, tmp_path):
    services.standard_new_version(by=city_admin, standard=standard, effective_year=2023)
    path = tmp_path / "v1.xlsx"
    call_command("export_standard", "-o", str(path), "--standard", "1")
    assert load_workbook(path)["条目"]["A2"].value == "1"
    call_command("export_standard", "-o", str(tmp_path / "latest.xlsx"))
