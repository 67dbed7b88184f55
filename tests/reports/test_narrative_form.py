"""The report-text page: a post that lacks a block, or clears one, changes nothing and says which
block to fill in; a full post saves as before."""

import pytest
from django.urls import reverse

from guifan.funds.services import programme_create
from guifan.reports import narrative
from guifan.reports.builder import texts_of
from guifan.reports.models import NarrativeBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(city_admin, kunming):
    return programme_create(
        by=city_admin,
        data={
            "year": 2023,
            "name": "2023年盲人按摩机构规范化建设量化分级评定",
            "implementing_unit": "昆明市残疾人综合服务中心",
            "subsidy_standard": 2_000_000,
            "annual_target": 8,
        },
        counties=[],
    )


@pytest.fixture
def page(client, city_admin, year):
    client.force_login(city_admin)
    return reverse("reports:narrative", args=[year.year])


@pytest.mark.parametrize("data", [{}, {"csrfmiddlewaretoken": "x"}], ids=["empty", "token-only"])
def test_a_blank_submit_saves_nothing_and_lists_every_block_to_fill_in(client, page, year, data):
    before = texts_of(year)
    response = client.post(page, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<title>错误：" in text
    assert text.count("请填写") >= len(narrative.BLOCKS)
    assert f"请填写{narrative.BY_KEY['intro'].title}" in text
    assert not NarrativeBlock.objects.filter(programme=year).exists()
    assert texts_of(year) == before


def test_clearing_one_block_is_refused_and_the_other_edits_are_not_saved_either(client, page, year):
    data = texts_of(year) | {"intro": "   ", "background": "新的背景{年度}。"}
    response = client.post(page, data)
    assert response.status_code == 200
    assert f"请填写{narrative.BY_KEY['intro'].title}" in response.content.decode()
    assert not NarrativeBlock.objects.filter(programme=year).exists()


def test_a_full_post_saves_the_changed_block(client, page, year):
    data = texts_of(year) | {"background": "新的背景{年度}。"}
    response = client.post(page, data)
    assert response.status_code == 302
    saved = NarrativeBlock.objects.get(programme=year)
    assert (saved.key, saved.text) == ("background", "新的背景{年度}。")


def test_the_service_itself_refuses_to_blank_a_block(city_admin, year):
    from guifan.reports.services import NarrativeError, narrative_save

    key = narrative.BLOCKS[0].key
    with pytest.raises(NarrativeError) as refused:
        narrative_save(by=city_admin, programme=year, texts={key: "  \n "})
    assert "不能为空" in refused.value.errors[key]
    assert not NarrativeBlock.objects.exists()
