"""Demo partner services and referrals, one in each state, on the demo cases (see `cases.py`).

Made through the services as the demo's staff, so the consent and agreement rules are exercised as for
real users. Victim Support has no agreement with the council or the police, so every referral to it
carries the person's consent; Sam Carter, its case worker, sees the referrals but not the cases.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.cases.models import Case, PartnerService, Person, Referral, ReferralConsent
from joinedup.cases.services import referrals
from joinedup.partners.models import Organisation, Partnership, User

from .cases import VICTIM_SUPPORT_EMAIL
from .partnerships import SOUTH

# (partner, name, description, who it is for)
SERVICES = [
    (
        "Victim Support",
        "Victim support",
        "Emotional and practical support, and help through the justice system.",
        "Anyone affected by crime or anti-social behaviour, reported or not",
    ),
    (
        "Platform Housing Group",
        "Tenancy sustainment",
        "Help with rent, benefits and neighbour problems to keep a tenancy going.",
        "Platform tenants at risk of losing their home",
    ),
    (
        "Cranstoun",
        "Drug and alcohol support",
        "Assessment, treatment and recovery support.",
        "Adults who want help with their drug or alcohol use",
    ),
    ("YSS", "Youth mentoring", "A trained mentor for up to six months.", "Young people aged 10 to 17"),
]


def referrals_load(*, now: dt.datetime | None = None) -> int:
    """Seed the services and referrals; return how many referrals. Call after `cases_load`."""
    today = timezone.localtime(now or timezone.now()).date()
    south = Partnership.objects.get(slug=SOUTH)
    staff = {u.email: u for u in User.objects.filter(email__endswith=".example.org")}
    coordinator = staff["coordinator@worcester.example.org"]
    council_officer = staff["enforcement@worcester.example.org"]
    pcso = staff["pcso@westmercia.example.org"]
    housing = staff["housing@platform.example.org"]
    support = staff[VICTIM_SUPPORT_EMAIL]
    services = {
        name: referrals.service_create(
            by=coordinator,
            partnership=south,
            organisation=Organisation.objects.get(name=partner),
            name=name,
            description=description,
            who_for=who_for,
        )
        for partner, name, description, who_for in SERVICES
    }
    cases = Case.objects.filter(partnership=south, synthetic=True)
    first = cases.get(kind__code="personal-asb", restricted=False)
    second = cases.get(kind__code="neighbour-dispute")
    restricted = cases.get(restricted=True)
    alys, barnaby, cora, dana = (
        Person.objects.get(partnership=south, given_name=name) for name in ("Alys", "Barnaby", "Cora", "Dana")
    )

    def refer(by: User, case: Case, person: Person, service: PartnerService, reason: str, days_ago: int):
        return referrals.referral_send(
            by=by,
            case=case,
            person=person,
            service=service,
            reason=reason,
            consent=ReferralConsent.GIVEN,
            consent_on=today - dt.timedelta(days=days_ago),
        )

    # Waiting for Victim Support's decision.
    refer(
        council_officer,
        first,
        alys,
        services["Victim support"],
        "Alys is frightened to go out in the evenings and would like someone to talk to.",
        2,
    )
    # Waiting, at a partner with nobody signed up to the demo.
    refer(
        council_officer,
        first,
        barnaby,
        services["Drug and alcohol support"],
        "Barnaby told us the shouting happens when he has been drinking, and he wants help to cut down.",
        5,
    )
    # Accepted by the housing provider.
    accepted = refer(
        council_officer,
        first,
        alys,
        services["Tenancy sustainment"],
        "Alys has fallen behind with her rent since the trouble started and is thinking of leaving.",
        12,
    )
    referrals.referral_accept(
        by=housing, referral=accepted, version=accepted.version, note="Tenancy officer to visit this week."
    )
    # Declined by Victim Support.
    declined = refer(
        housing,
        second,
        cora,
        services["Victim support"],
        "Cora saw the threats and is upset by them.",
        9,
    )
    referrals.referral_decline(
        by=support,
        referral=declined,
        version=declined.version,
        reason="Cora is already supported by our Worcester team; we have let her worker know.",
    )
    # Withdrawn before the housing provider decided: Dana was rehoused another way.
    withdrawn = refer(
        pcso,
        restricted,
        dana,
        services["Tenancy sustainment"],
        "Dana wants to move for her safety and needs help to ask for a transfer.",
        20,
    )
    referrals.referral_withdraw(
        by=pcso,
        referral=withdrawn,
        version=withdrawn.version,
        reason="Dana has been rehoused through the council's homelessness team, so a transfer is not needed.",
    )
    # Closed with its outcome: the domestic abuse victim supported by Victim Support.
    closed = refer(
        pcso,
        restricted,
        dana,
        services["Victim support"],
        "Dana needs safety planning and support through the court process.",
        9,
    )
    closed = referrals.referral_accept(by=support, referral=closed, version=closed.version)
    referrals.referral_close(
        by=support,
        referral=closed,
        version=closed.version,
        outcome="Six weeks of support; a safety plan is in place and Dana feels able to give evidence.",
    )
    return Referral.objects.filter(partnership=south).count()
