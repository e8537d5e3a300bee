"""The partnership plan: its period rules, RAG, measures (entered and linked to the scorecard), dated
updates on actions, the progress page, and who may see and change what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from joinedup.audit.models import AuditEvent
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.intelligence import measures as scorecards
from joinedup.intelligence.models import Incident, IncidentCategory, MeasureKind, Source
from joinedup.places.models import Area, AreaKind
from joinedup.plan import plan_selectors
from joinedup.plan.models import ActionStatus, MeasureSource, Plan, PlanMeasureValue
from joinedup.plan.plan_rules import Rag, action_rag
from joinedup.plan.services import plan as plan_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
TODAY = dt.date(2025, 11, 14)


@pytest.mark.parametrize(
    ("status", "target", "expected"),
    [
        ("on_track", dt.date(2026, 3, 31), Rag.GREEN),
        ("not_started", dt.date(2026, 3, 31), Rag.GREEN),
        ("not_started", dt.date(2025, 12, 1), Rag.AMBER),  # within the 28-day warning window
        ("at_risk", dt.date(2026, 3, 31), Rag.AMBER),
        ("off_track", dt.date(2026, 3, 31), Rag.RED),
        ("on_track", dt.date(2025, 11, 13), Rag.RED),  # overdue and not complete
        ("complete", dt.date(2025, 1, 1), Rag.COMPLETE),
        ("withdrawn", dt.date(2025, 1, 1), Rag.WITHDRAWN),
    ],
)
def test_rag_follows_the_documented_rule(status, target, expected):
    assert action_rag(status=status, target_date=target, today=TODAY) == expected


def _start(by, partnership, **overrides):
    values = {
        "title": "Plan",
        "starts_on": dt.date(2028, 4, 1),
        "ends_on": dt.date(2031, 3, 31),
        "assessment_title": "SA",
        "assessment_date": dt.date(2025, 1, 1),
        "assessment_summary": "Summary",
    }
    return plan_services.plan_start(by=by, partnership=partnership, **(values | overrides))


def test_a_plan_must_end_after_it_starts_and_cover_at_most_three_years(south, coordinator):
    with pytest.raises(ApplicationError, match="The plan must end after it starts"):
        _start(coordinator, south, ends_on=dt.date(2028, 3, 1))
    with pytest.raises(ApplicationError, match="covers at most 3 years"):
        _start(coordinator, south, ends_on=dt.date(2031, 4, 1))
    assert _start(coordinator, south).period_label == "2028 to 2031"


def test_plan_length_is_a_setting(south, coordinator, settings):
    settings.PLAN_YEARS = 4
    assert _start(coordinator, south, ends_on=dt.date(2032, 3, 31)).period_label == "2028 to 2032"


def test_plans_of_one_partnership_cannot_overlap(plan, coordinator, south):
    with pytest.raises(ApplicationError, match="already has a plan for 2024 to 2027"):
        _start(coordinator, south, starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2029, 3, 31))


def test_an_officer_cannot_start_or_change_the_plan(south, officer_a, plan):
    with pytest.raises(NotPermitted):
        _start(officer_a, south)
    with pytest.raises(NotPermitted):
        plan_services.priority_add(by=officer_a, plan=plan, title="Safer Roads")


def test_a_refresh_keeps_the_earlier_assessment(plan, coordinator):
    plan_services.plan_refresh(
        by=coordinator,
        plan=plan,
        refreshed_on=dt.date(2025, 4, 1),
        assessment_title="Strategic Assessment 2025",
        assessment_date=dt.date(2025, 2, 1),
        assessment_summary="Shoplifting still rising.",
    )
    plan.refresh_from_db()
    assert plan.assessment.title == "Strategic Assessment 2025"
    assert [a.title for a in plan_selectors.assessments_for(plan=plan)] == [
        "Strategic Assessment 2025",
        "Strategic Assessment 2024",
    ]
    progress = plan_selectors.plan_progress(user=coordinator, plan=plan)
    assert progress.refresh_due_on == dt.date(2026, 4, 1)
    assert progress.assessment_due_on == dt.date(2026, 2, 1)


def test_the_responsible_partner_updates_an_action_and_its_rag_follows(
    action, officer_a, analyst, coordinator
):
    with pytest.raises(NotPermitted):  # the police are not responsible for this one
        plan_services.action_update_add(by=analyst, action=action, text="Done", status="complete")
    plan_services.action_update_add(
        by=officer_a, action=action, text="Course booked", status=ActionStatus.AT_RISK
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    update = action.updates.get()
    assert (update.status_before, update.status, update.written_by) == ("not_started", "at_risk", officer_a)
    progress = plan_selectors.plan_progress(user=coordinator, plan=action.objective.priority.plan)
    assert dict(progress.rag_counts)[Rag.AMBER] == 1
    assert AuditEvent.objects.filter(
        object_repr=action.title, changes__status=["not_started", "at_risk"]
    ).exists()


def test_progress_for_a_past_day_reads_status_back_from_the_updates(action, officer_a, coordinator, clock):
    plan_services.action_update_add(by=officer_a, action=action, text="Started", status="on_track")
    clock.move_to(dt.datetime(2026, 1, 10, 12, 0))
    plan_services.action_update_add(by=officer_a, action=action, text="Slipping", status="off_track")
    plan = action.objective.priority.plan
    then = plan_selectors.plan_progress(user=coordinator, plan=plan, as_of=dt.date(2025, 12, 1))
    now = plan_selectors.plan_progress(user=coordinator, plan=plan)
    assert then.priorities[0].objectives[0].actions[0].status == "on_track"
    assert now.priorities[0].objectives[0].actions[0].rag == Rag.RED


def test_an_action_needs_one_responsible_member_and_a_date_in_the_plan(objective, coordinator, north_council):
    with pytest.raises(ApplicationError, match="Choose who is responsible"):
        plan_services.action_add(
            by=coordinator, objective=objective, title="X", target_date=dt.date(2026, 1, 1)
        )
    with pytest.raises(ApplicationError, match="North Council is not a member of South Partnership"):
        plan_services.action_add(
            by=coordinator,
            objective=objective,
            title="X",
            responsible_organisation=north_council,
            target_date=dt.date(2026, 1, 1),
        )


def _entered(objective, coordinator, **kwargs):
    return plan_services.measure_add(
        by=coordinator,
        objective=objective,
        name="Repeat victims of domestic abuse",
        source=MeasureSource.ENTERED,
        period="quarter",
        baseline=30,
        target=25,
        direction="down",
        **kwargs,
    )


def test_an_entered_measure_refuses_a_period_outside_the_plan_or_misaligned(
    objective, coordinator, officer_a
):
    measure = _entered(objective, coordinator)
    with pytest.raises(ApplicationError, match="Choose a period within the plan, April 2024 to March 2027"):
        plan_services.measure_value_enter(
            by=officer_a, measure=measure, period_start_on=dt.date(2024, 1, 1), value=3
        )
    with pytest.raises(ApplicationError, match="May 2025 is not the first month of a period"):
        plan_services.measure_value_enter(
            by=officer_a, measure=measure, period_start_on=dt.date(2025, 5, 1), value=3
        )
    with pytest.raises(ApplicationError, match="has not started yet"):
        plan_services.measure_value_enter(
            by=officer_a, measure=measure, period_start_on=dt.date(2026, 1, 1), value=3
        )
    assert not PlanMeasureValue.objects.exists()


def test_measure_progress_shows_latest_against_target_and_the_trend_in_words(
    objective, coordinator, officer_a
):
    measure = _entered(objective, coordinator)
    for start, value in ((dt.date(2025, 4, 1), 28), (dt.date(2025, 7, 1), 24)):
        plan_services.measure_value_enter(by=officer_a, measure=measure, period_start_on=start, value=value)
    progress = plan_selectors.plan_progress(user=coordinator, plan=objective.priority.plan)
    row = progress.priorities[0].objectives[0].measures[0]
    assert row.latest.label == "Q2 2025/26"
    assert row.target_met is True
    assert row.trend == ("↓", "Down from 28 in Q1 2025/26 (better)")


def test_a_linked_measure_is_counted_live_from_the_scorecard(objective, coordinator, south):
    worcester = Area.objects.create(
        kind=AreaKind.DISTRICT,
        code="E07000237",
        name="Worcester",
        boundary="{}",
        **{"min_lon": 0, "min_lat": 0, "max_lon": 1, "max_lat": 1},
    )
    south.areas.add(worcester)
    burglary = IncidentCategory.objects.get(code="burglary")
    linked = scorecards.measure_save(
        by=coordinator,
        partnership=south,
        name="Burglary",
        scorecard="Crime",
        kind=MeasureKind.COUNT,
        period="quarter",
        target=None,
        direction="down",
        area=worcester,
        categories=[burglary],
    )
    # police.uk data up to September 2025: Q2 2025/26 is the latest complete quarter.
    for month, n in (("2025-04-01", 5), ("2025-07-01", 3), ("2025-09-01", 1)):
        Incident.objects.bulk_create(
            Incident(
                source=Source.POLICE,
                month=dt.date.fromisoformat(month),
                category=burglary,
                category_raw="Burglary",
                district=worcester,
            )
            for _ in range(n)
        )
    plan_services.measure_add(
        by=coordinator,
        objective=objective,
        name="Burglaries in Worcester",
        source=MeasureSource.SCORECARD,
        scorecard_measure=linked,
        target=4,
    )
    row = (
        plan_selectors.plan_progress(user=coordinator, plan=objective.priority.plan)
        .priorities[0]
        .objectives[0]
        .measures[0]
    )
    assert [(f.label, f.value) for f in row.figures[-2:]] == [("Q1 2025/26", 5.0), ("Q2 2025/26", 4.0)]
    assert 'Scorecard measure "Burglary"' in row.source


# --- pages ------------------------------------------------------------------------------------------------


def test_the_progress_page_shows_priorities_measures_and_actions_by_rag(
    client_for, officer_a, action, objective, coordinator
):
    _entered(objective, coordinator)
    page = client_for(officer_a).get(reverse("plan:plan", args=[action.objective.priority.plan.id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Safer Homes" in text and "Domestic abuse" in text and "Reduce repeat domestic abuse" in text
    assert "Repeat victims of domestic abuse" in text and "No figure yet" in text
    assert "Green: 1 action" in text and "Train housing staff in DA awareness" in text
    assert "Add a priority" not in text  # officers read the plan, coordinators change it


def test_another_partnership_gets_not_found_and_the_public_is_sent_to_sign_in(
    client_for, officer_b, action, anonymous
):
    plan = action.objective.priority.plan
    for url in (reverse("plan:plan", args=[plan.id]), reverse("plan:action", args=[action.id])):
        assert client_for(officer_b).get(url).status_code == 404
        assert anonymous.get(url).status_code == 302
    assert plan.title not in client_for(officer_b).get(reverse("plan:home")).content.decode()


def test_an_officer_cannot_open_the_coordinators_forms(client_for, officer_a, plan):
    assert client_for(officer_a).get(reverse("plan:plan-add", args=[plan.id, "priority"])).status_code == 403
    assert client_for(officer_a).get(reverse("plan:plan-new")).status_code == 403


def test_starting_a_plan_with_bad_dates_shows_the_error_summary_and_keeps_the_input(
    client_for, coordinator, south
):
    page = client_for(coordinator).post(
        reverse("plan:plan-new"),
        {
            "partnership": south.id,
            "title": "Our plan",
            "starts_on_0": "1",
            "starts_on_1": "4",
            "starts_on_2": "2025",
            "ends_on_0": "31",
            "ends_on_1": "3",
            "ends_on_2": "2025",
            "assessment_title": "SA 2025",
            "assessment_date_0": "1",
            "assessment_date_1": "2",
            "assessment_date_2": "2025",
            "assessment_summary": "Rising shoplifting",
        },
    )
    text = page.content.decode()
    assert "There is a problem" in text and "The plan must end after it starts" in text
    assert 'value="Our plan"' in text
    assert not Plan.objects.exists()


def test_a_coordinator_adds_a_priority_and_an_action_through_the_pages(
    client_for, coordinator, plan, south_council
):
    client = client_for(coordinator)
    client.post(
        reverse("plan:plan-add", args=[plan.id, "priority"]),
        {"title": "Safer Roads", "areas_of_focus": "Speeding"},
    )
    priority = plan.priorities.get()
    client.post(
        reverse("plan:plan-add", args=[plan.id, "objective"]),
        {"priority": priority.id, "title": "Fewer KSIs"},
    )
    objective = priority.objectives.get()
    page = client.post(
        reverse("plan:plan-add", args=[plan.id, "action"]),
        {
            "objective": objective.id,
            "title": "Speed watch",
            "responsible": f"organisation-{south_council.id}",
            "target_date_0": "1",
            "target_date_1": "6",
            "target_date_2": "2028",
            "resources_amount": "-5",
        },
    )
    text = page.content.decode()
    assert "The target date must fall within the plan" in text or "cannot be negative" in text
    assert not objective.actions.exists()
    page = client.post(
        reverse("plan:plan-add", args=[plan.id, "action"]),
        {
            "objective": objective.id,
            "title": "Speed watch",
            "responsible": f"organisation-{south_council.id}",
            "target_date_0": "1",
            "target_date_1": "6",
            "target_date_2": "2026",
            "resources_amount": "1500",
        },
    )
    assert page.status_code == 302
    assert objective.actions.get().resources_amount == 1500


def test_an_update_from_someone_not_responsible_is_refused(client_for, analyst, action):
    page = client_for(analyst).post(
        reverse("plan:action", args=[action.id]), {"text": "x", "status": "complete"}
    )
    assert page.status_code == 403
    with pytest.raises(ObjectDoesNotExist):
        action.updates.get()


def test_an_update_without_text_is_refused_with_the_message(client_for, officer_a, action):
    page = client_for(officer_a).post(
        reverse("plan:action", args=[action.id]), {"text": "", "status": "on_track"}
    )
    assert "Say what has happened since the last update" in page.content.decode()
    action.refresh_from_db()
    assert action.status == "not_started"
