"""Funds rules and figures without a database; expectations worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from guifan.core.money import AmountError, fen_to_wan, format_wan, percent, yuan_to_fen
from guifan.funds import balances, domain

WAN = 1_000_000  # fen


@pytest.mark.parametrize(
    ("text", "fen"), [("20000", 2_000_000), ("20,000.50", 2_000_050), ("0.01", 1), (" 160000 ", 16_000_000)]
)
def test_yuan_become_exact_fen(text, fen):
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-100", "不能为负数"),
        ("0", "必须大于0"),
        ("20000.005", "超过两位小数"),
        ("两万", "不是数字"),
        ("NaN", "不是数字"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(text, message):
    with pytest.raises(AmountError, match=message):
        yuan_to_fen(text)


def test_wan_are_printed_without_trailing_zeros():
    assert format_wan(16 * WAN) == "16万元"
    assert format_wan(2_500_000) == "2.5万元"
    assert fen_to_wan(14 * WAN) == Decimal(14)


def test_percentages_round_half_up_and_survive_a_zero_budget():
    assert percent(14, 16) == Decimal("87.5")
    assert percent(1, 3, places=2) == Decimal("33.33")
    assert percent(5, 0) is None


def case(**overrides) -> domain.PaymentCase:
    values = dict(
        amount=2 * WAN,
        county="盘龙区",
        institution="某店",
        county_balance=4 * WAN,
        standard=2 * WAN,
        accepted=True,
        already_paid=0,
        funding_year=2022,
        programme_year=2022,
    )
    values.update(overrides)
    return domain.PaymentCase(**values)


def test_a_standard_payment_within_the_balance_passes():
    domain.check_payment(case())


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"accepted": False}, domain.NotAccepted, "尚未通过验收"),
        ({"already_paid": 2 * WAN}, domain.DuplicateSubsidy, "已获补助2万元"),
        ({"amount": 3 * WAN, "county_balance": 4 * WAN}, domain.NonStandardAmount, "不等于补助标准2万元"),
        ({"county_balance": 1 * WAN}, domain.BalanceExceeded, "超过盘龙区2022年度资金结余1万元"),
        ({"funding_year": 2021, "carried_unused": 0}, domain.NotCarriedOver, "请先办理结转"),
    ],
)
def test_payments_that_break_a_rule_are_refused(overrides, error, message):
    with pytest.raises(error, match=message):
        domain.check_payment(case(**overrides))


def test_documented_exceptions_allow_a_second_or_non_standard_subsidy():
    domain.check_payment(case(already_paid=2 * WAN, exception_reason="火灾后重建，理事会同意"))
    domain.check_payment(case(amount=1 * WAN, amount_reason="仅完成一半建设内容"))
    domain.check_payment(case(funding_year=2021, carried_unused=2 * WAN))


def test_transfers_stop_at_the_unallocated_amount_and_at_the_programmes_counties():
    domain.check_transfer(amount=2 * WAN, unallocated=2 * WAN, county_in_programme=True, county="东川区")
    with pytest.raises(domain.SourceExceeded, match="尚未下拨的2万元"):
        domain.check_transfer(amount=3 * WAN, unallocated=2 * WAN, county_in_programme=True, county="东川区")
    with pytest.raises(domain.CountyNotInProgramme, match="晋宁区不是本年度项目的任务县区"):
        domain.check_transfer(amount=1, unallocated=2 * WAN, county_in_programme=False, county="晋宁区")


def test_carry_over_cannot_exceed_the_part_of_the_balance_not_yet_carried():
    domain.check_carry_over(amount=2 * WAN, county_balance=8 * WAN, already_carried=6 * WAN, county="官渡区")
    with pytest.raises(domain.BalanceExceeded, match="可结转的结余2万元"):
        domain.check_carry_over(
            amount=3 * WAN, county_balance=8 * WAN, already_carried=6 * WAN, county="官渡区"
        )


# The seed's money as net sums, written out by hand from PRODUCT.md (county ids: 1 五华, 2 盘龙, 3 西山,
# 4 官渡, 5 富民, 6 东川; source 21 = 2021 funds, 22 = 2022 budget).
SOURCES = [balances.Source(22, 2022, "昆财社〔2022〕40号", 16 * WAN), balances.Source(21, 2021, "", 10 * WAN)]
SUMS = [
    balances.Sum(22, "receipt", None, 2022, 16 * WAN),
    *[balances.Sum(22, "transfer", c, 2022, a * WAN) for c, a in [(1, 4), (2, 4), (3, 4), (5, 2), (6, 2)]],
    *[balances.Sum(22, "payment", c, 2022, n * 2 * WAN, n) for c, n in [(1, 2), (2, 2), (3, 2), (5, 1)]],
    balances.Sum(21, "receipt", None, 2021, 10 * WAN),
    balances.Sum(21, "transfer", 4, 2021, 8 * WAN),
    balances.Sum(21, "transfer", 2, 2021, 2 * WAN),
    balances.Sum(21, "carry_over", 4, 2022, 8 * WAN),
    balances.Sum(21, "carry_over", 2, 2022, 2 * WAN),
    balances.Sum(21, "payment", 4, 2022, 8 * WAN, 4),
    balances.Sum(21, "payment", 2, 2022, 2 * WAN, 1),
]
NAMES = {1: "五华区", 2: "盘龙区", 3: "西山区", 4: "官渡区", 5: "富民县", 6: "东川区"}


def test_execution_is_per_funding_year():
    figures = balances.year_figures(SOURCES, SUMS)
    this_year, last_year = figures[22], figures[21]
    assert (this_year.transferred, this_year.paid, this_year.institutions) == (16 * WAN, 14 * WAN, 7)
    assert this_year.execution_rate == Decimal("87.5")
    assert this_year.arrival_rate == Decimal("100.0")
    assert this_year.counties[6].balance == 2 * WAN
    assert this_year.unallocated == 0
    assert (last_year.paid, last_year.institutions, last_year.county_balance) == (10 * WAN, 5, 0)


def test_the_county_table_counts_payments_made_in_the_programme_year_from_any_funding_year():
    rows = {NAMES[r.county_id]: r for r in balances.county_table(SOURCES, SUMS, 2022)}
    assert {n: (r.institutions, r.amount // WAN) for n, r in rows.items()} == {
        "五华区": (2, 4),
        "盘龙区": (3, 6),
        "西山区": (2, 4),
        "官渡区": (4, 8),
        "富民县": (1, 2),
    }
    assert rows["盘龙区"].by_funding_year == {2022: 4 * WAN, 2021: 2 * WAN}
    assert balances.payments_by_funding_year(list(rows.values())) == {
        2022: (7, 14 * WAN),
        2021: (5, 10 * WAN),
    }


def test_the_sentence_never_divides_two_years_money_by_one_years_budget():
    table = balances.county_table(SOURCES, SUMS, 2022)
    sentence = balances.execution_sentence(
        programme_year=2022, current=balances.year_figures(SOURCES, SUMS)[22], table=table, county_names=NAMES
    )
    assert "执行率87.5%" in sentence
    assert "结余2万元（东川区2万元）" in sentence
    assert "另使用2021年结转资金10万元，拨付机构5家（盘龙区1家、官渡区4家）" in sentence
    assert "合计拨付机构12家24万元" in sentence
    assert "150%" not in sentence


def test_a_reversed_payment_nets_to_nothing():
    sums = [balances.Sum(22, "transfer", 1, 2022, 4 * WAN), balances.Sum(22, "payment", 1, 2022, 0, 0)]
    figures = balances.year_figures(SOURCES[:1], sums)[22]
    assert (figures.paid, figures.counties[1].balance, figures.institutions) == (0, 4 * WAN, 0)


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (date(2021, 12, 31), "日期2021年12月31日早于2023年度资金可登记的最早日期2022年1月1日"),
        (date(2023, 7, 14), "日期2023年7月14日晚于今天（2023年7月13日），2023年度资金不能登记未来日期"),
    ],
)
def test_an_entry_dated_outside_its_funding_years_span_is_refused(on, message):
    with pytest.raises(domain.DateOutOfRange, match=message):
        domain.check_entry_date(on=on, funding_year=2023, today=date(2023, 7, 13))


@pytest.mark.parametrize("on", [date(2022, 1, 1), date(2022, 11, 20), date(2023, 7, 13)])
def test_an_advance_issue_late_in_the_year_before_and_today_are_accepted(on):
    domain.check_entry_date(on=on, funding_year=2023, today=date(2023, 7, 13))


def test_what_a_county_may_still_spend_per_source_from_the_sums():
    sources = [balances.Source(1, 2022, "22号", 10 * WAN), balances.Source(2, 2023, "23号", 10 * WAN)]
    sums = [
        balances.Sum(1, "transfer", 7, 2022, 4 * WAN),
        balances.Sum(1, "payment", 7, 2022, 2 * WAN),  # 2万 left of 2022, 1万 carried to 2023
        balances.Sum(1, "carry_over", 7, 2023, 1 * WAN),
        balances.Sum(2, "transfer", 7, 2023, 4 * WAN),
        balances.Sum(2, "recovery", 7, 2023, 4 * WAN),  # all of 2023 taken back
        balances.Sum(2, "transfer", 8, 2023, 4 * WAN),  # another county's money
    ]
    assert balances.spendable_by_source(sources, sums, county_id=7, programme_year=2023) == {1: WAN}
    assert balances.spendable_by_source(sources, sums, county_id=7, programme_year=2022) == {1: 2 * WAN}
