"""Background work for the incident store."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/10"))
def incidents_from_reports() -> str:
    """Reports join the store every ten minutes, not as they are made: the front door's write stays
    short and free of analysis work, and analysis counts by the month, so minutes of delay cost
    nothing. The service is idempotent, so a missed or repeated run does no harm."""
    from .services import reports_into_store

    return str(reports_into_store())
