"""Aggregates computed once per version of their inputs, not on every page view.

A survey's results, the report's figures and findings read every answer, score and ledger entry of
a year; pages show them on every visit. They are kept in the "computed" cache under a key that
holds the version of their inputs: the last audit event (every write goes through an audited
service) and, for the public answers that no one signs, the time of the last submitted answer
sheet. A write makes a new version, so a stale value is never read, whichever cache backend is
configured and however many servers share it (each server without a shared cache computes once).
The versions carry timestamps to the microsecond, so a database restored or rebuilt under the same
cache folder cannot meet an old entry with the same ids. The code is part of the version too, so
that after an upgrade no value is read in the shape an older release stored it.
"""

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.core.cache import caches

T = TypeVar("T")
_MISSING = object()


@functools.cache
def code_version() -> str:
    """A digest of Guifan's Python source, read once per process."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def computed(name: str, version: tuple, compute: Callable[[], T]) -> T:
    """compute() once per (name, version); later calls with the same version read the stored value."""
    digest = hashlib.sha256(repr((code_version(), name, version)).encode()).hexdigest()
    cache = caches["computed"]
    value = cache.get(digest, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(digest, value, timeout=None)
    return value
