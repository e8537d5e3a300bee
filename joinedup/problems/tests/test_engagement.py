"""Engagement programmes as coordinators run them: steps, deliverables, the group, training, the timeline."""

import datetime as dt

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.problems import engagement_selectors as selectors
from joinedup.problems.models import EngagementStep, GroupMember, Step, StepStatus, TrainingSession
from joinedup.problems.services import engagement

from .engagement_fixtures import *  # noqa: F403 (fixtures)
from .engagement_fixtures import START

pytestmark = pytest.mark.django_db


def step(programme, name):
    return EngagementStep.objects.get(programme=programme, step=name)


def test_a_new_programme_has_its_eight_steps_in_order_planned_across_forty_weeks(programme):
    steps = list(programme.steps.order_by("position"))
    assert [s.step for s in steps] == Step.values
    assert steps[0].planned_start == START
    assert steps[-1].planned_end == START + dt.timedelta(weeks=40) - dt.timedelta(days=1)
    assert all(s.status == StepStatus.NOT_STARTED for s in steps)
    assert AuditEvent.objects.filter(action=Action.CREATED, object_id=str(programme.pk)).exists()


def test_only_a_coordinator_of_the_partnership_starts_a_programme(
    officer_a, officer_b, south, guildhall_ward
):
    for user in (officer_a, officer_b):
        with pytest.raises(NotPermitted):
            engagement.programme_create(
                by=user, partnership=south, name="X", starts_on=START, area=guildhall_ward
            )


def test_a_step_cannot_end_before_it_starts(coordinator, programme):
    with pytest.raises(ApplicationError, match="on or after the planned start"):
        engagement.step_update(
            by=coordinator,
            step=step(programme, "purpose"),
            planned_start=dt.date(2026, 3, 1),
            planned_end=dt.date(2026, 2, 1),
            status="in_progress",
        )


def test_a_step_cannot_be_done_while_an_earlier_step_has_not_started(coordinator, programme):
    with pytest.raises(ApplicationError, match="earlier steps have not started: establish purpose"):
        engagement.step_update(
            by=coordinator,
            step=step(programme, "local_teams"),
            planned_start=None,
            planned_end=None,
            status="done",
        )


def test_a_step_with_open_deliverables_cannot_be_done_until_they_are_ticked(coordinator, programme):
    purpose = step(programme, "purpose")
    item = engagement.deliverable_add(by=coordinator, step=purpose, text="Terms of reference agreed")
    with pytest.raises(ApplicationError, match="1 open deliverable first"):
        engagement.step_update(
            by=coordinator, step=purpose, planned_start=None, planned_end=None, status="done"
        )
    engagement.deliverable_tick(by=coordinator, deliverable=item, done=True)
    done = engagement.step_update(
        by=coordinator, step=purpose, planned_start=START, planned_end=START, status="done", today=START
    )
    assert done.completed_on == START


def test_a_blocked_step_must_say_why(coordinator, programme):
    with pytest.raises(ApplicationError, match="Say why"):
        engagement.step_update(
            by=coordinator,
            step=step(programme, "purpose"),
            planned_start=None,
            planned_end=None,
            status="blocked",
        )


def test_the_list_shows_the_current_step_and_which_programmes_are_late(coordinator, programme):
    today = START + dt.timedelta(weeks=6)  # the first step (weeks 1-5) is over and not done
    [row] = selectors.programme_list(user=coordinator, today=today)
    assert row.current.step == "purpose"
    assert [s.step for s in row.late] == ["purpose", "local_teams"]  # local teams should have started


def test_the_timeline_marks_planned_weeks_and_late_ones_in_words(coordinator, programme, client_for):
    timeline = selectors.timeline(programme=programme, today=START + dt.timedelta(weeks=6))
    assert len(timeline.weeks) == 40 and timeline.current_week == 7
    first = timeline.rows[0]
    assert [c.planned for c in first.cells[:6]] == [True] * 5 + [False]
    assert first.late and all(c.late for c in first.cells[:5])
    page = client_for(coordinator).get(reverse("problems:programme", args=[programme.id])).content.decode()
    assert "40-week timeline" in page and '<th scope="row"' in page
    assert "Planned" in page or "lanned" in page


