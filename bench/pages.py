"""Benchmark: every page at a province's or nation's scale, as CPU time per request against the
signed-in hello-world anchor.

Builds the data with bench/scale.py (or reuses a folder it built), starts the real server
(bench/serving.py: gunicorn, one worker, with /bench/hello/), signs in as each role through the login
form, and requests each page `--repeats` times after `--warmups`. For each request it reads the
worker's CPU time before and after (nanoseconds from /proc/<pid>/schedstat; /proc/<pid>/stat ticks,
as server.cpu() reads them, are 10 ms coarse), and the wall time. The anchor is the same user's
session asking for /bench/hello/ in the same run, so the ratio is p95 page CPU / p95 anchor CPU.
Query counts come from one pass through Django's test client against the same database.

    .venv/bin/python bench/pages.py                       # 10% and 100%, with the growth per page
    .venv/bin/python bench/pages.py --scale 0.1           # one scale
    .venv/bin/python bench/pages.py --scale 1 --reuse /tmp/guifan-pages   # reuse built data

SQLite in a temporary folder unless DATABASE_URL is set (PostgreSQL: its schema is rebuilt).
Pages over 5× the anchor are flagged "!!"; with two scales, a growth (100% / 10%) over 2 is flagged.
"""

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale import LOGINS, PASSWORD  # noqa: E402
from serving import HELLO, Server, children, process_cpu  # noqa: E402

LIMIT = 5.0
GROWTH_LIMIT = 2.0
ROLE_LABEL = {
    "city_admin": "市级",
    "county_officer": "县区",
    "inspector": "专家",
    "operator": "机构",
    "auditor": "审计",
}
# (page, URL template, roles). Templates are filled with the ids found in the database (`ids`).
PAGES = [
    ("home", "/", "all"),
    ("institutions list", "/institutions/", "city_admin county_officer auditor"),
    ("institutions filtered", "/institutions/?q=全国规模&page=3", "city_admin county_officer"),
    ("institution detail", "/institutions/{institution}/", "all"),
    ("institution edit form", "/institutions/{institution}/edit/", "city_admin county_officer"),
    ("institution new form", "/institutions/new/", "city_admin county_officer"),
    ("programmes", "/funds/", "city_admin county_officer auditor"),
    ("programme/funds", "/funds/{year}/", "city_admin county_officer auditor"),
    ("programme/funds 2022", "/funds/2022/", "city_admin"),
    ("ledger first page", "/funds/{year}/ledger/", "city_admin county_officer auditor"),
    ("ledger deep page", "/funds/{year}/ledger/?page=999999", "city_admin county_officer auditor"),
    ("enrolments", "/funds/{year}/enrolments/", "city_admin county_officer"),
    ("payment form", "/funds/{year}/entries/payment/new/", "city_admin county_officer"),
    ("applications list", "/applications/?year={year}", "all"),
    ("applications filtered p3", "/applications/?year={year}&state=paid&page=3", "city_admin county_officer"),
    ("application detail", "/applications/{application}/", "all"),
    ("application compare", "/applications/{application}/compare/", "city_admin inspector"),
    ("inspection scoring", "/applications/inspections/{inspection}/", "city_admin inspector"),
    ("accepted list", "/applications/accepted/{year}/", "city_admin county_officer auditor"),
    ("standards", "/applications/standards/", "city_admin"),
    ("questionnaires", "/surveys/", "city_admin county_officer auditor"),
    ("survey results", "/surveys/{questionnaire}/", "city_admin county_officer auditor"),
    ("survey results county", "/surveys/{questionnaire}/?county={county}", "city_admin"),
    ("paper entry form", "/surveys/{questionnaire}/paper/", "city_admin county_officer"),
    ("evaluations", "/evaluation/", "city_admin auditor"),
    ("evaluation detail", "/evaluation/{evaluation}/", "city_admin auditor"),
    ("evaluation goals form", "/evaluation/{evaluation}/goals/", "city_admin"),
    ("indicator form", "/evaluation/indicators/{indicator}/", "city_admin"),
    ("declaration", "/evaluation/{evaluation}/declaration/", "city_admin auditor"),
    ("self-evaluation", "/evaluation/{evaluation}/self-evaluation/", "city_admin auditor"),
    ("report page", "/reports/{year}/", "city_admin auditor"),
    ("report page 2022", "/reports/2022/", "city_admin"),
    ("narrative form", "/reports/{year}/narrative/", "city_admin"),
    ("audit log", "/audit/", "city_admin auditor"),
    ("audit log deep page", "/audit/?page=999999", "city_admin auditor"),
    ("users", "/accounts/users/", "city_admin"),
    ("grades list", "/grades/", "all"),
    ("grades filtered", "/grades/?q=全国规模&page=3", "city_admin county_officer"),
    ("grade detail", "/grades/{grade}/", "city_admin county_officer inspector auditor"),
    ("review rounds", "/grades/rounds/", "city_admin county_officer"),
    ("public register", "/register/", "all"),
    ("public register search p3", "/register/?q=全国规模&page=3", "all"),
    ("certificate verification", "/register/verify/?number={certificate}", "all"),
    ("inbox", "/inbox/", "all"),
    ("jobs", "/jobs/", "city_admin"),
]


