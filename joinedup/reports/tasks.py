"""Background work for reports: emails after a change, and escalation of reports near their targets."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def report_notify_subscribers(report_id: int, templates: str | list[str], extra: dict | None = None) -> int:
    """Fan out: one task per follower and email, so a retry never sends anyone the same email twice.

    `templates` is one template or several to send in order (a new report is both received and
    allocated); tasks queued with a single template name still run.
    """
    from .models import Subscriber

    templates = [templates] if isinstance(templates, str) else templates
    emails = list(Subscriber.objects.filter(report_id=report_id).values_list("email", flat=True))
    for template in templates:
        for email in emails:
            report_email_one(report_id, template, email, extra or {})
    return len(emails) * len(templates)


@db_task(retries=3, retry_delay=60)
def report_email_one(report_id: int, template: str, email: str, extra: dict) -> bool:
    from joinedup.notify.services import unless_refused

    from .notifications import report_email

    about = f"report {report_id} follower"
    return unless_refused(
        report_email, about, report_id=report_id, template=template, email=email, extra=extra
    )


@db_periodic_task(crontab(minute="17", hour="3"))
def report_drafts_purge() -> int:
    """Photos uploaded for reports that were never sent are deleted after a day."""
    import datetime as dt

    from .public.services import draft_photos_purge

    return draft_photos_purge(older_than=dt.timedelta(days=1))


@db_periodic_task(crontab(minute="*/5"))
def reports_escalate_due() -> int:
    from .services import reports_escalate

    return reports_escalate()
