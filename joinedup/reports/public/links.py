"""Signed links the public follow from their emails: reopening a report that is not fixed.

A reopen link carries the report's reference and a digest of the subscriber's email address (never
the address itself, which would end up in browser histories and server logs), signed with the
project's secret so nobody can make one for a report they were not told about.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse

from joinedup.core.errors import ApplicationError
from joinedup.reports.models import Report

SALT = "report-reopen"


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:20]


def reopen_token(*, reference: str, email: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"r": reference, "e": _email_digest(email)})


def reopen_link(report: Report, email: str) -> str:
    """The full address, for an email, at which `email`'s owner can reopen `report`."""
    token = reopen_token(reference=report.reference, email=email)
    return settings.SITE_URL.rstrip("/") + reverse("report-reopen", args=[report.reference, token])


def reopen_token_check(*, report: Report, token: str) -> None:
    """Raise ApplicationError unless `token` was made for this report and one of its subscribers.

    Tokens last as long as the reopening period: one older than that was sent before the report was
    last finished with, so `report_reopen` would refuse it anyway.
    """
    try:
        value = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=dt.timedelta(days=settings.REPORT_REOPEN_DAYS)
        )
    except signing.SignatureExpired:
        raise ApplicationError(
            "This link has expired. Reports can be reopened for "
            f"{settings.REPORT_REOPEN_DAYS} days after they are dealt with: make a new report instead.",
            field="token",
        ) from None
    except (signing.BadSignature, ValueError):
        raise ApplicationError(
            "This link does not work. Check you copied the whole link from the email.", field="token"
        ) from None
    if not isinstance(value, dict) or value.get("r") != report.reference:
        raise ApplicationError(
            "This link does not work. Check you copied the whole link from the email.", field="token"
        )
    subscribers = report.subscribers.values_list("email", flat=True)
    if not any(_email_digest(email) == value.get("e") for email in subscribers):
        raise ApplicationError(
            "This link does not work. Check you copied the whole link from the email.", field="token"
        )
