"""Emails about cases. No personal data: references and partner names only, with a link to sign in."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from joinedup.notify.services import notify_email

from .services.sharing import Lapse


def _url(name: str, *args: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def actions_overdue_emails(told: dict[str, list[str]]) -> None:
    queue_url = _url("case-action-queue")
    for email, references in told.items():
        notify_email(
            to=email,
            template="case_actions_overdue",
            personalisation={
                "count": str(len(references)),
                "references": ", ".join(references),
                "queue_url": queue_url,
            },
        )


def share_ended_emails(ended: list[Lapse]) -> None:
    for lapse in ended:
        case = lapse.share.case
        officer = case.lead_officer
        if officer is None or not officer.is_active:
            continue
        notify_email(
            to=officer.email,
            template="case_share_ended",
            personalisation={
                "reference": case.reference,
                "partner": lapse.share.organisation.name,
                "reason": lapse.reason,
                "case_url": _url("case-access", case.reference),
            },
            reference=case.reference,
        )
