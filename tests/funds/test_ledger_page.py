"""The ledger page of a programme year lists the year's entries and the year's funds used later, in
date order over its pages, marks reversals, and shows a county only its own lines."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guifan.funds import services
from guifan.funds.models import FundingSource, LedgerEntry, Programme
from tests.factories import region

from .conftest import WAN

pytestmark = pytest.mark.django_db


def documents(client, year: int, page: int) -> list[str]:
    html = client.get(reverse("funds:ledger", args=[year]), {"page": page}).content.decode()
    return re.findall(r"<td>(V-[^<]+|下拨1号)</td>", html)


@pytest.fixture
def ledger(programme, accepted, city_admin, panlong_officer):
    """2022's own entries, two payments (one reversed), and 120 lines of a 2023 programme: 90 paid from
    2022's funds (they belong on 2022's ledger) and 30 from 2023's own (they do not)."""
    for n, enrolment in enumerate(accepted[:2]):
        services.funds_pay(
            by=panlong_officer,
            enrolment_id=enrolment.pk,
            source_id=programme.source.pk,
            on=date(2022, 8, 1 + n),
            voucher=f"V-2022-{n}",
            amount=2 * WAN,
        )
    first = LedgerEntry.objects.get(document="V-2022-0")
    services.entry_reverse(by=panlong_officer, entry_id=first.pk, on=date(2022, 9, 1), reason="录错")
    later = Programme.objects.create(
        year=2023, name="测试项目", implementing_unit="测试中心", subsidy_standard=2 * WAN, annual_target=2
    )
    own_source = FundingSource.objects.create(programme=later, document="测财〔2023〕1号", budget=WAN)
    counties = [region("盘龙区"), region("官渡区")]
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            kind="payment" if n % 2 else "transfer",
            source=programme.source if n < 90 else own_source,
            programme=later,
            county=counties[n % 2],
            date=date(2023, 1, 1) + timedelta(days=119 - n),  # written in reverse date order
            document=f"V-2023-{n:02d}",
            amount=100,
            created_by=city_admin,
        )
        for n in range(120)
    )
    return programme


def expected(county=None) -> list[str]:
    """Independently: entries of 2022, or paid from a 2022 source, by date then id, with a document."""
    entries = [
        e
        for e in LedgerEntry.objects.select_related("source__programme", "programme")
        if 2022 in (e.programme.year, e.source.programme.year) and (county is None or e.county == county)
    ]
    return [e.document for e in sorted(entries, key=lambda e: (e.date, e.pk)) if e.document]


def test_the_ledger_lists_the_years_own_and_carried_entries_in_date_order_over_pages(
    client, ledger, city_admin
):

    client.force_login(city_admin)
    html = client.get(reverse("funds:ledger", args=[2022])).content.decode()
    total = LedgerEntry.objects.filter(source__programme__year=2022).count()
    assert f"共 {total} 条记录" in html
    assert documents(client, 2022, 1) + documents(client, 2022, 2) == expected()
    assert "V-2023-95" not in html  # paid from 2023's own funds


def test_a_reversed_payment_is_marked_and_offers_no_second_reversal(client, ledger, panlong_officer):
    client.force_login(panlong_officer)
    html = client.get(reverse("funds:ledger", args=[2022])).content.decode()
    reversed_row = re.search(r"<td>V-2022-0</td>.*?</tr>", html, re.S).group(0)
    standing_row = re.search(r"<td>V-2022-1</td>.*?</tr>", html, re.S).group(0)
    assert "已被冲销" in reversed_row and "冲销<span" not in reversed_row
    assert "已被冲销" not in standing_row and "冲销<span" in standing_row
    assert html.count("（冲销）") == 1


def test_a_county_sees_only_its_own_lines_of_the_ledger(client, ledger, guandu_officer):
    client.force_login(guandu_officer)
    shown = documents(client, 2022, 1)
    assert shown == expected(county=region("官渡区"))
    assert shown and not any(d.startswith("V-2022") for d in shown)


def test_the_ledger_page_costs_the_same_queries_on_its_last_page(client, ledger, city_admin):
    client.force_login(city_admin)
    counts = []
    for page in (1, 2):  # 95 lines: the second page is the last
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("funds:ledger", args=[2022]), {"page": page})
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_every_slice_of_the_ledger_keys_is_the_same_read_from_either_end(ledger, city_admin, guandu_officer):
    """Pages in the second half are read backwards: any window gives the keys a forward read gives."""
    from guifan.funds.selectors import LedgerKeys

    for user in (city_admin, guandu_officer):
        keys = LedgerKeys(user, ledger)
        whole = keys[0 : keys.count()]
        assert whole == sorted(whole) and len(whole) == keys.count() > 20
        for size in (7, 20, 50):
            for start in range(0, keys.count(), size):
                assert LedgerKeys(user, ledger)[start : start + size] == whole[start : start + size]
