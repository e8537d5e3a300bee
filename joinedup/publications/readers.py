"""Whose access a document's figures reflect: a signed-in person, or the system on the command line.

The system reads as an analyst who belongs to no partnership, so the incident selectors give it the
open police.uk data and nothing of any partnership's own: scheduled documents never carry partner
data or personal data. The figures it adds from reports, cases and tasking are counts only, for the
partnerships that cover the document's area, with small counts suppressed like everyone else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import QuerySet

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership, Role, User


@cache
def system_reader() -> User:
    """Unsaved, with an id no account has: related filters on it match nothing, so it belongs nowhere."""
    return User(id=0, email="system@joinedup.invalid", full_name="System", role=Role.ANALYST, is_active=True)


@cache
def system_records_reader() -> User:
    """Unsaved, reading every partnership's plan, funding and registers: handed only to the selectors of
    what a partnership publishes anyway (its plan and progress, grants and projects, services figures,
    scorecard), for the one partnership a scheduled document is about. Never for incidents or cases."""
    return User(
        id=0,
        email="system@joinedup.invalid",
        full_name="System",
        role=Role.ANALYST,
        is_active=True,
        is_superuser=True,
    )


@dataclass(frozen=True)
class Reader:
    user: Any | None  # None is the system

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def for_incidents(self) -> Any:
        """The user to hand the intelligence selectors."""
        return system_reader() if self.user is None else self.user

    @property
    def for_records(self) -> Any:
        """The user to hand the plan, funding and register selectors (published material, by partnership)."""
        return system_records_reader() if self.user is None else self.user

    def partnerships(self) -> QuerySet[Partnership]:
        """The partnerships whose counts the reader may see (all, for the system: counts only)."""
        if self.user is None:
            return Partnership.objects.all()
        return Partnership.objects.filter(id__in=partner_policy.partnership_ids_for(self.user))

    def describe(self) -> str:
        if self.user is None:
            return (
                "Made by the system on a schedule: open police.uk data, and counts only of the "
                "partnership's reports, cases and tasking actions."
            )
        return (
            f"Made for {self.user.full_name}: the incident figures include the open police.uk data and "
            "the partner data this person may see, so another reader's copy may differ."
        )
