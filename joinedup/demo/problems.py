"""Demo problem solving in Worcester: two problem profiles with their patrols.

- Street drinking by the Guildhall: the council's enforcement officer led it through 2025 with the
  police and the street pastors; it was assessed against the rest of Worcester (from the real
  police.uk data the demo loads) and closed.
- Young people gathering at St John's: in response, with a patrol done and one planned.

Everything goes through the services, acting as the demo's staff, so the rules and the audit trail
are exercised as for real users. No person is named in either profile.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.partners.models import Organisation, Partnership, User
from joinedup.places.models import Area, AreaKind
from joinedup.problems.models import InterventionType, ProblemProfile, Stage
from joinedup.problems.services import assessments, patrols, profiles, sources

from .partnerships import SOUTH

GUILDHALL = (-2.2205, 52.1917)
ST_JOHNS = (-2.2345, 52.1866)
WORCESTER = "E07000237"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _patrol(by: User, profile: ProblemProfile, day: dt.date, start: int, hours: int, **people) -> None:
    done = people.pop("done", True)
    patrol = patrols.patrol_plan(
        by=by,
        partnership=profile.partnership,
        profile=profile,
        where=people.pop("where", profile.location_name),
        starts_at=_at(day, start),
        ends_at=_at(day, start) + dt.timedelta(hours=hours),
        synthetic=True,
        **people,
    )
    if done:
        patrols.patrol_log(
            by=by,
            patrol=patrol,
            version=patrol.version,
            status="done",
            starts_at=patrol.starts_at,
            ends_at=patrol.ends_at,
            engagements=6 + day.day % 9,
            engagement_notes="Licensees, shop staff and people drinking in the street",
            outcomes="Alcohol surrendered under the PSPO; two people referred to the outreach service",
        )


def problems_load(*, today: dt.date | None = None) -> int:
    """Seed the two profiles; return how many. Call in the demo's transaction, after the incident store."""
    today = today or timezone.localdate()
    south = Partnership.objects.get(slug=SOUTH)
    staff = {u.email: u for u in User.objects.filter(email__endswith=".example.org")}
    coordinator = staff["coordinator@worcester.example.org"]
    enforcement = staff["enforcement@worcester.example.org"]
    pcso = staff["pcso@westmercia.example.org"]
    council, police = enforcement.organisation, pcso.organisation
    assert council and police  # the demo's staff all belong to partners
    pastors = Organisation.objects.get(name="Worcester Street Pastors")
    trust = Organisation.objects.get(name="Worcester Community Trust")
    kinds = {k.code: k for k in InterventionType.objects.all()}

    drinking = sources.create_from_location(
        by=enforcement,
        partnership=south,
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
        radius_m=200,
        location_name="High Street and the Guildhall",
        title="Street drinking and disorder by the Guildhall",
        objective="Reduce anti-social behaviour and public order offences round the Guildhall by a third "
        "in the second half of 2025, without moving them to the streets nearby.",
        categories=["anti-social-behaviour", "public-order"],
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 6, 1),
        review_on=dt.date(2026, 1, 15),
        synthetic=True,
    )
    drinking = profiles.profile_update(
        by=enforcement,
        profile=drinking,
        version=drinking.version,
        stage=Stage.RESPONSE,
        pat_victim="Shoppers, shop staff and visitors on the High Street",
        pat_offender="A small group drinking in the street most afternoons",
        pat_location="Benches and a sheltered doorway out of sight of the CCTV camera",
        pat_guardian="Shop staff, the city centre ambassadors",
        pat_handler="Outreach and alcohol support workers",
        pat_manager="The city council (the square) and the shopping centre's management",
    )
    profiles.hypothesis_add(
        by=enforcement,
        profile=drinking,
        text="Drinkers gather where the benches are out of sight of the camera.",
        status="supported",
    )
    for title, kind, partner, due in (
        ("Enforce the city centre PSPO's alcohol condition", "set-rules", council, dt.date(2025, 7, 31)),
        ("Joint evening patrols with the street pastors", "joint-patrol", police, dt.date(2025, 12, 31)),
        ("Refer drinkers to the alcohol outreach service", "support-referral", council, dt.date(2025, 9, 30)),
    ):
        action = profiles.action_set(
            by=enforcement,
            profile=drinking,
            title=title,
            intervention=kinds[kind],
            owner_partner=partner,
            due_on=due,
        )
        profiles.action_update(by=enforcement, action=action, status="done")
    for month in range(7, 13):
        _patrol(
            pcso,
            drinking,
            dt.date(2025, month, 12),
            18,
            3,
            organisations=[police, council, pastors],
            officers=[pcso, enforcement],
            others="Two street pastors",
        )
    assessments.assessment_make(
        by=coordinator,
        profile=drinking,
        before_from=dt.date(2025, 1, 1),
        before_to=dt.date(2025, 6, 1),
        after_from=dt.date(2025, 7, 1),
        after_to=dt.date(2025, 12, 1),
        comparison_area=Area.objects.get(kind=AreaKind.DISTRICT, code=WORCESTER),
        conclusion="Read with the table: the demo's incidents are the real police.uk figures, so the "
        "response is judged on what the data shows.",
    )
    drinking.refresh_from_db()
    profiles.profile_update(by=coordinator, profile=drinking, version=drinking.version, stage=Stage.CLOSED)

    gathering = sources.create_from_location(
        by=pcso,
        partnership=south,
        longitude=ST_JOHNS[0],
        latitude=ST_JOHNS[1],
        radius_m=250,
        location_name="St John's, by the shops and the bus stops",
        title="Young people gathering and intimidating shoppers at St John's",
        objective="Fewer reports of intimidation at St John's by the summer, with young people offered "
        "somewhere to go.",
        categories=["anti-social-behaviour"],
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 1),
        review_on=today + dt.timedelta(days=14),
        synthetic=True,
    )
    gathering = profiles.profile_update(
        by=pcso,
        profile=gathering,
        version=gathering.version,
        stage=Stage.RESPONSE,
        pat_victim="Shop staff and older shoppers",
        pat_offender="Groups of young teenagers after school, mostly on Fridays",
        pat_location="The bus shelters and the service road behind the shops",
    )
    profiles.hypothesis_add(
        by=pcso, profile=gathering, text="There is nowhere open for young people nearby after 5pm."
    )
    profiles.action_set(
        by=pcso,
        profile=gathering,
        title="Detached youth work on Friday evenings",
        intervention=kinds["youth-provision"],
        owner_partner=trust,
        due_on=today + dt.timedelta(days=60),
    )
    profiles.action_set(
        by=pcso,
        profile=gathering,
        title="Ask the landlord to light the service road",
        intervention=kinds["natural-surveillance"],
        owner_partner=council,
        due_on=today + dt.timedelta(days=30),
    )
    people = {"organisations": [police, trust], "officers": [pcso], "others": "A detached youth worker"}
    _patrol(pcso, gathering, today - dt.timedelta(days=7), 16, 2, **people)
    _patrol(pcso, gathering, today + dt.timedelta(days=3), 16, 2, done=False, **people)
    return 2
