"""Writing the audit trail. Call inside the same transaction as the change being recorded."""

from __future__ import annotations

from typing import Any, Required, TypedDict, Unpack

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Action, AuditEvent


def _label(user: Any) -> str:
    if user is None:
        return "System"
    if not getattr(user, "is_authenticated", False):
        return "Member of the public"
    return f"{user.full_name} <{user.email}>"


class AuditDetails(TypedDict, total=False):
    """What an audit event says: `by` did `action` to `obj` (for `purpose`)."""

    by: Required[Any]
    action: Required[Action | str]
    obj: models.Model | None
    partnership: Any
    changes: dict | None
    purpose: str
    label: str | None


def audit_record(**details: Unpack[AuditDetails]) -> AuditEvent:
    """Append one event: `by` did `action` to `obj` (for `purpose`)."""
    event = audit_event_new(**details)
    event.save(force_insert=True)
    return event


def audit_event_new(
    *,
    by: Any,
    action: Action | str,
    obj: models.Model | None = None,
    partnership: Any = None,
    changes: dict | None = None,
    purpose: str = "",
    label: str | None = None,
) -> AuditEvent:
    """The event `audit_record` appends, not yet saved, to be written with the change's own rows."""
    if partnership is None and obj is not None:
        partnership = getattr(obj, "partnership", None)
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent(
        actor=actor,
        actor_label=label or _label(by),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        partnership=partnership,
        changes=changes or {},
        purpose=purpose[:300],
    )


def changes_between(before: dict, after: dict) -> dict:
    """The fields that changed, as {field: [old, new]}, for the audit record."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
