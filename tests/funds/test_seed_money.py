"""The demo ledger against the seed report's facts, computed here independently of the code."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

# PRODUCT.md: institutions per county, 2万元 each; which of them the 2021 funds paid.
SEED_TABLE = {"五华区": 2, "盘龙区": 3, "西山区": 2, "官渡区": 4, "富民县": 1}
PAID_FROM_2021 = {"官渡区": 4, "盘龙区": 1}
STANDARD_WAN = 2
BUDGET_2022_WAN = 16


@pytest.fixture
def summary(capsys) -> dict:
    call_command("demo")
    capsys.readouterr()
    call_command("programme_summary", "2022")
    return json.loads(capsys.readouterr().out)


def wan(yuan: str) -> Decimal:
    return Decimal(yuan) / 10_000


def test_twelve_institutions_and_24_wan_paid_in_2022(summary):
    assert summary["paid_in_year"]["institutions"] == sum(SEED_TABLE.values()) == 12
    assert wan(summary["paid_in_year"]["amount"]) == 12 * STANDARD_WAN == 24


def test_the_24_wan_is_14_from_2022_funds_and_10_from_2021_funds(summary):
    from_2021 = sum(PAID_FROM_2021.values())
    split = summary["payments_by_funding_year"]
    assert split["2021"]["institutions"] == from_2021 == 5
    assert wan(split["2021"]["amount"]) == from_2021 * STANDARD_WAN == 10
    assert split["2022"]["institutions"] == 12 - from_2021 == 7
    assert wan(split["2022"]["amount"]) == (12 - from_2021) * STANDARD_WAN == 14


def test_the_2022_execution_rate_is_paid_over_the_2022_budget(summary):
    year = next(y for y in summary["funding_years"] if y["year"] == 2022)
    expected = Decimal((12 - 5) * STANDARD_WAN) / BUDGET_2022_WAN * 100
    assert expected == Decimal("87.5")
    assert Decimal(year["execution_rate"]) == expected
    assert wan(year["budget"]) == BUDGET_2022_WAN
    assert wan(year["transferred"]) == 16
    assert year["county_balances"] == {"东川区": "20000.00"}


def test_county_totals_match_the_seed_table(summary):
    totals = {row["county"]: (row["institutions"], wan(row["amount"])) for row in summary["counties"]}
    assert totals == {county: (n, n * STANDARD_WAN) for county, n in SEED_TABLE.items()}


def test_the_sentence_states_the_years_apart(summary):
    assert "执行率87.5%" in summary["sentence"]
    assert "另使用2021年结转资金10万元" in summary["sentence"]
    assert "150%" not in summary["sentence"]


def test_plan_progress_counts_the_years_institutions_against_30(summary):
    assert summary["plan"]["institutions_so_far"] == 12
    assert summary["plan"]["target_institutions"] == 30
    assert Decimal(summary["plan"]["institutions_rate"]) == Decimal("40.0")


def test_each_funding_years_money_is_traced_to_the_counties(summary):
    years = {y["year"]: {c["county"]: c for c in y["counties"]} for y in summary["funding_years"]}
    balances = {county: wan(c["balance"]) for county, c in years[2022].items()}
    assert {county: b for county, b in balances.items() if b} == {"东川区": 2}
    assert {county: wan(c["paid"]) for county, c in years[2021].items()} == {"盘龙区": 2, "官渡区": 8}
    assert {county: wan(c["carried_over"]) for county, c in years[2021].items()} == {"盘龙区": 2, "官渡区": 8}
