"""Where a running job stands, kept in a small file beside its input rather than in the database.

An import writes everything in one transaction; on SQLite that transaction holds the only write
lock, so progress written to the database would wait for the very work it reports. A file is seen
at once by every process on the host (jobs' folders live under MEDIA_ROOT, which a deployment on
several hosts shares already for uploads). A heartbeat thread touches the file every few seconds
while the job runs: a file that stops changing means the worker died.
"""

import json
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HEARTBEAT_SECONDS = 5
MIN_WRITE_INTERVAL = 0.5


@dataclass(frozen=True)
class Progress:
    stage: str = ""
    done: int = 0
    total: int | None = None
    age: float | None = None  # seconds since the worker last touched the file; None: never

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


def read(path: Path) -> Progress:
    try:
        data = json.loads(path.read_text())
        age = time.time() - path.stat().st_mtime
    except (OSError, ValueError):
        return Progress()
    return Progress(stage=data.get("stage", ""), done=data.get("done", 0), total=data.get("total"), age=age)


class Reporter:
    """Called by the work with (done, total, stage); writes at most twice a second, atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last = 0.0
        self._state = Progress()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._beat, daemon=True)

    def __enter__(self) -> "Reporter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._write()

    def __call__(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        self._state = Progress(
            stage=self._state.stage if stage is None else stage,
            done=done,
            total=self._state.total if total is None else total,
        )
        if time.monotonic() - self._last >= MIN_WRITE_INTERVAL:
            self._write()

    def _write(self) -> None:
        with self._lock:
            self._last = time.monotonic()
            state = {k: v for k, v in asdict(self._state).items() if k != "age"}
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(state, ensure_ascii=False))
            os.replace(temporary, self.path)

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            self._write()
