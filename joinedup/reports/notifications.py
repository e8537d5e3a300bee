"""What reporters and staff are told, by email through GOV.UK Notify (see joinedup.notify)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from joinedup.notify.services import notify_email

from .clock import TargetState
from .models import Report


def tracking_url(report: Report) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("report-track", args=[report.reference])


def _personalisation(report: Report, extra: dict) -> dict[str, str]:
    from .services import reopen_deadline

    deadline = reopen_deadline(report)
    values = {
        "reference": report.reference,
        "category": report.category.name,
        "partner": report.lead_partner.name if report.lead_partner else "the partnership",
        "tracking_url": tracking_url(report),
        "public_note": report.public_note or "",
        "reason": extra.get("reason") or (report.get_closed_reason_display() if report.closed_reason else ""),
        "reopen_until": f"{timezone.localtime(deadline):%-d %B %Y}" if deadline else "",
    }
    return {k: str(v) for k, v in values.items()}


def report_email(*, report_id: int, template: str, email: str, extra: dict) -> bool:
    """Email one follower of the report. False if the report has gone."""
    report = Report.objects.select_related("category", "lead_partner").filter(id=report_id).first()
    if report is None:
        return False
    personalisation = _personalisation(report, extra)
    if template in ("report_resolved", "report_closed"):
        from .public.links import reopen_link

        # Each follower gets their own link: it proves they follow the report without an account.
        personalisation["reopen_url"] = reopen_link(report, email)
    notify_email(to=email, template=template, personalisation=personalisation, reference=report.reference)
    return True


def escalation_email(report: Report, state: str, due: dt.datetime, recipients: list[str]) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse("report-detail", args=[report.reference])
    for email in recipients:
        notify_email(
            to=email,
            template="report_escalation",
            personalisation={
                "reference": report.reference,
                "category": report.category.name,
                "partner": report.lead_partner.name if report.lead_partner else "triage",
                "state": TargetState.LABELS[state],
                "due": f"{timezone.localtime(due):%-d %B %Y at %H:%M}",
                "report_url": url,
            },
            reference=report.reference,
        )
