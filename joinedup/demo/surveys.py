"""A demo perception survey in Worcester: four city wards, one closed round and one open now.

Round 1 ran for a month a season ago; Round 2 opened a week ago and runs for five more weeks, so its
link works in the demo. The answers are made up with a seeded random generator (the same every load)
and sent through the real service, as the public's would be. The city centre wards worry more about
anti-social behaviour after dark; by Round 2 Cathedral's worry has eased after the evening patrols.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from joinedup.partners.models import Partnership, User
from joinedup.places.models import Area, AreaKind
from joinedup.problems.models import AsbProblem, FeelSafe, SurveyRound
from joinedup.problems.services import surveys

from .partnerships import SOUTH

WORCESTER = "E07000237"
WARDS = ["Bedwardine", "Cathedral", "Nunnery", "St John"]
SAFER = [
    "Better street lighting",
    "More police and PCSO patrols",
    "CCTV that works",
    "Things for young people to do",
    "Cleaner streets",
]
SAYINGS = [
    "The underpass by the bus station feels unsafe at night.",
    "Things have got better since the patrols started.",
    "More bins please, the litter attracts trouble.",
    "The park needs lights along the main path.",
]
# Per ward and round: how many answered, and the chance of each answer (in the scales' order).
PLAN: dict[str, dict[str | None, tuple[int, list[float], list[float], list[float]]]] = {
    "Round 1": {
        "Cathedral": (
            110,
            [0.25, 0.35, 0.25, 0.08, 0.07],
            [0.30, 0.45, 0.15, 0.05, 0.05],
            [0.08, 0.30, 0.37, 0.20],
        ),
        "St John": (
            90,
            [0.15, 0.30, 0.35, 0.12, 0.08],
            [0.35, 0.45, 0.12, 0.04, 0.04],
            [0.12, 0.38, 0.30, 0.15],
        ),
        "Nunnery": (
            70,
            [0.10, 0.25, 0.40, 0.17, 0.08],
            [0.40, 0.45, 0.08, 0.03, 0.04],
            [0.15, 0.40, 0.28, 0.12],
        ),
        "Bedwardine": (
            40,
            [0.05, 0.15, 0.45, 0.27, 0.08],
            [0.50, 0.40, 0.05, 0.02, 0.03],
            [0.22, 0.45, 0.20, 0.08],
        ),
        None: (8, [0.20, 0.30, 0.30, 0.10, 0.10], [0.40, 0.40, 0.10, 0.05, 0.05], [0.15, 0.35, 0.30, 0.15]),
    },
    "Round 2": {
        "Cathedral": (
            45,
            [0.12, 0.25, 0.38, 0.17, 0.08],
            [0.35, 0.47, 0.10, 0.04, 0.04],
            [0.15, 0.40, 0.28, 0.12],
        ),
        "St John": (
            30,
            [0.15, 0.28, 0.37, 0.12, 0.08],
            [0.35, 0.45, 0.12, 0.04, 0.04],
            [0.12, 0.38, 0.30, 0.15],
        ),
        "Nunnery": (
            20,
            [0.10, 0.25, 0.40, 0.17, 0.08],
            [0.40, 0.45, 0.08, 0.03, 0.04],
            [0.15, 0.40, 0.28, 0.12],
        ),
        "Bedwardine": (
            6,
            [0.05, 0.15, 0.45, 0.27, 0.08],
            [0.50, 0.40, 0.05, 0.02, 0.03],
            [0.22, 0.45, 0.20, 0.08],
        ),
    },
}


def _pick(rng: random.Random, answers: list[str], weights: list[float]) -> str:
    # After dark has four weights for the four views; "don't know" takes what is left.
    weights = weights if len(weights) == len(answers) else [*weights, 1 - sum(weights)]
    return rng.choices(answers, weights=weights)[0]


def _answer(
    rng: random.Random,
    survey_round: SurveyRound,
    wards: dict[str, Area],
    day: dt.date,
    question_ids: list[int],
) -> int:
    safer, anything = question_ids
    sent = 0
    for ward_name, (count, asb, by_day, after_dark) in PLAN[survey_round.name].items():
        for _ in range(count):
            chosen = [s for s in SAFER if rng.random() < 0.35]
            surveys.response_submit(
                survey_round=survey_round,
                ward=wards[ward_name] if ward_name else None,
                asb_problem=_pick(rng, list(AsbProblem.values), asb),
                safe_day=_pick(rng, list(FeelSafe.values), by_day),
                safe_dark=_pick(rng, list(FeelSafe.values), after_dark),
                answers={safer: chosen, anything: rng.choice(SAYINGS) if rng.random() < 0.1 else ""},
                today=day,
                synthetic=True,
            )
            sent += 1
    return sent


def surveys_load(*, today: dt.date | None = None) -> int:
    """Seed the survey and its two rounds; return how many responses were sent."""
    today = today or timezone.localdate()
    south = Partnership.objects.get(slug=SOUTH)
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    wards = {
        w.name: w for w in Area.objects.filter(kind=AreaKind.WARD, parent__code=WORCESTER, name__in=WARDS)
    }
    survey = surveys.survey_create(
        by=coordinator,
        partnership=south,
        title="Feeling safe in Worcester",
        introduction="Safer Worcester, the city's community safety partnership, wants to know how you feel "
        "about anti-social behaviour and safety where you live or spend time.\n\nWe ask every few months, "
        "so that we can see whether things are getting better.",
        wards=wards.values(),
        synthetic=True,
    )
    questions = [
        surveys.question_add(
            by=coordinator,
            survey=survey,
            kind="multiple",
            text="What would make you feel safer in your area?",
            options=SAFER,
        ).id,
        surveys.question_add(
            by=coordinator,
            survey=survey,
            kind="text",
            text="Is there anything else you want to tell us?",
            hint="For example, a place that feels unsafe, and when",
        ).id,
    ]
    rng = random.Random(2026)  # noqa: S311 - made-up answers, not security
    first_day = today - dt.timedelta(days=120)
    first = surveys.round_add(
        by=coordinator,
        survey=survey,
        name="Round 1",
        opens_on=first_day,
        closes_on=first_day + dt.timedelta(days=30),
        today=first_day,
    )
    surveys.round_publish(by=coordinator, survey_round=first, today=first_day)
    sent = _answer(rng, first, wards, first_day + dt.timedelta(days=10), questions)
    surveys.round_close(by=coordinator, survey_round=first)
    second = surveys.round_add(
        by=coordinator,
        survey=survey,
        name="Round 2",
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=35),
        today=today - dt.timedelta(days=7),
    )
    surveys.round_publish(by=coordinator, survey_round=second, today=today - dt.timedelta(days=7))
    return sent + _answer(rng, second, wards, today, questions)
