"""A new programme year's report: last year's edited texts come along (programme_started), and the
report and narrative pages of a year with nothing set up yet say what is missing instead of failing."""

import pytest
from django.urls import reverse

from guifan.audit.models import AuditEvent
from guifan.funds.models import Programme
from guifan.funds.services import programme_create
from guifan.funds.signals import programme_started
from guifan.reports import services
from guifan.reports.builder import build
from guifan.reports.domain import check
from guifan.reports.extract import figures_of
from guifan.reports.models import NarrativeBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2022(city_admin, kunming):
    return programme_create(by=city_admin, data=programme_data(2022), counties=[])


def programme_data(year: int) -> dict:
    return {
        "year": year,
        "name": f"{year}年盲人按摩机构规范化建设量化分级评定",
        "implementing_unit": "昆明市残疾人综合服务中心",
        "subsidy_standard": 2_000_000,
        "annual_target": 8,
    }


@pytest.fixture
def fresh_2023(city_admin, kunming):
    """A year just created: no funding source, no applications, no survey, no evaluation."""
    return programme_create(by=city_admin, data=programme_data(2023), counties=[])


def test_a_new_year_starts_with_last_years_edited_texts(city_admin, year_2022, fresh_2023):
    services.narrative_save(
        by=city_admin, programme=year_2022, texts={"background": "本项目{年度}年的背景。"}
    )
    programme_started.send(sender=Programme, programme=fresh_2023, previous=year_2022, by=city_admin)
    copied = NarrativeBlock.objects.get(programme=fresh_2023, key="background")
    assert copied.text == "本项目{年度}年的背景。"
    assert "本项目2023年的背景。" in build(fresh_2023, with_chart=False).text()
    assert AuditEvent.objects.filter(object_id=str(copied.pk), note__contains="沿用2022年度").exists()


def test_texts_never_edited_stay_the_default_and_nothing_is_copied_twice(city_admin, year_2022, fresh_2023):
    services.narrative_save(by=city_admin, programme=year_2022, texts={"background": "甲"})
    services.narrative_save(by=city_admin, programme=fresh_2023, texts={"background": "乙"})
    programme_started.send(sender=Programme, programme=fresh_2023, previous=year_2022, by=city_admin)
    assert list(NarrativeBlock.objects.filter(programme=fresh_2023).values_list("key", "text")) == [
        ("background", "乙")
    ]


def test_the_report_page_of_a_fresh_year_says_what_is_missing(client, city_admin, fresh_2023):
    client.force_login(city_admin)
    page = client.get(reverse("reports:report", args=[2023]))
    assert page.status_code == 200
    text = page.content.decode()
    for missing in ("尚无预算资金", "尚无验收通过的机构", "尚无满意度调查结果", "尚未开展绩效自评"):
        assert missing in text
    assert reverse("funds:programme", args=[2023]) in text
    assert "还不能导出：尚无预算资金；尚未开展绩效自评" in text
    assert ">生成并下载</button>" not in text


def test_the_narrative_page_of_a_fresh_year_answers(client, city_admin, fresh_2023):
    client.force_login(city_admin)
    assert client.get(reverse("reports:narrative", args=[2023])).status_code == 200


def test_the_auditor_reads_a_fresh_years_report_page(client, auditor, fresh_2023):
    client.force_login(auditor)
    page = client.get(reverse("reports:report", args=[2023]))
    assert page.status_code == 200
    assert "尚未开展绩效自评" in page.content.decode()
    assert "到绩效自评页新建" not in page.content.decode()  # the links are the city's to follow


def test_exporting_a_fresh_year_is_refused_with_what_is_missing(client, city_admin, fresh_2023):
    client.force_login(city_admin)
    page = client.post(reverse("reports:report", args=[2023]), {"format": "docx", "acknowledge": "on"})
    assert page.status_code == 200 and "Content-Disposition" not in page
    assert "还不能导出" in page.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_fresh_years_blocks_build_and_check_without_error(fresh_2023):
    document = build(fresh_2023, with_chart=False)
    assert "2023年盲人按摩机构规范化建设量化分级评定绩效自评报告" in document.text()
    assert check(figures_of(document)) == []
