"""The report page builds and checks the report once per version of the data, not on every visit,
and shows a change at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guifan.funds.services import programme_create, source_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2023(city_admin, kunming):
    data = {
        "year": 2023,
        "name": "2023年盲人按摩机构规范化建设量化分级评定",
        "implementing_unit": "昆明市残疾人综合服务中心",
        "subsidy_standard": 2_000_000,
        "annual_target": 8,
    }
    return programme_create(by=city_admin, data=data, counties=[])


def visit(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("reports:report", args=[2023]))
    assert page.status_code == 200
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())
    return text, len(ctx.captured_queries)


def test_a_second_visit_does_not_build_the_report_again(client, city_admin, year_2023):
    client.force_login(city_admin)
    first, built = visit(client)
    again, kept = visit(client)
    assert again == first
    assert kept < built - 5, (kept, built)


def test_a_new_funding_source_shows_on_the_next_visit(client, city_admin, year_2023):
    client.force_login(city_admin)
    assert "尚无预算资金" in visit(client)[0]
    source_create(by=city_admin, programme=year_2023, document="昆财〔2023〕1号", budget=16_000_000)
    assert "尚无预算资金" not in visit(client)[0]
