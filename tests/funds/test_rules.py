"""The date order, repeat-subsidy and new-year rules, without a database; expectations by hand."""

from datetime import date

import pytest

from guifan.core.dates import shift_years
from guifan.funds import domain

WAN = 1_000_000  # fen


def payment(**overrides) -> domain.PaymentCase:
    """A 2万元 payment on 2023-08-10 of 2023 money, transferred 2023-04-20, council 2023-07-25."""
    values = dict(
        amount=2 * WAN,
        county="盘龙区",
        institution="某店",
        county_balance=4 * WAN,
        standard=2 * WAN,
        accepted=True,
        already_paid=0,
        funding_year=2023,
        programme_year=2023,
        on=date(2023, 8, 10),
        transferred_on=date(2023, 4, 20),
        accepted_on=date(2023, 7, 25),
    )
    values.update(overrides)
    return domain.PaymentCase(**values)


def test_a_payment_after_the_transfer_and_the_council_passes():
    domain.check_payment(payment())
    domain.check_payment(payment(on=date(2023, 7, 25)))  # on the day of the decision is not before it


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"on": date(2023, 4, 19)},
            "拨付日期2023年4月19日早于2023年度资金下拨至盘龙区的日期2023年4月20日",
        ),
        (
            {"on": date(2023, 7, 24)},
            "拨付日期2023年7月24日早于理事会批准“某店”的日期2023年7月25日",
        ),
        (
            {
                "funding_year": 2022,
                "transferred_on": date(2022, 4, 20),
                "carried_on": date(2023, 8, 11),
                "carried_unused": 2 * WAN,
            },
            "拨付日期2023年8月10日早于盘龙区2022年度资金结转至2023年度的日期2023年8月11日",
        ),
    ],
)
def test_a_payment_dated_out_of_order_is_refused_naming_both_dates(overrides, message):
    with pytest.raises(domain.DateOutOfOrder, match=message):
        domain.check_payment(payment(**overrides))


def test_without_a_recorded_date_only_the_other_rules_apply():
    domain.check_payment(payment(on=None, transferred_on=None, accepted_on=None))
    domain.check_payment(payment(transferred_on=None, accepted_on=None))


def test_a_transfer_cannot_predate_the_first_receipt():
    domain.check_transfer_date(on=date(2023, 3, 15), received_on=date(2023, 3, 15), document="昆财社1号")
    domain.check_transfer_date(on=date(2023, 3, 1), received_on=None, document="昆财社1号")
    with pytest.raises(
        domain.DateOutOfOrder, match="下拨日期2023年3月14日早于资金来源“昆财社1号”的资金到位日期2023年3月15日"
    ):
        domain.check_transfer_date(on=date(2023, 3, 14), received_on=date(2023, 3, 15), document="昆财社1号")


def test_the_first_receipt_cannot_come_after_a_transfer_already_made():
    domain.check_receipt_date(
        on=date(2023, 4, 20), first_receipt_on=None, first_transfer_on=date(2023, 4, 20)
    )
    # A second instalment may arrive after the transfers: the first one came before them.
    domain.check_receipt_date(
        on=date(2023, 9, 1), first_receipt_on=date(2023, 3, 1), first_transfer_on=date(2023, 4, 20)
    )
    with pytest.raises(
        domain.DateOutOfOrder, match="资金到位日期2023年4月21日晚于该资金来源的首次下拨日期2023年4月20日"
    ):
        domain.check_receipt_date(
            on=date(2023, 4, 21), first_receipt_on=None, first_transfer_on=date(2023, 4, 20)
        )


def test_an_institution_paid_in_an_earlier_year_needs_a_written_exception():
    with pytest.raises(domain.RepeatSubsidy, match="“某店”已在2021年度1万元、2022年度2万元获补助"):
        domain.check_payment(payment(earlier_paid={2022: 2 * WAN, 2021: 1 * WAN}))
    domain.check_payment(
        payment(earlier_paid={2022: 2 * WAN}, repeat_reason="2022年仅完成一半，理事会同意补足")
    )


def test_an_earlier_payment_reversed_to_nothing_is_not_a_repeat():
    domain.check_payment(payment(earlier_paid={2022: 0}))
    assert domain.earlier_subsidies({2022: 0, 2021: 1_500_000}) == "2021年度1.5万元"


def test_a_blank_exception_is_no_exception():
    with pytest.raises(domain.RepeatSubsidy):
        domain.check_payment(payment(earlier_paid={2022: 2 * WAN}, repeat_reason="   "))


def test_a_new_year_must_be_new_later_and_funded():
    domain.check_new_year(year=2023, previous_year=2022, year_exists=False, budget=12 * WAN)
    with pytest.raises(domain.YearExists, match="2023年度项目已存在"):
        domain.check_new_year(year=2023, previous_year=2022, year_exists=True, budget=12 * WAN)
    with pytest.raises(domain.FundsRuleError, match="新年度（2021）须晚于作为基础的2022年度"):
        domain.check_new_year(year=2021, previous_year=2022, year_exists=False, budget=12 * WAN)
    with pytest.raises(domain.FundsRuleError, match="预算金额必须大于0"):
        domain.check_new_year(year=2023, previous_year=2022, year_exists=False, budget=0)


def test_the_next_year_shifts_dates_and_the_name():
    assert shift_years(date(2022, 4, 1), 1) == date(2023, 4, 1)
    assert shift_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert shift_years(None, 1) is None
    assert domain.next_name("2022年盲人按摩机构规范化建设", 2022, 2023) == "2023年盲人按摩机构规范化建设"


def test_each_kind_is_recorded_and_reversed_by_one_role():
    assert domain.role_for("payment") == "county_officer"
    assert {domain.role_for(k) for k in ["receipt", "transfer", "recovery", "carry_over"]} == {"city_admin"}
