"""Writes to the funds ledger: one function per movement, atomic, scope-checked, audited.

Every movement of a funding source's money first locks that source's row, so two movements of
the same money are serialised: two payments against the last of a balance cannot both pass.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.domain import field_changes
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation
from guifan.core.money import format_wan
from guifan.regions.models import Region

from .. import domain
from ..constants import EntryKind
from ..models import FundingSource, LedgerEntry, Programme
from ..selectors import enrolments_visible_to, entries_visible_to
from ..signals import payment_recorded


class DuplicateVoucher(domain.FundsRuleError):
    pass


def _require(by, *roles: Role) -> None:
    if by.role not in roles:
        raise ScopeViolation("无权办理此项资金业务")


def _locked_source(source_id: int) -> FundingSource:
    return FundingSource.objects.select_for_update().select_related("programme").get(pk=source_id)


def _check_date(source: FundingSource, on: date) -> None:
    """Every entry, whatever its kind, is dated within its funding year's possible span."""
    domain.check_entry_date(on=on, funding_year=source.programme.year, today=timezone.localdate())


def _net(source: FundingSource, county: Region | None, *kinds: str, **filters: Any) -> int:
    entries = LedgerEntry.objects.filter(source=source, kind__in=kinds, **filters)
    if county is not None:
        entries = entries.filter(county=county)
    return entries.aggregate(total=Sum("amount"))["total"] or 0


