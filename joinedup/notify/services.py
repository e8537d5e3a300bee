"""Sending email: every email Joined Up sends goes through `notify_email`."""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.module_loading import import_string

from joinedup.core.errors import ApplicationError
from joinedup.notify.backends import Email, EmailBackend, NotifyError
from joinedup.notify.templates import TEMPLATES

logger = logging.getLogger(__name__)


def notify_email(*, to: str, template: str, personalisation: dict[str, str], reference: str = "") -> str:
    """Send our email `template` to `to` and return the notification id.

    `personalisation` fills the template's ((placeholders)); `reference` is our own identifier,
    which Notify keeps with the notification. Everything Notify would reject is checked here first,
    so every backend fails the same way: an unknown template, missing personalisation, a bad address.
    """
    email_template = TEMPLATES.get(template)
    if email_template is None:
        raise ApplicationError(
            f"There is no email template called '{template}'. "
            f"The templates are: {', '.join(sorted(TEMPLATES))}."
        )
    missing = sorted(email_template.placeholders - personalisation.keys())
    if missing:
        raise ApplicationError(f"The '{template}' email needs personalisation for: {', '.join(missing)}.")
    try:
        validate_email(to)
    except ValidationError:
        raise ApplicationError(
            "Enter an email address in the correct format, like name@example.com", field="to"
        ) from None

    subject, body = email_template.render(personalisation)
    email = Email(
        to=to,
        template=template,
        subject=subject,
        body=body,
        personalisation=dict(personalisation),
        reference=reference,
        sent_at=timezone.now(),
    )
    backend: EmailBackend = import_string(settings.NOTIFY_BACKEND)()
    return backend.send(email=email)


def unless_refused(send: Callable[..., bool], about: str, /, **arguments: Any) -> bool:
    """`send(**arguments)` for a task that retries: a passing Notify failure raises, so the queue tries
    again; a final refusal (a bad address, a team-only key) is logged as emailing `about` and not retried,
    since trying again cannot help."""
    try:
        return send(**arguments)
    except NotifyError as error:
        if error.is_final:
            logger.warning("Not emailing %s: %s", about, error.message)
            return False
        raise
