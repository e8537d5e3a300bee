"""Writes for Open311: taking in a service request, and the client applications that may send them.

An API key is shown once, when it is made, and stored only as its SHA-256 hash with its first
characters (to recognise it in a list); a leaked database does not leak working keys.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.db import transaction

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership

from .. import policy
from ..models import Category, Open311Client, Report, Source
from ..services import report_submit
from .selectors import key_hash, key_prefix

MAX_NAME = 200


def open311_request_submit(
    *,
    client: Open311Client,
    category: Category,
    description: str,
    latitude: float,
    longitude: float,
    address_string: str = "",
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    answers: dict[str, str] | None = None,
    media_url: str = "",
) -> Report:
    """A report from a client application, committed (with its token and media link) before the app
    is answered.

    `media_url` is kept as a link for partners to follow; it is never fetched, so a report cannot make
    this server request arbitrary addresses.
    """
    report = report_submit(
        partnership=client.partnership,
        category=category,
        description=description,
        longitude=longitude,
        latitude=latitude,
        location_text=address_string,
        answers=answers or {},
        reporter_name=" ".join(part.strip() for part in (first_name, last_name) if part.strip()),
        reporter_email=email,
        reporter_phone=phone,
        source=Source.OPEN311,
        open311_client=client,
        # The token is saved with the report, in the same transaction, before the app is answered.
        open311_token=str(uuid.uuid4()),
        media_url=media_url,
    )
    return report


# --- client applications and their keys ---------------------------------------------------------------


def _require_coordinator(by: Any, partnership: Partnership) -> None:
    # None is an operator at the command line, who already controls the server.
    if by is not None and not (policy.coordinates(by) and policy.works_in(by, partnership.id)):
        raise NotPermitted(
            f"Only coordinators and administrators of {partnership.name} can manage Open311 keys."
        )


@transaction.atomic
def open311_client_create(*, by: Any, partnership: Partnership, name: str) -> tuple[Open311Client, str]:
    """A new client application and its API key. The key is returned once and never stored."""
    _require_coordinator(by, partnership)
    name = (name or "").strip()
    if not name:
        raise ApplicationError("Enter the application's name", field="name")
    if len(name) > MAX_NAME:
        raise ApplicationError(f"The name must be {MAX_NAME} characters or fewer", field="name")
    key = secrets.token_urlsafe(32)
    while key.startswith("-"):  # a key (or its prefix) starting "-" would read as an option on a command line
        key = secrets.token_urlsafe(32)
    client = Open311Client.objects.create(
        partnership=partnership,
        name=name,
        key_prefix=key_prefix(key),
        key_hash=key_hash(key),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(by=by, action=Action.CREATED, obj=client, purpose="Open311 API key issued")
    return client, key


@transaction.atomic
def open311_client_revoke(*, by: Any, client: Open311Client) -> Open311Client:
    """Stop the key working at once. The application's past reports keep their link to it."""
    _require_coordinator(by, client.partnership)
    if not client.active:
        raise ApplicationError(f"The key for {client.name} has already been revoked.")
    client.active = False
    client.save(update_fields=["active"])
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=client,
        changes={"active": [True, False]},
        purpose="Open311 API key revoked",
    )
    return client
