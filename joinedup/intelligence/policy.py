"""Who may read and load incident data. Selectors and services ask here; templates never decide."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership, Role

# Analysts bring the data in; coordinators load their partners' logs. Others read what is loaded.
IMPORTING_ROLES = {Role.ANALYST, Role.COORDINATOR}
COORDINATING_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}


def can_import(user: Any) -> bool:
    return partner_policy.is_staff_member(user) and (user.is_superuser or user.role in IMPORTING_ROLES)


def can_read(user: Any) -> bool:
    """Police.uk data is open data: every member of staff may read it."""
    return partner_policy.is_staff_member(user)


def coordinated_partnership_ids(user: Any) -> QuerySet:
    """Partnerships whose restricted incidents the user may see: those they coordinate."""
    if partner_policy.is_staff_member(user) and (user.is_superuser or user.role in COORDINATING_ROLES):
        return partner_policy.partnership_ids_for(user)
    return Partnership.objects.none().values("id")


def can_import_for(user: Any, partnership: Partnership) -> bool:
    """Partner data belongs to a partnership: only those who work in it load it."""
    return can_import(user) and partner_policy.partnership_ids_for(user).filter(id=partnership.id).exists()


def can_set_harm_weights(user: Any) -> bool:
    """Harm weights rank every partnership's priorities: coordinators and administrators set them."""
    return partner_policy.is_staff_member(user) and (user.is_superuser or user.role in COORDINATING_ROLES)


def can_define_measures(user: Any, partnership: Partnership) -> bool:
    """Coordinators define their partnership's scorecard measures."""
    return (
        can_set_harm_weights(user)
        and partner_policy.partnership_ids_for(user).filter(id=partnership.id).exists()
    )


def can_enter_values(user: Any, partnership: Partnership) -> bool:
    """Anyone who works in the partnership may enter a figure for one of its entered measures."""
    return (
        partner_policy.is_staff_member(user)
        and partner_policy.partnership_ids_for(user).filter(id=partnership.id).exists()
    )
