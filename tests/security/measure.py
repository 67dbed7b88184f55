"""Run one of Guifan's readers on a file in a process of its own and print what a user would see,
with the time taken and the process's peak memory, as JSON on the last line.

    python tests/security/measure.py check-report FILE
    python tests/security/measure.py import FILE       (needs a migrated database with a user "city")
"""

import io
import json
import resource
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import django


def peak_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not getrusage's ru_maxrss: Linux carries that
    over from the parent across fork and exec, so a child of a large pytest would report its size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(mode: str, path: str) -> None:
    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    command = {"check-report": "check_report", "import": "import_institutions"}[mode]
    out, err = io.StringIO(), io.StringIO()
    started = time.process_time(), time.perf_counter()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            call_command(command, path, stdout=out, stderr=err)
        except SystemExit as stop:
            code = stop.code
        except CommandError as error:
            err.write(str(error))
            code = error.returncode
    result = {
        "code": code,
        "stdout": out.getvalue(),
        "stderr": err.getvalue(),
        "cpu_s": time.process_time() - started[0],
        "wall_s": time.perf_counter() - started[1],
        "peak_mb": peak_mb(),
    }
    sys.__stdout__.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
