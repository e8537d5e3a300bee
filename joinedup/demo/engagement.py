"""Demo engagement in Worcester: the Intensive Engagement pilot's four locations at different steps, their
local delivery groups and training, a community asset map with Safe Places in the city centre, and one
community member who can sign in (community@worcester.example.org).

Everything goes through the services, acting as the partnership's coordinator. All names are made up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import shapely

from joinedup.partners.models import Partnership, User
from joinedup.places.models import Area, AreaKind
from joinedup.problems.locations import Point
from joinedup.problems.models import EngagementProgramme, Step, StepStatus
from joinedup.problems.services import assets, engagement

from .partnerships import DEMO_PASSWORD, SOUTH

WORCESTER = "E07000237"
COMMUNITY_EMAIL = "community@worcester.example.org"

# (ward, programme name, weeks since it started, steps done, current step's status, purpose)
PROGRAMMES = [
    (
        "Warndon",
        "Warndon Villages",
        30,
        6,
        StepStatus.IN_PROGRESS,
        "Residents report young people riding off-road bikes and gathering at the local centre at night.",
    ),
    (
        "Rainbow Hill",
        "Rainbow Hill",
        17,
        3,
        StepStatus.IN_PROGRESS,
        "Drug dealing and litter on the alleyways between Astwood Road and the park.",
    ),
    (
        "St John",
        "St John's",
        9,
        1,
        StepStatus.BLOCKED,
        "Street drinking and begging round the shops on St John's; traders feel unsupported.",
    ),
    (
        "Gorse Hill",
        "Gorse Hill and Elbury Park",
        2,
        0,
        StepStatus.IN_PROGRESS,
        "Anti-social behaviour in Elbury Park and damage to the play area.",
    ),
]

DELIVERABLES: dict[str, list[str]] = {
    Step.PURPOSE: ["Purpose statement agreed with ward councillors", "Baseline of reports and incidents"],
    Step.LOCAL_TEAMS: ["Lead officers named from council, police and housing"],
    Step.STAKEHOLDERS: ["Stakeholder and network map drawn", "Community assets mapped"],
    Step.TRAINING: ["Problem-solving training delivered", "Vicinity awareness training delivered"],
    Step.WORKING_GROUPS: ["Local working group meets monthly"],
    Step.SOLUTION_PICTURES: ["Solution-rich picture drawn with residents"],
    Step.INTERVENTIONS: ["Interventions agreed", "Evaluation measures agreed"],
    Step.ESCALATION: ["Escalation route to the tasking group agreed"],
}

# (name, group role, organisation or "" for a resident, has consented contact details)
MEMBERS = [
    ("Linda Powell", "Chair", "", True),
    ("Marcus Reid", "Member", "", False),
    ("Faisal Ahmed", "Member", "Local mosque", True),
    ("Rev. Helen Clarke", "Secretary", "Parish church", True),
    ("Jo Baker", "Member", "Fortis Living", False),
]

# (name, kind, category, capabilities, Safe Place, opening hours, lon, lat, contact sharing or "")
CITY_CENTRE_ASSETS = [
    (
        "Guildhall reception",
        "place",
        "civic building",
        "first aid, cctv, accessible toilet",
        True,
        "Mon to Fri 9am to 5pm",
        -2.2205,
        52.1917,
        "published",
    ),
    (
        "Crowngate Shopping Centre security",
        "organisation",
        "shopping centre",
        "cctv, first aid, radio link to police",
        True,
        "Every day 8am to 7pm",
        -2.2231,
        52.1934,
        "groups",
    ),
    (
        "Worcester Library and History Centre (The Hive)",
        "place",
        "library",
        "meeting room, wifi, accessible toilet",
        True,
        "Every day 8:30am to 10pm",
        -2.2259,
        52.1962,
        "published",
    ),
    (
        "Foregate Street pharmacy",
        "organisation",
        "pharmacy",
        "first aid, needle exchange",
        True,
        "Mon to Sat 9am to 6pm",
        -2.2216,
        52.1966,
        "groups",
    ),
    (
        "Shambles café",
        "organisation",
        "café",
        "first aid, phone charging",
        True,
        "Mon to Sat 8am to 4pm",
        -2.2195,
        52.1925,
        "staff",
    ),
    (
        "Friar Street bookshop",
        "organisation",
        "shop",
        "phone charging",
        True,
        "Tue to Sat 10am to 5pm",
        -2.2187,
        52.1903,
        "",
    ),
    (
        "Cathedral visitor centre",
        "place",
        "faith building",
        "first aid, meeting room",
        True,
        "Every day 7:30am to 6pm",
        -2.2210,
        52.1886,
        "published",
    ),
    (
        "Street Pastors base",
        "service",
        "night-time economy",
        "first aid, youth work, safe space at night",
        False,
        "Fri and Sat 10pm to 4am",
        -2.2221,
        52.1944,
        "groups",
    ),
    (
        "Worcester Bus Station office",
        "place",
        "transport",
        "cctv, help point",
        True,
        "Every day 6am to 11pm",
        -2.2228,
        52.1940,
        "",
    ),
]

# Assets near each pilot location: (ward, name, kind, category, capabilities, opening hours)
WARD_ASSETS = [
    (
        "Warndon",
        "Warndon Villages community centre",
        "place",
        "community centre",
        "meeting room, kitchen",
        "Mon to Sat 9am to 9pm",
    ),
    (
        "Warndon",
        "Youth club at the community centre",
        "service",
        "youth club",
        "youth work, sports",
        "Tue and Thu 6pm to 9pm",
    ),
    (
        "Warndon",
        "Linda Powell (street champion)",
        "person",
        "street champion",
        "local knowledge, litter picks",
        "",
    ),
    ("Warndon", "Warndon Co-op", "organisation", "shop", "cctv", "Every day 7am to 10pm"),
    (
        "Rainbow Hill",
        "Rainbow Hill allotments association",
        "organisation",
        "allotments",
        "volunteers, land",
        "Weekends",
    ),
    (
        "Rainbow Hill",
        "Astwood Road surgery",
        "service",
        "health",
        "first aid, health advice",
        "Mon to Fri 8am to 6:30pm",
    ),
    ("Rainbow Hill", "Rainbow Hill park", "place", "park", "open space, play area", "Always open"),
    ("St John", "St John's library", "place", "library", "meeting room, wifi", "Mon to Sat 9am to 5pm"),
    (
        "St John",
        "St John's traders' association",
        "organisation",
        "business group",
        "cctv, shop watch radio",
        "",
    ),
    (
        "St John",
        "Bedwardine parish church hall",
        "place",
        "faith building",
        "meeting room, kitchen",
        "By arrangement",
    ),
    (
        "Gorse Hill",
        "Elbury Park friends group",
        "organisation",
        "friends group",
        "volunteers, litter picks",
        "",
    ),
    ("Gorse Hill", "Gorse Hill primary school", "place", "school", "meeting room, sports hall", "Term time"),
    (
        "Gorse Hill",
        "Detached youth work team",
        "service",
        "youth work",
        "youth work, diversion activities",
        "Wed and Fri evenings",
    ),
    (
        "Nunnery",
        "Worcester Community Trust",
        "organisation",
        "charity",
        "volunteers, advice, meeting room",
        "Mon to Fri 9am to 5pm",
    ),
    (
        "Cathedral",
        "Riverside boxing club",
        "service",
        "sports club",
        "youth work, sports",
        "Mon to Fri 5pm to 9pm",
    ),
    (
        "Claines",
        "Claines neighbourhood watch",
        "organisation",
        "neighbourhood watch",
        "local knowledge, leaflet drops",
        "",
    ),
]


def _ward_point(ward: Area, step: int = 0) -> Point:
    """A point inside the ward, spread a little for each asset."""
    shape = shapely.from_geojson(ward.boundary)
    centre = shape.representative_point()
    for scale in (0.0015, 0.0008, 0.0):
        candidate = shapely.Point(
            centre.x + scale * ((step % 3) - 1), centre.y + scale * ((step // 3) % 3 - 1)
        )
        if shape.contains(candidate):
            return Point(candidate.x, candidate.y, "demo")
    return Point(centre.x, centre.y, "demo")


def _run_programme(
    coordinator: User,
    programme: EngagementProgramme,
    done: int,
    status: str,
    started: dt.date,
    today: dt.date,
) -> None:
    for position, step in enumerate(programme.steps.order_by("position"), start=1):
        items = [
            engagement.deliverable_add(by=coordinator, step=step, text=t) for t in DELIVERABLES[step.step]
        ]
        if position <= done:
            for item in items:
                engagement.deliverable_tick(
                    by=coordinator, deliverable=item, done=True, today=step.planned_end
                )
            engagement.step_update(
                by=coordinator,
                step=step,
                planned_start=step.planned_start,
                planned_end=step.planned_end,
                status=StepStatus.DONE,
                notes="",
                today=min(step.planned_end or today, today),
            )
        elif position == done + 1:
            if items and status == StepStatus.IN_PROGRESS:
                engagement.deliverable_tick(by=coordinator, deliverable=items[0], done=True, today=today)
            engagement.step_update(
                by=coordinator,
                step=step,
                planned_start=step.planned_start,
                planned_end=step.planned_end,
                status=status,
                blocked_reason="Waiting for the housing provider to name a lead officer"
                if status == StepStatus.BLOCKED
                else "",
                notes=f"Started {started:%B %Y}.",
            )


def _group_and_training(
    coordinator: User, programme: EngagementProgramme, weeks: int, today: dt.date
) -> list:
    members = []
    for name, role, organisation, consented in MEMBERS[: 3 + len(programme.name) % 3]:
        members.append(
            engagement.member_add(
                by=coordinator,
                programme=programme,
                name=name,
                group_role=role,
                organisation=organisation,
                email=f"{name.split()[-1].lower()}.{programme.id}@example.org" if consented else "",
                consent_on=programme.starts_on if consented else None,
                today=today,
            )
        )
    if weeks >= 16:  # past the training step
        for kind, week, trainer, count in (
            ("problem_solving", 15, "West Mercia Police problem-solving hub", 14),
            ("vicinity_awareness", 16, "Worcester City Council community safety team", 11),
        ):
            engagement.training_record(
                by=coordinator,
                programme=programme,
                kind=kind,
                held_on=programme.starts_on + dt.timedelta(weeks=week, days=2),
                trainer=trainer,
                location=f"{programme.name} community venue",
                attendance=count,
                attendees=members[: 3 if kind == "problem_solving" else 2],
                today=today,
            )
    return members


def engagement_load(*, today: dt.date) -> None:
    partnership = Partnership.objects.get(slug=SOUTH)
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    lead = User.objects.get(email="pcso@westmercia.example.org")
    wards = {a.name: a for a in Area.objects.filter(kind=AreaKind.WARD, parent__code=WORCESTER)}
    for ward_name, name, weeks, done, status, purpose in PROGRAMMES:
        started = today - dt.timedelta(weeks=weeks)
        programme = engagement.programme_create(
            by=coordinator,
            partnership=partnership,
            name=name,
            purpose=purpose,
            starts_on=started,
            area=wards[ward_name],
            lead=lead,
            synthetic=True,
        )
        _run_programme(coordinator, programme, done, status, started, today)
        members = _group_and_training(coordinator, programme, weeks, today)
        if ward_name == "Warndon":
            engagement.community_account_create(
                by=coordinator, member=members[0], email=COMMUNITY_EMAIL, password=DEMO_PASSWORD
            )
    _assets_load(coordinator, partnership, wards, today)


def _assets_load(coordinator: User, partnership: Partnership, wards: dict[str, Area], today: dt.date) -> None:
    for name, kind, category, capabilities, safe, hours, lon, lat, sharing in CITY_CENTRE_ASSETS:
        contact: dict[str, Any] = (
            {
                "contact_name": "Duty manager",
                "contact_phone": "01905 000" + str(100 + len(name)),
                "consent_given_by": "The manager",
                "consent_on": today - dt.timedelta(days=40),
                "consent_sharing": sharing,
            }
            if sharing
            else {}
        )
        assets.asset_save(
            by=coordinator,
            partnership=partnership,
            point=Point(lon, lat, "demo"),
            name=name,
            kind=kind,
            category=category,
            capabilities=capabilities,
            safe_place=safe,
            opening_hours=hours,
            address=f"{name.split(' (')[0]}, Worcester",
            synthetic=True,
            today=today,
            **contact,
        )
    for i, (ward_name, name, kind, category, capabilities, hours) in enumerate(WARD_ASSETS):
        assets.asset_save(
            by=coordinator,
            partnership=partnership,
            point=_ward_point(wards[ward_name], i),
            name=name,
            kind=kind,
            category=category,
            capabilities=capabilities,
            opening_hours=hours,
            synthetic=True,
            today=today,
        )
