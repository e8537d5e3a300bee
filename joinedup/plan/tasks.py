"""Background work for the plan app: the nightly PSPO expiry alerts."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="30", hour="6"))
def plan_pspo_expiry_alerts() -> int:
    """Each morning, tell coordinators of orders now within the alert period (once per expiry date)."""
    from .registers_notifications import pspo_expiry_emails

    return pspo_expiry_emails()
