"""The problem-solving pages as people use them: who sees and changes what; bad input kept and explained."""

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.problems.models import Patrol, PatrolIssue, ProblemProfile, ResponseAction
from joinedup.reports.models import Report, Source

from .conftest import GUILDHALL


def detail(profile):
    return reverse("problems:detail", args=[profile.reference])


@pytest.mark.parametrize(
    ("persona", "sees", "edits"),
    [
        ("officer_a", 200, 200),  # the owner
        ("coordinator", 200, 200),
        ("police_officer", 200, 403),  # staff of the partnership: sees, does not edit
        ("analyst", 200, 403),
        ("officer_b", 404, 404),  # another partnership
    ],
)
def test_each_persona_sees_and_edits_what_the_rules_allow(persona, sees, edits, profile, client_for, request):
    user = request.getfixturevalue(persona)
    client = client_for(user)

    assert client.get(detail(profile)).status_code == sees
    assert client.get(reverse("problems:edit", args=[profile.reference])).status_code == edits
    listed = client.get(reverse("problems:list")).content.decode()
    assert (profile.reference in listed) == (sees == 200)
    if sees == 200:
        assert AuditEvent.objects.filter(actor=user, action=Action.VIEWED, object_id=str(profile.pk)).exists()


def test_anonymous_people_are_sent_to_sign_in(profile, anonymous):
    for url in (
        reverse("problems:list"),
        detail(profile),
        reverse("problems:patrols"),
        reverse("problems:new", args=["location"]),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))


def test_the_profile_page_shows_the_scanning_counts_and_the_charts(
    profile, place_incidents, client_for, officer_a
):
    place_incidents([(0, 0, "2025-03")] * 3)

    body = client_for(officer_a).get(detail(profile)).content.decode()

    assert "Street drinking by the Guildhall" in body
    assert 'aria-labelledby="trends-chart-description"' in body
    assert "Anti-social behaviour" in body
    assert "Not assessed yet" in body


def test_starting_from_a_location_through_the_form(client_for, officer_a, south, worcester):
    response = client_for(officer_a).post(
        reverse("problems:new", args=["location"]),
        {
            "partnership": south.id,
            "title": "Drinking on the High Street",
            "objective": "Fewer calls about drinking by summer",
            "period_from": "2025-01",
            "period_to": "2025-12",
            "location_name": "High Street",
            "latitude": GUILDHALL[1],
            "longitude": GUILDHALL[0],
            "radius": 150,
        },
    )

    made = ProblemProfile.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(made)


