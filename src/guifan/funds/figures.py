"""The programme page's figures: a fixed handful of queries, whatever the size of the ledger."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from guifan.audit.selectors import last_event
from guifan.core.computed import computed
from guifan.core.money import percent
from guifan.regions.models import Region

from . import balances
from .constants import EntryKind
from .models import Programme
from .selectors import (
    READS_ALL_MONEY,
    county_scope,
    entries_visible_to,
    ledger_sums,
    money_years,
    sources_of_years,
)


@dataclass
class PlanProgress:
    institutions: int
    amount: int
    target_institutions: int
    target_amount: int

    @property
    def institutions_rate(self):
        return percent(self.institutions, self.target_institutions)

    @property
    def amount_rate(self):
        return percent(self.amount, self.target_amount)


@dataclass
class ProgrammeFigures:
    programme: Programme
    years: list[balances.YearFigures]  # each funding year that moved money in this programme year
    county_rows: list[tuple[str, balances.CountyRow]]
    split: dict[int, tuple[int, int]]  # funding year → (institutions, amount) paid in this programme year
    sentence: str
    county_names: dict[int, str]
    plan: PlanProgress | None
    city_wide: bool

    @property
    def by_county(self) -> list[tuple[balances.YearFigures, list[tuple[str, balances.CountyMoney]]]]:
        """Each funding year with its counties' money, in official county order."""
        order = {cid: n for n, cid in enumerate(self.county_names)}
        return [
            (
                y,
                [
                    (self.county_names.get(cid, ""), money)
                    for cid, money in sorted(y.counties.items(), key=lambda i: order.get(i[0], 0))
                ],
            )
            for y in self.years
        ]

    @property
    def current(self) -> balances.YearFigures | None:
        return next((y for y in self.years if y.source.year == self.programme.year), None)

    @property
    def total_institutions(self) -> int:
        return sum(row.institutions for _, row in self.county_rows)

    @property
    def total_amount(self) -> int:
        return sum(row.amount for _, row in self.county_rows)


def programme_figures(user, programme: Programme) -> ProgrammeFigures:
    """The programme year's money as the user may see it, computed once per version of the data (the
    funds page, the home pages, the evaluation and the report all show it)."""
    version = (county_scope(user), programme.pk, last_event())
    return computed("programme_figures", version, lambda: _programme_figures(user, programme))


def _programme_figures(user, programme: Programme) -> ProgrammeFigures:
    entries = entries_visible_to(user)
    sources = sources_of_years(money_years(programme, entries))
    sums = ledger_sums(entries, sources)
    per_source = balances.year_figures(sources, sums)
    names = dict(Region.objects.values_list("id", "name"))
    order = dict(Region.objects.values_list("id", "sort_order"))
    table = sorted(
        balances.county_table(sources, sums, programme.year), key=lambda r: order.get(r.county_id, 0)
    )
    # One funding year may have several sources; the page shows them in year order.
    years = sorted(per_source.values(), key=lambda y: (-y.source.year, y.source.id))
    current = next((y for y in years if y.source.year == programme.year), None)
    city_wide = user.role in READS_ALL_MONEY
    return ProgrammeFigures(
        programme=programme,
        years=years,
        county_rows=[(names.get(r.county_id, ""), r) for r in table],
        split=balances.payments_by_funding_year(table),
        sentence=balances.execution_sentence(
            programme_year=programme.year, current=current, table=table, county_names=names
        ),
        county_names=names,
        # The plan's targets are city-wide: a county's figures set against them would mislead.
        plan=_plan_progress(programme, entries) if city_wide else None,
        city_wide=city_wide,
    )


def _plan_progress(programme: Programme, entries) -> PlanProgress | None:
    plan = programme.plan
    if plan is None:
        return None
    paid = entries.filter(Q(kind=EntryKind.PAYMENT) & Q(programme__plan=plan)).aggregate(
        total=Sum("amount"),
        institutions=Count("institution", filter=Q(amount__gt=0, reversal__isnull=True), distinct=True),
    )
    return PlanProgress(
        paid["institutions"] or 0, paid["total"] or 0, plan.target_institutions, plan.target_amount
    )
