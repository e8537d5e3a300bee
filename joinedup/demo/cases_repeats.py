"""Demo repeat victims and the tactical group list, on top of the demo's reports and cases.

Edna Imaginary has reported trouble outside her flat four times this spring, to the police and the
council, and nobody has opened a case yet: she is the repeat victim the list suggests a case for.
Fergus Pretend's three reports about the same overflowing bins were looked at and dismissed. The
tactical group keeps two people and two problem locations from the demo cases under review. Everyone
is made up, and everything goes through the services as the demo's staff.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.cases.models import Case, Person, TacticalListEntry
from joinedup.cases.repeat_selectors import repeat_victims
from joinedup.cases.services import repeats, tactical
from joinedup.partners.models import Organisation, Partnership, User
from joinedup.reports import services as report_services
from joinedup.reports.models import Category

from .partnerships import SOUTH

EDNA = "edna.imaginary@example.org"
FERGUS = "fergus.pretend@example.org"
# Outside a block of flats in Worcester's St John's, and a bin store near the Cathedral.
EDNA_HOME = (-2.23012, 52.18598)
BINS = (-2.22031, 52.18944)


def cases_repeats_load(*, now: dt.datetime | None = None) -> None:
    """Seed the demo's repeat victims and tactical list. Call after the demo's cases are loaded."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    south = Partnership.objects.get(slug=SOUTH)
    staff = {u.email: u for u in User.objects.filter(email__endswith=".example.org")}
    coordinator = staff["coordinator@worcester.example.org"]
    council_officer = staff["enforcement@worcester.example.org"]
    pcso = staff["pcso@westmercia.example.org"]
    categories = {c.code: c for c in Category.objects.filter(partnership=south)}
    repeats.repeat_rule_set(
        by=coordinator, partnership=south, version=0, incidents=3, window_days=365, same_place_metres=10
    )

    def report(code: str, days_ago: int, description: str, name: str, email: str, point: tuple, **extra):
        report_services.report_submit(
            partnership=south,
            category=categories[code],
            description=description,
            longitude=point[0],
            latitude=point[1],
            location_text="Outside the flats, Example Close"
            if point == EDNA_HOME
            else "Bin store, Example Lane",
            reporter_name=name,
            reporter_email=email,
            when=now - dt.timedelta(days=days_ago, hours=3),
            synthetic=True,
            **extra,
        )

    for days_ago, code, text in [
        (70, "noise", "Teenagers shouting and banging on the door of the flats until after midnight."),
        (41, "noise", "Music and shouting under my window again, past 1am."),
        (22, "noise", "The same group kicking the door and shouting abuse at me."),
        (6, "noise", "They threw a bottle at my window tonight. I am scared to go out."),
    ]:
        report(code, days_ago, text, "Edna Imaginary", EDNA, EDNA_HOME, reporter_phone="01632 960777")
    for days_ago in (50, 35, 12):
        report(
            "general-litter",
            days_ago,
            "The communal bins are overflowing onto the path.",
            "Fergus Pretend",
            FERGUS,
            BINS,
        )
    found = repeat_victims(user=coordinator, partnership=south, now=now)
    fergus = next(r for r in found.rows if FERGUS in r.contact)
    repeats.repeat_dismiss(
        by=coordinator,
        partnership=south,
        token=fergus.token,
        reason="A street-cleansing matter, not ASB: the bins are now emptied twice a week.",
        now=now,
    )
    _tactical_list(south, today=today, council_officer=council_officer, pcso=pcso)


def _tactical_list(south: Partnership, *, today: dt.date, council_officer: User, pcso: User) -> None:
    def case(starts: str) -> Case:
        return Case.objects.get(partnership=south, summary__startswith=starts)

    police = Organisation.objects.get(name="West Mercia Police")
    council = council_officer.organisation
    alys_case = case("Alys reports stones")
    alys = Person.objects.get(partnership=south, given_name="Alys", family_name="Fictional")
    tactical.tactical_entry_add(
        by=council_officer,
        case=alys_case,
        subject="person",
        person=alys,
        plan="Victim of repeated ASB, medium risk. Weekly welfare call by the council; evening patrols by "
        "the police; a video doorbell fitted by Platform. A Community Protection Warning if it goes on.",
        plan_owner=council,
        review_on=today + dt.timedelta(days=10),
    )
    bandstand = tactical.tactical_entry_add(
        by=pcso,
        case=case("Street drinking and litter"),
        subject="location",
        plan="Daily patrols 2pm to 6pm; PSPO signs renewed; outreach by the hostel for the regular drinkers.",
        plan_owner=police,
        review_on=today,
    )
    # Overdue: the group missed it at its last meeting.
    TacticalListEntry.objects.filter(pk=bandstand.pk).update(review_on=today - dt.timedelta(days=3))
    dana = Person.objects.get(partnership=south, given_name="Dana", family_name="Placeholder")
    tactical.tactical_entry_add(
        by=pcso,
        case=case("Repeated harassment by an ex-partner"),
        subject="person",
        person=dana,
        plan="High risk: referred to MARAC. Sanctuary measures at home; police marker on the address.",
        plan_owner=police,
        review_on=today + dt.timedelta(days=7),
    )
    tactical.tactical_entry_add(
        by=council_officer,
        case=case("A group of teenagers intimidating shoppers"),
        subject="location",
        plan="Youth outreach on Friday and Saturday evenings; CCTV review with the shopping centre.",
        plan_owner=council,
        review_on=today + dt.timedelta(days=21),
    )
