"""Each funds page shows a link or button only to the role that can use it; the others get 403
behind it. The first version showed 冲销 on every entry to county officers and the auditor."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from guifan.accounts.models import User
from guifan.funds import services
from guifan.funds.models import Enrolment, LedgerEntry, Programme
from guifan.registry.models import Institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("demo")
    capsys.readouterr()


def page_as(client, username, name, *args) -> str:
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def reverse_links(page: str, entries) -> set[str]:
    return {e.document for e in entries if reverse("funds:entry_reverse", args=[e.pk]) in page}


def test_the_reversal_link_is_shown_only_on_entries_the_user_may_reverse(client, demo):
    panlong = LedgerEntry.objects.filter(county__name="盘龙区", programme__year=2022)
    payments, transfers = panlong.filter(kind="payment"), panlong.exclude(kind="payment")
    assert payments.exists() and transfers.exists()
    officer = page_as(client, "panlong", "funds:ledger", 2022)
    assert reverse_links(officer, payments) == {e.document for e in payments}
    assert reverse_links(officer, transfers) == set()
    city = page_as(client, "city", "funds:ledger", 2022)
    assert reverse_links(city, payments) == set()
    assert reverse_links(city, transfers) == {e.document for e in transfers}
    auditor = page_as(client, "auditor", "funds:ledger", 2022)
    assert "冲销<span" not in auditor
    for username, entry in [
        ("panlong", transfers.first()),
        ("auditor", payments.first()),
        ("city", payments.first()),
    ]:
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("funds:entry_reverse", args=[entry.pk])).status_code == 403


def test_the_programme_page_offers_each_role_only_its_own_actions(client, demo):
    city = page_as(client, "city", "funds:programme", 2022)
    officer = page_as(client, "panlong", "funds:programme", 2022)
    auditor = page_as(client, "auditor", "funds:programme", 2022)
    source_new = reverse("funds:source_new", args=[2022])
    city_moves = [
        reverse("funds:entry_new", args=[2022, k]) for k in ["receipt", "transfer", "recovery", "carry_over"]
    ]
    payment = reverse("funds:entry_new", args=[2022, "payment"])
    assert source_new in city and all(url in city for url in city_moves) and payment not in city
    assert source_new not in officer and not any(url in officer for url in city_moves)
    # 盘龙区 has paid out all its 2021 and 2022 money: no payment button, the reason instead.
    assert payment not in officer and "盘龙区没有可用于2022年度拨付的资金" in officer
    assert "登记" not in auditor and source_new not in auditor and payment not in auditor
    # 东川区's only institution is not yet approved: no payment button, and the reason instead.
    dongchuan = page_as(client, "dongchuan", "funds:programme", 2022)
    assert payment not in dongchuan and "东川区还没有可拨付的2022年度机构" in dongchuan


def test_the_programme_list_offers_no_new_year_to_those_who_cannot_create_one(client, demo):
    for username in ["auditor", "panlong"]:
        listing = page_as(client, username, "funds:programmes")
        assert "新建" not in listing and "/funds/new/" not in listing and "/next/" not in listing
        assert "/new/" not in page_as(client, username, "funds:enrolments", 2022)


@pytest.fixture
def paid_again(demo):
    """2023 from 2022; 盘龙区 gets 4万元 and its 青玉 (paid 2万元 in 2022) is approved again."""
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
            "subsidy_standard": 2_000_000,
            "annual_target": 1,
        },
        counties=list(previous.counties.all()),
        source_document="昆财社〔2023〕12号",
        source_budget=12_000_000,
    )
    source = programme.sources.get()
    services.funds_transfer(
        by=city,
        source_id=source.pk,
        county=previous.counties.get(name="盘龙区"),
        on=date(2023, 4, 20),
        amount=4_000_000,
        document="下拨-2023-01",
    )
    institution = Institution.objects.get(name="昆明市盘龙区青玉保健按摩店")
    enrolment = Enrolment.objects.create(
        programme=programme, institution=institution, accepted=True, accepted_on=date(2023, 7, 20)
    )
    return programme, source, enrolment


def post_payment(client, paid_again, **overrides):
    _, source, enrolment = paid_again
    data = {
        "enrolment": enrolment.pk,
        "source": source.pk,
        "date": "2023-08-01",
        "document": "盘龙-2023-001",
        "amount": "20000",
        "amount_reason": "",
        "exception_reason": "",
        "repeat_reason": "",
        **overrides,
    }
    client.force_login(User.objects.get(username="panlong"))
    return client.post(reverse("funds:entry_new", args=[2023, "payment"]), data)


def test_a_repeat_subsidy_without_a_reason_is_refused_naming_the_earlier_year(client, paid_again):
    page = post_payment(client, paid_again).content.decode()
    assert (
        "“昆明市盘龙区青玉保健按摩店”已在2022年度2万元获补助；再次补助须写明以前年度已获补助的例外理由"
        in page
    )
    assert not LedgerEntry.objects.filter(document="盘龙-2023-001").exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2023-04-19", "拨付日期2023年4月19日早于2023年度资金下拨至盘龙区的日期2023年4月20日"),
        ("2023-07-19", "拨付日期2023年7月19日早于理事会批准“昆明市盘龙区青玉保健按摩店”的日期2023年7月20日"),
    ],
)
def test_a_payment_dated_out_of_order_is_explained_on_the_form(client, paid_again, day, message):
    page = post_payment(client, paid_again, date=day, repeat_reason="补足").content.decode()
    assert message in page and "<title>错误：" in page
    assert not LedgerEntry.objects.filter(document="盘龙-2023-001").exists()


def test_a_repeat_subsidy_with_a_reason_is_paid_and_flagged_on_the_programme_page(client, paid_again):
    response = post_payment(client, paid_again, repeat_reason="2022年仅完成一半，理事会同意补足")
    assert response.status_code == 302
    for username in ["city", "panlong", "auditor"]:
        page = page_as(client, username, "funds:programme", 2023)
        assert "以前年度已获补助的机构" in page
        assert "2022年度2万元" in page and "2022年仅完成一半，理事会同意补足" in page
    assert "以前年度已获补助的机构" not in page_as(client, "city", "funds:programme", 2022)
    ledger = page_as(client, "panlong", "funds:ledger", 2023)
    assert "以前年度已获补助：2022年仅完成一半，理事会同意补足" in ledger
