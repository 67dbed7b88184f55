"""Where a page's time goes: cProfile of one page requested through Django's test client.

For the next engineer chasing a page that bench/pages.py flags: signs in as a login of the data that
bench/scale.py built, requests the page a few times to warm up, then profiles `--repeats` requests
and prints the functions with the most cumulative and own time, the query count, and the CPU per
request beside a hello-world response rendered through the same middleware (the test client's
`/bench/hello/`, as bench/anchor_urls.py serves it).

    .venv/bin/python bench/profile_page.py --var /tmp/guifan-pages --user city /applications/?year=2023
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--var", required=True, help="GUIFAN_VAR folder built by bench/scale.py")
    parser.add_argument("--user", default="city", help="a login of bench/scale.py's LOGINS")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "anchor_settings"
    import scale

    scale.setup(args.var)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from guifan.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    client = Client()
    client.force_login(User.objects.get(username=args.user))

    def cpu_per_request(url: str) -> float:
        for _ in range(3):
            client.get(url)
        start = time.process_time()
        for _ in range(args.repeats):
            client.get(url)
        return (time.process_time() - start) / args.repeats * 1000

    hello = cpu_per_request("/bench/hello/")
    page = cpu_per_request(args.url)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(args.url).status_code
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeats):
        client.get(args.url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    print(f"{args.url} as {args.user}: status {status}, {len(ctx.captured_queries)} queries")
    print(f"CPU per request: page {page:.1f} ms, hello {hello:.1f} ms, ratio {page / hello:.1f}×")


if __name__ == "__main__":
    main()
