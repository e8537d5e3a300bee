"""The demo's partnership plans, funding and services register.

South Worcestershire's plan (Safer Homes, Safer People, Safer Roads) runs from April of last financial
year for three years, refreshed this April; some measures are linked to Worcester's crime scorecard and
some are entered by partners, and its actions stand across every RAG state with dated updates. North
Worcestershire has its five priorities. A full year of the Police and Crime Commissioner's grant (last
financial year) has the projects named in the committee reports, with spend and outputs; this year's
grant has bids awaiting decision and one deferred. The services register has figures for last financial
year and this one so far. Everything goes through the real services; figures come from a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from joinedup.intelligence.measures import period_start
from joinedup.intelligence.models import Measure
from joinedup.intelligence.trend_selectors import month_add
from joinedup.partners.models import GovernanceGroup, Organisation, Partnership, User
from joinedup.plan.models import ActionUpdate, MeasureSource, Objective, Plan, PlanAction
from joinedup.plan.services import funding, services_register
from joinedup.plan.services import plan as plan_services

from . import partnerships as data

MeasureSpec = tuple[str, str, float | None, float | None, str]  # objective, measure, baseline, target, unit
SOUTH_PRIORITIES: list[tuple[str, str, list[str], list[MeasureSpec]]] = [
    (
        "Safer Homes",
        "Keeping people safe where they live.",
        ["Domestic abuse", "Burglary and acquisitive crime", "Fraud and scams against older people"],
        [
            ("Reduce repeat victims of domestic abuse", "Repeat referrals to MARAC", 28.0, 25.0, "%"),
            ("Reduce burglary", "Burglary", None, None, ""),
        ],
    ),
    (
        "Safer People",
        "Protecting people from harm in public places and online.",
        ["Anti-social behaviour", "Serious violence and knife crime", "The night-time economy", "Hate crime"],
        [
            ("Reduce anti-social behaviour", "Anti-social behaviour", None, None, ""),
            ("Reduce violence in the night-time economy", "Violence and sexual offences", None, None, ""),
            ("Improve victims' confidence", "Victims satisfied with the service", None, None, ""),
        ],
    ),
    (
        "Safer Roads",
        "Fewer people killed or seriously injured on South Worcestershire's roads.",
        ["Speeding in residential areas", "Vulnerable road users", "Vehicle crime"],
        [
            (
                "Reduce people killed or seriously injured",
                "People killed or seriously injured",
                94.0,
                85.0,
                "people",
            ),
            ("Reduce vehicle crime", "Vehicle crime", None, None, ""),
        ],
    ),
]

# (priority, objective index, title, responsible (organisation or group), days from today, status, updates)
SOUTH_ACTIONS = [
    (
        0,
        0,
        "Train housing staff in domestic abuse awareness",
        "Platform Housing Group",
        120,
        "on_track",
        [(60, "not_started", "Course provider chosen; dates set for the spring.")],
    ),
    (
        0,
        0,
        "Recommission the DAWN outreach service",
        "Worcestershire County Council",
        -20,
        "on_track",
        [(90, "not_started", "Tender out."), (30, "on_track", "Bids being evaluated; award delayed.")],
    ),
    (0, 1, "Target-harden homes of repeat burglary victims", "West Mercia Police", 200, "on_track", []),
    (0, 1, "Cocooning visits after each burglary in Worcester", "West Mercia Police", 14, "not_started", []),
    (
        1,
        0,
        "Joint ASB patrols in St John's and Warndon",
        "Safer Worcester",
        150,
        "at_risk",
        [
            (45, "on_track", "Patrols running fortnightly."),
            (10, "at_risk", "Police abstractions cut two patrols."),
        ],
    ),
    (
        1,
        1,
        "Street pastors every Friday and Saturday night",
        "Worcester Street Pastors",
        100,
        "complete",
        [(20, "on_track", "Rota filled to March."), (5, "complete", "Extended volunteer cover agreed.")],
    ),
    (
        1,
        1,
        "Knife-crime education in secondary schools",
        "West Mercia Police",
        60,
        "off_track",
        [
            (40, "on_track", "Four schools signed up."),
            (12, "off_track", "Schools' calendar full until summer."),
        ],
    ),
    (
        1,
        2,
        "Publish a 'you said, we did' update every quarter",
        "Worcester City Council",
        180,
        "on_track",
        [],
    ),
    (2, 0, "Community speed watch in three villages", "Wychavon District Council", 240, "on_track", []),
    (
        2,
        1,
        "Catalytic converter marking days",
        "West Mercia Police",
        90,
        "withdrawn",
        [(30, "withdrawn", "Thefts fell away; resources moved to bike marking.")],
    ),
]

NORTH_PRIORITIES = [
    ("Violence against women and girls", ["Domestic abuse", "Stalking and harassment"]),
    ("Anti-social behaviour", ["Town centres", "Repeat locations"]),
    ("Serious violence and exploitation", ["County lines", "Knife crime"]),
    ("Drug and alcohol harm", ["Treatment referrals", "Street drinking"]),
    ("Safer neighbourhoods and business crime", ["Shoplifting", "Rural crime"]),
]

# (title, purpose, lead partner, requested, allocated, top-sliced, priority index, outputs)
PCC_PROJECTS = [
    (
        "Partnership Analyst",
        "A shared analyst producing the strategic assessment, tasking packs and ward profiles",
        "Worcester City Council",
        "38000",
        "38000",
        True,
        1,
        [("products delivered", "", 46)],
    ),
    (
        "DAWN (Domestic Abuse Worcestershire Network)",
        "Outreach and advocacy for victims of domestic abuse",
        "West Mercia Women's Aid",
        "30000",
        "27500",
        False,
        0,
        [("individuals supported", "people", 94)],
    ),
    (
        "Street Pastors",
        "Volunteer patrols of the night-time economy on Friday and Saturday nights",
        "Worcester Street Pastors",
        "12000",
        "12000",
        False,
        1,
        [("people helped", "people", 1180)],
    ),
    (
        "Acquisitive Crime",
        "Crime prevention for repeat victims: personal alarms, locks and property marking",
        "West Mercia Police",
        "18000",
        "15000",
        False,
        0,
        [("personal alarms issued", "alarms", 653)],
    ),
    (
        "Domestic Homicide Reviews",
        "Independent chairs and authors for the partnership's reviews",
        "Worcestershire County Council",
        "20000",
        "20000",
        True,
        0,
        [("reviews supported", "reviews", 3)],
    ),
    (
        "Youth ASB mentoring",
        "One-to-one mentoring for young people at risk of anti-social behaviour",
        "YSS",
        "16000",
        "14000",
        False,
        1,
        [("young people mentored", "people", 41)],
    ),
    (
        "Shopwatch radios",
        "Radio link between city-centre shops, the BID and the CCTV control room",
        "Worcester Business Improvement District",
        "7500",
        "6500",
        False,
        1,
        [("shops on the radio link", "shops", 58)],
    ),
]

SERVICES = [
    (
        "Street pastors",
        "Worcester Street Pastors",
        "month",
        [("Patrols", "", 8), ("People helped", "people", 95)],
    ),
    (
        "CCTV control room",
        "Worcester City Council",
        "month",
        [("Incidents witnessed", "", 310), ("Footage requests", "", 42)],
    ),
    ("Mobile cameras", "Worcester City Council", "quarter", [("Deployments", "", 9)]),
    ("Bike marking", "West Mercia Police", "quarter", [("Bikes marked", "bikes", 120)]),
    (
        "Property marking",
        "West Mercia Police",
        "quarter",
        [("Kits issued", "kits", 150), ("Kits registered", "kits", 95)],
    ),
    (
        "Youth patrols and mentoring",
        "YSS",
        "month",
        [("Youth patrols", "", 6), ("Young people mentored", "people", 14)],
    ),
]


def _financial_year(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def plan_load(*, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    year = _financial_year(today)
    _south_plan(today, year)
    _north_plan(year)
    _funding(today, year)
    _services_register(today, year)


def _backdate(update: ActionUpdate, days_ago: int) -> None:
    ActionUpdate.objects.filter(pk=update.pk).update(written_at=timezone.now() - dt.timedelta(days=days_ago))


def _south_plan(today: dt.date, year: int) -> None:
    south = Partnership.objects.get(slug=data.SOUTH)
    by = User.objects.get(email="coordinator@worcester.example.org")
    plan = plan_services.plan_start(
        by=by,
        partnership=south,
        title="South Worcestershire Community Safety Partnership Plan",
        starts_on=dt.date(year - 1, 4, 1),
        ends_on=dt.date(year + 2, 3, 31),
        assessment_title=f"South Worcestershire Strategic Assessment {year - 1}",
        assessment_date=dt.date(year - 1, 2, 1),
        assessment_summary=(
            "Domestic abuse and shoplifting are rising; anti-social behaviour is falling but concentrated in "
            "the city centre and St John's; serious injury collisions remain above the regional rate."
        ),
        assessment_file_reference="CSP/SA/" + str(year - 1),
    )
    refreshed = dt.date(year, 4, 1)
    if refreshed <= today:
        plan_services.plan_refresh(
            by=by,
            plan=plan,
            refreshed_on=refreshed,
            assessment_title=f"South Worcestershire Strategic Assessment {year}",
            assessment_date=dt.date(year, 2, 1),
            assessment_summary=(
                "Shoplifting up for a second year; violence in the night-time economy steady; domestic abuse "
                "referrals up, partly from better recording; vehicle crime down."
            ),
        )
    scorecard = {m.name: m for m in Measure.objects.filter(partnership=south)}
    rng = random.Random(7)  # noqa: S311 - made-up demo figures
    objectives: list[list[Objective]] = []
    for title, description, focus, measures in SOUTH_PRIORITIES:
        priority = plan_services.priority_add(
            by=by, plan=plan, title=title, description=description, areas_of_focus="\n".join(focus)
        )
        objectives.append([])
        for objective_title, measure_name, baseline, target, unit in measures:
            objective = plan_services.objective_add(by=by, priority=priority, title=objective_title)
            objectives[-1].append(objective)
            linked = scorecard.get(measure_name)
            if linked is not None:
                plan_services.measure_add(
                    by=by,
                    objective=objective,
                    name=f"{measure_name} in Worcester",
                    source=MeasureSource.SCORECARD,
                    scorecard_measure=linked,
                    target=linked.target,
                    direction=linked.direction,
                )
                continue
            measure = plan_services.measure_add(
                by=by,
                objective=objective,
                name=measure_name,
                source=MeasureSource.ENTERED,
                period="quarter",
                unit=unit,
                baseline=baseline,
                baseline_label=f"{year - 2}/{(year - 1) % 100:02d}",
                target=target,
            )
            start = plan.starts_on
            while month_add(start, 3) <= today.replace(day=1):
                value = round((baseline or 10) * rng.uniform(0.85, 1.05), 1 if unit == "%" else 0)
                plan_services.measure_value_enter(by=by, measure=measure, period_start_on=start, value=value)
                start = month_add(start, 3)
    for p, o, title, responsible, days, status, updates in SOUTH_ACTIONS:
        organisation = Organisation.objects.filter(name=responsible).first()
        action = plan_services.action_add(
            by=by,
            objective=objectives[p][o],
            title=title,
            responsible_organisation=organisation,
            responsible_group=None
            if organisation
            else GovernanceGroup.objects.get(partnership=south, name=responsible),
            target_date=min(max(today + dt.timedelta(days=days), plan.starts_on), plan.ends_on),
            resources="Officer time within existing budgets",
        )
        # Agreed when the plan started, so last year's progress (and annual report) counts it.
        PlanAction.objects.filter(pk=action.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(plan.starts_on, dt.time(9)))
        )
        for days_ago, new_status, text in updates:
            _backdate(
                plan_services.action_update_add(by=by, action=action, text=text, status=new_status), days_ago
            )
        if action.status != status:
            _backdate(
                plan_services.action_update_add(
                    by=by, action=action, text="Reviewed at the partnership meeting.", status=status
                ),
                1,
            )


def _north_plan(year: int) -> None:
    north = Partnership.objects.get(slug=data.NORTH)
    by = User.objects.get(email="coordinator@bromsgrove.example.org")
    plan = plan_services.plan_start(
        by=by,
        partnership=north,
        title="North Worcestershire Community Safety Partnership Plan",
        starts_on=dt.date(year - 1, 4, 1),
        ends_on=dt.date(year + 2, 3, 31),
        assessment_title=f"North Worcestershire Strategic Assessment {year - 1}",
        assessment_date=dt.date(year - 1, 1, 15),
        assessment_summary=(
            "Violence against women and girls and town-centre ASB lead the assessment's harm ranking."
        ),
    )
    police = Organisation.objects.get(name="West Mercia Police")
    for title, focus in NORTH_PRIORITIES:
        priority = plan_services.priority_add(by=by, plan=plan, title=title, areas_of_focus="\n".join(focus))
        objective = plan_services.objective_add(
            by=by, priority=priority, title=f"Reduce harm from {focus[0].lower()}"
        )
        plan_services.action_add(
            by=by,
            objective=objective,
            title=f"Partnership problem-solving plan for {focus[0].lower()}",
            responsible_organisation=police,
            target_date=dt.date(year + 1, 3, 31),
        )


def _funding(today: dt.date, year: int) -> None:
    south = Partnership.objects.get(slug=data.SOUTH)
    plan = Plan.objects.get(partnership=south)
    priorities = list(plan.priorities.order_by("position"))
    by = User.objects.get(email="coordinator@worcester.example.org")
    last = funding.fund_create(
        by=by,
        partnership=south,
        name=f"PCC Community Safety Grant {year - 1}/{year % 100:02d}",
        funder="West Mercia Police and Crime Commissioner",
        financial_year=year - 1,
        total=Decimal("140000"),
        description="The Commissioner's annual grant to the partnership.",
    )
    this = funding.fund_create(
        by=by,
        partnership=south,
        name=f"PCC Community Safety Grant {year}/{(year + 1) % 100:02d}",
        funder="West Mercia Police and Crime Commissioner",
        financial_year=year,
        total=Decimal("135000"),
        description="The Commissioner's annual grant to the partnership.",
    )
    rng = random.Random(11)  # noqa: S311 - made-up demo figures
    year_start, year_end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    for title, purpose, lead, requested, allocated, top, p, outputs in PCC_PROJECTS:
        project = funding.project_submit(
            by=by,
            fund=last,
            title=title,
            purpose=purpose,
            lead_partner=Organisation.objects.get(name=lead),
            amount_requested=Decimal(requested),
            funding_type="top_sliced" if top else "local",
            priorities=[priorities[p]],
        )
        funding.project_allocate(
            by=by, project=project, amount=Decimal(allocated), comment="Agreed by the board."
        )
        for quarter in range(4):
            share = (Decimal(allocated) * Decimal(rng.uniform(0.2, 0.25))).quantize(Decimal("0.01"))
            spent_on = min(month_add(year_start, quarter * 3 + 2), today)
            funding.spend_record(
                by=by,
                project=project,
                spent_on=spent_on,
                amount=share,
                description=f"Quarter {quarter + 1} claim",
            )
        for measure, unit, value in outputs:
            funding.output_report(
                by=by,
                project=project,
                measure=measure,
                unit=unit,
                value=Decimal(value),
                period_start=year_start,
                period_end=min(year_end, today),
            )
    deferred = funding.project_submit(
        by=by,
        fund=last,
        title="Bike marking kits",
        purpose="Kits for the police's bike marking events",
        lead_partner=Organisation.objects.get(name="West Mercia Police"),
        amount_requested=Decimal("4000"),
        priorities=[priorities[2]],
    )
    funding.project_defer(
        by=by, project=deferred, reason="No money left this year; resubmit next round.", to_fund=this
    )
    for title, purpose, lead, requested, allocated, top, p, _ in PCC_PROJECTS[:4]:
        project = funding.project_submit(
            by=by,
            fund=this,
            title=title,
            purpose=purpose,
            lead_partner=Organisation.objects.get(name=lead),
            amount_requested=Decimal(requested),
            funding_type="top_sliced" if top else "local",
            priorities=[priorities[p]],
        )
        funding.project_allocate(by=by, project=project, amount=Decimal(allocated))


def _services_register(today: dt.date, year: int) -> None:
    south = Partnership.objects.get(slug=data.SOUTH)
    by = User.objects.get(email="coordinator@worcester.example.org")
    rng = random.Random(23)  # noqa: S311 - made-up demo figures
    for name, provider, frequency, figures in SERVICES:
        service = services_register.service_add(
            by=by,
            partnership=south,
            name=name,
            provider=Organisation.objects.get(name=provider),
            frequency=frequency,
            figures=[f"{f} ({u})" if u else f for f, u, _ in figures],
        )
        rows = list(service.figures.order_by("position"))
        step = 1 if frequency == "month" else 3
        start = dt.date(year - 1, 4, 1)
        while start <= period_start(frequency, today.replace(day=1)) and start <= today:
            values = {
                figure: Decimal(round(typical * step * rng.uniform(0.75, 1.25)))
                for figure, (_, _, typical) in zip(rows, figures, strict=True)
            }
            services_register.figures_enter(by=by, service=service, period_start_on=start, values=values)
            start = month_add(start, step)