def pages_for(role: str) -> list[tuple[str, str]]:
    return [(name, url) for name, url, roles in PAGES if roles == "all" or role in roles.split()]


# ---------------------------------------------------------------- in-process helpers (Django)


def discover_and_count(var: str) -> dict:
    """Ids per login for the URL templates, and each page's query count (one test-client request)."""
    import scale

    scale.setup(var)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from guifan.accounts.models import User
    from guifan.evaluation.models import Evaluation, Indicator
    from guifan.grading.models import Application, Inspection
    from guifan.supervision.models import Grade
    from guifan.surveys.models import Questionnaire

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    year = scale.BIG_YEAR
    county_officer = User.objects.get(username="panlong")
    big = Application.objects.filter(programme__year=year, county=county_officer.county).order_by("id")
    application = big.filter(inspections__isnull=False).first() or big.first()
    operator = User.objects.get(username="qingyu")
    own = Application.objects.filter(institution=operator.institution).order_by("-programme__year").first()
    evaluation = Evaluation.objects.filter(programme__year=year).order_by("id").first()
    grade = Grade.objects.filter(county=county_officer.county, certificate_number__startswith="BENCH").first()
    common = {
        "year": year,
        "institution": application.institution_id,
        "application": application.pk,
        "inspection": Inspection.objects.filter(application=application).order_by("id").first().pk,
        "questionnaire": Questionnaire.objects.filter(programme__year=year).order_by("id").first().pk,
        "county": county_officer.county_id,
        "grade": grade.pk,
        "certificate": grade.certificate_number,
        "evaluation": evaluation.pk,
        "indicator": Indicator.objects.filter(evaluation=evaluation, children__isnull=True)
        .order_by("id")
        .first()
        .pk,
    }
    ids = {username: dict(common) for username in LOGINS}
    ids["qingyu"].update(institution=operator.institution_id, application=own.pk)
    queries: dict = {}
    for username, role in LOGINS.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for _name, template in pages_for(role):
            url = template.format(**ids[username])
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            queries[f"{username} {url}"] = [len(ctx.captured_queries), response.status_code]
    return {"ids": ids, "queries": queries}


# ---------------------------------------------------------------- the served measurement


def cpu_ns(pid: int) -> int:
    """CPU nanoseconds of one process's main thread (schedstat's run time; else /proc/<pid>/stat)."""
    path = Path(f"/proc/{pid}/schedstat")
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        try:
            return int(process_cpu(pid) * 1e9)
        except OSError:
            return 0


def backend_pids(application_name: str) -> list[int]:
    """PostgreSQL backends of the benchmark server's connections (found by their application_name):
    on PostgreSQL a page's queries spend their CPU there, not in the worker."""
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application_name]
        ).fetchall()
    return [pid for (pid,) in rows]


def worker_cpu_ns(server: Server) -> int:
    """CPU nanoseconds of every worker, plus the database server's when it runs on this machine."""
    pids = children(server.process.pid) + server.db_pids
    return sum(cpu_ns(pid) for pid in pids)


