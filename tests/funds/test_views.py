import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from guifan.accounts.models import User
from guifan.funds import services
from guifan.funds.models import LedgerEntry, Programme
from guifan.regions.models import Region
from guifan.registry.services import ImportRejected, institutions_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("demo")
    capsys.readouterr()


def client_for(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_a_county_officer_sees_only_their_countys_money(client, demo):
    page = client_for(client, "panlong").get(reverse("funds:programme", args=[2022])).content.decode()
    assert "以下仅为盘龙区的资金" in page
    assert "官渡区" not in page and "东川区" not in page
    ledger = client.get(reverse("funds:ledger", args=[2022])).content.decode()
    assert "盘龙-2022-001" in ledger and "官渡-2022-001" not in ledger
    assert "演示-2022-下拨-01" not in ledger  # 五华区's transfer


def test_the_city_page_shows_the_execution_per_funding_year(client, demo):
    page = client_for(client, "city").get(reverse("funds:programme", args=[2022])).content.decode()
    assert "执行率87.5%" in page
    assert "另使用2021年结转资金10万元" in page


def test_a_county_officer_cannot_reverse_another_countys_payment(client, demo):
    guandu_payment = LedgerEntry.objects.get(document="官渡-2022-001")
    client = client_for(client, "panlong")
    assert client.get(reverse("funds:entry_reverse", args=[guandu_payment.pk])).status_code == 404
    response = client.post(
        reverse("funds:entry_reverse", args=[guandu_payment.pk]), {"date": "2022-09-01", "reason": "试图冲销"}
    )
    assert response.status_code == 404
    assert not LedgerEntry.objects.filter(reverses=guandu_payment).exists()


def test_a_county_officer_cannot_move_city_money_or_create_programmes(client, demo):
    client = client_for(client, "panlong")
    for kind in ["receipt", "transfer", "recovery", "carry_over"]:
        assert client.get(reverse("funds:entry_new", args=[2022, kind])).status_code == 403
    assert client.get(reverse("funds:programme_new")).status_code == 403
    assert client.get(reverse("funds:source_new", args=[2022])).status_code == 403


def test_the_enrolment_list_is_scoped_and_read_only(client, demo):
    client = client_for(client, "panlong")
    page = client.get(reverse("funds:enrolments", args=[2022])).content.decode()
    assert "昆明市盘龙区青玉保健按摩店" in page and "昆明市官渡区张学光按摩店" not in page
    assert "可拨付（理事会批准于" in page
    assert client.post(reverse("funds:enrolments", args=[2022]), {}).status_code == 405


def test_the_payment_form_offers_only_the_officers_accepted_institutions(client, demo):
    # 盘龙区 has paid out all its demo money; the city sends it 1万元 of a supplementary 2022 budget.
    city = User.objects.get(username="city")
    source = services.source_create(
        by=city, programme=Programme.objects.get(year=2022), document="追加预算", budget=1_000_000
    )
    services.funds_transfer(
        by=city,
        source_id=source.pk,
        county=Region.objects.get(name="盘龙区"),
        on=date(2022, 9, 1),
        amount=1_000_000,
        document="补充下拨",
    )
    page = (
        client_for(client, "panlong").get(reverse("funds:entry_new", args=[2022, "payment"])).content.decode()
    )
    assert "昆明市盘龙区青玉保健按摩店" in page
    assert "富民利康按摩店" not in page and "昆明市官渡区张学光按摩店" not in page
    # 东川区's only institution is enrolled but not approved: no form to submit, the reason instead.
    page = (
        client_for(client, "dongchuan")
        .get(reverse("funds:entry_new", args=[2022, "payment"]))
        .content.decode()
    )
    assert "昆明市东川区明心盲人按摩店" not in page
    assert "东川区还没有可拨付的2022年度机构" in page and 'name="amount"' not in page


def test_exports_are_scoped(client, demo):
    client = client_for(client, "panlong")
    ledger = load_workbook(io.BytesIO(client.get(reverse("funds:ledger_export", args=[2022])).content)).active
    counties = {row[5] for row in ledger.iter_rows(min_row=3, values_only=True)}
    assert counties == {"盘龙区"}
    table = load_workbook(
        io.BytesIO(client.get(reverse("funds:county_table_export", args=[2022])).content)
    ).active
    names = [row[1] for row in table.iter_rows(min_row=3, values_only=True) if isinstance(row[0], int)]
    assert len(names) == 3


def test_inspectors_and_operators_have_no_access_to_money(client, demo):
    for username in ["expert", "qingyu"]:
        client = client_for(client, username)
        assert client.get(reverse("funds:programmes")).status_code == 403
        assert client.get(reverse("funds:programme", args=[2022])).status_code == 403


def test_the_county_table_export_is_the_seed_layout_and_reimports(client, demo):
    content = client_for(client, "city").get(reverse("funds:county_table_export", args=[2022])).content
    sheet = load_workbook(io.BytesIO(content)).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "F5:F7" in merged and "G5:G7" in merged  # 盘龙区's three rows
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "合计")
    assert (total[5], total[6]) == (12, 24)
    # Read back by the registry import: the layout, merged counts and 合计 all check out, and each of
    # the 12 rows is recognised as an institution already in the registry (so nothing is written).
    with pytest.raises(ImportRejected) as caught:
        institutions_import(by=User.objects.get(username="city"), source=io.BytesIO(content))
    assert len(caught.value.errors) == 12
    assert all("已有同名机构" in e.message for e in caught.value.errors)


