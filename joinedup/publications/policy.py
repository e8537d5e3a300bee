"""Who may make which document. Selectors and services ask here; templates never decide.

Partner staff read every document of their partnerships; councillors read ward briefings only (counts,
no personal data). Which ward, district or partnership a reader may choose is `documents._areas` and
`Reader.partnerships`: another partnership's subject is not found.
"""

from __future__ import annotations

from typing import Any

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Role

from .documents import DocumentKind


def can_publish(user: Any) -> bool:
    return partner_policy.is_staff_member(user)


def can_read(user: Any, kind: DocumentKind) -> bool:
    if not can_publish(user):
        return False
    return kind.councillors or user.is_superuser or user.role != Role.COUNCILLOR
