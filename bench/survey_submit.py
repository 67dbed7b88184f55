"""Load benchmark: answering the survey by its public link, against the served anchor.

One gunicorn server (bench/serving.py: Guifan plus /bench/hello/) on a fresh database, SQLite in a
temporary folder or, with DATABASE_URL, a new PostgreSQL database on that server (created with
createdb, dropped after). In one run:

1. the anchor: N clients request /bench/hello/ for the given seconds: requests/s, CPU ms/request;
2. N clients answer the survey: each time a new device opens the shared link (GET), picks the first
   option of every question and submits (POST); one submission in ten is POSTed a second time with
   the same sheet key and the same cookies, as a double click or a network retry would. Prints
   submissions/s, CPU ms per submission (the workers' user + system time, retries included),
   p50/p95 latency of the GET and of the POST, and the ratios to the anchor: throughput
   (submissions/s ÷ hello requests/s) and CPU (hello CPU ms ÷ submission CPU ms).

Then checks in the database that every acknowledged submission is stored exactly once, with one
answer per question (none lost, none duplicated), and exits 1 on any lost, duplicated or 5xx.

    .venv/bin/python bench/survey_submit.py [--seconds 20] [--clients 64] [--workers 4]
    DATABASE_URL=postgres://postgres@127.0.0.1/postgres .venv/bin/python bench/survey_submit.py
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

from serving import HELLO, Server

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="key" value="([^"]+)"')
RADIO = re.compile(r'type="radio" name="(q\d+)" value="(\d+)"')


def fresh_postgres(url: str) -> tuple[str, dict]:
    """A new database on DATABASE_URL's server: its URL and the createdb/dropdb arguments."""
    parts = urllib.parse.urlsplit(url)
    name = f"guifan_bench_{uuid.uuid4().hex[:8]}"
    conn = {
        "args": ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)],
        "user": urllib.parse.unquote(parts.username or "postgres"),
        "env": {
            **os.environ,
            **({"PGPASSWORD": urllib.parse.unquote(parts.password)} if parts.password else {}),
        },
        "name": name,
    }
    subprocess.run(["createdb", *conn["args"], "-U", conn["user"], name], env=conn["env"], check=True)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), conn


def drop_postgres(conn: dict) -> None:
    subprocess.run(
        ["dropdb", "--force", *conn["args"], "-U", conn["user"], conn["name"]], env=conn["env"], check=False
    )


def prepare(env: dict) -> str:
    """Migrate and create an open questionnaire with one shared link; return the link's slug."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from guifan.accounts.models import User
    from guifan.funds.services import programme_create
    from guifan.regions.models import Region
    from guifan.surveys.loading import load_survey_file

    call_command("migrate", verbosity=0)
    admin = User.objects.create(username="bench", role="city_admin")
    programme = programme_create(
        by=admin,
        data={
            "year": 2022,
            "name": "基准",
            "implementing_unit": "中心",
            "subsidy_standard": 1,
            "annual_target": 1,
        },
        counties=list(Region.objects.filter(kind="county")),
    )
    questionnaire = load_survey_file(by=admin, programme=programme)
    distribution = questionnaire.distributions.get()
    distribution.one_per_screen = False
    distribution.save()
    return str(distribution.slug)


class Browser:
    """One device: plain http.client (gunicorn's sync workers close every connection) and its own
    cookies, so that the client side costs little next to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, cookies: dict | None = None):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        jar = self.cookies if cookies is None else cookies
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value and "max-age=0" not in header.lower():
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()


class Load(threading.Thread):
    """One client repeating its work until the deadline; records latencies, statuses, failures."""

    def __init__(self, port: int, until: float, work) -> None:
        super().__init__(daemon=True)
        self.port, self.until, self.work = port, until, work
        self.done = 0
        self.acked: list[str] = []
        self.latencies: dict[str, list[float]] = {"get": [], "post": []}
        self.server_errors = 0
        self.failures: list[str] = []

    def run(self) -> None:
        n = 0
        while time.monotonic() < self.until:
            n += 1
            try:
                self.work(self, n)
            except Exception as exc:  # recorded, the load goes on
                self.failures.append(f"{type(exc).__name__}: {exc}"[:200])

    def timed(self, browser: Browser, kind: str, *args, **kwargs):
        started = time.perf_counter()
        status, location, text = browser.request(*args, **kwargs)
        self.latencies[kind].append((time.perf_counter() - started) * 1000)
        if status >= 500:
            self.server_errors += 1
        return status, location, text


def hello(load: Load, n: int) -> None:
    status, _, _ = load.timed(Browser(load.port), "get", "GET", HELLO)
    if status != 200:
        raise RuntimeError(f"hello answered {status}")
    load.done += 1