def post_payment(client, **overrides):
    programme = Programme.objects.get(year=2022)
    enrolment = programme.enrolments.get(institution__name="昆明市东川区明心盲人按摩店")
    enrolment.accepted, enrolment.accepted_on = True, date(2022, 8, 1)
    enrolment.save()
    data = {
        "enrolment": enrolment.pk,
        "source": programme.sources.get().pk,
        "date": "2022-09-01",
        "document": "东川-2022-001",
        "amount": "20000",
        "amount_reason": "",
        "exception_reason": "",
    }
    data.update(overrides)
    return client.post(reverse("funds:entry_new", args=[2022, "payment"]), data)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-20000", "金额（元）：金额不能为负数"),
        ("0", "金额必须大于0"),
        ("20000.001", "超过两位小数"),
        ("两万", "不是数字"),
    ],
)
def test_bad_amounts_get_a_chinese_message_and_write_nothing(client, demo, amount, message):
    before = LedgerEntry.objects.count()
    response = post_payment(client_for(client, "dongchuan"), amount=amount)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and "<title>错误：" in page
    assert LedgerEntry.objects.count() == before


def test_a_payment_beyond_the_balance_is_explained_and_writes_nothing(client, demo):
    before = LedgerEntry.objects.count()
    page = post_payment(
        client_for(client, "dongchuan"), amount="30000", amount_reason="追加"
    ).content.decode()
    assert "超过东川区2022年度资金结余2万元" in page
    assert LedgerEntry.objects.count() == before


def test_the_last_balance_is_paid_through_the_form(client, demo):
    response = post_payment(client_for(client, "dongchuan"))
    assert response.status_code == 302
    page = client.get(reverse("funds:programme", args=[2022])).content.decode()
    assert "1家" in page and "2万元" in page


def test_programme_page_queries_do_not_grow_with_the_ledger(client, demo):
    client = client_for(client, "city")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("funds:programme", args=[2022])).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    post_payment(client_for(client, "dongchuan"))
    client_for(client, "city")
    assert queries() == few


def test_ledger_page_queries_do_not_grow_with_entries(client, demo):
    client = client_for(client, "city")
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("funds:ledger", args=[2022]))
    before = len(ctx.captured_queries)
    post_payment(client_for(client, "dongchuan"))
    client_for(client, "city")
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("funds:ledger", args=[2022]))
    assert len(ctx.captured_queries) == before
