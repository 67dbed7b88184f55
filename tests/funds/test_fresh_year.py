"""Every funds page of a year just created, with nothing set up, answers each role that may open it
(and 403/404 for the others) — never 500. The first version answered 500 on /funds/2023/ until a
funding source existed (an empty IN () in the figures' count of institutions paid)."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from guifan.accounts.models import User
from guifan.funds import services
from tests.factories import region

pytestmark = pytest.mark.django_db
CITY_KINDS = ["receipt", "transfer", "recovery", "carry_over"]


@pytest.fixture(params=["no source", "budget only"])
def fresh_2023(request, capsys):
    call_command("demo")
    capsys.readouterr()
    city = User.objects.get(username="city")
    data = {
        "name": "2023年测试项目",
        "implementing_unit": "昆明市残疾人综合服务中心",
        "subsidy_standard": 2_000_000,
        "annual_target": 6,
    }
    counties = [region("盘龙区"), region("东川区")]
    if request.param == "no source":
        return services.programme_create(by=city, data={**data, "year": 2023}, counties=counties)
    previous = services.programme_create(by=city, data={**data, "year": 2019}, counties=counties)
    return services.programme_start(
        by=city,
        year=2020,
        previous=previous,
        data={**data, "execution_start": date(2020, 4, 1)},
        counties=counties,
        source_document="测财〔2020〕1号",
        source_budget=120_000_00,
    )


def expected(username: str) -> dict[tuple, int]:
    """(url name, args) → status for one role, over every funds page of the fresh year."""
    city, county = username == "city", username == "panlong"
    pages = {
        ("funds:programmes", ()): 200,
        ("funds:programme", ()): 200,
        ("funds:ledger", ()): 200,
        ("funds:ledger_export", ()): 200,
        ("funds:county_table_export", ()): 200,
        ("funds:enrolments", ()): 200,
        ("funds:source_new", ()): 200 if city else 403,
        ("funds:programme_next", ()): 200 if city else 403,
        ("funds:programme_new", ()): 200 if city else 403,
        ("funds:entry_new", ("payment",)): 200 if county else 403,
    }
    for kind in CITY_KINDS:
        pages[("funds:entry_new", (kind,))] = 200 if city else 403
    return pages


@pytest.mark.parametrize("username", ["city", "panlong", "auditor"])
def test_every_funds_page_of_a_fresh_year_answers(client, fresh_2023, username):
    client.force_login(User.objects.get(username=username))
    year = fresh_2023.year
    answers = {}
    for name, extra in expected(username):
        args = () if name in ("funds:programmes", "funds:programme_new") else (year, *extra)
        answers[(name, extra)] = client.get(reverse(name, args=args)).status_code
    assert answers == expected(username)


def test_a_county_outside_the_years_task_counties_gets_404(client, fresh_2023):
    client.force_login(User.objects.get(username="guandu"))
    assert client.get(reverse("funds:programme", args=[fresh_2023.year])).status_code == 404
    assert client.get(reverse("funds:ledger", args=[fresh_2023.year])).status_code == 404


def test_the_fresh_year_says_what_to_set_up_first(client, fresh_2023):
    year = fresh_2023.year
    client.force_login(User.objects.get(username="city"))
    page = client.get(reverse("funds:programme", args=[year])).content.decode()
    assert reverse("funds:source_new", args=[year]) in page
    if not fresh_2023.sources.exists():
        assert "登记资金到位、登记下拨——2023年度还没有资金来源：请先登记资金来源" in page
        assert reverse("funds:entry_new", args=[year, "transfer"]) not in page
        form = client.get(reverse("funds:entry_new", args=[year, "transfer"])).content.decode()
        assert "请先登记资金来源" in form and 'name="amount"' not in form
    else:
        assert reverse("funds:entry_new", args=[year, "transfer"]) in page
    client.force_login(User.objects.get(username="panlong"))
    page = client.get(reverse("funds:programme", args=[year])).content.decode()
    assert f"盘龙区还没有可拨付的{year}年度机构" in page
    assert reverse("funds:entry_new", args=[year, "payment"]) not in page
