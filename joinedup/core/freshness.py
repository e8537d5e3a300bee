"""Stamps that tell every server process when a shared setting changed, so it can drop its copy.

Some settings are read on every request but change a few times a year: the reporting categories,
routing rules and boundaries a report is routed by. Each process keeps its own copy of them and
asks "has anything changed?" through a stamp: a random token kept in the shared cache (the
database table, or Redis in production) and replaced whenever a change is saved.

A process re-reads a stamp at most every `STAMP_TTL` seconds, so a change made in one process is
seen by the others within that time and by the process that made it at once. If the cache loses a
stamp (restart, eviction) a new one is made, which only costs every process one rebuild.
"""

from __future__ import annotations

import threading
import time
import uuid

from django.core.cache import cache
from django.db import transaction

STAMP_TTL = 2.0  # seconds a process trusts its copy of a stamp
_CACHE_TIMEOUT = None  # stamps never expire by themselves

_local: dict[str, tuple[str, float]] = {}
_lock = threading.Lock()


def _key(name: str) -> str:
    return f"stamp:{name}"


def stamp(name: str) -> str:
    """The current stamp of `name`: equal stamps mean nothing has changed in between."""
    now = time.monotonic()
    with _lock:
        held = _local.get(name)
    if held is not None and now - held[1] < STAMP_TTL:
        return held[0]
    value = cache.get(_key(name))
    if value is None:
        fresh = uuid.uuid4().hex
        # add() rather than set(): if two processes race, both end up with the winner's stamp.
        cache.add(_key(name), fresh, timeout=_CACHE_TIMEOUT)
        value = cache.get(_key(name)) or fresh
    with _lock:
        _local[name] = (value, now)
    return value


def _hold(name: str, value: str) -> None:
    with _lock:
        _local[name] = (value, time.monotonic())


def _publish(name: str) -> None:
    value = uuid.uuid4().hex
    cache.set(_key(name), value, timeout=_CACHE_TIMEOUT)
    _hold(name, value)


def touch(name: str) -> None:
    """Something `name` covers has changed: every process drops its copy (this one at once).

    Other processes are told once the change is committed; told earlier, one of them could
    rebuild from the old rows and keep them under the new stamp.
    """
    _hold(name, uuid.uuid4().hex)
    transaction.on_commit(lambda: _publish(name))


def forget() -> None:
    """Drop this process's copies of every stamp (tests start each case from the shared cache)."""
    with _lock:
        _local.clear()
