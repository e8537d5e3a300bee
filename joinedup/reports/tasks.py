"""Background work for reports: emails after a change, and escalation of reports near their targets."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task(retries=3, retry_delay=60)
def report_notify_subscribers(report_id: int, template: str, extra: dict | None = None) -> int:
    from .notifications import report_email_subscribers

    return report_email_subscribers(report_id=report_id, template=template, extra=extra or {})


@db_periodic_task(crontab(minute="*/5"))
def reports_escalate_due() -> int:
    from .services import reports_escalate

    return reports_escalate()
