"""The demo's tasking, as someone trying `make demo` finds it; the demo is loaded once for the module."""

import pytest
from django.urls import reverse

from joinedup.partners.models import User
from joinedup.tasking.models import ActionStatus, MeetingStatus, TaskingAction, TaskingGroup
from joinedup.tasking.selectors import action_log

pytestmark = pytest.mark.django_db


def test_the_four_groups_are_tasking_groups_and_safer_worcester_has_a_history_and_a_next_meeting():
    assert TaskingGroup.objects.count() == 4
    safer = TaskingGroup.objects.get(governance_group__name="Safer Worcester")
    statuses = list(safer.meetings.order_by("scheduled_for").values_list("status", flat=True))
    assert statuses == [MeetingStatus.HELD] * 3 + [MeetingStatus.PLANNED]
    upcoming = safer.meetings.get(status=MeetingStatus.PLANNED)
    assert upcoming.generated_at is not None
    assert upcoming.items.exists()
    held = safer.meetings.filter(status=MeetingStatus.HELD)
    assert all(m.attendance.exists() and m.items.exclude(minutes="").exists() for m in held)
    closed = TaskingAction.objects.filter(group=safer, status=ActionStatus.CLOSED).count()
    carried = [a for a in action_log(meeting=upcoming) if a.status == ActionStatus.OPEN]
    assert closed >= 2
    assert len(carried) >= 2


def test_the_coordinator_opens_the_next_meeting_and_its_pack(client):
    client.force_login(User.objects.get(email="coordinator@worcester.example.org"))
    upcoming = TaskingGroup.objects.get(governance_group__name="Safer Worcester").meetings.get(
        status="planned"
    )
    page = client.get(reverse("tasking:meeting-detail", args=[upcoming.id]))
    assert page.status_code == 200
    assert "Generate the agenda again" in page.content.decode()
    assert client.get(reverse("tasking:agenda-pack", args=[upcoming.id])).status_code == 200
