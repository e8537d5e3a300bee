"""Demo registers for South Worcestershire: Worcester's three PSPOs (dog control, alcohol, city centre), three
Domestic Homicide Reviews at different stages, campaigns and a press release half-way through sign-off.

The orders follow the shape of Worcester City Council's published ones; their dates are set relative to
today so one is always within six months of expiry. The reviews are made up: known only by pseudonyms,
with the demo coordinator as the partnership's DHR lead.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.partners.models import Organisation, Partnership, User
from joinedup.places.models import Area, AreaKind
from joinedup.plan.models import DhrLead, DhrStage, PressSignatory, SignOffStep
from joinedup.plan.services import communications, dhr, pspo

from .partnerships import SOUTH

COORDINATOR = "coordinator@worcester.example.org"
ALL_STATUTORY = ["police", "pcc", "community", "county"]


def registers_load(*, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    south = Partnership.objects.get(slug=SOUTH)
    priya = User.objects.get(email=COORDINATOR)
    _pspos(south, priya, today)
    _reviews(south, priya, today)
    _communications(south, priya, today)


def _ago(today: dt.date, days: int) -> dt.date:
    return today - dt.timedelta(days=days)


def _pspos(south: Partnership, by: User, today: dt.date) -> None:
    worcester = Area.objects.get(kind=AreaKind.DISTRICT, code="E07000237")
    centre = Area.objects.get(kind=AreaKind.PATCH, partnership=south, code="worcester-city-centre")
    orders = [
        (
            "WCC-PSPO-DOG",
            "Dog control",
            "All public land in the City of Worcester",
            [worcester],
            ["Failing to pick up after your dog", "Taking a dog into a fenced children's play area"],
            [
                "Putting your dog on a lead when an authorised officer asks",
                "Keeping dogs on leads in cemeteries",
            ],
            900,
        ),
        (
            "WCC-PSPO-ALC",
            "Alcohol (designated public places)",
            "All public places in the City of Worcester",
            [worcester],
            [
                "Refusing to stop drinking alcohol, or hand it over, when asked by a police officer "
                "or authorised officer"
            ],
            [],
            960,  # expires within six months: the alert shows
        ),
        (
            "WCC-PSPO-CC",
            "City centre",
            "Worcester city centre, inside the ring road",
            [centre],
            [
                "Begging or asking for money in a way that causes harassment, alarm or distress",
                "Placing A-boards or street furniture on the highway without permission",
                "Behaving in a way that causes harassment, alarm or distress",
            ],
            ["Leaving the area when asked by a police officer or authorised officer"],
            500,
        ),
    ]
    for reference, title, where, areas, prohibitions, requirements, days_in_force in orders:
        starts = _ago(today, days_in_force)
        order = pspo.pspo_save(
            by=by,
            partnership=south,
            reference=reference,
            title=title,
            area_description=where,
            areas=areas,
            prohibitions=prohibitions,
            requirements=requirements,
            made_on=starts - dt.timedelta(days=21),
            in_force_from=starts,
            expires_on=pspo.latest_expiry(starts) - dt.timedelta(days=1),
            order_url=f"https://www.worcester.gov.uk/pspo/{reference.lower()}",
            synthetic=True,
        )
        pspo.consultation_record(
            by=by,
            pspo=order,
            purpose="making",
            starts_on=starts - dt.timedelta(days=120),
            ends_on=starts - dt.timedelta(days=64),
            responses={"WCC-PSPO-DOG": 1843, "WCC-PSPO-ALC": 412, "WCC-PSPO-CC": 655}[reference],
            # The city centre order's consultation record misses the PCC: the register warns of it.
            consultees=ALL_STATUTORY if reference != "WCC-PSPO-CC" else ["police", "community", "owners"],
            other_consultees="Worcester BID\nCathedral and Guildhall neighbours",
            summary="Most respondents supported the order; some asked for clearer signs.",
        )
        pspo.notice_record(
            by=by, pspo=order, put_up_on=starts, location="Signs at the main entrances to the area"
        )
        pspo.penalty_set(by=by, pspo=order, applies_from=order.made_on, amount=100, early_payment_amount=75)
        for quarter in range(days_in_force // 91):
            first = starts + dt.timedelta(days=91 * quarter)
            pspo.enforcement_record(
                by=by,
                pspo=order,
                period_start=first,
                period_end=first + dt.timedelta(days=90),
                warnings=12 + quarter % 5,
                fpns_issued=4 + quarter % 3,
                fpns_paid=3 + quarter % 3,
                prosecutions=quarter % 2,
            )


def _reviews(south: Partnership, by: User, today: dt.date) -> None:
    DhrLead.objects.create(partnership=south, user=by)
    housing = User.objects.get(email="housing@platform.example.org")
    police = User.objects.get(email="pcso@westmercia.example.org")
    council = Organisation.objects.get(name="Worcester City Council")
    aid = Organisation.objects.get(name="West Mercia Women's Aid")
    health = Organisation.objects.get(name="NHS Herefordshire and Worcestershire Integrated Care Board")

    recent = dhr.dhr_record(
        by=by, partnership=south, reference="SW-DHR-2026-02", notified_on=_ago(today, 12), synthetic=True
    )
    assert recent.stage == DhrStage.NOTIFIED

    drafting = dhr.dhr_record(
        by=by,
        partnership=south,
        reference="SW-DHR-2025-04",
        pseudonym="Adult B",
        notified_on=_ago(today, 150),
        independent_chair="An independent chair (demo)",
        panel_members=[housing, police],
        synthetic=True,
    )
    dhr.dhr_decide(
        by=by,
        review=drafting,
        hold=True,
        decided_on=_ago(today, 130),
        home_office_notified_on=_ago(today, 128),
    )
    dhr.dhr_change(
        by=by,
        review=drafting,
        pseudonym="Adult B",
        independent_chair="An independent chair (demo)",
        panel_members=[housing, police],
        home_office_notified_on=_ago(today, 128),
        panel_first_met_on=_ago(today, 110),
        imrs_requested_on=_ago(today, 105),
    )
    dhr.dhr_move(
        by=by, review=drafting, to_stage=DhrStage.DRAFT, on=_ago(today, 20), note="Overview report drafted"
    )

    qa = dhr.dhr_record(
        by=by,
        partnership=south,
        reference="SW-DHR-2024-03",
        pseudonym="Adult C",
        notified_on=_ago(today, 420),
        independent_chair="An independent chair (demo)",
        synthetic=True,
    )
    dhr.dhr_decide(
        by=by, review=qa, hold=True, decided_on=_ago(today, 400), home_office_notified_on=_ago(today, 398)
    )
    for stage, days in ((DhrStage.DRAFT, 200), (DhrStage.HOME_OFFICE, 150), (DhrStage.QA_FEEDBACK, 60)):
        dhr.dhr_move(by=by, review=qa, to_stage=stage, on=_ago(today, days))
    for action, owner, due, status in (
        ("Train front-line housing staff to recognise coercive control", council, 60, "in_progress"),
        ("Refresh routine enquiry about domestic abuse in GP practices", health, 90, "not_started"),
        ("Publish the route into specialist support in the city's family hubs", aid, -10, "complete"),
    ):
        item = dhr.dhr_action_add(
            by=by, review=qa, action=action, owner=owner, due_on=today + dt.timedelta(days=due)
        )
        if status != "not_started":
            dhr.dhr_action_update(
                by=by, item=item, text="Progress reported to the review panel (demo).", status=status
            )


def _communications(south: Partnership, by: User, today: dt.date) -> None:
    chair = User.objects.get(email="councillor@worcester.example.org")
    PressSignatory.objects.create(partnership=south, user=by, step=SignOffStep.MANAGER)
    PressSignatory.objects.create(partnership=south, user=chair, step=SignOffStep.CHAIR)
    campaigns = [
        ("Bag it, bin it: dog fouling", "social", 200, 170, 18400, 960, "Safer Homes"),
        ("Lock it or lose it: bike theft", "leaflets", 120, 90, 6000, None, "Safer People"),
        ("Safer nights out in the city centre", "events", 60, None, 2300, 410, "Safer People"),
        ("Know your PSPOs", "website", 30, 2, 3100, 240, ""),
    ]
    made = {}
    for title, channel, started, ended, reach, engagements, priority in campaigns:
        made[title] = communications.campaign_save(
            by=by,
            partnership=south,
            title=title,
            channel=channel,
            starts_on=_ago(today, started),
            ends_on=_ago(today, ended) if ended is not None else None,
            reach=reach,
            engagements=engagements,
            priority=priority,
            synthetic=True,
        )
    release = communications.release_draft(
        by=User.objects.get(email="enforcement@worcester.example.org"),
        partnership=south,
        title="Worcester's city centre order: what it means for you",
        body="The city centre Public Spaces Protection Order is in force until it is reviewed. (Demo text.)",
        campaign=made["Know your PSPOs"],
        synthetic=True,
    )
    communications.release_submit(by=by, release=release)
    communications.release_approve(by=by, release=release, comment="Fine from me")  # now with the chair