def test_the_step_page_refuses_bad_dates_with_the_error_summary_and_keeps_the_input(
    coordinator, programme, client_for
):
    url = reverse("problems:step", args=[programme.id, "purpose"])
    response = client_for(coordinator).post(
        url,
        {
            "action": "step",
            "step-planned_start_0": "10",
            "step-planned_start_1": "3",
            "step-planned_start_2": "2026",
            "step-planned_end_0": "1",
            "step-planned_end_1": "3",
            "step-planned_end_2": "2026",
            "step-status": "in_progress",
            "step-notes": "Met the ward councillors",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "There is a problem" in page
        and page.count("The planned end must be on or after the planned start") == 2
    )
    assert "Met the ward councillors" in page
    assert step(programme, "purpose").status == StepStatus.NOT_STARTED


def test_deliverables_are_added_and_ticked_on_the_step_page(coordinator, programme, client_for):
    client = client_for(coordinator)
    url = reverse("problems:step", args=[programme.id, "purpose"])
    client.post(url, {"action": "add", "new-text": "Purpose statement written"})
    item = step(programme, "purpose").deliverables.get()
    client.post(url, {"action": "done", "deliverable": item.id})
    item.refresh_from_db()
    assert item.done and item.done_by == coordinator
    response = client.post(url, {"action": "add", "new-text": ""})
    assert "Say what the deliverable is" in response.content.decode()


def test_a_member_with_contact_details_needs_a_date_of_consent(coordinator, programme):
    with pytest.raises(ApplicationError, match="only be kept with the member's consent"):
        engagement.member_add(by=coordinator, programme=programme, name="Ann", phone="07700 900123")
    assert not GroupMember.objects.exists()


def test_a_member_who_leaves_loses_access_and_their_contact_details(coordinator, resident_member, community):
    from joinedup.problems import engagement_policy

    assert engagement_policy.programme_ids_for(community).exists()
    engagement.member_leave(by=coordinator, member=resident_member)
    resident_member.refresh_from_db()
    assert resident_member.email == "" and resident_member.contact_consent_on is None
    assert not engagement_policy.programme_ids_for(community).exists()


def test_a_member_who_left_can_be_added_again_and_sees_the_programme_again(
    coordinator, resident_member, community
):
    from joinedup.problems import engagement_policy

    engagement.member_leave(by=coordinator, member=resident_member)
    engagement.member_add(
        by=coordinator, programme=resident_member.programme, name="Rita again", account_email=community.email
    )

    assert engagement_policy.programme_ids_for(community).exists()
    assert resident_member.programme.members.filter(left_on__isnull=True, user=community).count() == 1


def test_viewing_the_groups_contact_details_is_recorded(coordinator, resident_member, client_for):
    page = client_for(coordinator).get(reverse("problems:members", args=[resident_member.programme_id]))
    assert "rita@example.org" in page.content.decode()
    assert AuditEvent.objects.filter(actor=coordinator, action=Action.VIEWED).exists()


def test_adding_a_member_through_the_page(coordinator, programme, client_for):
    url = reverse("problems:members", args=[programme.id])
    response = client_for(coordinator).post(
        url,
        {
            "name": "Imam Yusuf",
            "group_role": "Member",
            "organisation": "Warndon mosque",
            "email": "y@example.org",
        },
    )
    assert "only be kept with the member&#x27;s consent" in response.content.decode()
    assert not programme.members.exists()
    client_for(coordinator).post(
        url,
        {
            "name": "Imam Yusuf",
            "organisation": "Warndon mosque",
            "email": "y@example.org",
            "consent_on_0": "6",
            "consent_on_1": "1",
            "consent_on_2": "2026",
        },
    )
    member = programme.members.get()
    assert (
        member.contact_consent_on == dt.date(2026, 1, 6) and member.contact_consent_recorded_by == coordinator
    )


def test_training_attendance_cannot_be_negative_or_fewer_than_those_named(
    coordinator, programme, resident_member, client_for
):
    url = reverse("problems:training-new", args=[programme.id])
    base = {
        "kind": "problem_solving",
        "held_on_0": "20",
        "held_on_1": "1",
        "held_on_2": "2026",
        "trainer": "PC Shah",
        "location": "Warndon library",
    }
    response = client_for(coordinator).post(url, {**base, "attendance": "-2"})
    assert "Attendance must be 0 or more" in response.content.decode()
    response = client_for(coordinator).post(
        url, {**base, "attendance": "0", "attendees": [resident_member.id]}
    )
    assert "cannot be fewer than the 1 members named" in response.content.decode()
    assert not TrainingSession.objects.exists()
    response = client_for(coordinator).post(
        url, {**base, "attendance": "9", "attendees": [resident_member.id]}
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert session.attendance == 9 and list(session.attendees.all()) == [resident_member]
    page = client_for(coordinator).get(reverse("problems:programme", args=[programme.id])).content.decode()
    assert "Problem-solving training" in page and "Rita Resident" in page


def test_training_attendance_too_large_to_record_is_refused_not_an_error_page(
    coordinator, programme, client_for
):
    url = reverse("problems:training-new", args=[programme.id])
    form = {
        "kind": "problem_solving",
        "held_on_0": "20",
        "held_on_1": "1",
        "held_on_2": "2026",
        "trainer": "PC Shah",
        "location": "Warndon library",
        "attendance": "99999999999999999999",
    }
    response = client_for(coordinator).post(url, form)
    page = response.content.decode()
    assert response.status_code == 200 and "Attendance is too large" in page and "PC Shah" in page
    assert not TrainingSession.objects.exists()


def test_other_training_must_be_named(coordinator, programme):
    with pytest.raises(ApplicationError, match="Say what the training was"):
        engagement.training_record(
            by=coordinator,
            programme=programme,
            kind="other",
            held_on=START,
            trainer="T",
            location="L",
            attendance=3,
            today=START,
        )


def test_a_programme_started_through_the_form_and_bad_input_kept(
    coordinator, south, guildhall_ward, client_for
):
    client = client_for(coordinator)
    url = reverse("problems:programme-new")
    response = client.post(
        url, {"partnership": south.id, "name": "Warndon", "location_name": "Warndon Villages"}
    )
    page = response.content.decode()
    assert "Enter the start date" in page and "Warndon Villages" in page
    response = client.post(
        url,
        {
            "partnership": south.id,
            "name": "Warndon",
            "area": guildhall_ward.id,
            "starts_on_0": "2",
            "starts_on_1": "3",
            "starts_on_2": "2026",
        },
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_a_point_programme_outside_the_partnership_is_refused(coordinator, south, worcester):
    from joinedup.problems.locations import Point

    with pytest.raises(ApplicationError, match="outside the area"):
        engagement.programme_create(
            by=coordinator,
            partnership=south,
            name="Brum",
            starts_on=START,
            location_name="Bullring",
            point=Point(-1.8904, 52.4862, "test"),
        )
