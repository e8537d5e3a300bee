"""Who may see and do what. Selectors and services ask here; templates never decide."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Partnership, Role


def is_signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_community_member(user: Any) -> bool:
    """A local delivery group member with an account: not partner staff, whatever else they hold."""
    return is_signed_in(user) and not user.is_superuser and user.role == Role.COMMUNITY


def is_staff_member(user: Any) -> bool:
    """Partner staff. Every staff page and selector asks this, so community members are denied by default."""
    return is_signed_in(user) and not is_community_member(user)


def partnership_ids_for(user: Any) -> QuerySet:
    """The partnerships whose records this user may see, as a subquery; none for the public."""
    if not is_staff_member(user):
        return Partnership.objects.none().values("id")
    if user.is_superuser:
        return Partnership.objects.values("id")
    return Partnership.objects.filter(people=user).values("id")


def can_manage_agreements(user: Any) -> bool:
    return is_staff_member(user) and (
        user.is_superuser or user.role in {Role.COORDINATOR, Role.ADMINISTRATOR, Role.MANAGER}
    )


def can_read_audit(user: Any) -> bool:
    return is_staff_member(user) and (user.is_superuser or user.role == Role.ADMINISTRATOR)


def can_see_people(user: Any) -> bool:
    """Names and contact details of partner staff are for signed-in staff only."""
    return is_staff_member(user)
