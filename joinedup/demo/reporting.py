"""The demo's reporting: South Worcestershire's categories, service targets and routing rules, and about
300 synthetic reports moved through their lifecycle by the real services.

Configuration is data (a coordinator edits it), so categories, targets and rules are plain rows. Reports
go through `report_submit` and the lifecycle services, so routing, references, due times, timelines and
the rules about who may do what are the real ones. The services stamp the real time, so `_Clock` moves
each stamp back to when the step "happened" in the simulated last 120 days. A generator seeded with 2026
makes every load the same relative to the moment it runs.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shapely
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from joinedup.core.freshness import touch
from joinedup.partners.models import Organisation, Partnership, User
from joinedup.places.models import Area, AreaKind
from joinedup.reports import services
from joinedup.reports.clock import LONDON, add_working_hours, due_at
from joinedup.reports.models import (
    Category,
    CategoryGroup,
    ClosedReason,
    Report,
    ReportEvent,
    RoutingRule,
    ServiceTarget,
    Source,
    Status,
    TimeUnit,
)
from joinedup.reports.routing import ROUTING_STAMP

from .partnerships import SOUTH

REFERENCE_PREFIX = "WOR"
WORCESTER = "E07000237"
CITY_CENTRE = "worcester-city-centre"
SEED = 2026
REPORTS = 300
DAYS = 120

CITY = "Worcester City Council"
COUNTY = "Worcestershire County Council"
POLICE = "West Mercia Police"
PASTORS = "Worcester Street Pastors"
HOSTEL = "St Paul's Hostel"
VICTIM_SUPPORT = "Victim Support"
PLATFORM = "Platform Housing Group"
BID = "Worcester Business Improvement District"
CRANSTOUN = "Cranstoun"

COORDINATOR = "coordinator@worcester.example.org"
# Who acts for each lead partner; partners with nobody in the demo are worked by the coordinator.
ACTORS = {
    CITY: "enforcement@worcester.example.org",
    POLICE: "pcso@westmercia.example.org",
    PLATFORM: "housing@platform.example.org",
}

DANGER = "If someone is in danger or a crime is happening now, call 999."

# --- categories ---------------------------------------------------------------------------------------

PLATE = {
    "code": "plate",
    "label": "Taxi plate number",
    "hint": "The number on the licence plate at the back of the vehicle, if you saw it",
    "required": False,
    "choices": [],
}
TAXI_COLOUR = {
    "code": "colour",
    "label": "Taxi colour",
    "hint": "",
    "required": False,
    "choices": ["Black", "White", "Silver or grey", "Another colour", "I don't know"],
}
REGISTRATION = {
    "code": "registration",
    "label": "Vehicle registration",
    "hint": "If you know it, for example AB12 CDE",
    "required": False,
    "choices": [],
}
FLY_TIP_SIZE = {
    "code": "size",
    "label": "How much has been dumped",
    "hint": "",
    "required": False,
    "choices": ["A single item or bag", "A car boot load", "A small van load", "A lorry load or more"],
}
HATE_WHO = {
    "code": "reporter",
    "label": "Who is reporting",
    "hint": "",
    "required": False,
    "choices": ["It happened to me", "I saw or heard it", "I am reporting for someone else"],
}

# (group, group hint, [(code, public name, hint, extra fields)])
CATEGORIES: list[tuple[str, str, list[tuple[str, str, str, dict[str, Any]]]]] = [
    (
        "Littering",
        "Litter, graffiti, fly-tipping and other mess in streets and public places",
        [
            ("general-litter", "Litter or an overflowing bin", "Litter in a street, park or open space", {}),
            (
                "fly-tipping",
                "Fly-tipping",
                "Rubbish, furniture or building waste dumped illegally",
                {"questions": [FLY_TIP_SIZE]},
            ),
            (
                "graffiti",
                "Graffiti",
                "Words or pictures painted or scratched on walls, shelters or signs",
                {},
            ),
            ("dog-fouling", "Dog fouling", "Dog mess left on a pavement, verge, park or playing field", {}),
            (
                "trade-waste",
                "Trade waste",
                "Business rubbish left on the street or put out at the wrong time",
                {},
            ),
            (
                "urinating-in-public",
                "Urinating in public",
                "Someone using a street, doorway or alley as a toilet",
                {},
            ),
            ("gulls-pigeons", "Gulls or pigeons", "Birds ripping open bin bags, or people feeding them", {}),
            ("chewing-gum", "Chewing gum", "Gum stuck to pavements, benches or street furniture", {}),
            (
                "cigarette-ends",
                "Cigarette ends",
                "Cigarette ends dropped in the street or outside premises",
                {},
            ),
        ],
    ),
    (
        "Taxis",
        "Licensed taxis and private hire vehicles",
        [
            (
                "taxi-licensing",
                "Unlicensed taxi or licensing concern",
                "A vehicle working as a taxi without a licence, or a driver not showing their badge",
                {"questions": [PLATE, TAXI_COLOUR]},
            ),
            (
                "taxi-vehicle-condition",
                "Taxi in poor condition",
                "Damage, bald tyres, broken lights or a dirty or unsafe vehicle",
                {"questions": [PLATE, TAXI_COLOUR]},
            ),
            (
                "taxi-public-safety",
                "Taxi driver behaviour or passenger safety",
                "A driver who behaved in a way that made a passenger or anyone else feel unsafe",
                {"questions": [PLATE, TAXI_COLOUR]},
            ),
            (
                "taxi-driving",
                "Taxi driving or parking",
                "Dangerous driving, or taxis waiting on double yellow lines or in bus stops",
                {"questions": [PLATE, TAXI_COLOUR]},
            ),
        ],
    ),
    (
        "Parking",
        "Parked vehicles causing a problem on streets and in car parks",
        [
            (
                "parking-on-street",
                "Parking on a street",
                "Parked on yellow lines, in a loading bay, across a dropped kerb or on the pavement",
                {"questions": [REGISTRATION]},
            ),
            (
                "parking-car-park",
                "Problem in a council car park",
                "Abandoned vehicles, blocked bays or parking without paying",
                {"questions": [REGISTRATION]},
            ),
            (
                "traffic-flow",
                "Vehicles blocking traffic",
                "Parked vehicles blocking a road, junction, bus lane or access for emergency vehicles",
                {"questions": [REGISTRATION]},
            ),
        ],
    ),
    (
        "A-boards and advertising",
        "Pavement signs, posters and leaflets",
        [
            ("a-boards", "A-board or pavement sign", "A sign, table or display blocking the pavement", {}),
            ("fly-posting", "Fly-posting", "Posters or stickers put up without permission", {}),
            ("leafleting", "Leafleting", "Leaflets handed out without permission, or left lying around", {}),
        ],
    ),
    (
        "Anti-social behaviour",
        "Behaviour that causes nuisance, annoyance or distress to others",
        [
            ("begging", "Begging", "Someone asking people for money in the street", {"sensitive": True}),
            (
                "rough-sleeping",
                "Someone sleeping rough",
                "Worried about someone sleeping outside? Your report goes to the outreach team, "
                "who will try to find them and offer help.",
                {
                    "sensitive": True,
                    "urgent_notice": "If someone is in danger or needs medical help now, call 999.",
                },
            ),
            (
                "street-drinking",
                "Street drinking",
                "People drinking alcohol in public and causing a nuisance",
                {"sensitive": True},
            ),
            (
                "drug-use",
                "Drug use or drug litter",
                "People taking drugs in public, or needles and other drug litter left behind",
                {"sensitive": True, "urgent_notice": f"{DANGER} If you find a needle, do not touch it."},
            ),
            (
                "rowdy-behaviour",
                "Rowdy or intimidating behaviour",
                "Shouting, fighting, or groups making people feel unsafe",
                {},
            ),
            ("noise", "Noise", "Loud music, shouting or other noise in the street or from premises", {}),
            (
                "vehicle-nuisance",
                "Vehicle nuisance",
                "Vehicles driven dangerously or noisily, for example racing, revving or riding on footpaths",
                {},
            ),
            (
                "asb-other",
                "Other anti-social behaviour",
                "Anything else that causes nuisance, annoyance or distress",
                {},
            ),
        ],
    ),
    (
        "Hate incidents",
        "Something said or done because of who someone is",
        [
            (
                "hate-incident",
                "Hate incident",
                "Something said or done because of someone's race, religion, sexuality, disability or gender "
                "identity. Victims or witnesses can report, anonymously if they wish.",
                {
                    "never_public": True,
                    "victim_support": True,
                    "questions": [HATE_WHO],
                    "urgent_notice": f"{DANGER} You can also call the police on 101.",
                },
            ),
        ],
    ),
    (
        "Partner observations",
        "Only partner staff can report these",
        [
            (
                "patrol-observation",
                "Patrol observation",
                "Something seen on patrol that another partner needs to deal with",
                {"staff_only": True},
            ),
        ],
    ),
]

# --- service targets and routing ----------------------------------------------------------------------

# (name, acknowledge within, unit, resolve within, unit). The first is the partnership's default: a
# report given to a partner from triage with no rule is held to it.
TARGETS = [
    ("Standard", 8, TimeUnit.WORKING_HOURS, 5, TimeUnit.WORKING_DAYS),
    ("Urgent", 2, TimeUnit.WORKING_HOURS, 1, TimeUnit.WORKING_DAYS),
    ("Environmental", 8, TimeUnit.WORKING_HOURS, 10, TimeUnit.WORKING_DAYS),
    # Police and street pastors work at night, so the night-time economy's clock runs round the clock.
    ("Night-time economy", 1, TimeUnit.HOURS, 2, TimeUnit.DAYS),
]

# Who deals with gulls, or with people urinating in the street, is not clear-cut: the coordinator decides.
TRIAGE_TO = {
    "asb-other": POLICE,
    "patrol-observation": CITY,
    "gulls-pigeons": CITY,
    "urinating-in-public": CITY,
}
LITTERING = [code for code, *_ in CATEGORIES[0][2] if code not in TRIAGE_TO]
NIGHT = (5, 6)  # Friday and Saturday nights, 22:00 to 04:00
NIGHT_ASB = ["begging", "street-drinking", "drug-use", "rowdy-behaviour"]


@dataclass(frozen=True)
class Rule:
    name: str
    category: str
    lead: str
    target: str
    supporting: tuple[str, ...] = ()
    priority: str = "normal"
    area: str | None = None  # a patch code in the partnership
    days: tuple[int, ...] = ()
    hours: tuple[int, int] | None = None


# The categories in TRIAGE_TO have no rule: they wait in the coordinator's triage queue.
RULES = [
    *[
        Rule(f"{code.replace('-', ' ').capitalize()}: city council", code, CITY, "Environmental")
        for code in LITTERING
    ],
    Rule(
        "Litter in the city centre: city council with the BID",
        "general-litter",
        CITY,
        "Standard",
        supporting=(BID,),
        priority="high",
        area=CITY_CENTRE,
    ),
    Rule("A-boards: city council", "a-boards", CITY, "Standard"),
    Rule("Fly-posting: city council", "fly-posting", CITY, "Environmental"),
    Rule("Leafleting: city council", "leafleting", CITY, "Standard"),
    Rule("Taxi licensing: city council", "taxi-licensing", CITY, "Standard"),
    Rule("Taxi condition: city council", "taxi-vehicle-condition", CITY, "Standard"),
    Rule(
        "Taxi safety: city council with the police",
        "taxi-public-safety",
        CITY,
        "Standard",
        supporting=(POLICE,),
        priority="high",
    ),
    Rule("Taxi driving: city council", "taxi-driving", CITY, "Standard"),
    Rule("On-street parking: county council", "parking-on-street", COUNTY, "Standard"),
    Rule("Car parks: city council", "parking-car-park", CITY, "Standard"),
    Rule(
        "Traffic flow: county council with the police",
        "traffic-flow",
        COUNTY,
        "Standard",
        supporting=(POLICE,),
        priority="high",
    ),
    Rule("Begging: police with the city council", "begging", POLICE, "Standard", supporting=(CITY,)),
    Rule(
        "Street drinking: police with the city council",
        "street-drinking",
        POLICE,
        "Standard",
        supporting=(CITY,),
    ),
    Rule(
        "Drug use: police with the city council and Cranstoun",
        "drug-use",
        POLICE,
        "Standard",
        supporting=(CITY, CRANSTOUN),
    ),
    *[
        Rule(
            f"Night-time economy, {code.replace('-', ' ')}: police with the street pastors",
            code,
            POLICE,
            "Night-time economy",
            supporting=(PASTORS,),
            priority="high",
            area=CITY_CENTRE,
            days=NIGHT,
            hours=(22, 4),
        )
        for code in NIGHT_ASB
    ],
    Rule(
        "Rough sleeping: St Paul's outreach with the city council",
        "rough-sleeping",
        HOSTEL,
        "Standard",
        supporting=(CITY,),
    ),
    Rule("Rowdy behaviour: police", "rowdy-behaviour", POLICE, "Standard"),
    Rule("Noise: city council", "noise", CITY, "Standard"),
    Rule("Vehicle nuisance: police", "vehicle-nuisance", POLICE, "Standard"),
    Rule(
        "Hate incidents: police with Victim Support",
        "hate-incident",
        POLICE,
        "Urgent",
        supporting=(VICTIM_SUPPORT,),
        priority="urgent",
    ),
]

# --- what the synthetic reports say ---------------------------------------------------------------------

# How often each category is reported: litter and fly-tipping most of all.
WEIGHTS = {
    "general-litter": 40, "fly-tipping": 30, "graffiti": 14, "dog-fouling": 14, "trade-waste": 6,
    "urinating-in-public": 4, "gulls-pigeons": 5, "chewing-gum": 3, "cigarette-ends": 4,
    "taxi-licensing": 2, "taxi-vehicle-condition": 2, "taxi-public-safety": 2, "taxi-driving": 3,
    "parking-on-street": 10, "parking-car-park": 4, "traffic-flow": 4,
    "a-boards": 6, "fly-posting": 4, "leafleting": 2,
    "begging": 12, "rough-sleeping": 8, "street-drinking": 8, "drug-use": 8, "rowdy-behaviour": 8,
    "noise": 8, "vehicle-nuisance": 5, "asb-other": 5,
    "hate-incident": 6, "patrol-observation": 4,
}  # fmt: skip

DESCRIPTIONS = {
    "general-litter": [
        "The bin by the bus stop is overflowing and rubbish is blowing into the road.",
        "Lots of food wrappers and cans along the footpath by the park.",
        "Litter all along the verge, it has been building up for a couple of weeks.",
    ],
    "fly-tipping": [
        "A mattress and some black bags dumped at the end of the alley.",
        "Building rubble and old kitchen units tipped by the field gate.",
        "Someone has left a sofa and a fridge on the pavement.",
    ],
    "graffiti": [
        "Spray-painted tags all over the bus shelter.",
        "New graffiti on the wall of the underpass, some of it offensive.",
    ],
    "dog-fouling": [
        "Dog mess all over the footpath near the school entrance.",
        "The playing field is covered in dog mess, children play here.",
    ],
    "trade-waste": [
        "Restaurant bin bags left on the pavement all weekend and split open.",
        "Cardboard boxes from the shops piled up in the doorway.",
    ],
    "urinating-in-public": ["People using the alley as a toilet late at night, it smells terrible."],
    "gulls-pigeons": [
        "Gulls ripping open the bin bags every morning, rubbish everywhere.",
        "Someone is feeding the pigeons every day and there are hundreds now.",
    ],
    "chewing-gum": ["The pavement outside the shops is black with chewing gum."],
    "cigarette-ends": ["Hundreds of cigarette ends outside the pub doorway."],
    "taxi-licensing": ["A car picking up fares outside the station with no licence plate showing."],
    "taxi-vehicle-condition": ["The taxi I took had a cracked windscreen and a seat belt that did not work."],
    "taxi-public-safety": ["The driver was shouting at passengers and drove off with the door open."],
    "taxi-driving": [
        "Taxis waiting on the double yellow lines and blocking the bus stop.",
        "A taxi was driving far too fast along a residential street.",
    ],
    "parking-on-street": [
        "Cars parked on the pavement so wheelchairs and pushchairs cannot get past.",
        "A van parked across my dropped kerb again, I cannot get my car out.",
    ],
    "parking-car-park": ["A car has been left in the car park for weeks, with flat tyres."],
    "traffic-flow": ["Cars parked on both sides near the junction, buses cannot get through."],
    "a-boards": ["A-boards and tables blocking the pavement, I had to step into the road."],
    "fly-posting": ["Posters for club nights stuck all over the telecoms boxes."],
    "leafleting": ["Leaflets handed out outside the shopping centre are all over the pavement."],
    "begging": [
        "Someone begging by the cash machine most afternoons.",
        "A person asking for money outside the shop entrance, some shoppers feel uneasy.",
    ],
    "rough-sleeping": [
        "Someone has been sleeping in the shop doorway for a few nights; I am worried about them.",
        "A tent has appeared on the river bank, someone seems to be living there.",
    ],
    "street-drinking": [
        "A group drinking on the benches every day, shouting at people walking past.",
        "Cans and bottles left on the benches after people drink there in the afternoons.",
    ],
    "drug-use": [
        "Needles found in the alley behind the shops.",
        "People openly taking drugs in the stairwell of the car park.",
    ],
    "rowdy-behaviour": [
        "Groups of young people shouting and throwing things at cars in the evenings.",
        "Fighting outside the bars at closing time, people felt unsafe.",
    ],
    "noise": [
        "Very loud music from a flat every night until 3am.",
        "Shouting and music in the street after the pubs close.",
    ],
    "vehicle-nuisance": [
        "Motorbikes riding across the playing field and along the footpath.",
        "Cars racing and revving engines in the car park at night.",
    ],
    "asb-other": ["People keep lighting fires on the open space behind the houses."],
    "hate-incident": [
        "Someone shouted racist abuse at me while I was waiting at the bus stop.",
        "A man was abusing a woman in a headscarf because of her religion. I saw it from across the street.",
    ],
    "patrol-observation": [
        "Broken street light making the alley very dark; residents say it has been out for weeks.",
        "A group gathering in the underpass most evenings; possible drug dealing.",
    ],
}

PLACES = [
    "Outside the shops",
    "By the bus stop",
    "On the footpath by the park",
    "In the alley behind the houses",
    "Near the school entrance",
    "At the car park entrance",
    "By the river path",
    "",
    "",
    "",
]

RESOLVED = {
    "general-litter": [
        "Litter cleared by the city's street cleansing team.",
        "Area swept and the bin emptied; we have added this spot to the regular cleansing round.",
    ],
    "fly-tipping": [
        "Fly-tip removed by the street cleansing team. We searched it for evidence of who dumped it.",
        "Removed. An enforcement officer found evidence in the rubbish and is investigating.",
    ],
    "graffiti": ["Graffiti removed by the council's cleansing team."],
    "dog-fouling": ["Cleaned up. Enforcement officers will patrol here at dog-walking times."],
    "begging": [
        "Police officers and outreach workers spoke to the person and offered support.",
        "Officers visited and the person has been helped to find accommodation.",
    ],
    "rough-sleeping": [
        "The outreach team found the person and they have accepted a bed at the hostel.",
        "Outreach workers visited, and will keep checking on the person and offering help.",
    ],
    "street-drinking": ["Officers have dispersed the group and seized alcohol under the area's PSPO."],
    "drug-use": [
        "Needles safely removed by the council's needle collection service.",
        "Officers have increased patrols here and are working with the drug and alcohol service.",
    ],
    "hate-incident": [
        "An officer has spoken to the victim, and Victim Support have offered help.",
        "Investigated by the police; the victim has been kept informed.",
    ],
}
RESOLVED_BY_LEAD = {
    CITY: [
        "An officer visited and dealt with the problem.",
        "Sorted: we spoke to the people responsible and they have put it right.",
    ],
    COUNTY: ["Civil enforcement officers visited and issued penalty charge notices."],
    POLICE: [
        "Officers attended and dealt with the people involved.",
        "Extra patrols put in place, and the problem has stopped.",
    ],
    HOSTEL: ["The outreach team visited and offered support."],
    PLATFORM: ["Cleared by Platform Housing's estate services team."],
}
NO_ACTION = [
    "An officer visited but could not find the problem; it may have been cleared already.",
    "We looked into this and there was nothing we could do at this time.",
]
REFERRED = [
    "Referred to the Canal & River Trust, who look after the towpath.",
    "Referred to Network Rail, who own the land by the railway.",
    "Referred to the landowner, as this is private land.",
]
NOTES = {
    CITY: [
        "Added to Thursday's cleansing round.",
        "Photos taken for a possible fixed penalty notice.",
        "Checked the CCTV request log: no camera covers this spot.",
    ],
    POLICE: [
        "Known location; added to the Safer Neighbourhood Team's patrol plan.",
        "Linked to an ongoing problem-solving plan for this area.",
        "Same group as last week's reports; names passed to the beat manager.",
    ],
    COUNTY: ["Civil enforcement officers asked to include this street in their beat."],
    HOSTEL: ["Outreach visit booked for early tomorrow morning."],
    PLATFORM: ["Estate services asked to attend on their next visit."],
}
UPDATES = [
    "An officer visited today and will come back later this week.",
    "We have written to the businesses nearby about this.",
    "This is booked in with our team; thank you for your patience.",
]
DECLINES = {
    CITY: ("This is on land Platform Housing Group manages, not council land.", PLATFORM),
    POLICE: ("No crime or risk to anyone: this needs the council's environmental team.", CITY),
}
REOPEN_REASONS = ["The rubbish is back again.", "Nothing has changed, it is still there."]


# --- loading ----------------------------------------------------------------------------------------------


def reporting_load(*, now: dt.datetime | None = None, count: int = REPORTS) -> int:
    """Seed South Worcestershire's reporting configuration and `count` synthetic reports; return how many.

    Call inside the demo's transaction, after the partnerships, people and the city-centre patch exist.
    """
    now = now or timezone.now()
    south = Partnership.objects.get(slug=SOUTH)
    south.reference_prefix = REFERENCE_PREFIX
    south.save(update_fields=["reference_prefix"])
    categories = _configuration_load(south)
    return _reports_load(south, categories, now=now, count=count)


def _configuration_load(south: Partnership) -> dict[str, Category]:
    categories = {}
    for group_order, (group_name, group_hint, entries) in enumerate(CATEGORIES, start=1):
        group = CategoryGroup.objects.create(
            partnership=south, name=group_name, hint=group_hint, order=group_order
        )
        for order, (code, name, hint, extra) in enumerate(entries, start=1):
            categories[code] = Category(
                partnership=south, group=group, code=code, name=name, hint=hint, order=order, **extra
            )
    Category.objects.bulk_create(categories.values())
    touch(ROUTING_STAMP)  # bulk writes send no signals
    targets = {
        name: ServiceTarget.objects.create(
            partnership=south,
            name=name,
            acknowledge_within=ack,
            acknowledge_unit=ack_unit,
            resolve_within=resolve,
            resolve_unit=resolve_unit,
        )
        for name, ack, ack_unit, resolve, resolve_unit in TARGETS
    }
    organisations = {o.name: o for o in Organisation.objects.filter(memberships__partnership=south)}
    patch = Area.objects.get(kind=AreaKind.PATCH, partnership=south, code=CITY_CENTRE)
    for spec in RULES:
        rule = RoutingRule.objects.create(
            partnership=south,
            name=spec.name,
            category=categories[spec.category],
            area=patch if spec.area else None,
            days=list(spec.days),
            starts_at=dt.time(spec.hours[0]) if spec.hours else None,
            ends_at=dt.time(spec.hours[1]) if spec.hours else None,
            lead_partner=organisations[spec.lead],
            priority=spec.priority,
            service_target=targets[spec.target],
        )
        if spec.supporting:
            rule.supporting_partners.set([organisations[name] for name in spec.supporting])
    # Fetched again so each category carries its id and partnership as the services expect.
    return {c.code: c for c in Category.objects.filter(partnership=south)}


class _Clock:
    """Moves what the services stamp with the real time back to the simulated time of each step.

    Events are numbered in the order they are made, so the events added since the last step belong to
    this one. Report fields changed by a step (acknowledged, resolved, closed, due times) get the step's
    time. Everything is written back in bulk at the end.
    """

    STAMPS = ("acknowledged_at", "resolved_at", "closed_at")
    DUE = (("acknowledge_by", "acknowledge_within", "acknowledge_unit"),
           ("resolve_by", "resolve_within", "resolve_unit"))  # fmt: skip

    def __init__(self, now: dt.datetime):
        self.now = now
        self.mark = ReportEvent.objects.aggregate(last=Max("id"))["last"] or 0
        self.event_at: dict[int, dt.datetime] = {}
        self.fields: dict[int, dict[str, Any]] = defaultdict(dict)

    def value(self, report: Report, field: str) -> Any:
        return self.fields.get(report.id, {}).get(field, getattr(report, field))

    def did(self, at: dt.datetime, action: Callable[..., Any], report: Report, **kwargs: Any) -> bool:
        """Run one lifecycle service as if at `at`; False (and nothing done) if that is still to come."""
        if at >= self.now:
            return False
        watched = (*self.STAMPS, *(due for due, *_ in self.DUE))
        before = {name: getattr(report, name) for name in watched}
        action(report=report, **kwargs)
        changed = self.fields[report.id]
        for name in self.STAMPS:
            if getattr(report, name) != before[name]:
                changed[name] = at if getattr(report, name) else None
        for due, within, unit in self.DUE:
            # Reopening, or leaving triage with the default target, starts the clock again: from `at`.
            if getattr(report, due) != before[due]:
                target = report.service_target
                changed[due] = due_at(at, getattr(target, within), getattr(target, unit))
        self.record(at)
        return True

    def skip(self) -> None:
        """Leave the events made since the last call as they are: they were dated when made."""
        self.mark = ReportEvent.objects.aggregate(last=Max("id"))["last"] or 0

    def record(self, at: dt.datetime) -> None:
        """Date the events made since the last call, and their reports' last change, at `at`."""
        for event_id, report_id in ReportEvent.objects.filter(id__gt=self.mark).values_list(
            "id", "report_id"
        ):
            self.event_at[event_id] = at
            changed = self.fields[report_id]
            changed["updated_at"] = max(at, changed.get("updated_at", at))
            self.mark = max(self.mark, event_id)

    def save(self) -> None:
        """Write the moved times back: one executemany per table (the ORM's bulk_update builds a CASE
        per row, several times slower for a thousand rows)."""
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {ReportEvent._meta.db_table} SET at = %s WHERE id = %s",  # noqa: S608 - our table
                [(adapt(at), event_id) for event_id, at in self.event_at.items()],
            )
            by_fields: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
            for report_id, changed in self.fields.items():
                if not changed:
                    continue
                names = tuple(sorted(changed))
                by_fields[names].append((*(adapt(changed[name]) for name in names), report_id))
            for names, rows in by_fields.items():
                columns = ", ".join(f"{name} = %s" for name in names)
                cursor.executemany(
                    f"UPDATE {Report._meta.db_table} SET {columns} WHERE id = %s",  # noqa: S608 - our columns
                    rows,
                )


