"""Reads of programmes and money, with the actor's scope applied: a county sees its own money."""

import heapq
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, Max, OuterRef, QuerySet, Sum
from django.db.models.query import EmptyQuerySet

from guifan.accounts.constants import Role
from guifan.audit.selectors import last_event
from guifan.core.computed import computed

from . import balances, domain
from .constants import EntryKind
from .models import Enrolment, FundingSource, LedgerEntry, Programme

READS_ALL_MONEY = {Role.CITY_ADMIN, Role.AUDITOR}


def county_scope(user) -> int | None:
    """The county id the user is confined to, None for city-wide readers; raises for other roles."""
    if user.role in READS_ALL_MONEY:
        return None
    if user.role == Role.COUNTY_OFFICER and user.county_id:
        return user.county_id
    return -1  # matches nothing


def programmes_visible_to(user) -> QuerySet[Programme]:
    scope = county_scope(user)
    programmes = Programme.objects.select_related("plan")
    if scope is None:
        return programmes
    return programmes.filter(counties__id=scope).distinct()


def entries_visible_to(user) -> QuerySet[LedgerEntry]:
    scope = county_scope(user)
    entries = LedgerEntry.objects.select_related(
        "source__programme", "programme", "county", "institution", "created_by"
    )
    return entries if scope is None else entries.filter(county_id=scope)


def _ledger_parts(user, programme: Programme) -> list[QuerySet[LedgerEntry]]:
    """A programme year's ledger in disjoint parts: the entries of the year (one index range ordered
    by (date, id)), and for each of its funding sources the source's use in later years (a few index
    ranges, small). The database merges them; an OR, or one IN over the sources, would make it join
    and sort every entry of the year before taking a page."""
    entries = entries_visible_to(user).order_by("date", "id")
    sources = FundingSource.objects.filter(programme=programme).order_by("pk").values_list("id", flat=True)
    others = list(Programme.objects.exclude(pk=programme.pk).values_list("pk", flat=True))
    own = entries.filter(programme=programme)
    # Other years named (not "≠ this year"), so the index (source, programme, …) skips this year's
    # own payments from the source instead of reading them all to find the few later ones.
    return [own, *(entries.filter(source_id=s, programme_id__in=others) for s in sources)]


class LedgerKeys:
    """(date, id) of every entry of the programme year's ledger, in ledger order, for a paginator: a
    page is a UNION ALL of ordered index ranges, the count a sum of index counts, so the first page
    costs the same whatever the ledger's size. A page in the second half is read from the end, the
    ranges walked backwards, so the last page costs what the first does (a middle page walks the keys
    of the nearer half)."""

    ordered = True
    _keys = ("date", "id")

    def __init__(self, user, programme: Programme) -> None:
        self.parts = [part.order_by() for part in _ledger_parts(user, programme)]
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = sum(part.count() for part in self.parts)
        return self._count

    def __getitem__(self, page: slice) -> list[tuple]:
        if page.stop <= page.start:  # an empty ledger's page: a slice [0:0] would empty every part
            return []
        total = self.count()
        stop = min(page.stop, total)
        if page.start > total - stop:
            keys = self._slice(slice(total - stop, total - page.start), [f"-{key}" for key in self._keys])
            return keys[::-1]
        return self._slice(page, list(self._keys))

    def _slice(self, page: slice, order: list[str]) -> list[tuple]:
        parts = [part.values_list(*self._keys).order_by(*order) for part in self.parts]
        # Parts that can hold nothing (no other year yet) are left out, as union() would leave them.
        parts = [part for part in parts if not isinstance(part, EmptyQuerySet)] or parts[:1]
        if len(parts) == 1:  # a year without a funding source, or with nothing carried
            return list(parts[0][page])
        if connection.features.supports_slicing_ordering_in_compound:
            # PostgreSQL does not merge the parts' ordered index scans (it would sort the year's
            # ledger for each page): each part gives only the keys up to the page's end, in order.
            parts = [part[: page.stop] for part in parts]
        else:
            parts = [part.order_by() for part in parts]  # SQLite merges the ordered ranges itself
        first, *rest = parts
        return list(first.union(*rest, all=True).order_by(*order)[page])


