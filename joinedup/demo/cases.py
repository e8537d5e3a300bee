"""Demo cases for South Worcestershire: shared cases, a restricted domestic abuse case, a repeat victim,
an access request waiting for a decision and a closed case due for its retention review.

Everyone in them is made up, with names no real person would carry ("Alys Fictional"). Every case is
made through the services, acting as the demo's staff, so the sharing rules and the audit trail are
exercised exactly as they are for real users. Victim Support has no agreement with the council: its
case worker shows what a partner without access sees.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.cases.models import Case, CaseAction, CaseKind, CaseStatus, Person, PersonRole, Sensitivity
from joinedup.cases.services import cases, people, sharing, work
from joinedup.partners import services as partner_services
from joinedup.partners.models import Organisation, Partnership, Role, User
from joinedup.reports.models import Report

from .partnerships import DEMO_PASSWORD, SOUTH

VICTIM_SUPPORT_EMAIL = "support@victimsupport.example.org"


def _person(
    role: str, given: str, family: str, born: tuple[int, int, int] | None, address: str = "", **extra
):
    return {
        "role": role,
        "given_name": given,
        "family_name": family,
        "date_of_birth": dt.date(*born) if born else None,
        "address": address,
        "postcode": "WR1 9ZZ" if address else "",
        **extra,
    }


def cases_load(*, now: dt.datetime | None = None) -> int:
    """Seed the demo cases; return how many. Call inside the demo's transaction, after reports are loaded."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    south = Partnership.objects.get(slug=SOUTH)
    staff = {u.email: u for u in User.objects.filter(email__endswith=".example.org")}
    council_officer = staff["enforcement@worcester.example.org"]
    coordinator = staff["coordinator@worcester.example.org"]
    pcso = staff["pcso@westmercia.example.org"]
    housing = staff["housing@platform.example.org"]
    police, council, platform = (u.organisation for u in (pcso, council_officer, housing))
    assert police and council and platform  # the demo's staff all belong to partners
    support_worker = partner_services.user_create(
        by=None,
        email=VICTIM_SUPPORT_EMAIL,
        full_name="Sam Carter",
        job_title="Victim Support Case Worker",
        organisation=Organisation.objects.get(name="Victim Support"),
        role=Role.OFFICER,
        partnerships=[south],
        password=DEMO_PASSWORD,
    )
    kinds = {k.code: k for k in CaseKind.objects.all()}

    def open_case(by, kind, summary, days_ago, **extra) -> Case:
        return cases.case_create(
            by=by,
            partnership=south,
            kind=kinds[kind],
            summary=summary,
            opened_at=now - dt.timedelta(days=days_ago),
            synthetic=True,
            **extra,
        )

    def add(case: Case, by, spec: dict):
        spec = dict(spec)
        role = spec.pop("role")
        existing = Person.objects.filter(
            partnership=south, given_name=spec["given_name"], family_name=spec["family_name"]
        ).first()
        if existing is not None:
            return people.case_person_add(by=by, case=case, person=existing, role=role).person
        return people.case_person_add_new(by=by, case=case, role=role, synthetic=True, **spec)

    alys = _person(
        PersonRole.VICTIM,
        "Alys",
        "Fictional",
        (1958, 4, 2),
        "7 Example Terrace, Worcester",
        phone="01905 000101",
        consent="given",
        consent_on=today - dt.timedelta(days=40),
    )

    # 1. Alys, the repeat victim: personal ASB from a neighbour, led by the council with the police.
    first = open_case(
        council_officer,
        "personal-asb",
        "Alys reports stones thrown at her windows and abuse shouted in the street, most evenings for six "
        "weeks.",
        40,
        address="7 Example Terrace, Worcester",
        postcode="WR1 9ZZ",
        risk_level="medium",
        review_on=today + dt.timedelta(days=14),
    )
    add(first, council_officer, alys)
    add(
        first,
        council_officer,
        _person(
            PersonRole.ALLEGED_PERPETRATOR, "Barnaby", "Madeup", (2004, 9, 17), "9 Example Terrace, Worcester"
        ),
    )
    sharing.case_share(
        by=council_officer, case=first, organisation=police, reason="Joint patrols and a warning letter"
    )
    sharing.case_share(
        by=council_officer, case=first, organisation=platform, reason="Alys is a Platform tenant"
    )
    report = Report.objects.filter(partnership=south, lead_partner=council).order_by("created_at").first()
    if report is not None:
        cases.case_link_report(by=council_officer, case=first, reference=report.reference)
    late = work.action_set(
        by=council_officer,
        case=first,
        title="Evening patrols past Example Terrace",
        organisation=police,
        due_on=today,
        details="Three patrols a week between 6pm and 10pm.",
    )
    CaseAction.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=3))  # now overdue
    work.action_set(
        by=council_officer,
        case=first,
        title="Send a first warning letter",
        organisation=council,
        officer=council_officer,
        due_on=today + dt.timedelta(days=5),
    )
    work.contact_add(
        by=council_officer,
        case=first,
        method="visit",
        happened_on=today - dt.timedelta(days=30),
        summary="Visited Alys; she keeps a diary of incidents. Diary sheets left with her.",
    )
    work.note_add(by=pcso, case=first, text="Two callers to 101 about the same address last month.")
    work.note_add(
        by=council_officer,
        case=first,
        sensitivity=Sensitivity.CONFIDENTIAL,
        text="Council tenancy history checked: no previous complaints.",
    )

    # 2. Alys again, a neighbour dispute led by the housing provider.
    second = open_case(
        housing,
        "neighbour-dispute",
        "A boundary hedge dispute between two Platform tenants has turned to threats.",
        20,
        address="7 Example Terrace, Worcester",
        postcode="WR1 9ZZ",
        risk_level="standard",
    )
    add(second, housing, alys)
    add(
        second,
        housing,
        _person(PersonRole.WITNESS, "Cora", "Notreal", (1990, 1, 30), "5 Example Terrace, Worcester"),
    )
    sharing.case_share(
        by=housing, case=second, organisation=council, reason="Mediation by the community safety team"
    )

    # 3. A problem location led by the police, shared with the council.
    third = open_case(
        pcso,
        "problem-location",
        "Street drinking and litter around the bandstand most afternoons.",
        60,
        address="Bandstand, Cripplegate Park, Worcester",
        risk_level="standard",
        latitude=52.1885,
        longitude=-2.2290,
    )
    sharing.case_share(by=pcso, case=third, organisation=council, reason="Litter and PSPO enforcement")

    # 4. A restricted domestic abuse case: only the named officers of the police and the council see it.
    fourth = open_case(
        pcso,
        "personal-asb",
        "Repeated harassment by an ex-partner; the victim fears for her safety.",
        10,
        restricted=True,
        restriction_reason="domestic_abuse",
        risk_level="high",
        review_on=today + dt.timedelta(days=7),
    )
    add(fourth, pcso, _person(PersonRole.VICTIM, "Dana", "Placeholder", (1987, 6, 5)))
    sharing.case_share(by=pcso, case=fourth, organisation=council, reason="Housing options for the victim")
    sharing.case_name(by=pcso, case=fourth, user=coordinator)

    # 5. Youth ASB with a request for access from Victim Support waiting for the council's decision.
    fifth = open_case(
        council_officer,
        "youth-asb",
        "A group of teenagers intimidating shoppers at the Crowngate entrance.",
        15,
        address="Crowngate entrance, Worcester",
        risk_level="standard",
    )
    sharing.access_request(
        by=support_worker, case=fifth, reason="One of the shoppers has asked us for support"
    )

    # 6. Alys, years ago: a closed hate incident past its retention period, flagged for review.
    sixth = open_case(
        council_officer,
        "hate-incident",
        "Graffiti aimed at Alys's faith painted on her garden wall.",
        2700,
        address="7 Example Terrace, Worcester",
        postcode="WR1 9ZZ",
    )
    add(sixth, council_officer, alys)
    closed = cases.case_update(
        by=council_officer,
        case=sixth,
        version=sixth.version,
        status=CaseStatus.CLOSED,
        outcome="resolved",
        outcome_note="Graffiti removed within a day; no further incidents.",
    )
    Case.objects.filter(pk=closed.pk).update(closed_at=now - dt.timedelta(days=2600))
    return Case.objects.filter(partnership=south).count()