@dataclass
class _Cast:
    """The demo people who take part, and the partners reports can go to."""

    coordinator: User
    actors: dict[int, User]  # organisation id → who acts for it
    organisations: dict[str, Organisation]
    names: dict[int, str]  # organisation id → name

    def lead(self, report: Report) -> str:
        return self.names.get(report.lead_partner_id or 0, "")

    def actor(self, report: Report) -> User:
        # Licensing has nobody in the demo, so the coordinator works taxi reports for the city council.
        if report.category.code.startswith("taxi-"):
            return self.coordinator
        return self.actors.get(report.lead_partner_id or 0, self.coordinator)


def _reports_load(
    south: Partnership, categories: dict[str, Category], *, now: dt.datetime, count: int
) -> int:
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    organisations = {o.name: o for o in Organisation.objects.filter(memberships__partnership=south)}
    people = {u.email: u for u in User.objects.filter(email__in=[COORDINATOR, *ACTORS.values()])}
    cast = _Cast(
        coordinator=people[COORDINATOR],
        actors={organisations[org].id: people[email] for org, email in ACTORS.items()},
        organisations=organisations,
        names={o.id: name for name, o in organisations.items()},
    )
    wards = list(
        Area.objects.filter(kind=AreaKind.WARD, parent__code=WORCESTER, parent__kind=AreaKind.DISTRICT)
    )
    places = _Places(rng, wards, Area.objects.get(kind=AreaKind.PATCH, partnership=south, code=CITY_CENTRE))
    clock = _Clock(now)
    codes = list(WEIGHTS)
    weights = list(WEIGHTS.values())

    submitted = []
    for number in range(1, count + 1):
        category = categories[rng.choices(codes, weights)[0]]
        latest = number > count * 0.95
        submitted.append(
            _submit(rng, south, category, number, now=now, latest=latest, places=places, cast=cast)
        )
    clock.skip()  # a report is submitted as of `when`, so its first events need no moving
    for report in submitted:
        _work(rng, report, clock=clock, cast=cast)
    _extras(rng, south, submitted, clock=clock, cast=cast, places=places)
    clock.save()
    # The services email nobody about synthetic reports, so the made-up reporters can follow theirs.
    return Report.objects.filter(partnership=south, synthetic=True).count()


