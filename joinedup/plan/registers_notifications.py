"""Emails from the registers: a PSPO's coordinators are told once, months before it expires."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from joinedup.notify.services import notify_email

from .services.pspo import expiry_alert_due
from .statutory import months_between


def months_text(months: int) -> str:
    return "less than a month" if months < 1 else f"{months} month{'s' if months != 1 else ''}"


def pspo_expiry_emails(*, today: dt.date | None = None) -> int:
    """Email each expiring order's coordinators; returns how many emails went."""
    today = today or timezone.localdate()
    sent = 0
    for pspo, emails in expiry_alert_due(today=today):
        url = settings.SITE_URL.rstrip("/") + reverse("plan:pspo", args=[pspo.id])
        for email in emails:
            notify_email(
                to=email,
                template="pspo_expiring",
                personalisation={
                    "partnership": pspo.partnership.name,
                    "reference": pspo.reference,
                    "title": pspo.title,
                    "expires_on": f"{pspo.expires_on:%-d %B %Y}",
                    "months": months_text(months_between(today, pspo.expires_on)),
                    "register_url": url,
                },
                reference=pspo.reference,
            )
            sent += 1
    return sent