def test_bad_input_on_a_new_profile_is_explained_and_kept(client_for, officer_a, south, worcester):
    response = client_for(officer_a).post(
        reverse("problems:new", args=["location"]),
        {
            "partnership": south.id,
            "title": "Kept title",
            "period_from": "June",
            "period_to": "2025-12",
            "radius": 5,
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "<title>" in body and "Error" in body
    assert "Say what the partnership wants to achieve" in body
    assert "must be a month written as year and month" in body
    assert "Enter the latitude" in body
    assert 'value="Kept title"' in body
    assert not ProblemProfile.objects.exists()


def test_linking_a_case_not_shared_with_you_is_refused_on_the_form(
    client_for, housing_officer, south, worcester, normal_case
):
    response = client_for(housing_officer).post(
        reverse("problems:new", args=["case"]),
        {
            "partnership": south.id,
            "title": "Noise",
            "objective": "Stop it",
            "period_from": "2025-01",
            "period_to": "2025-12",
            "case_reference": normal_case.reference,
            "radius": 150,
        },
    )
    assert response.status_code == 200
    assert "so it cannot be linked" in response.content.decode()
    assert not ProblemProfile.objects.exists()


def test_closing_without_an_assessment_is_refused_with_a_clear_message(profile, client_for, officer_a):
    response = client_for(officer_a).post(
        reverse("problems:edit", args=[profile.reference]),
        {
            "version": 1,
            "title": profile.title,
            "objective": profile.objective,
            "stage": "closed",
            "owner_officer": officer_a.id,
            "period_from": "2025-01",
            "period_to": "2025-12",
        },
    )
    assert response.status_code == 200
    assert "cannot close without an assessment" in response.content.decode()
    profile.refresh_from_db()
    assert profile.stage == "scanning"


def test_a_response_without_an_owner_or_due_date_is_refused_on_the_page(profile, client_for, officer_a):
    response = client_for(officer_a).post(
        reverse("problems:work", args=[profile.reference, "action"]), {"action-title": "Extra patrols"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose the partner who owns the response" in body
    assert "Enter the date it is due" in body
    assert "Choose the type of intervention" in body
    assert not ResponseAction.objects.exists()


def test_a_stale_edit_keeps_what_was_typed_and_shows_the_profile_as_it_is(
    profile, client_for, officer_a, coordinator
):
    form = {
        "title": "Renamed",
        "objective": profile.objective,
        "stage": "analysis",
        "period_from": "2025-01",
        "period_to": "2025-12",
        "version": 1,
    }
    client_for(coordinator).post(reverse("problems:edit", args=[profile.reference]), form)
    response = client_for(officer_a).post(
        reverse("problems:edit", args=[profile.reference]), form | {"title": "Mine"}
    )

    body = response.content.decode()
    assert "was changed by Cara Coordinator" in body
    assert "The profile as it is now" in body and 'value="Mine"' in body
    profile.refresh_from_db()
    assert profile.title == "Renamed"


def test_a_patrol_is_planned_logged_and_its_issue_is_raised_as_a_routed_report(
    profile, client_for, officer_a, police, police_officer, litter, litter_rule
):
    client = client_for(officer_a)
    response = client.post(
        reverse("problems:patrol-new"),
        {
            "partnership": profile.partnership_id,
            "profile": profile.id,
            "day_0": "9",
            "day_1": "5",
            "day_2": "2025",
            "start_time": "22:00",
            "end_time": "02:00",
            "organisations": [officer_a.organisation_id, police.id],
            "officers": [officer_a.id, police_officer.id],
            "others": "Two street pastors",
        },
    )
    patrol = Patrol.objects.get()
    assert response.status_code == 302
    assert patrol.where == "High Street by the Guildhall" and patrol.hours == 4  # across midnight

    client_for(police_officer).post(
        reverse("problems:patrol-log", args=[patrol.id]),
        {
            "log-version": 1,
            "log-status": "done",
            "log-day_0": "9",
            "log-day_1": "5",
            "log-day_2": "2025",
            "log-start_time": "22:00",
            "log-end_time": "02:30",
            "log-engagements": 14,
            "log-outcomes": "Bottles cleared, two groups moved on",
        },
    )
    response = client_for(police_officer).post(
        reverse("problems:patrol-issue", args=[patrol.id]),
        {"issue-category": litter.id, "issue-description": "Broken bottles outside the Guildhall"},
    )

    patrol.refresh_from_db()
    assert patrol.status == "done" and patrol.hours == 4.5 and patrol.engagements == 14
    report = Report.objects.get()
    assert response.status_code == 302
    assert report.lead_partner == litter_rule.lead_partner and report.source == Source.STREET_AUDIT
    assert report.logged_by == police_officer and report.events.filter(kind="routed").exists()
    assert PatrolIssue.objects.get().report == report
    assert report in profile.reports.all()
    kinds = list(profile.events.values_list("kind", flat=True))
    assert {"patrol_planned", "patrol_logged", "issue_raised"} <= set(kinds)


def test_only_those_on_the_patrol_record_it_and_stale_records_are_refused(
    profile, client_for, officer_a, housing_officer, plan_patrol
):
    patrol = plan_patrol(profile.partnership, profile)
    log = {
        "log-version": 1,
        "log-status": "done",
        "log-day_0": "9",
        "log-day_1": "5",
        "log-day_2": "2025",
        "log-start_time": "21:00",
        "log-end_time": "23:00",
        "log-engagements": 3,
        "log-outcomes": "Quiet",
    }
    assert (
        client_for(housing_officer).post(reverse("problems:patrol-log", args=[patrol.id]), log).status_code
        == 403
    )

    client_for(officer_a).post(reverse("problems:patrol-log", args=[patrol.id]), log)
    again = client_for(officer_a).post(
        reverse("problems:patrol-log", args=[patrol.id]), log | {"log-outcomes": "Busy"}
    )

    assert "Someone recorded this patrol after you opened it" in again.content.decode()
    patrol.refresh_from_db()
    assert patrol.outcomes == "Quiet" and patrol.version == 2


def test_a_patrol_without_partners_or_a_place_is_explained(client_for, officer_a, south, worcester):
    response = client_for(officer_a).post(
        reverse("problems:patrol-new"),
        {"partnership": south.id, "day_0": "31", "day_1": "2", "day_2": "2025", "start_time": "25:00"},
    )
    body = response.content.decode()
    assert "Choose the partners taking part" in body
    assert "Say where the patrol goes" in body
    assert "Date must be a real date" in body
    assert "Start time must be a time like 21:30" in body
    assert not Patrol.objects.exists()


def test_other_partnerships_patrols_are_not_found(profile, client_for, officer_a, officer_b, plan_patrol):
    patrol = plan_patrol(profile.partnership)
    assert client_for(officer_b).get(reverse("problems:patrol", args=[patrol.id])).status_code == 404
    assert client_for(officer_a).get(reverse("problems:patrol", args=[patrol.id])).status_code == 200
