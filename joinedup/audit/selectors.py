"""Reading the audit trail: administrators only."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from joinedup.core.errors import NotPermitted
from joinedup.partners import policy

from .models import AuditEvent


def _visible_events(user: Any) -> QuerySet[AuditEvent]:
    if not policy.can_read_audit(user):
        raise NotPermitted("Only administrators can read the audit trail.")
    events = AuditEvent.objects.select_related("content_type")
    if user.is_superuser:
        return events
    # A partnership's administrator reads its events, and their own partnerships' people signing in.
    return events.filter(
        Q(partnership_id__in=policy.partnership_ids_for(user))
        | Q(partnership__isnull=True, actor__partnerships__in=policy.partnership_ids_for(user))
    ).distinct()


def audit_trail_for(*, user: Any, obj: Any) -> QuerySet[AuditEvent]:
    content_type = ContentType.objects.get_for_model(obj)
    return _visible_events(user).filter(content_type=content_type, object_id=str(obj.pk))


def audit_recent(*, user: Any, limit: int = 200) -> QuerySet[AuditEvent]:
    return _visible_events(user)[:limit]