class _Places:
    """Random points inside Worcester's wards (the city centre busiest), or inside the city-centre patch."""

    # Relative weights: the city centre and the inner wards get most reports.
    WARD_WEIGHTS = {
        "Cathedral": 5.0,
        "St John": 1.5,
        "Rainbow Hill": 1.5,
        "Arboretum": 1.5,
        "Gorse Hill": 1.3,
    }

    def __init__(self, rng: random.Random, wards: list[Area], city_centre: Area):
        self.rng = rng
        self.wards = wards
        self.weights = [self.WARD_WEIGHTS.get(w.name, 1.0) for w in wards]
        self.shapes = {w.id: shapely.from_geojson(w.boundary) for w in wards}
        self.city_centre = shapely.from_geojson(city_centre.boundary)
        for shape in (*self.shapes.values(), self.city_centre):
            shapely.prepare(shape)

    def ward(self) -> Area:
        return self.rng.choices(self.wards, self.weights)[0]

    def point_in(self, shape: Any) -> tuple[float, float]:
        """A uniformly random point inside `shape`: draw within its bounds until one falls inside."""
        min_lon, min_lat, max_lon, max_lat = shape.bounds
        while True:
            lon, lat = self.rng.uniform(min_lon, max_lon), self.rng.uniform(min_lat, max_lat)
            if shapely.contains_xy(shape, lon, lat):
                return round(lon, 6), round(lat, 6)

    def point(self, *, city_centre: bool = False) -> tuple[float, float]:
        return self.point_in(self.city_centre if city_centre else self.shapes[self.ward().id])

    def near(self, lon: float, lat: float, *, metres: float) -> tuple[float, float]:
        """A point about `metres` away from (lon, lat), in a random direction."""
        angle = self.rng.uniform(0, 2 * math.pi)
        dlat = metres * math.sin(angle) / 111_320
        dlon = metres * math.cos(angle) / (111_320 * math.cos(math.radians(lat)))
        return round(lon + dlon, 6), round(lat + dlat, 6)