class Session:
    """One signed-in browser: a cookie jar, redirects not followed so the status is the page's."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self.NoRedirect()
        )

    def get(self, url: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + urllib.parse.quote(url, safe="/?&=%"), timeout=300) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def login(self, username: str, password: str) -> None:
        _status, body = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/accounts/login/"}
        )
        try:
            self.opener.open(request, timeout=60)
            raise RuntimeError(f"sign-in as {username} did not redirect (wrong password?)")
        except urllib.error.HTTPError as error:
            if error.code != 302:
                raise
        _status, body = self.get(HELLO)
        assert body.decode().endswith(username), f"not signed in as {username}: {body[:80]!r}"


def measure(server: Server, session: Session, url: str, repeats: int, warmups: int) -> dict:
    status = 0
    for _ in range(warmups):
        status, _ = session.get(url)
    cpu, wall = [], []
    for _ in range(repeats):
        cpu_before, started = worker_cpu_ns(server), time.perf_counter()
        status, _ = session.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((worker_cpu_ns(server) - cpu_before) / 1e6)
    return {"status": status, "cpu_p50": pct(cpu, 50), "cpu_p95": pct(cpu, 95), "wall_p50": pct(wall, 50)}


def pct(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def run_scale(scale_value: float, args) -> list[dict]:
    """Build (or reuse) one scale's data, serve it, measure every page; one row per (role, page)."""
    postgres = bool(os.environ.get("DATABASE_URL"))
    var = Path(args.reuse or tempfile.mkdtemp(prefix=f"guifan-pages-{scale_value:g}-"))
    marker = var / "scale.json"
    reuse = args.reuse and marker.exists() and json.loads(marker.read_text())["scale"] == scale_value
    if not reuse:
        subprocess.run(
            [sys.executable, str(BENCH / "scale.py"), "--scale", str(scale_value), "--var", str(var)],
            check=True,
        )
        marker.write_text(json.dumps({"scale": scale_value, "postgres": postgres}))
    else:
        print(f"reusing the scale {scale_value:g} data in {var}")
        env = {**os.environ, "GUIFAN_VAR": str(var), "DJANGO_SETTINGS_MODULE": "guifan.settings"}
        subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env=env, check=True)
    found = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--discover", str(var)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    rows = []
    env = {"GUIFAN_VAR": str(var)}
    application_name = f"guifan-bench-pages-{os.getpid()}"
    if postgres:
        url = os.environ["DATABASE_URL"]
        env["DATABASE_URL"] = url + ("&" if "?" in url else "?") + f"application_name={application_name}"
    server = Server(env, workers=1)
    server.db_pids = []
    with server:
        for username, role in LOGINS.items():
            session = Session(server.base)
            session.login(username, PASSWORD)
            # On PostgreSQL each page's queries run in a backend process: count its CPU too.
            server.db_pids = backend_pids(application_name) if postgres else []
            anchor = measure(server, session, HELLO, args.repeats, args.warmups)
            for name, template in pages_for(role):
                url = template.format(**found["ids"][username])
                result = measure(server, session, url, args.repeats, args.warmups)
                queries = found["queries"].get(f"{username} {url}", [None])[0]
                rows.append(
                    {
                        "page": name,
                        "role": ROLE_LABEL[role],
                        "url": url,
                        "anchor_p95": anchor["cpu_p95"],
                        "ratio": result["cpu_p95"] / anchor["cpu_p95"],
                        "queries": queries,
                        **result,
                    }
                )
                print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    return rows


def print_table(scale_value: float, rows: list[dict]) -> None:
    vendor = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    print(f"\nscale {scale_value:g} ({vendor}): CPU ms per request, ratio = p95 / signed-in hello p95")
    print(
        f"{'page':<26} {'role':<4} {'cpu p50':>8} {'cpu p95':>8} {'wall p50':>8} {'hello':>6} "
        f"{'ratio':>7} {'queries':>7} {'status':>6}"
    )
    for r in rows:
        flag = " !!" if r["ratio"] > LIMIT and r["status"] == 200 else ""
        print(
            f"{r['page']:<26} {r['role']:<4} {r['cpu_p50']:8.1f} {r['cpu_p95']:8.1f} {r['wall_p50']:8.1f} "
            f"{r['anchor_p95']:6.1f} {r['ratio']:6.1f}× {'-' if r['queries'] is None else r['queries']:>7} "
            f"{r['status']:>6}{flag}"
        )
    over = [r for r in rows if r["ratio"] > LIMIT and r["status"] == 200]
    print(f"{len(over)} of {len(rows)} page readings over {LIMIT:g}× the anchor")


def print_growth(small: float, large: float, a: list[dict], b: list[dict]) -> None:
    print(f"\ngrowth from scale {small:g} to {large:g} (p95 CPU ratio {large:g} / {small:g})")
    print(
        f"{'page':<26} {'role':<4} {'p95 ' + format(small, 'g'):>9} {'p95 ' + format(large, 'g'):>9} "
        f"{'growth':>7} {'ratio':>7}"
    )
    before = {(r["page"], r["role"]): r for r in a}
    for r in b:
        s = before.get((r["page"], r["role"]))
        if not s:
            continue
        growth = r["cpu_p95"] / s["cpu_p95"] if s["cpu_p95"] else float("nan")
        flag = " grows" if growth > GROWTH_LIMIT and r["status"] == 200 else ""
        print(
            f"{r['page']:<26} {r['role']:<4} {s['cpu_p95']:9.1f} {r['cpu_p95']:9.1f} {growth:6.1f}× "
            f"{r['ratio']:6.1f}×{flag}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, action="append", help="0.1, 1 (default: both, with growth)")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--reuse", help="GUIFAN_VAR folder built by an earlier run at the same scale")
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--discover", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.discover:
        print(json.dumps(discover_and_count(args.discover)))
        return
    scales = args.scale or [0.1, 1.0]
    if args.reuse and len(scales) > 1:
        parser.error("--reuse takes one --scale")
    results = {}
    for scale_value in scales:
        results[scale_value] = run_scale(scale_value, args)
        print_table(scale_value, results[scale_value])
    if len(scales) == 2:
        print_growth(scales[0], scales[1], results[scales[0]], results[scales[1]])
    if args.json:
        Path(args.json).write_text(json.dumps({str(k): v for k, v in results.items()}, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
