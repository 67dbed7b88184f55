"""Benchmark: the programme page's figures and the ledger page over a large ledger.

Builds 20,000 institutions and 200,000 ledger entries (five programme years, 14 counties; receipts,
transfers, carry-overs, payments and reversals) with bulk inserts (the set-up bypasses the
services for speed), then prints the time of the real `programme_figures` computation (not its
kept value) for the city and for one county, and their query counts; then the ledger page (first,
middle and last page, and its download) through Django's test client, as a ratio to a hello-world
view served the same way in the same process. Run with `.venv/bin/python bench/funds.py`; a
throw-away SQLite database is used unless DATABASE_URL is set (GUIFAN_VAR=DIR reuses a build).
"""

import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from scale import reversal_of  # bench/ is this script's folder, first on sys.path

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
    # One payment in fifty reversed: the ledger page shows which entries were reversed.
    reversed_payments = LedgerEntry.objects.filter(kind="payment").order_by("id")[::50]
    LedgerEntry.objects.bulk_create(
        [reversal_of(e, on=date(2022, 12, 1), reason="基准冲销", by=admin) for e in reversed_payments],
        batch_size=5000,
    )


def measure(user, programme, repeats: int = 20) -> tuple[float, float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from guifan.funds.figures import _programme_figures as programme_figures  # computed, not kept

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
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # the anchor's URLconf
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
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    if not LedgerEntry.objects.exists():  # GUIFAN_VAR set to an earlier run's folder reuses its data
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
    officer, _ = User.objects.get_or_create(
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
    ledger_pages(city, officer)


def timed_get(client, path: str, repeats: int) -> tuple[float, int]:
    """Median CPU ms of a GET (process time: another load on the machine does not count)."""
    timings = []
    for _ in range(repeats):
        started = time.process_time()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        timings.append((time.process_time() - started) * 1000)
    return statistics.median(timings), response


def ledger_pages(city, officer) -> None:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(ROOT_URLCONF="anchor_urls", ALLOWED_HOSTS=["testserver"]):
        for label, user in [("city-wide", city), ("one county", officer)]:
            client = Client()
            client.force_login(user)
            anchor, _ = timed_get(client, "/bench/hello/", 50)
            first = client.get("/funds/2022/ledger/").content.decode()
            count = int(re.search(r"共 (\d+) 条记录", first).group(1))
            pages = -(-count // 50)
            print(f"ledger ({label}): {count:,} entries, {pages:,} pages; hello-world {anchor:.2f} ms CPU")
            for name, page in [("first", 1), ("middle", pages // 2), ("last", pages)]:
                median, _ = timed_get(client, f"/funds/2022/ledger/?page={page}", 10)
                with CaptureQueriesContext(connection) as ctx:
                    client.get(f"/funds/2022/ledger/?page={page}")
                print(
                    f"  {name} page: {median:.1f} ms CPU, {median / anchor:.1f}× hello-world, "
                    f"{len(ctx.captured_queries)} queries"
                )
            started = time.process_time()
            response = client.get("/funds/2022/ledger.xlsx")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            print(
                f"  download: {(time.process_time() - started):.2f} s CPU for {count:,} entries "
                f"({len(body) / 1e6:.1f} MB)"
            )


if __name__ == "__main__":
    sys.exit(main())