def _when(rng: random.Random, now: dt.datetime, *, night: bool, latest: bool) -> dt.datetime:
    """When a report came in: most across the last 120 days, a share in the last three weeks and the
    `latest` in the last two days (so queues have new work), in the daytime, or for the night-time
    economy on a Friday or Saturday night."""
    if latest:
        days_ago = rng.uniform(0, 2)
    else:
        days_ago = rng.uniform(0, 21) if rng.random() < 0.3 else rng.uniform(0, DAYS)
    day = (now - dt.timedelta(days=days_ago)).astimezone(LONDON).date()
    if night:
        day -= dt.timedelta(days=(day.isoweekday() - rng.choice(NIGHT)) % 7)
        hour = rng.choice([22, 23, 0, 1, 2, 3])
        if hour < 4:
            day += dt.timedelta(days=1)
    else:
        hour = rng.choices(range(7, 22), [1, 3, 4, 5, 5, 6, 6, 5, 5, 5, 5, 4, 3, 2, 1])[0]
    when = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), tzinfo=LONDON)
    if when >= now - dt.timedelta(minutes=30):
        when = now - dt.timedelta(minutes=rng.randint(30, 300))
    return when.astimezone(dt.UTC)


def _submit(
    rng: random.Random,
    south: Partnership,
    category: Category,
    number: int,
    *,
    now: dt.datetime,
    latest: bool,
    places: _Places,
    cast: _Cast,
) -> Report:
    code = category.code
    night = code in NIGHT_ASB and rng.random() < 0.5
    when = _when(rng, now, night=night, latest=latest)
    source = rng.choices(
        [Source.WEB, Source.PHONE, Source.EMAIL, Source.WALK_IN, Source.OPEN311], [55, 20, 10, 5, 10]
    )[0]
    police, council = (cast.actors[cast.organisations[name].id] for name in (POLICE, CITY))
    by = None
    if category.staff_only:
        source, by = Source.WEB, rng.choice([police, council])
    elif source in (Source.PHONE, Source.EMAIL, Source.WALK_IN):
        # Calls about police matters are logged by the police; the rest by the council.
        police_led = any(r.category == code and r.lead == POLICE for r in RULES)
        by = police if police_led else cast.coordinator
    lon: float | None
    lat: float | None
    ward = None
    if source == Source.PHONE and rng.random() < 0.25:
        lon = lat = None  # the caller could only say which part of the city
        ward = places.ward()
    else:
        lon, lat = places.point(city_centre=night or (code in NIGHT_ASB and rng.random() < 0.5))
    anonymous = not category.staff_only and rng.random() < (0.6 if category.never_public else 0.4)
    reporter = {}
    if not anonymous and not category.staff_only:
        reporter = {
            "reporter_name": f"Demo Resident {number}",
            "reporter_email": f"resident{number}@example.org",
        }
        if source == Source.PHONE or rng.random() < 0.2:
            reporter["reporter_phone"] = f"01632 960{number % 1000:03d}"  # Ofcom's range for drama
    return services.report_submit(
        partnership=south,
        category=category,
        description=rng.choice(DESCRIPTIONS[code]),
        by=by,
        longitude=lon,
        latitude=lat,
        ward=ward,
        location_text=rng.choice(PLACES) if lon is not None else "The caller named the area only",
        answers=_answers(rng, category, number),
        source=source,
        when=when,
        synthetic=True,
        **reporter,
    )