def _with_reversed(entries: QuerySet[LedgerEntry]) -> QuerySet[LedgerEntry]:
    """Each entry knows whether it was reversed, from the unique index on reverses_id."""
    return entries.annotate(is_reversed=Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk"))))


@dataclass(frozen=True)
class LedgerRow:
    """One line of the ledger page: only what the page prints, read without building models."""

    pk: int
    date: object
    kind: str
    kind_label: str
    is_reversal: bool
    is_reversed: bool
    funding_year: int
    county: str
    institution: str
    document: str
    amount: int
    note: str


_ROW_FIELDS = (
    "pk", "date", "kind", "reverses_id", "is_reversed", "source__programme__year", "county__name",
    "institution__name", "document", "amount", "reason", "exception_reason", "repeat_reason",
)  # fmt: skip


def ledger_entries(user, keys: list[tuple]) -> list[LedgerRow]:
    """The lines of one page of LedgerKeys, in the same order: one query."""
    page = entries_visible_to(user).filter(pk__in=[pk for _, pk in keys])
    labels = dict(EntryKind.choices)
    return [
        LedgerRow(
            pk=row["pk"],
            date=row["date"],
            kind=row["kind"],
            kind_label=labels[row["kind"]],
            is_reversal=row["reverses_id"] is not None,
            is_reversed=row["is_reversed"],
            funding_year=row["source__programme__year"],
            county=row["county__name"] or "",
            institution=row["institution__name"] or "",
            document=row["document"],
            amount=row["amount"],
            note=domain.entry_note(row["reason"] or row["exception_reason"], row["repeat_reason"]),
        )
        for row in _with_reversed(page).order_by("date", "id").values(*_ROW_FIELDS)
    ]


def ledger_of(user, programme: Programme) -> Iterator[LedgerEntry]:
    """Every entry of the programme year's ledger, in ledger order, streamed (for the download)."""
    parts = (_with_reversed(part).iterator(chunk_size=2000) for part in _ledger_parts(user, programme))
    return heapq.merge(*parts, key=lambda e: (e.date, e.id))


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    scope = county_scope(user)
    enrolments = Enrolment.objects.select_related("programme", "institution__county")
    return enrolments if scope is None else enrolments.filter(institution__county_id=scope)


def sources_of_years(years: list[int]) -> list[balances.Source]:
    return [
        balances.Source(s.id, s.programme.year, s.document, s.budget)
        for s in FundingSource.objects.select_related("programme").filter(programme__year__in=years)
    ]


def spendable_sources(user, programme: Programme) -> dict[int, int]:
    """{source id: amount} the county officer's county may still pay in this programme year from each
    funding source, positive only. It sums the ledger of every year up to this one, so it is kept per
    version of the data (the payment service checks the balance again under its lock)."""
    if user.role != Role.COUNTY_OFFICER or not user.county_id:
        return {}
    version = (user.county_id, programme.pk, last_event())
    return computed("spendable_sources", version, lambda: _spendable_sources(user, programme))


def _spendable_sources(user, programme: Programme) -> dict[int, int]:
    """Four queries, whatever the ledger size."""
    sources = [
        balances.Source(s.id, s.programme.year, s.document, s.budget)
        for s in FundingSource.objects.select_related("programme").filter(programme__year__lte=programme.year)
    ]
    return balances.spendable_by_source(
        sources,
        ledger_sums(entries_visible_to(user), sources),
        county_id=user.county_id,
        programme_year=programme.year,
    )


def ledger_sums(entries: QuerySet[LedgerEntry], sources: list[balances.Source]) -> list[balances.Sum]:
    """Net amounts per (source, kind, county, programme year) of the given sources, and the
    institutions paid: three small queries whatever the number of entries, with no joins in the
    two that scan the ledger."""
    if not sources:  # a new year with no funding source yet: nothing to sum (and no empty IN ())
        return []
    keys = ("source_id", "kind", "county_id", "programme_id")
    entries = entries.order_by().filter(source_id__in=[s.id for s in sources])
    amounts = entries.values(*keys).annotate(total=Sum("amount"))
    counts = _institutions_paid(entries, keys)
    years = dict(Programme.objects.values_list("id", "year"))
    return [
        balances.Sum(
            source_id=row["source_id"],
            kind=row["kind"],
            county_id=row["county_id"],
            programme_year=years[row["programme_id"]],
            amount=row["total"],
            institutions=counts.get(tuple(row[k] for k in keys), 0),
        )
        for row in amounts
    ]


def _institutions_paid(entries: QuerySet[LedgerEntry], keys: tuple[str, ...]) -> dict[tuple, int]:
    """Distinct institutions with an unreversed payment, per group. Counted over a DISTINCT subquery
    rather than with COUNT(DISTINCT …), which makes PostgreSQL sort every payment row."""
    reversed_ids = LedgerEntry.objects.filter(reverses__isnull=False).values("reverses_id")
    distinct_pairs = (
        entries.filter(kind=EntryKind.PAYMENT, amount__gt=0)
        .exclude(pk__in=reversed_ids)
        .values(*keys, "institution_id")
        .distinct()
    )
    try:
        sql, params = distinct_pairs.query.sql_with_params()
    except EmptyResultSet:
        return {}
    columns = ", ".join(keys)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}, COUNT(*) FROM ({sql}) paid GROUP BY {columns}", params)
        return {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}


