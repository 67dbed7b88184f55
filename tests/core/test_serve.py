"""`guifan serve` loads the app before forking its page workers, so that the first request to each
answers as fast as any other, even on a loaded machine (a cold worker spent over 2 s of CPU importing
the URLconf; under load that passed gunicorn's timeout and workers were killed in a loop)."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

WORKERS = 4
TIMEOUT = 5  # seconds: gunicorn kills a worker that takes longer over one request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def load():
    """Two processes spinning on the machine's two cores."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    yield
    for burner in burners:
        burner.kill()
        burner.wait()


def test_every_page_worker_answers_its_first_request_within_the_timeout_under_load(tmp_path: Path, load):
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "GUIFAN_VAR": str(tmp_path),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "guifan.settings",
        # pid, status and seconds of every request, and a timeout short enough to bite.
        "GUNICORN_CMD_ARGS": f"--timeout {TIMEOUT} --access-logformat 'served %(p)s %(s)s %(L)s'",
    }
    env.pop("DATABASE_URL", None)
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "guifan.cli", "serve", "--workers", str(WORKERS), "--job-workers", "0",
             "--bind", f"127.0.0.1:{port}"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/accounts/login/"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(url, timeout=TIMEOUT * 2)
                    break
                except OSError:
                    time.sleep(0.2)

            def get(_) -> int:
                return urllib.request.urlopen(url, timeout=TIMEOUT * 2).status

            # Sync workers each take one connection at a time: 32 at once reach all four.
            with ThreadPoolExecutor(32) as pool:
                statuses = list(pool.map(get, range(64)))
        finally:
            server.terminate()
            server.wait(timeout=60)
    text = log.read_text(errors="replace")
    assert "WORKER TIMEOUT" not in text and "Booting worker" in text
    assert statuses == [200] * 64
    served = re.findall(r"served <(\d+)> \d+ ([\d.]+)", text)
    pids = {pid for pid, _ in served}
    assert len(pids) == WORKERS, f"requests reached {len(pids)} of {WORKERS} workers"
    first = {}
    for pid, seconds in served:
        first.setdefault(pid, float(seconds))
    assert max(first.values()) < TIMEOUT / 2, first
