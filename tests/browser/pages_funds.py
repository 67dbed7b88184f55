"""The funds pages added for the second year: 新建年度项目 and a 2023 year just created."""

from datetime import date

from .pagespec import Page, submit_empty


def _blank_2023() -> int:
    """2023 created with nothing set up (no funding source): what /funds/2023/ answered 500 for."""
    from guifan.accounts.models import User
    from guifan.funds import services
    from guifan.funds.models import Programme

    previous = Programme.objects.get(year=2022)
    services.programme_create(
        by=User.objects.get(username="city"),
        data={
            "year": 2023,
            "name": "2023年盲人按摩机构规范化建设量化分级评定",
            "implementing_unit": previous.implementing_unit,
            "subsidy_standard": previous.subsidy_standard,
            "annual_target": 6,
        },
        counties=list(previous.counties.all()),
    )
    return 2023


def _started_2023_with_a_repeat() -> int:
    """2023 from 2022 (budget 12万元), 4万元 to 盘龙区, and 青玉 (paid in 2022) paid again with a reason."""
    from guifan.accounts.models import User
    from guifan.funds import services
    from guifan.funds.models import Enrolment, Programme
    from guifan.registry.models import Institution

    city, previous = User.objects.get(username="city"), Programme.objects.get(year=2022)
    programme = services.programme_start(
        by=city,
        year=2023,
        previous=previous,
        data={
            "name": "2023年盲人按摩机构规范化建设量化分级评定",
            "implementing_unit": previous.implementing_unit,
            "notice_number": "昆残综字〔2023〕5号",
            "subsidy_standard": previous.subsidy_standard,
            "annual_target": 6,
        },
        counties=list(previous.counties.all()),
        source_document="昆财社〔2023〕12号",
        source_budget=12_000_000,
    )
    source = programme.sources.get()
    panlong = previous.counties.get(name="盘龙区")
    services.funds_transfer(
        by=city,
        source_id=source.pk,
        county=panlong,
        on=date(2023, 4, 20),
        amount=4_000_000,
        document="下拨01",
    )
    enrolment = Enrolment.objects.create(
        programme=programme,
        institution=Institution.objects.get(name="昆明市盘龙区青玉保健按摩店"),
        accepted=True,
        accepted_on=date(2023, 7, 20),
    )
    services.funds_pay(
        by=User.objects.get(username="panlong"),
        enrolment_id=enrolment.pk,
        source_id=source.pk,
        on=date(2023, 8, 1),
        voucher="盘龙-2023-001",
        amount=2_000_000,
        repeat_reason="2022年仅完成一半建设内容，理事会同意补足",
    )
    return 2023


PAGES = [
    Page("funds-programme-next", "funds:programme_next", "city", args=(2022,)),
    Page("funds-programme-next-errors", "funds:programme_next", "city", args=(2022,), prepare=submit_empty),
    Page("funds-fresh-2023-city", "funds:programme", "city", args=(_blank_2023,)),
    Page("funds-fresh-2023-transfer-not-ready", "funds:entry_new", "city", args=(_blank_2023, "transfer")),
    Page("funds-fresh-2023-county", "funds:programme", "panlong", args=(_blank_2023,)),
    Page("funds-2023-repeat-county", "funds:programme", "panlong", args=(_started_2023_with_a_repeat,)),
    Page(
        "funds-2023-payment-new", "funds:entry_new", "panlong", args=(_started_2023_with_a_repeat, "payment")
    ),
    Page("funds-ledger-county", "funds:ledger", "panlong", args=(2022,)),
    Page("funds-payment-not-ready", "funds:entry_new", "dongchuan", args=(2022, "payment")),
    # 盘龙区 has paid out all its demo money of 2021 and 2022: the page says so instead of the form.
    Page("funds-payment-no-money", "funds:entry_new", "panlong", args=(2022, "payment")),
    Page(
        "funds-payment-errors-panlong",
        "funds:entry_new",
        "panlong",
        args=(_started_2023_with_a_repeat, "payment"),
        prepare=submit_empty,
    ),
]
NOT_PAGES: dict = {}
