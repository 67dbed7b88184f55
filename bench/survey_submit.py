"""Load benchmark: 64 concurrent clients answer the survey online for 60 seconds.

Starts Guifan under gunicorn on a free loopback port against a fresh database (SQLite in a
temporary folder, or DATABASE_URL), then each client repeatedly: opens the shared survey link as a
new device, answers all 10 questions and submits; one submission in ten is sent twice with the
same idempotency key, as a double click or a network retry would. Prints submissions per second and
p50/p95/p99 latency of the submit request, then checks in the database that every acknowledged
submission is stored exactly once: none lost, none duplicated.

    .venv/bin/python bench/survey_submit.py [--seconds 60] [--clients 64] [--workers 4]
"""

import argparse
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> str:
    """Migrate and create a questionnaire with one shared link; return the link's slug."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from guifan.accounts.models import User
    from guifan.funds.services import programme_create
    from guifan.regions.models import Region
    from guifan.surveys.loading import load_survey_file

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
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


class Client(threading.Thread):
    def __init__(self, base: str, slug: str, until: float) -> None:
        super().__init__(daemon=True)
        self.base, self.slug, self.until = base, slug, until
        self.acked: list[str] = []
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        n = 0
        while time.monotonic() < self.until:
            n += 1
            try:
                self.submit_one(twice=n % 10 == 0)
            except Exception as exc:  # recorded, the load goes on
                self.errors.append(f"{type(exc).__name__}: {exc}"[:200])

    def submit_one(self, *, twice: bool) -> None:
        jar = http.cookiejar.CookieJar()  # a new device each time (the link allows one per device)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        url = f"{self.base}/s/{self.slug}/"
        page = opener.open(url, timeout=30).read().decode()
        form = {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1],
            "key": re.search(r'name="key" value="([^"]+)"', page)[1],
        }
        for name, value in re.findall(r'type="radio" name="(q\d+)" value="(\d+)"', page):
            form.setdefault(name, value)  # the first option of each question
        body = urllib.parse.urlencode(form).encode()
        for attempt in range(2 if twice else 1):
            started = time.perf_counter()
            request = urllib.request.Request(url, data=body, headers={"Referer": url})
            try:
                response = opener.open(request, timeout=30)
                status, location = response.status, response.headers.get("Location", "")
            except urllib.error.HTTPError as redirect:
                status, location = redirect.code, redirect.headers.get("Location", "")
            if attempt == 0:
                self.latencies.append((time.perf_counter() - started) * 1000)
            if status == 302 and location.endswith("/thanks/"):
                if attempt == 0:
                    self.acked.append(form["key"])
            elif attempt == 0:
                raise RuntimeError(f"submit answered {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="guifan-load-"))
    port = free_port()
    env = {
        "GUIFAN_VAR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "guifan.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    slug = prepare(env)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "guifan.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env={**os.environ, **env},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/s/{slug}/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        until = time.monotonic() + args.seconds
        clients = [Client(base, slug, until) for _ in range(args.clients)]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    from django.db import connection

    from guifan.surveys.models import Response

    acked = [key for c in clients for key in c.acked]
    latencies = [ms for c in clients for ms in c.latencies]
    errors = [e for c in clients for e in c.errors]
    stored = list(Response.objects.filter(complete=True).values_list("key", flat=True))
    stored_keys = [str(k) for k in stored]
    lost = set(acked) - set(stored_keys)
    duplicated = len(stored_keys) - len(set(stored_keys))
    print(
        f"database: {connection.vendor}; {args.clients} clients, {args.workers} gunicorn workers, "
        f"{elapsed:.0f} s"
    )
    print(f"acknowledged submissions: {len(acked):,} ({len(acked) / elapsed:.1f}/s); errors: {len(errors)}")
    if latencies:
        print(
            f"submit latency ms: p50 {percentile(latencies, 50):.0f}, p95 {percentile(latencies, 95):.0f}, "
            f"p99 {percentile(latencies, 99):.0f}"
        )
    print(f"stored complete responses: {len(stored_keys):,}; lost: {len(lost)}; duplicated: {duplicated}")
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")
    if lost or duplicated:
        sys.exit(1)


if __name__ == "__main__":
    main()
