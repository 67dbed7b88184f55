"""Benchmark: import a generated 100,000-row institution workbook into an empty database.

Prints rows per second and peak memory of the process (ru_maxrss, before and after the import, so
the import's own share shows). `--tracemalloc` also traces Python allocations, which is exact but
slows the import about threefold, so its timing is not comparable.
Run with `make bench` or `.venv/bin/python bench/import_institutions.py [ROWS] [--tracemalloc]`.
Uses a throw-away SQLite database under a temporary folder unless DATABASE_URL is set.
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def generate(path: Path, rows: int, county_names: list[str]) -> None:
    from openpyxl import Workbook

    from guifan.registry.imports import STANDARD_COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("机构名录")
    sheet.append([header for _, header in STANDARD_COLUMNS])
    for n in range(rows):
        county = county_names[n % len(county_names)]
        sheet.append(
            [
                f"基准测试盲人按摩店{n:06d}",
                county,
                "个体工商户",
                "",
                f"{county}某路{n}号",
                "张三",
                f"139{n:08d}",
                5,
                3,
                "2021-03-15",
                "营业中",
            ]
        )
    workbook.save(path)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(args[0]) if args else 100_000
    trace = "--tracemalloc" in sys.argv
    workdir = Path(tempfile.mkdtemp(prefix="guifan-bench-"))
    os.environ.setdefault("GUIFAN_VAR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from guifan.accounts.models import User
    from guifan.regions.selectors import counties
    from guifan.registry.services import institutions_import

    call_command("migrate", verbosity=0)
    admin = User.objects.create(username="bench", role="city_admin")
    path = workdir / "institutions.xlsx"
    started = time.perf_counter()
    generate(path, rows, [c.name for c in counties()])
    generated = time.perf_counter() - started
    print(f"generated {rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) in {generated:.1f} s")

    rss_before = peak_rss_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with path.open("rb") as handle:
        result = institutions_import(by=admin, source=handle)
    elapsed = time.perf_counter() - started
    assert result.created == rows, result
    engine = django.db.connection.vendor
    print(f"database: {engine}")
    print(f"imported {result.created:,} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s")
    print(f"peak process RSS: {rss_before:.1f} MB before the import, {peak_rss_mb():.1f} MB after")
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 1e6
        print(f"peak traced Python allocations during import: {traced:.1f} MB")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