def _first_date(source: FundingSource, kind: str, **filters: Any) -> date | None:
    """The date of the earliest entry of this kind that still stands (not a reversal, not reversed)."""
    return (
        LedgerEntry.objects.filter(source=source, kind=kind, amount__gt=0, reversal__isnull=True, **filters)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


def _earlier_paid(institution, programme: Programme) -> dict[int, int]:
    """Net amounts paid to the institution in earlier programme years, by year."""
    rows = (
        LedgerEntry.objects.filter(
            kind=EntryKind.PAYMENT, institution=institution, programme__year__lt=programme.year
        )
        .values_list("programme__year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {year: total for year, total in rows if total > 0}


def _county_balance(source: FundingSource, county: Region) -> int:
    return (
        _net(source, county, EntryKind.TRANSFER)
        - _net(source, county, EntryKind.RECOVERY)
        - _net(source, county, EntryKind.PAYMENT)
    )


def _carried_unused(source: FundingSource, county: Region, programme: Programme) -> int:
    """Carried over from the source's year into this programme year and not yet paid out there."""
    return _net(source, county, EntryKind.CARRY_OVER, programme=programme) - _net(
        source, county, EntryKind.PAYMENT, programme=programme
    )


def _record(by, entry: LedgerEntry) -> LedgerEntry:
    entry.created_by = by
    entry.save()
    snapshot = {
        "kind": entry.kind,
        "source_id": entry.source_id,
        "programme_id": entry.programme_id,
        "county_id": entry.county_id,
        "institution_id": entry.institution_id,
        "date": entry.date,
        "document": entry.document,
        "amount": entry.amount,
        "reason": entry.reason,
        "exception_reason": entry.exception_reason,
        "repeat_reason": entry.repeat_reason,
        "reverses_id": entry.reverses_id,
    }
    audit_record(by=by, action=AuditAction.CREATE, obj=entry, changes=field_changes({}, snapshot))
    return entry


def funds_receive(
    *, by, source_id: int, on: date, amount: int, document: str = "", reason: str = ""
) -> LedgerEntry:
    """The finance bureau's money arrives at the city (资金到位)."""
    _require(by, Role.CITY_ADMIN)
    with transaction.atomic():
        source = _locked_source(source_id)
        _check_date(source, on)
        received = _net(source, None, EntryKind.RECEIPT)
        if received + amount > source.budget:
            raise domain.SourceExceeded(f"到位资金将超过预算{format_wan(source.budget)}")
        domain.check_receipt_date(
            on=on,
            first_receipt_on=_first_date(source, EntryKind.RECEIPT),
            first_transfer_on=_first_date(source, EntryKind.TRANSFER),
        )
        entry = LedgerEntry(
            kind=EntryKind.RECEIPT,
            source=source,
            programme=source.programme,
            date=on,
            document=document,
            amount=amount,
            reason=reason,
        )
        return _record(by, entry)


def funds_transfer(
    *,
    by,
    source_id: int,
    county: Region,
    on: date,
    amount: int,
    document: str,
    programme: Programme | None = None,
) -> LedgerEntry:
    """The city transfers a source's money to a task county (下拨)."""
    _require(by, Role.CITY_ADMIN)
    with transaction.atomic():
        source = _locked_source(source_id)
        _check_date(source, on)
        programme = programme or source.programme
        transferred = _net(source, None, EntryKind.TRANSFER) - _net(source, None, EntryKind.RECOVERY)
        domain.check_transfer_date(
            on=on, received_on=_first_date(source, EntryKind.RECEIPT), document=source.document
        )
        domain.check_transfer(
            amount=amount,
            unallocated=source.budget - transferred,
            county_in_programme=programme.counties.filter(pk=county.pk).exists(),
            county=county.name,
        )
        entry = LedgerEntry(
            kind=EntryKind.TRANSFER,
            source=source,
            programme=programme,
            county=county,
            date=on,
            document=document,
            amount=amount,
        )
        return _record(by, entry)


def funds_recover(*, by, source_id: int, county: Region, on: date, amount: int, reason: str) -> LedgerEntry:
    """The city takes unspent money back from a county (收回)."""
    _require(by, Role.CITY_ADMIN)
    with transaction.atomic():
        source = _locked_source(source_id)
        _check_date(source, on)
        domain.check_recovery(
            amount=amount, county_balance=_county_balance(source, county), county=county.name
        )
        entry = LedgerEntry(
            kind=EntryKind.RECOVERY,
            source=source,
            programme=source.programme,
            county=county,
            date=on,
            amount=amount,
            reason=reason,
        )
        return _record(by, entry)


def funds_carry_over(
    *, by, source_id: int, county: Region, into: Programme, on: date, amount: int, document: str = ""
) -> LedgerEntry:
    """A county's unspent balance of an earlier funding year is kept for a later programme year (结转)."""
    _require(by, Role.CITY_ADMIN)
    with transaction.atomic():
        source = _locked_source(source_id)
        _check_date(source, on)
        if into.year <= source.programme.year:
            raise domain.FundsRuleError("只能结转到以后年度")
        outstanding = _net(source, county, EntryKind.CARRY_OVER) - _net(
            source, county, EntryKind.PAYMENT, programme__year__gt=source.programme.year
        )
        domain.check_carry_over(
            amount=amount,
            county_balance=_county_balance(source, county),
            already_carried=outstanding,
            county=county.name,
        )
        entry = LedgerEntry(
            kind=EntryKind.CARRY_OVER,
            source=source,
            programme=into,
            county=county,
            date=on,
            document=document,
            amount=amount,
        )
        return _record(by, entry)


def funds_pay(
    *,
    by,
    enrolment_id: int,
    source_id: int,
    on: date,
    voucher: str,
    amount: int,
    amount_reason: str = "",
    exception_reason: str = "",
    repeat_reason: str = "",
) -> LedgerEntry:
    """A county pays an accepted institution its subsidy (拨付), from one funding year's balance,
    after that money reached the county and after the council accepted the institution."""
    _require(by, Role.COUNTY_OFFICER)
    with transaction.atomic():
        source = _locked_source(source_id)
        _check_date(source, on)
        enrolment = enrolments_visible_to(by).filter(pk=enrolment_id).first()
        if enrolment is None:
            raise ScopeViolation("只能向本县区的参加机构拨付")
        institution, programme = enrolment.institution, enrolment.programme
        county = institution.county
        voucher = voucher.strip()
        if (
            voucher
            and LedgerEntry.objects.filter(
                kind=EntryKind.PAYMENT, county=county, document=voucher, reverses__isnull=True
            ).exists()
        ):
            raise DuplicateVoucher(f"凭证号“{voucher}”已被使用")
        domain.check_payment(
            domain.PaymentCase(
                amount=amount,
                county=county.name,
                institution=institution.name,
                county_balance=_county_balance(source, county),
                standard=programme.subsidy_standard,
                accepted=enrolment.accepted,
                already_paid=LedgerEntry.objects.filter(
                    kind=EntryKind.PAYMENT, programme=programme, institution=institution
                ).aggregate(total=Sum("amount"))["total"]
                or 0,
                funding_year=source.programme.year,
                programme_year=programme.year,
                carried_unused=_carried_unused(source, county, programme),
                amount_reason=amount_reason,
                exception_reason=exception_reason,
                on=on,
                transferred_on=_first_date(source, EntryKind.TRANSFER, county=county),
                carried_on=(
                    _first_date(source, EntryKind.CARRY_OVER, county=county, programme=programme)
                    if source.programme.year < programme.year
                    else None
                ),
                accepted_on=enrolment.accepted_on,
                earlier_paid=_earlier_paid(institution, programme),
                repeat_reason=repeat_reason,
            )
        )
        entry = LedgerEntry(
            kind=EntryKind.PAYMENT,
            source=source,
            programme=programme,
            county=county,
            enrolment=enrolment,
            institution=institution,
            date=on,
            document=voucher,
            amount=amount,
            reason=amount_reason,
            exception_reason=exception_reason,
            repeat_reason=repeat_reason,
        )
        _record(by, entry)
        payment_recorded.send(sender=LedgerEntry, entry=entry)
        return entry


def entry_reverse(*, by, entry_id: int, on: date, reason: str) -> LedgerEntry:
    """Correct a mistaken entry with its exact opposite; the original stays in the ledger."""
    if not reason.strip():
        raise domain.FundsRuleError("冲销必须写明原因")
    with transaction.atomic():
        original = entries_visible_to(by).filter(pk=entry_id).first()
        if original is None:
            raise ScopeViolation("无权冲销该记录")
        _require(by, Role(domain.role_for(original.kind)))
        source = _locked_source(original.source_id)
        _check_date(source, on)
        original = LedgerEntry.objects.get(pk=entry_id)
        if original.reverses_id is not None:
            raise domain.FundsRuleError("冲销记录本身不能再冲销")
        if LedgerEntry.objects.filter(reverses=original).exists():
            raise domain.FundsRuleError("该记录已冲销")
        if original.kind == EntryKind.TRANSFER and original.county is not None:
            # Taking a transfer back must not leave the county's payments uncovered.
            domain.check_recovery(
                amount=original.amount,
                county_balance=_county_balance(source, original.county),
                county=original.county.name,
            )
        return _record(
            by,
            LedgerEntry(
                kind=original.kind,
                source=source,
                programme=original.programme,
                county=original.county,
                enrolment=original.enrolment,
                institution=original.institution,
                date=on,
                document=original.document,
                amount=-original.amount,
                reason=reason,
                reverses=original,
            ),
        )
