"""Reads for referrals and partner services. Who sees a referral is decided here, never in templates.

A referral is seen in full by those who can open its case, and by the receiving partner, who see only
what the referral shares (the person's name and contact details, the reason, the case's reference and
lead) and not the case file. Nobody else sees it. The services in `services/referrals.py` call these and
write the audit event for each view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet, Value, When

from joinedup.core.errors import NotFound

from . import referral_policy, selectors
from .models import Case, PartnerService, Person, Referral, ReferralStatus

# How someone sees a referral: as a caseworker on its case, or as the partner it was sent to.
ON_CASE = "case"
RECEIVED = "received"

_RELATED = (
    "case",
    "case__lead_partner",
    "case__lead_officer",
    "person",
    "service",
    "receiving_organisation",
    "referring_organisation",
    "referred_by",
    "consent_recorded_by",
    "decided_by",
    "closed_by",
)


def services_visible(*, user: Any) -> QuerySet[PartnerService]:
    """The services of every partner in the user's partnerships: the partnership's directory."""
    selectors._require_casework(user)
    return PartnerService.objects.visible_to(user).select_related("organisation", "partnership")


def services_for_case(*, case: Case) -> QuerySet[PartnerService]:
    """Services a person in the case can be referred to: those taking referrals in its partnership."""
    return PartnerService.objects.filter(partnership_id=case.partnership_id, active=True).select_related(
        "organisation"
    )


def people_in_case(*, case: Case) -> QuerySet[Person]:
    return Person.objects.filter(roles__case=case).distinct().order_by("family_name", "given_name")


def case_referrals(*, case: Case) -> QuerySet[Referral]:
    """A case's referrals, for those who can open the case (the caller has checked)."""
    return case.referrals.select_related(*_RELATED).order_by("-referred_at", "-id")


# Waiting for a decision first, then those in progress, then the finished ones.
_QUEUE_ORDER = models.Case(
    When(status=ReferralStatus.SENT, then=Value(0)),
    When(status=ReferralStatus.ACCEPTED, then=Value(1)),
    default=Value(2),
    output_field=models.IntegerField(),
)


def referrals_received(*, user: Any) -> QuerySet[Referral]:
    """Referrals sent to the user's organisation in their partnerships."""
    selectors._require_casework(user)
    return (
        Referral.objects.visible_to(user)
        .filter(receiving_organisation_id=user.organisation_id)
        .select_related(*_RELATED)
        .order_by(_QUEUE_ORDER, "-referred_at", "-id")
    )


def referrals_sent(*, user: Any) -> QuerySet[Referral]:
    """Referrals the user's organisation made, on cases the user can still open."""
    selectors._require_casework(user)
    return (
        Referral.objects.filter(
            referring_organisation_id=user.organisation_id, case__in=selectors.cases_open_to(user)
        )
        .select_related(*_RELATED)
        .order_by(_QUEUE_ORDER, "-referred_at", "-id")
    )


@dataclass
class ReferralView:
    referral: Referral
    seen_as: str  # ON_CASE or RECEIVED

    @property
    def on_case(self) -> bool:
        return self.seen_as == ON_CASE


def referral_get(*, user: Any, public_id: Any) -> ReferralView:
    """A referral and how the user sees it; NotFound for anyone neither on its case nor receiving it."""
    selectors._require_casework(user)
    referral = Referral.objects.visible_to(user).select_related(*_RELATED).filter(public_id=public_id).first()
    if referral is None:
        raise NotFound("There is no such referral you can see.")
    if selectors.cases_open_to(user).filter(pk=referral.case_id).exists():
        return ReferralView(referral, ON_CASE)
    if referral_policy.receives(user, referral):
        return ReferralView(referral, RECEIVED)
    raise NotFound("There is no such referral you can see.")