def answerer(slug: str):
    path = f"/s/{slug}/"

    def answer(load: Load, n: int) -> None:
        browser = Browser(load.port)  # a new device each time (the link allows one per device)
        status, _, page = load.timed(browser, "get", "GET", path)
        if status != 200:
            raise RuntimeError(f"the form answered {status}")
        text = page.decode()
        form = {"csrfmiddlewaretoken": CSRF.search(text)[1], "key": KEY.search(text)[1]}
        for name, value in RADIO.findall(text):
            form.setdefault(name, value)  # the first option of each question
        body = urllib.parse.urlencode(form).encode()
        sent_with = dict(browser.cookies)  # a retry carries the cookies the first POST had
        status, location, _ = load.timed(browser, "post", "POST", path, body=body)
        if status == 302 and location.endswith("/thanks/"):
            load.acked.append(form["key"])
            load.done += 1
        else:
            raise RuntimeError(f"submit answered {status}")
        if n % 10 == 0:
            status, _, _ = browser.request("POST", path, body=body, cookies=sent_with)
            if status >= 500:
                load.server_errors += 1
            elif status not in (200, 302):
                raise RuntimeError(f"the repeated submit answered {status}")

    return answer


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else float("nan")


def spread(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):.0f}, p95 {percentile(values, 95):.0f}"


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def run(server: Server, clients: int, seconds: float, work) -> dict:
    before_cpu, before_own, started = server.cpu(), own_cpu(), time.monotonic()
    loads = [Load(server.port, started + seconds, work) for _ in range(clients)]
    for load in loads:
        load.start()
    for load in loads:
        load.join()
    elapsed, cpu, own = time.monotonic() - started, server.cpu() - before_cpu, own_cpu() - before_own
    done = sum(load.done for load in loads)
    return {
        "done": done,
        "rate": done / elapsed,
        "cpu_ms": cpu * 1000 / max(done, 1),
        "client_ms": own * 1000 / max(done, 1),
        "elapsed": elapsed,
        "get": [ms for load in loads for ms in load.latencies["get"]],
        "post": [ms for load in loads for ms in load.latencies["post"]],
        "acked": [key for load in loads for key in load.acked],
        "server_errors": sum(load.server_errors for load in loads),
        "failures": [f for load in loads for f in load.failures],
    }


def check_stored(acked: list[str]) -> tuple[int, int, int, int]:
    """(lost, duplicated, stored, stored but not acknowledged) from the database."""
    from django.db.models import Count

    from guifan.surveys.models import Question, Response

    questions = Question.objects.count()
    stored = [str(k) for k in Response.objects.filter(complete=True).values_list("key", flat=True)]
    lost = len(set(acked) - set(stored))
    per_device = Response.objects.filter(complete=True).values("device").annotate(n=Count("id"))
    duplicated = sum(row["n"] - 1 for row in per_device if row["n"] > 1)
    duplicated += len(stored) - len(set(stored))
    answers = Response.objects.filter(complete=True).annotate(n=Count("answers"))
    duplicated += sum(1 for r in answers.values_list("n", flat=True) if r != questions)
    return lost, duplicated, len(stored), len(set(stored) - set(acked))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="guifan-load-"))
    env = {
        "GUIFAN_VAR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "guifan.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    postgres = None
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"], postgres = fresh_postgres(os.environ["DATABASE_URL"])
    try:
        slug = prepare(env)
        from django.db import connection

        connection.close()
        with Server(env, workers=args.workers) as server:
            anchor = run(server, args.clients, args.seconds, hello)
            survey = run(server, args.clients, args.seconds, answerer(slug))
        lost, duplicated, stored, unacked = check_stored(survey["acked"])
        vendor = connection.vendor
        connection.close()
    finally:
        if postgres:
            drop_postgres(postgres)

    print(
        f"database: {vendor}; {args.clients} clients, {args.workers} gunicorn workers, "
        f"{args.seconds:.0f} s each"
    )
    print(
        f"anchor {HELLO}: {anchor['done']:,} requests, {anchor['rate']:.0f}/s, "
        f"CPU {anchor['cpu_ms']:.2f} ms/request, latency ms {spread(anchor['get'])}; "
        f"5xx: {anchor['server_errors']}"
    )
    print(
        f"survey answered (GET + POST): {survey['done']:,} submissions, {survey['rate']:.1f}/s, "
        f"CPU {survey['cpu_ms']:.2f} ms/submission"
    )
    print(f"  latency ms: GET {spread(survey['get'])}; POST {spread(survey['post'])}")
    print(
        f"  the clients' own CPU (this process): {anchor['client_ms']:.2f} ms/hello request, "
        f"{survey['client_ms']:.2f} ms/submission"
    )
    print(
        f"ratio to the anchor: throughput {survey['rate'] / anchor['rate']:.3f} (submissions/s ÷ hello/s), "
        f"CPU {anchor['cpu_ms'] / survey['cpu_ms']:.3f} (hello ms ÷ submission ms)"
    )
    print(
        f"stored complete responses: {stored:,} (not acknowledged: {unacked}); lost: {lost}; "
        f"duplicated: {duplicated}; 5xx: {survey['server_errors']}; failures: {len(survey['failures'])}"
    )
    for failure in sorted(set(anchor["failures"] + survey["failures"]))[:5]:
        print(f"  failure: {failure}")
    if lost or duplicated or anchor["server_errors"] or survey["server_errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
