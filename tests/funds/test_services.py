from datetime import date

import pytest

from guifan.audit.models import AuditEvent
from guifan.core.exceptions import ScopeViolation
from guifan.funds import domain, services
from guifan.funds.models import AppendOnlyLedger, Enrolment, LedgerEntry
from tests.factories import InstitutionFactory, region

from .conftest import WAN

pytestmark = pytest.mark.django_db
DAY = date(2022, 8, 1)


def pay(by, enrolment, programme, voucher="凭证1", amount=2 * WAN, **extra):
    return services.funds_pay(
        by=by,
        enrolment_id=enrolment.pk,
        source_id=programme.source.pk,
        on=DAY,
        voucher=voucher,
        amount=amount,
        **extra,
    )


def test_a_county_pays_an_accepted_institution_and_it_is_audited(programme, accepted, panlong_officer):
    entry = pay(panlong_officer, accepted[0], programme)
    assert (entry.kind, entry.amount, entry.county.name) == ("payment", 2 * WAN, "盘龙区")
    assert AuditEvent.objects.filter(object_id=str(entry.pk), content_type__model="ledgerentry").exists()


def test_a_payment_beyond_the_balance_writes_nothing(programme, accepted, panlong_officer):
    pay(panlong_officer, accepted[0], programme, "凭证1")
    pay(panlong_officer, accepted[1], programme, "凭证2")
    before = LedgerEntry.objects.count()
    with pytest.raises(domain.BalanceExceeded, match="结余0万元"):
        pay(panlong_officer, accepted[2], programme, "凭证3")
    assert LedgerEntry.objects.count() == before


def test_a_duplicate_voucher_is_refused(programme, accepted, panlong_officer):
    pay(panlong_officer, accepted[0], programme, "凭证1")
    with pytest.raises(services.DuplicateVoucher, match="凭证号“凭证1”已被使用"):
        pay(panlong_officer, accepted[1], programme, "凭证1")


def test_an_institution_not_accepted_is_not_paid(programme, city_admin, panlong_officer):
    enrolment = Enrolment.objects.create(
        programme=programme,
        institution=InstitutionFactory(county_name="盘龙区"),
        accepted=False,
        accepted_on=None,
    )
    with pytest.raises(domain.NotAccepted):
        pay(panlong_officer, enrolment, programme)


def test_a_second_subsidy_needs_a_documented_exception(programme, accepted, panlong_officer):
    pay(panlong_officer, accepted[0], programme, "凭证1")
    with pytest.raises(domain.DuplicateSubsidy):
        pay(panlong_officer, accepted[0], programme, "凭证2")
    pay(panlong_officer, accepted[0], programme, "凭证2", exception_reason="理事会决定追加")
    assert LedgerEntry.objects.filter(kind="payment", institution=accepted[0].institution).count() == 2


def test_a_county_officer_cannot_pay_another_countys_institution(
    programme, city_admin, guandu_officer, accepted
):
    with pytest.raises(ScopeViolation):
        pay(guandu_officer, accepted[0], programme)


def test_the_city_does_not_pay_institutions_directly(programme, city_admin, accepted):
    with pytest.raises(ScopeViolation):
        pay(city_admin, accepted[0], programme)


def test_a_transfer_to_a_county_outside_the_programme_is_refused(programme, city_admin):
    with pytest.raises(domain.CountyNotInProgramme, match="晋宁区不是本年度项目的任务县区"):
        services.funds_transfer(
            by=city_admin,
            source_id=programme.source.pk,
            county=region("晋宁区"),
            on=DAY,
            amount=1,
            document="x",
        )


def test_a_transfer_beyond_the_unallocated_budget_is_refused(programme, city_admin):
    with pytest.raises(domain.SourceExceeded, match="尚未下拨的0万元"):
        services.funds_transfer(
            by=city_admin,
            source_id=programme.source.pk,
            county=region("官渡区"),
            on=DAY,
            amount=1,
            document="x",
        )


def test_a_reversal_restores_the_balance_and_keeps_the_original(programme, accepted, panlong_officer):
    first = pay(panlong_officer, accepted[0], programme, "凭证1")
    pay(panlong_officer, accepted[1], programme, "凭证2")
    reversal = services.entry_reverse(by=panlong_officer, entry_id=first.pk, on=DAY, reason="付错机构")
    assert reversal.amount == -first.amount and reversal.reverses == first
    assert LedgerEntry.objects.filter(pk=first.pk).exists()
    pay(panlong_officer, accepted[2], programme, "凭证3")  # the balance is back
    with pytest.raises(domain.FundsRuleError, match="已冲销"):
        services.entry_reverse(by=panlong_officer, entry_id=first.pk, on=DAY, reason="再来一次")
    with pytest.raises(domain.FundsRuleError, match="必须写明原因"):
        services.entry_reverse(by=panlong_officer, entry_id=first.pk, on=DAY, reason=" ")


def test_a_transfer_cannot_be_reversed_once_its_money_is_paid(
    programme, accepted, panlong_officer, city_admin
):
    pay(panlong_officer, accepted[0], programme, "凭证1")
    transfer = LedgerEntry.objects.get(kind="transfer")
    with pytest.raises(domain.BalanceExceeded):
        services.entry_reverse(by=city_admin, entry_id=transfer.pk, on=DAY, reason="下拨错误")


def test_the_ledger_cannot_be_edited_or_deleted(programme):
    entry = LedgerEntry.objects.first()
    entry.amount = 1
    with pytest.raises(AppendOnlyLedger):
        entry.save()
    with pytest.raises(AppendOnlyLedger):
        entry.delete()
    with pytest.raises(AppendOnlyLedger):
        LedgerEntry.objects.update(amount=1)
    with pytest.raises(AppendOnlyLedger):
        LedgerEntry.objects.all().delete()


def test_earlier_years_money_pays_only_after_carry_over(city_admin, panlong_officer):
    old = services.programme_create(
        by=city_admin,
        data={
            "year": 2021,
            "name": "旧",
            "implementing_unit": "中心",
            "subsidy_standard": 2 * WAN,
            "annual_target": 1,
        },
        counties=[region("盘龙区")],
    )
    new = services.programme_create(
        by=city_admin,
        data={
            "year": 2022,
            "name": "新",
            "implementing_unit": "中心",
            "subsidy_standard": 2 * WAN,
            "annual_target": 1,
        },
        counties=[region("盘龙区")],
    )
    source = services.source_create(by=city_admin, programme=old, document="旧文", budget=2 * WAN)
    services.funds_transfer(
        by=city_admin, source_id=source.pk, county=region("盘龙区"), on=DAY, amount=2 * WAN, document="下拨"
    )
    enrolment = Enrolment.objects.create(
        programme=new, institution=InstitutionFactory(county_name="盘龙区"), accepted=True, accepted_on=DAY
    )
    arguments = dict(
        by=panlong_officer,
        enrolment_id=enrolment.pk,
        source_id=source.pk,
        on=DAY,
        voucher="v",
        amount=2 * WAN,
    )
    with pytest.raises(domain.NotCarriedOver):
        services.funds_pay(**arguments)
    services.funds_carry_over(
        by=city_admin, source_id=source.pk, county=region("盘龙区"), into=new, on=DAY, amount=2 * WAN
    )
    services.funds_pay(**arguments)
    with pytest.raises(domain.BalanceExceeded):
        services.funds_carry_over(
            by=city_admin, source_id=source.pk, county=region("盘龙区"), into=new, on=DAY, amount=1
        )
