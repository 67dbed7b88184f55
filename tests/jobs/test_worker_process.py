"""The worker as it runs in production: a process of its own, killed with SIGKILL mid-import.

Nothing of the import is written, the job is failed with the reason once its heartbeat stops, and
a retry completes it. Runs on a SQLite database of its own (the child processes cannot see the test
database)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

import guifan as guifan_package
from guifan.jobs.services import INTERRUPTED
from guifan.registry.imports import STANDARD_COLUMNS

ROWS = 50_000  # the import's first chunk is 5,000 rows: the kill lands well before the commit
GUIFAN = str(Path(sys.executable).with_name("guifan"))


def guifan(env, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([GUIFAN, *args], env=env, capture_output=True, text=True, timeout=300, **kwargs)


def shell(env, code: str) -> str:
    done = guifan(env, "shell", "-v0", "-c", code)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(GUIFAN_VAR=str(tmp_path / "var"), GUIFAN_JOB_STALE_SECONDS="10")
    assert guifan(env, "migrate", "--noinput", "-v0").returncode == 0
    kunming = Path(guifan_package.__file__).parent / "regions" / "data" / "530100-kunming.json"
    assert guifan(env, "load-regions", str(kunming)).returncode == 0
    done = guifan(env, "user-add", "city", "--role", "city_admin", "--password", "Kunming-2023-guifan")
    assert done.returncode == 0, done.stderr
    return env


def big_workbook(path: Path) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([header for _, header in STANDARD_COLUMNS])
    for n in range(ROWS):
        row = [f"测试盲人按摩店{n:05d}", "五华区", "", "", "", "张三", f"139{n:08d}", 3, 2, "", "营业中"]
        sheet.append(row)
    workbook.save(path)
    return path


def progress_of(env, job_id: str) -> dict:
    path = Path(env["GUIFAN_VAR"]) / "media" / "jobs" / job_id / "progress.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def test_a_worker_killed_mid_import_writes_nothing_and_the_job_can_be_retried(env, tmp_path):
    source = big_workbook(tmp_path / "big.xlsx")
    job_id = shell(
        env,
        "from django.core.files import File; from guifan.accounts.models import User;"
        "from guifan.jobs.services import job_submit; from guifan.jobs.constants import JobKind;"
        f"f = open({str(source)!r}, 'rb');"
        "print(job_submit(by=User.objects.get(username='city'), kind=JobKind.IMPORT_INSTITUTIONS,"
        " upload=File(f, name='big.xlsx')).pk)",
    )
    worker = subprocess.Popen([GUIFAN, "worker", "--interval", "0.2"], env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while progress_of(env, job_id).get("done", 0) < 1:
            assert time.monotonic() < deadline, "the worker made no progress"
            assert worker.poll() is None, "the worker stopped by itself"
            time.sleep(0.02)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()

    count = "from guifan.registry.models import Institution; print(Institution.objects.count())"
    state = "from guifan.jobs.models import Job; j = Job.objects.get(); print(j.state, j.failure)"
    assert shell(env, count) == "0"
    assert shell(env, state).startswith("running")

    time.sleep(10.5)  # the heartbeat has stopped for longer than GUIFAN_JOB_STALE_SECONDS (its minimum)
    started = guifan(env, "worker", "--batch")
    assert "已将 1 个中断的任务标记为失败" in started.stdout
    assert shell(env, state) == f"failed {INTERRUPTED}"
    assert shell(env, count) == "0"

    shell(
        env,
        "from guifan.jobs.models import Job; from guifan.jobs.services import job_retry;"
        "j = Job.objects.get(); job_retry(by=j.by, job=j)",
    )
    assert guifan(env, "worker", "--batch").returncode == 0
    assert shell(env, state) == "done"
    assert shell(env, count) == str(ROWS)