def _answers(rng: random.Random, category: Category, number: int) -> dict[str, str]:
    answers = {}
    for question in category.questions:
        if rng.random() < 0.4:
            continue
        if question["choices"]:
            answers[question["code"]] = rng.choice(question["choices"])
        else:
            answers[question["code"]] = f"DEMO {number}"  # never a real plate or registration
    return answers


def _later(rng: random.Random, start: dt.datetime, due: dt.datetime | None, share: float) -> dt.datetime:
    """A moment about `share` of the way from `start` to `due`, varying by report (some run late)."""
    window = (due - start) if due else dt.timedelta(days=3)
    share *= rng.lognormvariate(0, 0.6)
    return start + max(window * share, dt.timedelta(minutes=10))


def _on_duty(rng: random.Random, at: dt.datetime, lead: str | None) -> dt.datetime:
    """When the lead partner would act: the police at any hour, everyone else in working hours."""
    if lead == POLICE:
        return at
    opens = due_at(at, 0, TimeUnit.WORKING_HOURS)  # zero working hours on: the next working moment
    if opens == at:
        return at
    # Out of hours, work is picked up some time after the office opens, not on the stroke of nine.
    return add_working_hours(opens, rng.uniform(0, 3)).astimezone(dt.UTC)


def _work(rng: random.Random, report: Report, *, clock: _Clock, cast: _Cast) -> None:
    """Move one report through its lifecycle as its lead partner would; stop at the present."""
    at = report.created_at
    if report.lead_partner_id is None:
        at = _on_duty(rng, at + dt.timedelta(days=rng.uniform(1, 4)), None)  # triaged every few days
        to = cast.organisations[TRIAGE_TO[report.category.code]]
        reason = f"{to.name} are best placed to deal with this."
        if not clock.did(at, services.report_reassign, report, by=cast.coordinator, to=to, reason=reason):
            return
    lead = cast.lead(report)
    if lead in DECLINES and rng.random() < 0.05:
        reason, to_name = DECLINES[lead]
        at = _on_duty(rng, at + dt.timedelta(hours=rng.uniform(1, 24)), lead)
        if not clock.did(at, services.report_decline, report, by=cast.actor(report), reason=reason):
            return
        at = _on_duty(rng, at + dt.timedelta(days=rng.uniform(1, 3)), None)
        reason = f"Declined by {lead}: {reason}"
        to = cast.organisations[to_name]
        if not clock.did(at, services.report_reassign, report, by=cast.coordinator, to=to, reason=reason):
            return
    elif report.category.code == "drug-use" and lead == POLICE and rng.random() < 0.4:
        at += dt.timedelta(hours=rng.uniform(1, 12))
        reason = "Needles only and nobody there: for the council's needle collection service."
        to = cast.organisations[CITY]
        if not clock.did(at, services.report_reassign, report, by=cast.actor(report), to=to, reason=reason):
            return
    lead = cast.lead(report)
    by = cast.actor(report)

    # Acknowledged a share of the way to its due time, finished a share of the way to the other, and the
    # steps between evenly spaced; each on duty, and never before the one before it.
    acknowledged = max(at, _later(rng, at, clock.value(report, "acknowledge_by"), 0.35))
    finished = max(
        acknowledged + dt.timedelta(hours=1), _later(rng, at, clock.value(report, "resolve_by"), 0.5)
    )
    times: list[dt.datetime] = []
    for step in range(5):
        moment = _on_duty(rng, acknowledged + (finished - acknowledged) * step / 4, lead)
        times.append(max(moment, times[-1]) if times else moment)
    acknowledged, started, noted, updated, finished = times
    if not clock.did(acknowledged, services.report_acknowledge, report, by=by):
        return
    if rng.random() < 0.6 and not clock.did(started, services.report_start, report, by=by):
        return
    if rng.random() < 0.3 and lead in NOTES:
        note = rng.choice(NOTES[lead])
        if not clock.did(noted, services.report_add_note, report, by=by, text=note):
            return
    if rng.random() < 0.12:
        update = rng.choice(UPDATES)
        if not clock.did(updated, services.report_add_note, report, by=by, text=update, public=True):
            return
    if rng.random() < 0.04:
        return  # stuck: still open, and overdue once its time runs out
    outcome = rng.random()
    if outcome < 0.08:
        note = rng.choice(NO_ACTION)
        clock.did(
            finished, services.report_close, report, by=by, reason=ClosedReason.NO_ACTION, public_note=note
        )
    elif outcome < 0.14 and report.category.group.name == "Littering":
        note = rng.choice(REFERRED)
        clock.did(
            finished, services.report_close, report, by=by, reason=ClosedReason.REFERRED, public_note=note
        )
    else:
        notes = RESOLVED.get(report.category.code) or RESOLVED_BY_LEAD.get(lead) or RESOLVED_BY_LEAD[CITY]
        clock.did(finished, services.report_resolve, report, by=by, public_note=rng.choice(notes))


