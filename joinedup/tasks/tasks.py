"""Tasks that belong to the queue itself."""

from joinedup.tasks.queue import db_task


@db_task()
def queue_ping(*, token: str) -> str:
    """Return `token` from a worker: proof that work put on the queue is picked up and run."""
    return token
