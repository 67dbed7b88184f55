"""Benchmark: the applications page (funnel per county and state, and the paginated list) with
20,000 applications and 1,000,000 item scores.

Set-up uses bulk inserts (not the services) for speed; what is timed is the real page, rendered
through Django's test client as a city administrator and as one county officer, with its query
count. Run with `.venv/bin/python bench/grading.py`; a throw-away SQLite database is used unless
DATABASE_URL is set.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

APPLICATIONS = 20_000
SCORES = 1_000_000


def build() -> None:
    from guifan.accounts.models import User
    from guifan.funds.models import Enrolment, Programme
    from guifan.grading.constants import InspectionKind, State
    from guifan.grading.loading import load_standard_file
    from guifan.grading.models import Application, Inspection, ItemScore
    from guifan.regions.selectors import counties
    from guifan.registry.models import Institution

    random.seed(2022)
    admin = User.objects.create(username="bench", role="city_admin")
    county_list = list(counties())
    programme = Programme.objects.create(
        year=2022, name="基准项目", implementing_unit="中心", subsidy_standard=2_000_000, annual_target=1000
    )
    programme.counties.set(county_list)
    standard = load_standard_file()
    items = [i for i in standard.items.all() if not i.is_section]
    Institution.objects.bulk_create(
        [
            Institution(
                name=f"基准机构{n:05d}",
                county=county_list[n % len(county_list)],
                responsible_person="张三",
                phone=f"139{n:08d}",
            )
            for n in range(APPLICATIONS)
        ],
        batch_size=5000,
    )
    institutions = list(Institution.objects.order_by("id"))
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(programme=programme, institution=i) for i in institutions], batch_size=5000
    )
    states = State.values
    Application.objects.bulk_create(
        [
            Application(
                enrolment=e,
                programme=programme,
                institution=e.institution,
                county=e.institution.county,
                standard=standard,
                state=random.choice(states),
            )
            for e in enrolments
        ],
        batch_size=5000,
    )
    applications = list(Application.objects.order_by("id").values_list("id", flat=True))
    per_inspection = len(items)
    inspections_needed = SCORES // per_inspection + 1
    Inspection.objects.bulk_create(
        [
            Inspection(
                application_id=applications[n % len(applications)],
                inspector=admin,
                on=date(2022, 7, 1),
                kind=InspectionKind.CITY if n % 2 else InspectionKind.COUNTY,
                completed=True,
            )
            for n in range(inspections_needed)
        ],
        batch_size=5000,
    )
    inspection_ids = list(Inspection.objects.values_list("id", flat=True))
    batch, written = [], 0
    for inspection_id in inspection_ids:
        for item in items:
            if written >= SCORES:
                break
            batch.append(ItemScore(inspection_id=inspection_id, item=item, points=item.max_points))
            written += 1
        if len(batch) >= 20_000:
            ItemScore.objects.bulk_create(batch)
            batch.clear()
    ItemScore.objects.bulk_create(batch)


def measure(client, url: str, repeats: int = 15) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(timings), max(timings), len(ctx.captured_queries)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="guifan-bench-"))
    os.environ.setdefault("GUIFAN_VAR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from guifan.accounts.models import User
    from guifan.grading.models import Application, ItemScore
    from guifan.regions.models import Region

    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"database: {connection.vendor}")
    print(
        f"built {Application.objects.count():,} applications and {ItemScore.objects.count():,} item scores "
        f"in {time.perf_counter() - started:.1f} s"
    )
    officer = User.objects.create(
        username="county", role="county_officer", county=Region.objects.get(name="盘龙区")
    )
    for label, user in [("city-wide", User.objects.get(username="bench")), ("one county", officer)]:
        client = Client()
        client.force_login(user)
        for page, url in [
            ("funnel + first page", "/applications/?year=2022"),
            ("filtered, page 3", "/applications/?year=2022&state=paid&page=3"),
        ]:
            median, worst, queries = measure(client, url)
            print(
                f"applications page, {page} ({label}): median {median:.1f} ms, "
                f"max {worst:.1f} ms, {queries} queries"
            )


if __name__ == "__main__":
    sys.exit(main())
