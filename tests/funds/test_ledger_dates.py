"""Receipt → transfer → payment in date order, and repeat subsidies across years, through the services."""

from datetime import date

import pytest

from guifan.funds import domain, services
from guifan.funds.models import Enrolment, LedgerEntry
from tests.factories import region

from .conftest import WAN

pytestmark = pytest.mark.django_db


def pay(by, enrolment, source, on, voucher="凭证1", **extra):
    return services.funds_pay(
        by=by, enrolment_id=enrolment.pk, source_id=source.pk, on=on, voucher=voucher, amount=2 * WAN, **extra
    )


def test_a_transfer_dated_before_the_money_arrived_is_refused(programme, city_admin):
    # The fixture's 4万元 arrived on 2022-03-01.
    before = LedgerEntry.objects.count()
    with pytest.raises(
        domain.DateOutOfOrder,
        match="下拨日期2022年2月28日早于资金来源“测财〔2022〕1号”的资金到位日期2022年3月1日",
    ):
        services.funds_transfer(
            by=city_admin,
            source_id=programme.source.pk,
            county=region("官渡区"),
            on=date(2022, 2, 28),
            amount=1,
            document="下拨2号",
        )
    assert LedgerEntry.objects.count() == before


def test_a_transfer_before_any_receipt_is_allowed_and_then_binds_the_receipt(programme, city_admin):
    source = services.source_create(by=city_admin, programme=programme, document="测财追加", budget=2 * WAN)
    services.funds_transfer(
        by=city_admin,
        source_id=source.pk,
        county=region("官渡区"),
        on=date(2022, 5, 1),
        amount=2 * WAN,
        document="下拨9号",
    )
    with pytest.raises(domain.DateOutOfOrder, match="晚于该资金来源的首次下拨日期2022年5月1日"):
        services.funds_receive(by=city_admin, source_id=source.pk, on=date(2022, 5, 2), amount=2 * WAN)
    services.funds_receive(by=city_admin, source_id=source.pk, on=date(2022, 4, 30), amount=2 * WAN)


def test_a_reversed_receipt_no_longer_dates_the_money(programme, city_admin):
    receipt = LedgerEntry.objects.get(kind="receipt", source=programme.source)
    services.entry_reverse(by=city_admin, entry_id=receipt.pk, on=date(2022, 3, 2), reason="日期录错")
    services.funds_receive(by=city_admin, source_id=programme.source.pk, on=date(2022, 3, 20), amount=4 * WAN)
    with pytest.raises(domain.DateOutOfOrder, match="资金到位日期2022年3月20日"):
        services.funds_transfer(
            by=city_admin,
            source_id=programme.source.pk,
            county=region("官渡区"),
            on=date(2022, 3, 10),
            amount=1,
            document="下拨3号",
        )


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (date(2022, 3, 31), "拨付日期2022年3月31日早于2022年度资金下拨至盘龙区的日期2022年4月1日"),
        (date(2022, 6, 30), "拨付日期2022年6月30日早于理事会批准“.+”的日期2022年7月1日"),
    ],
)
def test_a_payment_dated_out_of_order_writes_nothing(programme, accepted, panlong_officer, on, message):
    before = LedgerEntry.objects.count()
    with pytest.raises(domain.DateOutOfOrder, match=message):
        pay(panlong_officer, accepted[0], programme.source, on)
    assert LedgerEntry.objects.count() == before


def next_year_enrolment(city_admin, programme, enrolment):
    """2023: 盘龙区 gets 2万元 on 2023-04-01 and the same institution is accepted again on 2023-07-01."""
    later = services.programme_create(
        by=city_admin,
        data={
            "year": 2023,
            "name": "2023",
            "implementing_unit": "测试中心",
            "subsidy_standard": 2 * WAN,
            "annual_target": 1,
        },
        counties=[region("盘龙区")],
    )
    source = services.source_create(
        by=city_admin, programme=later, document="测财〔2023〕1号", budget=2 * WAN
    )
    services.funds_transfer(
        by=city_admin,
        source_id=source.pk,
        county=region("盘龙区"),
        on=date(2023, 4, 1),
        amount=2 * WAN,
        document="下拨23",
    )
    again = Enrolment.objects.create(
        programme=later, institution=enrolment.institution, accepted=True, accepted_on=date(2023, 7, 1)
    )
    return again, source


def test_an_institution_paid_last_year_is_paid_again_only_with_a_written_exception(
    programme, accepted, city_admin, panlong_officer
):
    pay(panlong_officer, accepted[0], programme.source, date(2022, 8, 1), "凭证22")
    again, source = next_year_enrolment(city_admin, programme, accepted[0])
    name = accepted[0].institution.name
    with pytest.raises(domain.RepeatSubsidy, match=f"“{name}”已在2022年度2万元获补助"):
        pay(panlong_officer, again, source, date(2023, 8, 1), "凭证23")
    entry = pay(
        panlong_officer,
        again,
        source,
        date(2023, 8, 1),
        "凭证23",
        repeat_reason="2022年建设未完成部分，理事会同意",
    )
    assert entry.repeat_reason == "2022年建设未完成部分，理事会同意"


def test_a_payment_reversed_last_year_does_not_count_as_a_subsidy(
    programme, accepted, city_admin, panlong_officer
):
    first = pay(panlong_officer, accepted[0], programme.source, date(2022, 8, 1), "凭证22")
    services.entry_reverse(by=panlong_officer, entry_id=first.pk, on=date(2022, 8, 2), reason="付错机构")
    again, source = next_year_enrolment(city_admin, programme, accepted[0])
    pay(panlong_officer, again, source, date(2023, 8, 1), "凭证23")
