"""The demo's perception survey, as someone trying `make demo` finds it (the demo loads once)."""

import pytest
from django.test import Client
from django.urls import reverse

from joinedup.partners.models import User
from joinedup.problems import survey_selectors
from joinedup.problems.models import Survey, SurveyResponse

pytestmark = pytest.mark.django_db


def test_one_worcester_survey_with_a_closed_round_and_one_open_now():
    survey = Survey.objects.get()
    assert sorted(w.name for w in survey.wards.all()) == ["Bedwardine", "Cathedral", "Nunnery", "St John"]
    first, second = survey.rounds.order_by("opens_on")
    assert (first.status(), second.status()) == ("closed", "open")
    assert first.responses.count() == 318 and second.responses.count() == 101
    assert all(r.synthetic for r in SurveyResponse.objects.all())
    page = Client().get(reverse("survey-start", args=[second.token])).content.decode()
    assert "Feeling safe in Worcester" in page and "Start now" in page
    assert (
        "This survey has closed" in Client().get(reverse("survey-start", args=[first.token])).content.decode()
    )


def test_the_coordinator_sees_results_with_change_and_a_small_base_flagged():
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    survey = survey_selectors.survey_list(user=coordinator).get()
    second = survey.rounds.order_by("opens_on").last()
    results = survey_selectors.round_results(survey=survey, survey_round=second)
    by_name = {a.name: a for a in results.areas}
    assert results.previous is not None and results.previous.name == "Round 1"
    assert by_name["Cathedral"].changes["asb_problem"].comparable
    assert not by_name["Bedwardine"].shares["asb_problem"].reliable  # 6 answers this round
    assert by_name["All areas"].responses == 101
    north = User.objects.get(email="coordinator@bromsgrove.example.org")
    assert not survey_selectors.survey_list(user=north).exists()
