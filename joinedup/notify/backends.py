"""Where `notify_email` delivers: GOV.UK Notify, a folder of files, or a list in memory.

`NOTIFY_BACKEND` names the backend class. Each takes one rendered `Email` and returns a
notification id. Only `NotifyBackend` talks to Notify; the others keep what Notify would have sent.
"""

import json
import logging
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from django.conf import settings
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from joinedup.core.errors import ApplicationError

logger = logging.getLogger(__name__)


class NotifyError(ApplicationError):
    """GOV.UK Notify did not send an email. The message gives Notify's reason, never the API key."""

    status = 502

    @property
    def is_final(self) -> bool:
        """Notify refused for good (a bad address, a team-only key): retrying won't help."""
        code = self.extra.get("notify_status")
        return code is not None and 400 <= code < 500 and code != 429


@dataclass(frozen=True)
class Email:
    to: str
    template: str
    subject: str
    body: str
    personalisation: dict[str, str]
    reference: str
    sent_at: datetime
    id: str = field(default="")


class EmailBackend(Protocol):
    def send(self, *, email: Email) -> str: ...


class NotifyBackend:
    """Sends through GOV.UK Notify, using the Notify template mapped to our template's name."""

    def send(self, *, email: Email) -> str:
        template_id = settings.NOTIFY_TEMPLATES.get(email.template)
        if not template_id:
            raise NotifyError(
                f"There is no GOV.UK Notify template ID for the '{email.template}' email. "
                "Add it to NOTIFY_TEMPLATE_IDS."
            )
        if not settings.NOTIFY_API_KEY:
            raise NotifyError("Set NOTIFY_API_KEY to send email through GOV.UK Notify.")
        client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)
        try:
            response = client.send_email_notification(
                email_address=email.to,
                template_id=template_id,
                personalisation=email.personalisation,
                reference=email.reference or None,
            )
        except APIError as error:
            raise NotifyError(
                f"GOV.UK Notify did not send the '{email.template}' email "
                f"({error.status_code}: {_reasons(error)}).",
                extra={"notify_status": error.status_code},
            ) from error
        return str(response["id"])


def _reasons(error: APIError) -> str:
    """Notify's own words: `errors` is a list of {"error": ..., "message": ...}."""
    message = error.message
    if isinstance(message, list):
        return "; ".join(f"{item.get('error')}: {item.get('message')}" for item in message)
    return str(message)


class FileBackend:
    """Development: writes each email as a JSON file in NOTIFY_OUTBOX_DIR, and logs a line."""

    def send(self, *, email: Email) -> str:
        email = replace(email, id=str(uuid.uuid4()))
        outbox_dir = Path(settings.NOTIFY_OUTBOX_DIR)
        outbox_dir.mkdir(parents=True, exist_ok=True)
        # Named by time first, so a directory listing reads in the order the emails were sent.
        path = outbox_dir / f"{email.sent_at:%Y%m%dT%H%M%S%f}-{email.template}-{email.id[:8]}.json"
        record = asdict(email) | {"sent_at": email.sent_at.isoformat()}
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        logger.info("Email '%s' to %s written to %s", email.template, email.to, path)
        return email.id


# Tests: what OutboxBackend sent, oldest first (like Django's `mail.outbox`).
outbox: list[Email] = []


def clear() -> None:
    """Empty the test outbox."""
    outbox.clear()


class OutboxBackend:
    """Tests: keeps each email in the module-level `outbox` list."""

    def send(self, *, email: Email) -> str:
        email = replace(email, id=str(uuid.uuid4()))
        outbox.append(email)
        return email.id
