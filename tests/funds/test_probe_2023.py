"""What a new user's walk through 2023 found: impossible dates, funding years offered with nothing
left to spend, city-wide plan percentages shown against a county's figures, and year messages."""

from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guifan.accounts.models import User
from guifan.funds import domain, services
from guifan.funds.forms import ProgrammeForm
from guifan.funds.models import Enrolment, LedgerEntry, Programme
from guifan.registry.models import Institution

from .conftest import WAN

pytestmark = pytest.mark.django_db


def test_a_receipt_dated_before_the_year_before_its_funding_year_writes_nothing(programme, city_admin):
    before = LedgerEntry.objects.count()
    with pytest.raises(
        domain.DateOutOfRange, match="日期2020年12月31日早于2022年度资金可登记的最早日期2021年1月1日"
    ):
        services.funds_receive(by=city_admin, source_id=programme.source.pk, on=date(2020, 12, 31), amount=1)
    assert LedgerEntry.objects.count() == before


def test_a_payment_dated_tomorrow_is_refused_as_a_typing_mistake(programme, accepted, panlong_officer):
    tomorrow = timezone.localdate() + timedelta(days=1)
    today = timezone.localdate()
    message = f"晚于今天（{today.year}年{today.month}月{today.day}日），2022年度资金不能登记未来日期"
    with pytest.raises(domain.DateOutOfRange, match=message):
        services.funds_pay(
            by=panlong_officer,
            enrolment_id=accepted[0].pk,
            source_id=programme.source.pk,
            on=tomorrow,
            voucher="未来1",
            amount=2 * WAN,
        )
    assert not LedgerEntry.objects.filter(document="未来1").exists()


@pytest.fixture
def demo_2023(capsys):
    """The demo's 2021 and 2022 (盘龙区 has spent all of both) and a 2023 with 4万元 sent to 盘龙区."""
    call_command("demo")
    capsys.readouterr()
    city = User.objects.get(username="city")
    previous = Programme.objects.get(year=2022)
    programme = services.programme_start(
        by=city,
        year=2023,
        previous=previous,
        data={
            "name": "2023年测试",
            "implementing_unit": previous.implementing_unit,
            "notice_number": "测〔2023〕1号",
            "subsidy_standard": 2 * WAN,
            "annual_target": 1,
            "plan": previous.plan,
        },
        counties=list(previous.counties.all()),
        source_document="昆财社〔2023〕12号",
        source_budget=12 * WAN,
    )
    institution = Institution.objects.get(name="昆明市盘龙区青玉保健按摩店")
    Enrolment.objects.create(
        programme=programme, institution=institution, accepted=True, accepted_on=date(2023, 7, 1)
    )
    return programme


def payment_page(client) -> str:
    client.force_login(User.objects.get(username="panlong"))
    response = client.get(reverse("funds:entry_new", args=[2023, "payment"]))
    assert response.status_code == 200
    return response.content.decode()


def test_without_money_left_the_payment_page_says_so_instead_of_offering_empty_years(client, demo_2023):
    page = payment_page(client)
    assert "盘龙区没有可用于2023年度拨付的资金" in page
    assert "使用哪一年度的资金" not in page and "2022年度" not in page


def test_the_payment_form_lists_only_funding_years_with_money_left(client, demo_2023):
    city = User.objects.get(username="city")

    def send(amount: int, document: str) -> None:
        services.funds_transfer(
            by=city,
            source_id=demo_2023.sources.get().pk,
            county=demo_2023.counties.get(name="盘龙区"),
            on=date(2023, 4, 20),
            amount=amount,
            document=document,
        )

    send(4 * WAN, "下拨-2023-01")
    payment_page(client)  # the first request of a session fills caches: count from the second
    caches["computed"].clear()  # and count the balances computed, as after the transfers below
    with CaptureQueriesContext(connection) as few:
        page = payment_page(client)
    assert "2023年度 昆财社〔2023〕12号（本县区可用4万元）" in page
    assert "2022年度" not in page and "2021年度" not in page
    for n in range(2, 6):
        send(WAN, f"下拨-2023-0{n}")
    with CaptureQueriesContext(connection) as more:
        page = payment_page(client)
    assert "（本县区可用8万元）" in page
    assert len(more) == len(few)


def test_the_spendable_amount_follows_the_payment_rules():
    same = {"funding_year": 2023, "programme_year": 2023}
    earlier = {"funding_year": 2022, "programme_year": 2023}
    assert domain.spendable(county_balance=4 * WAN, carried_unused=0, **same) == 4 * WAN
    assert domain.spendable(county_balance=4 * WAN, carried_unused=0, **earlier) == 0
    assert domain.spendable(county_balance=4 * WAN, carried_unused=WAN, **earlier) == WAN
    assert domain.spendable(county_balance=0, carried_unused=2 * WAN, **earlier) == 0
    assert domain.spendable(county_balance=WAN, carried_unused=0, funding_year=2024, programme_year=2023) == 0


@pytest.mark.parametrize(("username", "shown"), [("city", True), ("auditor", True), ("panlong", False)])
def test_the_plan_progress_is_shown_only_to_city_wide_readers(client, demo_2023, username, shown):
    client.force_login(User.objects.get(username=username))
    page = client.get(reverse("funds:programme", args=[2023])).content.decode()
    assert ("多年度规划进度" in page) is shown


def programme_form_errors(**values) -> dict:
    data = {"name": "测", "implementing_unit": "测", "subsidy_standard": "20000", "annual_target": "1"}
    form = ProgrammeForm({**data, **values})
    assert not form.is_valid()
    return form.errors


def test_an_out_of_range_year_and_a_negative_target_get_plain_messages():
    assert programme_form_errors(year="1999")["year"] == ["年度应在2000年至2100年之间，如 2023"]
    assert programme_form_errors(year="-5")["year"] == ["年度应在2000年至2100年之间，如 2023"]
    assert programme_form_errors(year="2023", annual_target="-1")["annual_target"] == ["年度目标不能为负数"]
