"""Agenda generation picks exactly the items its rules say, on constructed data: each source is in
when it should be and out when not (before the last meeting, closed, not high risk, ...)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from joinedup.cases.models import ActionStatus, Case, CaseAction, CaseStatus
from joinedup.cases.services import cases
from joinedup.intelligence.models import Incident, IncidentCategory, Source
from joinedup.intelligence.tests.test_hotspots import add_incidents, box, make_area
from joinedup.places.models import AreaKind
from joinedup.problems.tests.conftest import profile, worcester  # noqa: F401 (fixtures)
from joinedup.reports.models import Category, CategoryGroup, Report, Status
from joinedup.reports.tests.conftest import _fresh_area_index  # noqa: F401 (fixtures)
from joinedup.tasking.models import Meeting
from joinedup.tasking.services.meetings import agenda_generate

from .conftest import at

NOW = at(dt.date(2026, 4, 20), 9)
BEFORE_LAST_MEETING = at(dt.date(2026, 2, 10))
SINCE_LAST_MEETING = at(dt.date(2026, 4, 1))


@pytest.fixture(autouse=True)
def _april():
    with time_machine.travel(NOW, tick=False):
        yield


def generate(meeting, coordinator, sources=None):
    if sources is not None:
        meeting.group.agenda_sources = sources
        meeting.group.save()
    meeting.refresh_from_db()
    return agenda_generate(by=coordinator, meeting=meeting, version=meeting.version)


def titles(items):
    return [item.title for item in items]


# --- cases ----------------------------------------------------------------------------------------------


def _case(officer_a, south, personal_asb, *, risk, updated_at, status=CaseStatus.OPEN):
    case = cases.case_create(by=officer_a, partnership=south, kind=personal_asb, summary="Noise at night.")
    Case.objects.filter(pk=case.pk).update(
        risk_level=risk,
        updated_at=updated_at,
        status=status,
        outcome="resolved" if status == "closed" else "",
    )
    return Case.objects.get(pk=case.pk)


def test_only_open_high_risk_cases_changed_since_the_last_meeting_are_picked(
    meeting, coordinator, officer_a, south, personal_asb, south_council
):
    new = _case(officer_a, south, personal_asb, risk="high", updated_at=SINCE_LAST_MEETING)
    _case(officer_a, south, personal_asb, risk="high", updated_at=BEFORE_LAST_MEETING)
    _case(officer_a, south, personal_asb, risk="medium", updated_at=SINCE_LAST_MEETING)
    _case(
        officer_a, south, personal_asb, risk="high", updated_at=SINCE_LAST_MEETING, status=CaseStatus.CLOSED
    )

    items = generate(meeting, coordinator, ["high_risk_cases"])

    assert titles(items) == [f"High-risk case {new.reference}: {personal_asb.name}"]
    assert items[0].case_id == new.id
    assert items[0].owner_organisation_id == south_council.id
    assert items[0].owner_officer_id == officer_a.id
    assert "Noise" not in str(items[0].data)  # the summary is read live, never stored on the agenda


def test_open_overdue_case_actions_are_picked_per_partner_and_done_or_not_yet_due_are_not(
    meeting, coordinator, normal_case, south_council, police
):
    def action(title, due, status=ActionStatus.OPEN, organisation=police):
        return CaseAction.objects.create(
            case=normal_case, title=title, assigned_organisation=organisation, due_on=due, status=status
        )

    overdue = action("Visit the neighbours", dt.date(2026, 4, 1))
    action("Letter sent", dt.date(2026, 4, 1), status=ActionStatus.DONE)
    action("Review CCTV", dt.date(2026, 4, 30))
    council = action("Noise diary", dt.date(2026, 3, 20), organisation=south_council)

    items = generate(meeting, coordinator, ["case_actions"])

    assert sorted(titles(items)) == [
        "1 overdue case action: Shire Police",
        "1 overdue case action: South Council",
    ]
    by_owner = {item.owner_organisation_id: item for item in items}
    assert [r["action_id"] for r in by_owner[police.id].data["rows"]] == [overdue.id]
    assert [r["action_id"] for r in by_owner[south_council.id].data["rows"]] == [council.id]


# --- reports --------------------------------------------------------------------------------------------


@pytest.fixture
def litter(south):
    group = CategoryGroup.objects.create(partnership=south, name="Littering")
    return Category.objects.create(partnership=south, group=group, code="litter", name="Litter")


def _report(south, litter, partner, number, **fields):
    created = fields.pop("created_at", at(dt.date(2026, 1, 5)))
    return Report.objects.create(
        partnership=south,
        reference=f"SOU-2026-{number:06d}",
        category=litter,
        description="Bags dumped",
        lead_partner=partner,
        created_at=created,
        status=fields.pop("status", Status.IN_PROGRESS),
        acknowledged_at=fields.pop("acknowledged_at", created),
        acknowledge_by=fields.pop("acknowledge_by", created),
        **fields,
    )


def test_reports_whose_target_fell_due_since_the_last_meeting_unmet_are_picked(
    meeting, coordinator, south, litter, south_council
):
    def report(number, **fields):
        return _report(south, litter, south_council, number, **fields)

    report(1, resolve_by=SINCE_LAST_MEETING)  # open and overdue since the last meeting: in
    report(2, resolve_by=BEFORE_LAST_MEETING)  # breached before the last meeting: out
    report(
        3,
        resolve_by=SINCE_LAST_MEETING,
        status=Status.RESOLVED,
        resolved_at=SINCE_LAST_MEETING - dt.timedelta(days=1),
    )
    report(
        4,
        resolve_by=SINCE_LAST_MEETING,
        status=Status.RESOLVED,
        resolved_at=SINCE_LAST_MEETING + dt.timedelta(days=1),
    )
    report(5, resolve_by=at(dt.date(2026, 4, 24)))  # not due yet: out
    report(
        6,
        status=Status.NEW,
        created_at=at(dt.date(2026, 4, 14)),
        acknowledged_at=None,
        acknowledge_by=at(dt.date(2026, 4, 14), 14),
        resolve_by=at(dt.date(2026, 4, 21)),
    )

    items = generate(meeting, coordinator, ["report_breaches"])

    assert titles(items) == ["3 reports past service target: South Council"]
    rows = {r["report"]: r["target"] for r in items[0].data["rows"]}
    assert rows == {
        "SOU-2026-000001": "Resolve",
        "SOU-2026-000004": "Resolve",
        "SOU-2026-000006": "Acknowledge",
    }
    assert items[0].owner_organisation_id == south_council.id


# --- intelligence ---------------------------------------------------------------------------------------


@pytest.fixture
def district(south):
    area = make_area(
        kind=AreaKind.DISTRICT, code="E07000099", name="Testshire", geometry=box(-2.25, 52.18, -2.21, 52.20)
    )
    south.areas.add(area)
    return area


def _series(district, spike_month):
    """Two years of steady counts in two wards, and a burglary spike in the first in `spike_month`."""
    wards = [
        make_area(
            kind=AreaKind.WARD,
            code=f"E0500009{i}",
            name=f"Ward {i}",
            geometry=box(-2.25, 52.18, -2.21, 52.20),
            parent=district,
        )
        for i in range(2)
    ]
    burglary = IncidentCategory.objects.get(code="burglary")
    rows = []
    for step in range(24):
        month = dt.date(2024 + (step + 3) // 12, (step + 3) % 12 + 1, 1)  # April 2024 to March 2026
        for ward in wards:
            spike = ward == wards[0] and month == spike_month
            rows += [
                Incident(
                    source=Source.POLICE,
                    month=month,
                    category=burglary,
                    category_raw="Burglary",
                    ward=ward,
                    district=district,
                )
                for _ in range(30 if spike else 4)
            ]
    Incident.objects.bulk_create(rows)


def test_an_emerging_issue_in_a_month_not_yet_tested_is_picked(meeting, coordinator, district):
    _series(district, spike_month=dt.date(2026, 2, 1))

    items = generate(meeting, coordinator, ["emerging"])

    assert titles(items) == ["Emerging in Ward 0: Burglary"]
    assert items[0].data["rows"][0]["month"] == "February 2026"
    meeting.refresh_from_db()
    assert (meeting.data_from, meeting.data_to) == (dt.date(2026, 2, 1), dt.date(2026, 3, 1))


def test_an_emerging_issue_already_tested_for_the_last_meeting_is_not_picked_again(
    meeting, last_meeting, coordinator, district
):
    _series(district, spike_month=dt.date(2026, 2, 1))
    Meeting.objects.filter(pk=last_meeting.pk).update(data_to=dt.date(2026, 2, 1))

    assert generate(meeting, coordinator, ["emerging"]) == []


def test_a_cluster_of_incidents_is_a_hot_spot_on_the_agenda(meeting, coordinator, district):
    burglary = IncidentCategory.objects.get(code="burglary")
    grid = [(-2.248 + 0.0025 * i, 52.181 + 0.0012 * j) for i in range(15) for j in range(15)]
    for month in (dt.date(2026, 2, 1), dt.date(2026, 3, 1)):
        add_incidents(grid, month=month, kind=burglary)
        add_incidents(
            [(-2.2300, 52.1900)] * 40, month=month, kind=burglary, location="On or near Cluster Street"
        )

    items = generate(meeting, coordinator, ["hotspots"])

    assert titles(items) == ["Hot spots in Testshire"]
    assert items[0].data["rows"][0]["street"] == "On or near Cluster Street"


def test_no_hot_spots_when_every_month_held_was_on_the_last_agenda(
    meeting, last_meeting, coordinator, district
):
    burglary = IncidentCategory.objects.get(code="burglary")
    add_incidents([(-2.2300, 52.1900)] * 40, month=dt.date(2026, 1, 1), kind=burglary)

    assert generate(meeting, coordinator, ["hotspots", "emerging"]) == []


def test_generating_again_replaces_generated_items_and_keeps_added_ones(meeting, coordinator, normal_case):
    from joinedup.tasking.services.meetings import agenda_item_add

    Case.objects.filter(pk=normal_case.pk).update(risk_level="high", updated_at=SINCE_LAST_MEETING)
    generate(meeting, coordinator, ["high_risk_cases"])
    meeting.refresh_from_db()
    agenda_item_add(by=coordinator, meeting=meeting, version=meeting.version, title="Any other business")
    Case.objects.filter(pk=normal_case.pk).update(risk_level="medium")

    generate(meeting, coordinator)

    assert [i.title for i in meeting.items.all()] == ["Any other business"]


# --- ASB Case Reviews -----------------------------------------------------------------------------------


def test_open_case_reviews_are_listed_with_their_next_deadline_overdue_first_and_closed_ones_not(
    meeting, coordinator, south
):
    from joinedup.casereviews.models import Decision
    from joinedup.casereviews.services import procedures, steps
    from joinedup.casereviews.tests.conftest import record

    made = procedures.procedure_save(by=None, partnership=south, name="South ASB Case Review")
    procedures.rule_add(by=None, procedure=made, kind="reports", count=3, months=6)
    # Received 14 April 2026: 10 working days to acknowledge, not yet due on 20 April.
    waiting = record(coordinator, south, received_on=dt.date(2026, 4, 14))
    # Received in March and acknowledged: the threshold decision is due 15 working days later.
    acknowledged = record(coordinator, south, received_on=dt.date(2026, 3, 2))
    acknowledged = steps.application_acknowledge(
        by=coordinator,
        application=acknowledged,
        version=acknowledged.version,
        acknowledged_on=dt.date(2026, 3, 3),
    )
    closed = record(coordinator, south, received_on=dt.date(2026, 3, 2))
    closed = steps.application_acknowledge(
        by=coordinator, application=closed, version=closed.version, acknowledged_on=dt.date(2026, 3, 3)
    )
    steps.threshold_decide(
        by=coordinator,
        application=closed,
        version=closed.version,
        decision=Decision.NOT_MET,
        decided_on=dt.date(2026, 3, 10),
        reasons="Two reports in six months",
    )

    [item] = generate(meeting, coordinator, ["case_reviews"])

    assert item.title == "ASB Case Reviews open: 2, 1 overdue"
    assert [row["application"] for row in item.data["rows"]] == [acknowledged.reference, waiting.reference]
    assert item.data["rows"][0]["overdue"] == "Overdue" and item.data["rows"][0]["due"] == "24 Mar 2026"
    assert item.data["rows"][1]["due"] == "28 Apr 2026" and item.data["rows"][1]["overdue"] == "On time"
    assert "Alys" not in str(item.data)


# --- repeat victims and the tactical list ---------------------------------------------------------------


def _noise_report(south, police, number, created_at, email):
    group = CategoryGroup.objects.get_or_create(partnership=south, name="Anti-social behaviour")[0]
    noise = Category.objects.get_or_create(partnership=south, group=group, code="noise", name="Noise")[0]
    return Report.objects.create(
        partnership=south,
        category=noise,
        reference=f"WOR-2026-{number:06d}",
        description="Shouting in the street",
        reporter_name="Vera Example",
        reporter_email=email,
        lead_partner=police,
        location_text="Example Road",
        created_at=created_at,
    )


def test_a_repeat_victim_with_an_incident_since_the_last_meeting_and_no_case_is_picked_without_a_name(
    meeting, coordinator, south, police
):
    # Three reports from one person (the default rule: 3 in 365 days), the latest since the last meeting.
    for number, day in enumerate((dt.date(2025, 12, 1), dt.date(2026, 1, 20), dt.date(2026, 4, 2)), 1):
        _noise_report(south, police, number, at(day), "vera@example.org")
    # Three from another person, all before the last meeting: already the last agenda's business.
    for number, day in enumerate((dt.date(2025, 12, 2), dt.date(2026, 1, 5), dt.date(2026, 2, 1)), 4):
        _noise_report(south, police, number, at(day), "walt@example.org")

    [item] = generate(meeting, coordinator, ["repeat_victims"])

    assert item.title == "Repeat victims with no case yet: 1"
    [row] = item.data["rows"]
    assert row["incidents"] == "3" and row["latest"] == "2 Apr 2026"
    assert row["reports"] == "WOR-2026-000001, WOR-2026-000002, WOR-2026-000003"
    assert "Vera" not in str(item.data) and "vera@" not in str(item.data)


def test_each_active_tactical_list_entry_is_an_item_owned_by_its_plan_owner_and_removed_ones_are_not(
    meeting, coordinator, officer_a, normal_case, south_council, police, south, personal_asb
):
    from joinedup.cases.models import TacticalListEntry
    from joinedup.cases.services import tactical

    kept = tactical.tactical_entry_add(
        by=officer_a,
        case=normal_case,
        subject="location",
        location="The alley behind 12 Example Street",
        plan="Lighting and joint patrols",
        plan_owner=police,
        review_on=dt.date(2026, 5, 1),
    )
    TacticalListEntry.objects.filter(pk=kept.pk).update(review_on=dt.date(2026, 4, 1))  # since overdue
    removed = tactical.tactical_entry_add(
        by=officer_a,
        case=_case(officer_a, south, personal_asb, risk="", updated_at=SINCE_LAST_MEETING),
        subject="location",
        location="The car park",
        plan="Gates locked at night",
        plan_owner=south_council,
        review_on=dt.date(2026, 6, 1),
    )
    tactical.tactical_entry_remove(
        by=officer_a, entry=removed, version=removed.version, reason="Gates fitted"
    )

    [item] = generate(meeting, coordinator, ["tactical_list"])

    assert item.title == f"Tactical list: problem location on {normal_case.reference}"
    assert item.case_id == normal_case.id and item.owner_organisation_id == police.id
    assert item.data["rows"][0]["review"] == "1 Apr 2026 (overdue)"
    assert "alley" not in str(item.data) and "Lighting" not in str(item.data)


# --- problem profiles -----------------------------------------------------------------------------------


def test_open_problem_profiles_due_by_the_meeting_are_picked_and_those_not_yet_due_are_not(
    meeting,
    coordinator,
    profile,  # noqa: F811 (the imported fixture)
    officer_a,
    south_council,
):
    from joinedup.problems.models import ProblemProfile

    ProblemProfile.objects.filter(pk=profile.pk).update(review_on=dt.date(2026, 4, 10))
    later = ProblemProfile.objects.get(pk=profile.pk)
    later.pk = None
    later.reference = "WOR-P-2026-999999"
    later.review_on = dt.date(2026, 6, 1)
    later.save()

    [item] = generate(meeting, coordinator, ["problem_profiles"])

    assert item.title == f"Problem profile {profile.reference}: Street drinking by the Guildhall"
    assert item.owner_organisation_id == south_council.id and item.owner_officer_id == officer_a.id
    assert item.data["rows"][0]["review"] == "10 Apr 2026"
