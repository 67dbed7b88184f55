"""Two payments against the last of a balance, at the same moment, on two real database connections."""

import threading
import time

import pytest
from django.db import connection, connections

from guifan.funds import domain, services
from guifan.funds.models import LedgerEntry
from guifan.funds.services import ledger

from .conftest import WAN

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks; CI runs it on PostgreSQL"
    ),
]


def test_two_simultaneous_payments_never_overdraw_the_balance(
    kunming, programme, accepted, panlong_officer, monkeypatch
):
    # Leave 2万元 in 盘龙区: enough for exactly one more payment.
    services.funds_pay(
        by=panlong_officer,
        enrolment_id=accepted[0].pk,
        source_id=programme.source.pk,
        on=programme.created_at.date(),
        voucher="先付",
        amount=2 * WAN,
    )
    balance = ledger._county_balance

    def slow_balance(source, county):
        """Widen the race: without the row lock both payments would read 2万元 here."""
        value = balance(source, county)
        time.sleep(0.3)
        return value

    monkeypatch.setattr(ledger, "_county_balance", slow_balance)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def pay(enrolment, voucher):
        try:
            start.wait()
            services.funds_pay(
                by=panlong_officer,
                enrolment_id=enrolment.pk,
                source_id=programme.source.pk,
                on=programme.created_at.date(),
                voucher=voucher,
                amount=2 * WAN,
            )
            outcomes.append("paid")
        except domain.BalanceExceeded:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(accepted[i], f"并发{i}")) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["paid", "refused"]
    paid = sum(e.amount for e in LedgerEntry.objects.filter(kind="payment"))
    assert paid == 4 * WAN  # never more than the 4万元 transferred
