"""Demo ASB Case Reviews for South Worcestershire: Worcester's procedure and an application at each stage.

Worcester's threshold (REFERENCE.md §1.2): 3 or more reports about the same problem in 6 months, or 3 or
more people or groups reporting it, with written consent for an application made for someone else. The
timescales are the common published ones (§1.3), which every partnership sets for itself. Older closed
applications give the annual figures two reporting years. Everyone in them is made up.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.casereviews.models import CaseReviewApplication, RuleKind
from joinedup.casereviews.services import applications, complaints, procedures, steps
from joinedup.cases.models import Case
from joinedup.partners.models import Organisation, Partnership, User
from joinedup.reports.models import Category, Report

from .partnerships import SOUTH

ASB_GROUP = "Anti-social behaviour"
ESCALATION = (
    "Ask the partnership's independent chair to look again at how your application or review was handled. "
    "Write to the Community Safety Team within 20 working days of our letter. (Demo wording.)"
)


def casereviews_load(*, now: dt.datetime | None = None) -> int:
    """Seed the procedure and applications; return how many. Call after the demo's cases are loaded."""
    today = timezone.localtime(now or timezone.now()).date()
    south = Partnership.objects.get(slug=SOUTH)
    spoc = User.objects.get(email="coordinator@worcester.example.org")
    categories = Category.objects.filter(partnership=south, group__name=ASB_GROUP)
    procedure = procedures.procedure_save(
        by=spoc,
        partnership=south,
        name="South Worcestershire ASB Case Review procedure",
        requires_written_consent=True,
        escalation_route=ESCALATION,
        categories=list(categories) + list(Category.objects.filter(partnership=south, code="hate-incident")),
        hate_categories=list(Category.objects.filter(partnership=south, code="hate-incident")),
    )
    procedures.rule_add(by=spoc, procedure=procedure, kind=RuleKind.REPORTS, count=3, months=6)
    procedures.rule_add(by=spoc, procedure=procedure, kind=RuleKind.REPORTERS, count=3, months=6)
    council = Organisation.objects.get(name="Worcester City Council")
    police = Organisation.objects.get(name="West Mercia Police")
    housing = Organisation.objects.get(name="Platform Housing Group")
    asb = Report.objects.filter(partnership=south, category__in=categories, latitude__isnull=False)
    place = asb.order_by("-created_at").first()

    def days(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    def apply(received: int, name: str, problem: str, **extra) -> CaseReviewApplication:
        return applications.application_record(
            by=spoc,
            partnership=south,
            received_on=days(received),
            received_by=extra.pop("received_by", "phone"),
            problem=problem,
            victim_name=name,
            synthetic=True,
            today=today,
            **extra,
        )

    def acknowledge(a: CaseReviewApplication, on: int) -> CaseReviewApplication:
        return steps.application_acknowledge(
            by=spoc, application=a, version=a.version, acknowledged_on=days(on), today=today
        )

    def decide(a: CaseReviewApplication, on: int, decision: str, reasons: str) -> CaseReviewApplication:
        return steps.threshold_decide(
            by=spoc,
            application=a,
            version=a.version,
            decision=decision,
            decided_on=days(on),
            reasons=reasons,
            today=today,
        )

    def review(a: CaseReviewApplication, on: int, recommend: bool = True) -> CaseReviewApplication:
        a = steps.review_record(
            by=spoc,
            application=a,
            version=a.version,
            held_on=days(on),
            attendees=[council, police, housing],
            summary="Reports were dealt with one at a time; nobody joined them up.",
            today=today,
        )
        if recommend:
            steps.recommendation_add(
                by=spoc,
                application=a,
                text="Joint evening patrols twice a week for six weeks",
                owner=police,
                due_on=days(on) + dt.timedelta(days=42),
            )
            steps.recommendation_add(
                by=spoc,
                application=a,
                text="Open a shared case and name a single lead officer",
                owner=council,
                due_on=days(on) + dt.timedelta(days=14),
            )
        return a

    def send(a: CaseReviewApplication, on: int) -> CaseReviewApplication:
        from joinedup.casereviews.letters import outcome_letter_draft

        letter = outcome_letter_draft(a, a.recommendations.select_related("owner"))
        return steps.outcome_send(
            by=spoc, application=a, version=a.version, sent_on=days(on), letter=letter, today=today
        )

    # 1. Just received, by phone, at a place where reports of anti-social behaviour cluster.
    apply(
        2,
        "Ivor Madeup",
        "Groups gathering and shouting outside his flat late at night, several times a week.",
        victim_address="3 Pretend Court, Worcester",
        victim_postcode="WR1 9ZY",
        longitude=place.longitude if place else None,
        latitude=place.latitude if place else None,
    )
    # 2. Acknowledged, threshold decision due; made for a business by its manager, with written consent.
    shop = apply(
        9,
        "The Imaginary Café",
        "Windows smashed twice and staff threatened by a group of youths.",
        victim_kind="business",
        victim_address="1 Fable Street, Worcester",
        victim_email="cafe@example.org",
        received_by="email",
        on_behalf=True,
        representative_name="Nora Notreal",
        representative_relationship="Café manager",
        consent_on=days(10),
        consent_written=True,
    )
    acknowledge(shop, 7)
    # 3. Threshold not met: one complaint in six months.
    lone = apply(
        40,
        "Pretend Lane Residents' Group",
        "Cars revving in the car park at night.",
        victim_kind="group",
        received_by="online",
    )
    lone = acknowledge(lone, 38)
    complaints.complaint_add(
        by=spoc,
        application=lone,
        incident_on=days(60),
        reported_on=days(59),
        agency=council,
        reporter="Pretend Lane Residents' Group",
        place="Pretend Lane car park",
        today=today,
    )
    decide(
        lone,
        30,
        "not_met",
        "One incident was reported in the six months before the application, and the "
        "council has since put up barriers. Report any further incidents and we will look again.",
    )
    # 4. Review held with recommendations: Alys's case is linked, and three incidents were reported.
    alys = apply(
        55,
        "Alys Fictional",
        "Stones thrown at her windows and abuse shouted in the street.",
        victim_address="7 Example Terrace, Worcester",
        victim_postcode="WR1 9ZZ",
        victim_phone="01905 000101",
    )
    case = (
        Case.objects.filter(partnership=south, address__startswith="7 Example Terrace")
        .order_by("-opened_at")
        .first()
    )
    if case is not None:
        applications.application_link_case(by=spoc, application=alys, reference=case.reference)
    for n, agency in ((80, police), (70, council), (62, housing)):
        complaints.complaint_add(
            by=spoc,
            application=alys,
            incident_on=days(n),
            reported_on=days(n - 1),
            agency=agency,
            reporter="Alys Fictional",
            place="Example Terrace",
            today=today,
        )
    alys = acknowledge(alys, 50)
    alys = decide(alys, 35, "met", "Three incidents were reported to three agencies in the last six months.")
    review(alys, 14)
    # 5. Closed: reviewed, outcome sent. 6. Escalated: the applicant is unhappy with the outcome.
    for received, name, escalate in ((120, "Bryn Invented", False), (100, "Cora Unreal", True)):
        a = apply(received, name, "Drug dealing from the flat next door, reported many times.")
        for n in (150, 140, 130):
            complaints.complaint_add(
                by=spoc,
                application=a,
                incident_on=days(n + received - 120),
                reported_on=days(n + received - 121),
                agency=police,
                reporter=name,
                today=today,
            )
        a = acknowledge(a, received - 5)
        a = decide(a, received - 20, "met", "Three incidents reported in six months.")
        a = review(a, received - 40, recommend=not escalate)
        a = send(a, received - 45)
        if escalate:
            steps.escalation_record(
                by=spoc,
                application=a,
                version=a.version,
                escalated_on=days(received - 50),
                reason="No recommendations were made; she wants the housing provider to act.",
                today=today,
            )
    # Last year's applications, for the annual figures: closed one way or the other.
    for n, met in ((400, True), (430, False), (460, True)):
        a = apply(n, "Former Applicant", "Noise and intimidation from neighbours.", received_by="letter")
        a = acknowledge(a, n - 3)
        if not met:
            decide(a, n - 15, "not_met", "Fewer than three incidents reported in six months.")
            continue
        a = decide(a, n - 15, "met", "The harm to the victim justified a review.")
        a = review(a, n - 30, recommend=n == 400)
        send(a, n - 35)
    return CaseReviewApplication.objects.filter(partnership=south).count()
