"""The funds figures, in fen, as plain Python: balances per funding year and county, the county
table, and the report's sentence. Balances are always derived from the entries' net sums; a
reversal nets its entry to nothing. Tested without a database."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from guifan.core.money import format_wan, percent

from . import domain


@dataclass(frozen=True)
class Sum:
    """The net amount of one kind of entry for one source, county and programme year, with the
    number of institutions paid (for payments: distinct institutions with an unreversed payment)."""

    source_id: int
    kind: str
    county_id: int | None
    programme_year: int
    amount: int
    institutions: int = 0


@dataclass(frozen=True)
class Source:
    id: int
    year: int
    document: str
    budget: int


@dataclass
class CountyMoney:
    transferred: int = 0
    recovered: int = 0
    paid: int = 0
    carried: int = 0
    institutions: int = 0

    @property
    def net_transferred(self) -> int:
        return self.transferred - self.recovered

    @property
    def balance(self) -> int:
        return self.net_transferred - self.paid


@dataclass
class YearFigures:
    """One funding year's money, whichever programme year spent it."""

    source: Source
    received: int = 0
    counties: dict[int, CountyMoney] = field(default_factory=lambda: defaultdict(CountyMoney))

    @property
    def transferred(self) -> int:
        return sum(c.transferred for c in self.counties.values())

    @property
    def recovered(self) -> int:
        return sum(c.recovered for c in self.counties.values())

    @property
    def paid(self) -> int:
        return sum(c.paid for c in self.counties.values())

    @property
    def institutions(self) -> int:
        return sum(c.institutions for c in self.counties.values())

    @property
    def county_balance(self) -> int:
        return sum(c.balance for c in self.counties.values())

    @property
    def unallocated(self) -> int:
        return self.source.budget - self.transferred + self.recovered

    @property
    def execution_rate(self) -> Decimal | None:
        """Paid ÷ this funding year's budget — never another year's money over this year's budget."""
        return percent(self.paid, self.source.budget)

    @property
    def arrival_rate(self) -> Decimal | None:
        return percent(self.received, self.source.budget)


def year_figures(sources: list[Source], sums: list[Sum]) -> dict[int, YearFigures]:
    """Figures per funding source id, from the net sums of its entries."""
    figures = {s.id: YearFigures(s) for s in sources}
    for s in sums:
        target = figures.get(s.source_id)
        if target is None:
            continue
        if s.kind == "receipt":
            target.received += s.amount
            continue
        county = target.counties[s.county_id]
        if s.kind == "transfer":
            county.transferred += s.amount
        elif s.kind == "recovery":
            county.recovered += s.amount
        elif s.kind == "payment":
            county.paid += s.amount
            county.institutions += s.institutions
        elif s.kind == "carry_over":
            county.carried += s.amount
    return figures


def spendable_by_source(
    sources: list[Source], sums: list[Sum], *, county_id: int, programme_year: int
) -> dict[int, int]:
    """{source id: what the county may still pay in this programme year from it}, positive only."""
    balance: dict[int, int] = defaultdict(int)
    carried_unused: dict[int, int] = defaultdict(int)
    for s in sums:
        if s.county_id != county_id:
            continue
        if s.kind == "transfer":
            balance[s.source_id] += s.amount
        elif s.kind in ("recovery", "payment"):
            balance[s.source_id] -= s.amount
        if s.programme_year == programme_year and s.kind in ("carry_over", "payment"):
            carried_unused[s.source_id] += s.amount if s.kind == "carry_over" else -s.amount
    result = {}
    for source in sources:
        amount = domain.spendable(
            county_balance=balance[source.id],
            carried_unused=carried_unused[source.id],
            funding_year=source.year,
            programme_year=programme_year,
        )
        if amount > 0:
            result[source.id] = amount
    return result


@dataclass(frozen=True)
class CountyRow:
    """One row of the seed's table: a county's institutions paid and money, in one programme year."""

    county_id: int
    institutions: int
    amount: int
    by_funding_year: dict[int, int]
    institutions_by_funding_year: dict[int, int]


def county_table(sources: list[Source], sums: list[Sum], programme_year: int) -> list[CountyRow]:
    """Payments made in the programme year, per county, split by funding year (in county order of sums)."""
    years = {s.id: s.year for s in sources}
    rows: dict[int, dict] = {}
    for s in sums:
        if s.kind != "payment" or s.programme_year != programme_year or s.county_id is None:
            continue
        row = rows.setdefault(
            s.county_id, {"n": 0, "amount": 0, "by": defaultdict(int), "nby": defaultdict(int)}
        )
        row["n"] += s.institutions
        row["amount"] += s.amount
        row["by"][years[s.source_id]] += s.amount
        row["nby"][years[s.source_id]] += s.institutions
    return [
        CountyRow(county_id, r["n"], r["amount"], dict(r["by"]), dict(r["nby"]))
        for county_id, r in rows.items()
        if r["amount"] or r["n"]
    ]


def payments_by_funding_year(rows: list[CountyRow]) -> dict[int, tuple[int, int]]:
    """{funding year: (institutions, amount)} over a programme year's county table."""
    result: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        for year, amount in row.by_funding_year.items():
            result[year][0] += row.institutions_by_funding_year.get(year, 0)
            result[year][1] += amount
    return {year: (n, amount) for year, (n, amount) in sorted(result.items(), reverse=True)}


def execution_sentence(
    *, programme_year: int, current: YearFigures | None, table: list[CountyRow], county_names: dict[int, str]
) -> str:
    """The report's sentence, with every figure from the ledger and the years kept apart."""
    parts = []
    split = payments_by_funding_year(table)
    if current is not None:
        source = current.source
        transferred_to = sum(1 for c in current.counties.values() if c.transferred > 0)
        rate = current.execution_rate
        document = f"（{source.document}）" if source.document else ""
        parts.append(
            f"{programme_year}年度预算{format_wan(source.budget)}{document}，到位{format_wan(current.received)}，"
            f"下拨{transferred_to}个县（市）区{format_wan(current.transferred)}；"
            f"拨付机构{current.institutions}家{format_wan(current.paid)}，"
            f"执行率{rate if rate is not None else '—'}%"
        )
        balances = [
            f"{county_names.get(cid, cid)}{format_wan(c.balance)}"
            for cid, c in current.counties.items()
            if c.balance
        ]
        if balances:
            parts[-1] += f"；结余{format_wan(current.county_balance)}（{'、'.join(balances)}）"
        if current.unallocated:
            parts[-1] += f"；尚未下拨{format_wan(current.unallocated)}"
    for year, (count, amount) in split.items():
        if year == programme_year:
            continue
        where = "、".join(
            f"{county_names.get(r.county_id, r.county_id)}{r.institutions_by_funding_year[year]}家"
            for r in table
            if r.by_funding_year.get(year)
        )
        parts.append(f"另使用{year}年结转资金{format_wan(amount)}，拨付机构{count}家（{where}）")
    total_n = sum(r.institutions for r in table)
    total = sum(r.amount for r in table)
    if len(split) > 1:
        parts.append(f"{programme_year}年合计拨付机构{total_n}家{format_wan(total)}")
    return "。".join(parts) + "。" if parts else ""
