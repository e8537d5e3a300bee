"""Fixtures for perception surveys, imported by the survey test modules.

wards        three of Worcester's wards: Cathedral, Nunnery and St John
survey       the South coordinator's survey of those wards, with one question of its own (how often
             they visit the city centre: single choice, optional)
open_round   "Round 1" of it, open from today for 30 days, published
answer_all   answer_all(client, round, **answers): a person going through every page and sending
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.places.models import Area, AreaKind
from joinedup.problems.services import surveys

CORE = {"asb_problem": "fairly_big", "safe_day": "very_safe", "safe_dark": "bit_unsafe"}


@pytest.fixture
def wards(worcester):
    return list(
        Area.objects.filter(kind=AreaKind.WARD, name__in=["Cathedral", "Nunnery", "St John"]).order_by("name")
    )


@pytest.fixture
def survey(coordinator, south, wards):
    made = surveys.survey_create(
        by=coordinator,
        partnership=south,
        title="Feeling safe in Worcester",
        introduction="The Safer Worcester partnership wants to know how safe you feel.",
        wards=wards,
    )
    surveys.question_add(
        by=coordinator,
        survey=made,
        kind="single",
        text="How often do you visit the city centre?",
        options=["Every day", "Every week", "Less often"],
    )
    return made


@pytest.fixture
def open_round(survey, coordinator):
    today = timezone.localdate()
    made = surveys.round_add(
        by=coordinator, survey=survey, name="Round 1", opens_on=today, closes_on=today + dt.timedelta(days=30)
    )
    return surveys.round_publish(by=coordinator, survey_round=made)


def page(survey_round, name, *args):
    return reverse(f"survey-{name}", args=[survey_round.token, *args])


@pytest.fixture
def answer_all():
    def answer(client, survey_round, *, ward=None, extra="Every week", **core):
        answers = {**CORE, **core}
        ward_value = "elsewhere" if ward is None else str(ward.id)
        client.post(page(survey_round, "area"), {"ward": ward_value})
        client.post(page(survey_round, "asb"), {"asb_problem": answers["asb_problem"]})
        client.post(page(survey_round, "day"), {"safe_day": answers["safe_day"]})
        client.post(page(survey_round, "dark"), {"safe_dark": answers["safe_dark"]})
        client.post(page(survey_round, "question", 1), {"answer": extra})
        return client.post(page(survey_round, "check"))

    return answer
