"""Fixtures for tasking, on top of the shared personas (root conftest.py) and the cases fixtures.

In the South partnership:
  South Tasking    a tasking group of the governance tree: South Council and Shire Police are members,
                   meeting every two months
  last_meeting     held on 1 March 2026 (incident data tested up to January 2026)
  meeting          the next one, 3 May 2026, planned
  housing_officer  works for South Housing, not a member of the group
"""

import datetime as dt

import pytest
from django.utils import timezone

from joinedup.cases.tests.conftest import (  # noqa: F401  (fixtures)
    agreement,
    data_classes,
    housing_officer,
    normal_case,
    personal_asb,
    police_agreement,
    police_officer,
    restricted_case,
    south_housing,
)
from joinedup.partners.models import GovernanceGroup, GroupKind
from joinedup.tasking.models import Meeting, MeetingStatus
from joinedup.tasking.services import groups as group_services


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def governance(south, south_council, police):
    group = GovernanceGroup.objects.create(partnership=south, name="South Tasking", kind=GroupKind.TASKING)
    group.members.set([south_council, police])
    return group


@pytest.fixture
def tasking_group(governance, coordinator):
    return group_services.group_create(
        by=coordinator,
        governance_group=governance,
        terms_of_reference="Task partners to the problems that matter most.",
        cycle_every=2,
        cycle_unit="months",
    )


@pytest.fixture
def last_meeting(tasking_group, coordinator):
    meeting = group_services.meeting_schedule(
        by=coordinator, group=tasking_group, scheduled_for=at(dt.date(2026, 3, 1))
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD, data_to=dt.date(2026, 1, 1))
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def meeting(tasking_group, coordinator, last_meeting):
    return group_services.meeting_schedule(
        by=coordinator, group=tasking_group, scheduled_for=at(dt.date(2026, 5, 3))
    )
