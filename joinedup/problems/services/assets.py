"""Mapping community assets, and recording who saw or exported their contact details.

Contact details are stored only with recorded consent: who gave it, on what date, and how widely the
details may be shared. Without all three, the contact details are refused and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership

from .. import engagement_policy as policy
from ..locations import Point, ward_within
from ..models import AssetKind, CommunityAsset, ContactSharing

MAX_CAPABILITIES = 20


def capabilities_from(text: str | Iterable[str]) -> list[str]:
    """ "First aid, meeting room" → ["first aid", "meeting room"]: trimmed, lower case, no repeats."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    seen: list[str] = []
    for part in parts:
        value = " ".join(part.split()).lower()[:60]
        if value and value not in seen:
            seen.append(value)
    if len(seen) > MAX_CAPABILITIES:
        raise ApplicationError(f"List at most {MAX_CAPABILITIES} capabilities", field="capabilities")
    return seen


def _check_contact(
    contact: dict[str, str],
    consent_given_by: str,
    consent_on: dt.date | None,
    consent_sharing: str,
    today: dt.date,
) -> None:
    if not any(contact.values()):
        return
    if not consent_given_by.strip():
        raise ApplicationError(
            "Contact details can only be kept with consent: say who gave it, or leave the contact "
            "details blank",
            field="consent_given_by",
        )
    if consent_on is None:
        raise ApplicationError("Enter the date consent was given", field="consent_on")
    if consent_on > today:
        raise ApplicationError("The date consent was given cannot be in the future", field="consent_on")
    if consent_sharing not in ContactSharing.values:
        raise ApplicationError(
            "Say who the contact agreed their details may be shared with", field="consent_sharing"
        )


@transaction.atomic
def asset_save(
    *,
    by: Any,
    partnership: Partnership,
    point: Point,
    name: str,
    kind: str,
    category: str,
    asset: CommunityAsset | None = None,
    description: str = "",
    capabilities: str | Iterable[str] = "",
    safe_place: bool = False,
    opening_hours: str = "",
    address: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    consent_given_by: str = "",
    consent_on: dt.date | None = None,
    consent_sharing: str = "",
    synthetic: bool = False,
    today: dt.date | None = None,
) -> CommunityAsset:
    """Add an asset (no `asset`) or change one. Consent is recorded again whenever contact details change."""
    if by is not None and not policy.maps_assets_in(by, partnership.id):
        raise NotPermitted(f"You cannot map assets in {partnership.name}.")
    if asset is not None and asset.partnership_id != partnership.id:
        raise NotPermitted("That asset belongs to another partnership.")
    today = today or timezone.localdate()
    if not name.strip():
        raise ApplicationError("Enter the name of the asset", field="name")
    if kind not in AssetKind.values:
        raise ApplicationError("Choose what kind of asset it is", field="kind")
    if not category.strip():
        raise ApplicationError("Enter a category, e.g. youth club or café", field="category")
    contact = {
        "contact_name": contact_name.strip(),
        "contact_email": contact_email.strip().lower(),
        "contact_phone": contact_phone.strip(),
    }
    _check_contact(contact, consent_given_by, consent_on, consent_sharing, today)
    ward = ward_within(partnership=partnership, point=point)
    has_contact = any(contact.values())
    values: dict[str, Any] = {
        "name": name.strip(),
        "kind": kind,
        "category": " ".join(category.split()).lower()[:100],
        "description": description.strip(),
        "capabilities": capabilities_from(capabilities),
        "safe_place": safe_place,
        "opening_hours": opening_hours.strip()[:300],
        "address": address.strip()[:300],
        "longitude": point.longitude,
        "latitude": point.latitude,
        "ward": ward,
        **contact,
        "consent_given_by": consent_given_by.strip() if has_contact else "",
        "consent_on": consent_on if has_contact else None,
        "consent_sharing": consent_sharing if has_contact else "",
    }
    if asset is None:
        asset = CommunityAsset(partnership=partnership, created_by=by, synthetic=synthetic)
        before: dict[str, Any] = {}
    else:
        before = {k: getattr(asset, k) for k in values}
    consent_changed = has_contact and any(
        before.get(k) != values[k] for k in (*contact, "consent_given_by", "consent_on", "consent_sharing")
    )
    for key, value in values.items():
        setattr(asset, key, value)
    if consent_changed:
        asset.consent_recorded_by = by
    elif not has_contact:
        asset.consent_recorded_by = None
    asset.updated_at = timezone.now()
    asset.save()
    # The audit says what changed, without copying the contact details themselves into it.
    changed = sorted(k for k in values if before.get(k) != values[k]) if before else ["created"]
    audit_record(
        by=by,
        action=Action.CHANGED if before else Action.CREATED,
        obj=asset,
        changes={"fields": changed, "safe_place": safe_place, "contact_consent": str(asset.consent_on or "")},
    )
    return asset


@transaction.atomic
def asset_remove(*, by: Any, asset: CommunityAsset) -> None:
    if by is not None and not policy.maps_assets_in(by, asset.partnership_id):
        raise NotPermitted("You cannot change this asset.")
    audit_record(by=by, action=Action.DELETED, obj=asset, changes={"name": asset.name})
    asset.delete()


def asset_contact_viewed(*, by: Any, asset: CommunityAsset) -> None:
    audit_record(
        by=by,
        action=Action.VIEWED,
        obj=asset,
        changes={"contact_details": True, "sharing": asset.consent_sharing},
        purpose="Community asset map",
    )


def assets_exported(*, by: Any, partnership: Partnership, rows: int, contacts: int, filters: dict) -> None:
    audit_record(
        by=by,
        action=Action.EXPORTED,
        partnership=partnership,
        changes={
            "export": "community assets",
            "rows": rows,
            "with_contact_details": contacts,
            "filters": filters,
        },
    )
