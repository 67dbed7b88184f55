"""Benchmark: a 200,000-row institution import through the page, as a background job, on the real
server (`guifan serve`: gunicorn and the job worker) — and the site's answer while it runs.

Prints, side by side in the same run:
- the anchor: the same file imported by the service in this process (no server, no job);
- the job: from the upload's POST to the job page saying it is done, with the progress the page
  polled (how often it moved) and the wall time;
- the institution list page's latency before and during the import (the site stays usable).

Run with `make bench` or `.venv/bin/python bench/import_job.py [ROWS]`. Uses a throw-away SQLite
database under a temporary folder unless DATABASE_URL is set (then: an empty database for the
server and another, DATABASE_URL_ANCHOR, for the anchor).
"""

import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from import_institutions import generate

GUIFAN = str(Path(sys.executable).with_name("guifan"))
PASSWORD = "Kunming-2023-guifan"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(var: Path, env: dict) -> None:
    run = lambda *args: subprocess.run([GUIFAN, *args], env=env, check=True, capture_output=True)  # noqa: E731
    run("migrate", "--noinput")
    kunming = Path(__import__("guifan").__file__).parent / "regions" / "data" / "530100-kunming.json"
    run("load-regions", str(kunming))
    run("user-add", "city", "--role", "city_admin", "--password", PASSWORD)
    # The first sign-in asks for a new password only when someone else chose it: user-add with
    # --password is the person's own choice here.
    run(
        "shell",
        "-v0",
        "-c",
        "from guifan.accounts.models import User; User.objects.update(must_change_password=False)",
    )


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path) as response:
            return response.status, response.read().decode()

    def csrf(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, path: str, fields: dict, files: dict | None = None) -> str:
        """POST as a form would; returns the URL the response redirected to."""
        if files:
            boundary = uuid.uuid4().hex
            body = b""
            for name, value in fields.items():
                head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                body += f"{head}{value}\r\n".encode()
            for name, (filename, data) in files.items():
                body += (
                    (
                        f"--{boundary}\r\n"
                        f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                        "Content-Type: application/octet-stream\r\n\r\n"
                    ).encode()
                    + data
                    + b"\r\n"
                )
            body += f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": content_type, "Referer": self.base + path}
        )
        with self.opener.open(request) as response:
            return response.geturl()


def latency(browser: Browser, path: str, n: int = 5) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        status, _ = browser.get(path)
        assert status == 200
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def anchor(source: Path, rows: int) -> float:
    """The service alone on the same file, in a process of its own with an empty database."""
    var = Path(tempfile.mkdtemp(prefix="guifan-bench-anchor-"))
    env = {**os.environ, "GUIFAN_VAR": str(var)}
    if url := os.environ.get("DATABASE_URL_ANCHOR"):
        env["DATABASE_URL"] = url
    elif "DATABASE_URL" in env:
        del env["DATABASE_URL"]
    prepare(var, env)
    started = time.perf_counter()
    subprocess.run(
        [GUIFAN, "import-institutions", str(source), "--by", "city"], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    var = Path(tempfile.mkdtemp(prefix="guifan-bench-job-"))
    os.environ["GUIFAN_VAR"] = str(var)
    env = dict(os.environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    prepare(var, env)
    import django

    django.setup()
    from guifan.regions.selectors import counties

    source = var / f"institutions-{rows}.xlsx"
    names = [c.name for c in counties()] or ["五华区", "盘龙区", "官渡区", "西山区"]
    generate(source, rows, names)
    database = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
    print(f"{rows:,} rows, {source.stat().st_size / 1e6:.1f} MB, database: {database}")

    port = free_port()
    server = subprocess.Popen(
        [GUIFAN, "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        for _ in range(100):
            try:
                _, html = browser.get("/accounts/login/")
                break
            except OSError:
                time.sleep(0.2)
        browser.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": browser.csrf(html), "username": "city", "password": PASSWORD},
        )
        idle = latency(browser, "/institutions/")
        _, html = browser.get("/institutions/import/")
        started = time.perf_counter()
        job_url = browser.post(
            "/institutions/import/",
            {"csrfmiddlewaretoken": browser.csrf(html)},
            {"file": (source.name, source.read_bytes())},
        )
        job_path = urllib.parse.urlparse(job_url).path
        assert "/jobs/" in job_path, job_url
        submitted = time.perf_counter() - started
        polls, moves, last, busy = 0, 0, None, []
        while True:
            _, body = browser.get(job_path + "progress/")
            state = json.loads(body)
            polls += 1
            moves += state["done"] != last
            last = state["done"]
            if state["finished"]:
                break
            if polls % 5 == 0:
                busy.append(latency(browser, "/institutions/", n=1))
            time.sleep(2)  # as the page polls
        wall = time.perf_counter() - started
        _, page = browser.get(job_path)
        created = re.search(r"新增 (\d+) 家机构", page)
        assert created and int(created.group(1)) == rows, page[-3000:]
    finally:
        server.terminate()
        server.wait()
    service = anchor(source, rows)
    print(
        f"anchor  service alone (guifan import-institutions): {service:6.1f} s  {rows / service:8,.0f} rows/s"
    )
    print(
        f"job     through the page and the worker:           {wall:6.1f} s  {rows / wall:8,.0f} rows/s"
        f"  ratio {wall / service:.2f}  (upload answered in {submitted:.1f} s)"
    )
    print(
        f"        progress polled {polls} times, moved {moves} times; finished page says 新增 {rows:,} 家机构"
    )
    during = f"{statistics.median(busy):.0f} ms (median of {len(busy)})" if busy else "—"
    print(f"institution list page: {idle:.0f} ms idle, {during} during the import")


if __name__ == "__main__":
    main()
