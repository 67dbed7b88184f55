import json

import pytest

from guifan.regions.constants import RegionKind
from guifan.regions.domain import RegionIndex, RegionRef
from guifan.regions.loading import DATA_DIR, load_region_file
from guifan.regions.models import Region
from guifan.regions.selectors import counties, region_index

# GB/T 2260 codes of Kunming's 14 county-level divisions, written out independently of the data file.
KUNMING = {
    "五华区": "530102",
    "盘龙区": "530103",
    "官渡区": "530111",
    "西山区": "530112",
    "东川区": "530113",
    "呈贡区": "530114",
    "晋宁区": "530115",
    "富民县": "530124",
    "宜良县": "530125",
    "石林彝族自治县": "530126",
    "嵩明县": "530127",
    "禄劝彝族苗族自治县": "530128",
    "寻甸回族彝族自治县": "530129",
    "安宁市": "530181",
}


@pytest.mark.django_db
def test_kunming_and_its_fourteen_counties_ship_with_official_codes():
    assert Region.objects.get(kind=RegionKind.CITY).code == "530100"
    assert {r.name: r.code for r in counties()} == KUNMING


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "county"),
    [
        ("石林县", "石林彝族自治县"),
        ("禄劝县", "禄劝彝族苗族自治县"),
        ("寻甸县", "寻甸回族彝族自治县"),
        ("五华", "五华区"),
        ("盘 龙 区", "盘龙区"),
    ],
)
def test_short_names_resolve_to_the_full_county(typed, county):
    ref = region_index().resolve(typed)
    assert Region.objects.get(pk=ref.county_id).name == county


@pytest.mark.django_db
def test_dianchi_resort_is_a_zone_reporting_through_xishan():
    ref = region_index().resolve("滇池度假区")
    assert ref.kind == RegionKind.ZONE
    assert Region.objects.get(pk=ref.county_id).name == "西山区"
    assert Region.objects.get(pk=ref.id).county.name == "西山区"


def test_an_unknown_name_is_explained():
    index = RegionIndex([RegionRef(1, "五华区", "county", 1, ("五华",))])
    assert index.resolve("呈贡") is None
    assert index.error("呈贡") == "未知县区“呈贡”"
    assert index.error("") == "请填写所属县区"


def test_a_name_shared_by_two_regions_is_ambiguous_not_guessed():
    index = RegionIndex([RegionRef(1, "新区", "county", 1), RegionRef(2, "新区", "zone", 3)])
    assert index.resolve("新区") is None
    assert "有歧义" in index.error("新区")


@pytest.mark.django_db
def test_another_city_is_added_as_a_data_file(tmp_path):
    path = tmp_path / "530300-qujing.json"
    path.write_text(
        json.dumps(
            {
                "code": "530300",
                "name": "曲靖市",
                "counties": [{"code": "530302", "name": "麒麟区", "aliases": ["麒麟"]}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    load_region_file(Region, path)
    load_region_file(Region, path)
    assert Region.objects.get(code="530302").parent.name == "曲靖市"
    assert Region.objects.filter(name="麒麟区").count() == 1
    assert region_index().resolve("麒麟").name == "麒麟区"


@pytest.mark.django_db
def test_reloading_kunming_changes_nothing():
    before = list(Region.objects.values_list("id", "code", "name", "parent_id"))
    load_region_file(Region, DATA_DIR / "530100-kunming.json")
    assert list(Region.objects.values_list("id", "code", "name", "parent_id")) == before
