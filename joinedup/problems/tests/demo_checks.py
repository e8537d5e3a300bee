"""The demo's problem solving, as someone trying `make demo` finds it; the demo loads once for the module."""

import pytest

from joinedup.partners.models import User
from joinedup.problems import selectors
from joinedup.problems.models import Patrol, ProblemProfile

pytestmark = pytest.mark.django_db


def test_two_worcester_profiles_one_assessed_and_closed_one_in_response():
    stages = dict(ProblemProfile.objects.values_list("title", "stage"))
    assert sorted(stages.values()) == ["closed", "response"]
    closed = ProblemProfile.objects.get(stage="closed")
    assessment = closed.assessments.get()
    target = assessment.results["zones"][0]
    assert target["before"] > 0  # real police.uk incidents round the Guildhall
    assert assessment.results["patrols"]["after"] == {"count": 6, "hours": 18.0}
    assert all(p.synthetic for p in ProblemProfile.objects.all())


def test_the_profiles_have_patrols_and_the_coordinator_sees_them():
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    assert selectors.profile_list(user=coordinator, stage="all").count() == 2
    assert Patrol.objects.filter(status="done").count() == 7
    assert Patrol.objects.filter(status="planned").count() == 1
    north = User.objects.get(email="coordinator@bromsgrove.example.org")
    assert not selectors.profile_list(user=north, stage="all").exists()
