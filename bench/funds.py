"""Benchmark: the programme page's figures over a large ledger.

Builds 20,000 institutions and 200,000 ledger entries (five programme years, 14 counties; receipts,
transfers, carry-overs, payments and reversals) with bulk inserts — the set-up bypasses the services
for speed, the measured code is the real `programme_figures` — then prints the time of the figures
for the city and for one county, and their query counts. Run with `.venv/bin/python bench/funds.py`;
a throw-away SQLite database is used unless DATABASE_URL is set.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

INSTITUTIONS = 20_000
ENTRIES = 200_000
YEARS = [2020, 2021, 2022, 2023, 2024]
STANDARD = 2_000_000  # fen


def build() -> None:
    from guifan.accounts.models import User
    from guifan.funds.models import Enrolment, FundingSource, LedgerEntry, Programme
    from guifan.regions.selectors import counties
    from guifan.registry.models import Institution

    admin = User.objects.create(username="bench", role="city_admin")
    county_list = list(counties())
    Institution.objects.bulk_create(
        [
            Institution(
                name=f"基准机构{n:05d}",
                county=county_list[n % len(county_list)],
                responsible_person="张三",
                phone=f"139{n:08d}",
            )
            for n in range(INSTITUTIONS)
        ],
        batch_size=5000,
    )
    institutions = list(Institution.objects.order_by("id"))
    programmes, sources = {}, {}
    for year in YEARS:
        programmes[year] = Programme.objects.create(
            year=year,
            name=f"{year}年基准项目",
            implementing_unit="中心",
            subsidy_standard=STANDARD,
            annual_target=1000,
        )
        programmes[year].counties.set(county_list)
        sources[year] = FundingSource.objects.create(
            programme=programmes[year], document=f"{year}号", budget=10**12
        )
    per_year = INSTITUTIONS // len(YEARS)
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(programme=programmes[YEARS[i // per_year]], institution=inst, accepted=True)
            for i, inst in enumerate(institutions[: per_year * len(YEARS)])
        ],
        batch_size=5000,
    )
    entries: list = []
    day = date(2022, 6, 1)

    def add(**fields):
        entries.append(LedgerEntry(created_by=admin, date=day, **fields))

    for year in YEARS:
        add(kind="receipt", source=sources[year], programme=programmes[year], amount=10**11)
        for county in county_list:
            add(
                kind="transfer", source=sources[year], programme=programmes[year], county=county, amount=10**9
            )
    n = 0
    while len(entries) < ENTRIES:
        enrolment = enrolments[n % len(enrolments)]
        programme = enrolment.programme
        funding_year = programme.year if n % 5 else max(YEARS[0], programme.year - 1)
        add(
            kind="payment",
            source=sources[funding_year],
            programme=programme,
            county=enrolment.institution.county,
            institution=enrolment.institution,
            enrolment=enrolment,
            document=f"V{n:07d}",
            amount=STANDARD,
        )
        n += 1
    LedgerEntry.objects.bulk_create(entries, batch_size=5000)


def measure(user, programme, repeats: int = 20) -> tuple[float, float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from guifan.funds.figures import programme_figures

    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        figures = programme_figures(user, programme)
        _ = figures.sentence, figures.total_amount
        timings.append((time.perf_counter() - started) * 1000)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        programme_figures(user, programme)
    return statistics.median(timings), max(timings), len(ctx.captured_queries)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="guifan-bench-"))
    os.environ.setdefault("GUIFAN_VAR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from guifan.accounts.models import User
    from guifan.funds.models import LedgerEntry, Programme
    from guifan.regions.models import Region

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live database
    print(f"database: {connection.vendor}")
    print(
        f"built {INSTITUTIONS:,} institutions and {LedgerEntry.objects.count():,} ledger entries "
        f"in {time.perf_counter() - started:.1f} s"
    )
    programme = Programme.objects.get(year=2022)
    city = User.objects.get(username="bench")
    officer = User.objects.create(
        username="county", role="county_officer", county=Region.objects.get(name="盘龙区")
    )
    from guifan.funds.figures import programme_figures

    figures = programme_figures(city, programme)
    print(
        f"check: 2022 paid {figures.total_institutions:,} institutions, "
        f"{figures.total_amount / 100:,.2f} yuan"
    )
    for label, user in [("city-wide", city), ("one county", officer)]:
        median, worst, queries = measure(user, programme)
        print(f"programme figures ({label}): median {median:.1f} ms, max {worst:.1f} ms, {queries} queries")


if __name__ == "__main__":
    sys.exit(main())
