"""The configured task queue, built by huey's Django integration from the HUEY setting.

Define tasks in an app's `tasks.py` with `db_task` / `db_periodic_task` (they close stale database
connections around each run); `joinedup worker` finds them there.
"""

from huey import RedisHuey
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, lock_task, on_commit_task
from huey.storage import RedisStorage, SqliteStorage

huey = HUEY

__all__ = ["db_periodic_task", "db_task", "huey", "lock_task", "on_commit_task", "queue_describe"]


def queue_describe() -> str:
    """Which queue tasks go to, for operators (never shows a Redis password)."""
    if huey.immediate:
        return "none: tasks run inline, as soon as they are called (immediate mode)"
    storage = huey.storage
    if isinstance(huey, RedisHuey) and isinstance(storage, RedisStorage):
        where = storage.pool.connection_kwargs
        address = where.get("path") or f"{where.get('host')}:{where.get('port')}/{where.get('db', 0)}"
        return f"Redis at {address}, queue '{huey.name}'"
    if isinstance(storage, SqliteStorage):
        return f"SQLite file {storage.filename}, queue '{huey.name}' (embedded: no server needed)"
    return f"{type(huey).__name__}, queue '{huey.name}'"
