"""A real Guifan server for benchmarks: gunicorn with the anchor URL, and its workers' CPU time.

CPU time per request (user + system, read from /proc for every gunicorn worker) is what the served
benchmarks compare, so that another load on the machine does not distort the ratio to the anchor.

    with Server(env, workers=4) as server:
        before = server.cpu()
        ...requests to server.base...
        per_request = (server.cpu() - before) / count
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")
HELLO = "/bench/hello/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_cpu(pid: int) -> float:
    """User + system seconds of one process (its own, not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


class Server:
    """gunicorn serving Guifan plus the anchor view, on a free loopback port."""

    def __init__(self, env: dict, workers: int = 1, preload: bool = True) -> None:
        self.env = {
            **os.environ,
            **env,
            "DJANGO_SETTINGS_MODULE": "anchor_settings",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONPATH": os.pathsep.join([str(BENCH), os.environ.get("PYTHONPATH", "")]),
        }
        self.workers = workers
        self.preload = preload
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "guifan.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ]
        if self.preload:
            command.append("--preload")
        subprocess.run(
            [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v0"], env=self.env, check=True
        )
        self.log = open(Path(self.env.get("GUIFAN_VAR", "/tmp")) / "bench-gunicorn.log", "ab")
        self.process = subprocess.Popen(command, env=self.env, stdout=self.log, stderr=self.log)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + HELLO, timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"the benchmark server did not start: see {self.log.name}")
        return self

    def __exit__(self, *exc) -> None:
        assert self.process
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def cpu(self) -> float:
        """CPU seconds used so far by every gunicorn worker."""
        assert self.process
        return sum(process_cpu(pid) for pid in children(self.process.pid))