def _extras(
    rng: random.Random,
    south: Partnership,
    reports: list[Report],
    *,
    clock: _Clock,
    cast: _Cast,
    places: _Places,
) -> None:
    """What happens to a few reports only: others report the same problem, duplicates are merged, and
    reporters reopen problems that came back."""
    now = clock.now
    public_open = [
        r for r in reports
        if r.status in (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS)
        and not r.category.never_public and r.longitude is not None
        and now - r.created_at > dt.timedelta(days=2)
    ]  # fmt: skip
    rng.shuffle(public_open)
    for number, report in enumerate(public_open[:8], start=1):
        at = report.created_at + (now - report.created_at) * rng.uniform(0.2, 0.9)
        clock.did(
            at,
            services.report_add_reporter,
            report,
            email=f"neighbour{number}@example.org",
            name=f"Demo Neighbour {number}",
        )
    for number, original in enumerate(public_open[8:13], start=1):
        assert original.longitude is not None and original.latitude is not None
        lon, lat = places.near(original.longitude, original.latitude, metres=rng.uniform(10, 35))
        when = original.created_at + (now - original.created_at) * rng.uniform(0.1, 0.5)
        duplicate = services.report_submit(
            partnership=south,
            category=original.category,
            description=rng.choice(DESCRIPTIONS[original.category.code]),
            longitude=lon,
            latitude=lat,
            reporter_name=f"Demo Passer-by {number}",
            reporter_email=f"passerby{number}@example.org",
            when=when,
            synthetic=True,
        )
        clock.skip()
        at = when + (now - when) * rng.uniform(0.1, 0.6)
        clock.did(
            at,
            services.report_close,
            duplicate,
            by=cast.coordinator,
            reason=ClosedReason.DUPLICATE,
            duplicate_of=original,
        )
    recently_resolved = [
        r for r in reports
        if r.status == Status.RESOLVED and r.reporter_email
        and dt.timedelta(days=3) < now - clock.value(r, "resolved_at") < dt.timedelta(days=25)
    ]  # fmt: skip
    for report in rng.sample(recently_resolved, min(3, len(recently_resolved))):
        resolved_at = clock.value(report, "resolved_at")
        at = resolved_at + (now - resolved_at) * rng.uniform(0.3, 0.8)
        clock.did(at, services.report_reopen, report, reason=rng.choice(REOPEN_REASONS))