def money_years(programme: Programme, entries: QuerySet[LedgerEntry]) -> list[int]:
    """The funding years that moved money in this programme year, plus the programme's own year."""
    years = set(
        entries.order_by()
        .filter(programme=programme)
        .values_list("source__programme__year", flat=True)
        .distinct()
    )
    return sorted(years | {programme.year}, reverse=True)


@dataclass(frozen=True)
class RepeatPayment:
    """An institution paid in this programme year that was already paid in an earlier one."""

    institution: str
    county: str
    amount: int
    earlier: str  # "2022年度2万元"
    reason: str


def repeat_payments(user, programme: Programme) -> list[RepeatPayment]:
    """This year's payments (in the user's scope) to institutions paid in an earlier year, net of
    reversals; they group the year's payments, so they are computed once per version of the data."""
    version = (county_scope(user), programme.pk, last_event())
    return computed("repeat_payments", version, lambda: _repeat_payments(user, programme))


def _repeat_payments(user, programme: Programme) -> list[RepeatPayment]:
    """Two queries, whatever the ledger size."""
    payments = entries_visible_to(user).filter(kind=EntryKind.PAYMENT)
    this_year = {
        row["institution_id"]: row
        for row in payments.filter(programme=programme)
        .values("institution_id", "institution__name", "county__name")
        .annotate(total=Sum("amount"), reason=Max("repeat_reason"))
        .order_by()
        if row["total"] > 0
    }
    earlier: dict[int, dict[int, int]] = {}
    for row in (
        LedgerEntry.objects.filter(
            kind=EntryKind.PAYMENT, institution_id__in=list(this_year), programme__year__lt=programme.year
        )
        .values("institution_id", "programme__year")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        earlier.setdefault(row["institution_id"], {})[row["programme__year"]] = row["total"]
    repeats = []
    for institution_id, row in this_year.items():
        text = domain.earlier_subsidies(earlier.get(institution_id, {}))
        if text:
            repeats.append(
                RepeatPayment(
                    row["institution__name"], row["county__name"], row["total"], text, row["reason"]
                )
            )
    return sorted(repeats, key=lambda r: (r.county, r.institution))
