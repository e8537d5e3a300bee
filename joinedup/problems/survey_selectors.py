"""Reads for perception surveys: lists, one survey, a round's public page, and a round's results.

Staff of a partnership see its surveys and results; anyone else finds nothing (404). The public reach a
round only through its link, and only once it is published. Results are counted in the database, a
few grouped rows per round, never by loading responses one by one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from joinedup.core.errors import NotFound
from joinedup.partners import policy as partner_policy

from .models import (
    AsbProblem,
    FeelSafe,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
)
from .survey_figures import MEASURES, Change, Share, change_between, share_of

ELSEWHERE = "None of these areas"


def minimum_base() -> int:
    return int(getattr(settings, "SURVEY_MINIMUM_BASE", 10))


def surveys_visible(*, user: Any) -> QuerySet[Survey]:
    if not partner_policy.is_staff_member(user):
        return Survey.objects.none()
    return Survey.objects.visible_to(user)


def survey_list(*, user: Any) -> QuerySet[Survey]:
    return (
        surveys_visible(user=user)
        .select_related("partnership")
        .annotate(
            round_count=Count("rounds", distinct=True),
            response_count=Count("rounds__responses", distinct=True),
            last_opens_on=Max("rounds__opens_on"),
        )
        .order_by("-created_at", "-id")
    )


def survey_get(*, user: Any, survey_id: int) -> Survey:
    survey = surveys_visible(user=user).select_related("partnership").filter(id=survey_id).first()
    if survey is None:
        raise NotFound("There is no survey at this address in your partnerships.")
    return survey


def survey_rounds(*, survey: Survey) -> QuerySet[SurveyRound]:
    return survey.rounds.annotate(response_count=Count("responses")).order_by("opens_on", "id")


def survey_round_get(*, survey: Survey, round_id: int) -> SurveyRound:
    survey_round = survey.rounds.filter(id=round_id).first()
    if survey_round is None:
        raise NotFound("There is no such round of this survey.")
    survey_round.survey = survey
    return survey_round


def survey_wards(*, survey: Survey) -> list[Any]:
    return list(survey.wards.order_by("name"))


# --- the public -------------------------------------------------------------------------------------------


def round_public_get(*, token: str) -> SurveyRound:
    """A published round by its link; a draft or unknown round is not found."""
    survey_round = (
        SurveyRound.objects.select_related("survey__partnership")
        .filter(token=token, published_at__isnull=False)
        .first()
    )
    if survey_round is None:
        raise NotFound("There is no survey at this address. Check the link you were given.")
    return survey_round


def round_by_short_code(*, code: str) -> SurveyRound:
    survey_round = SurveyRound.objects.filter(short_code=code.upper(), published_at__isnull=False).first()
    if survey_round is None:
        raise NotFound("There is no survey at this address. Check the link you were given.")
    return survey_round


# --- results ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaResult:
    """One ward (or everyone, `code` "overall") in one round."""

    code: str
    name: str
    responses: int
    shares: dict[str, Share]  # by measure code
    changes: dict[str, Change] = field(default_factory=dict)  # since the previous round, by measure code

    def cells(self) -> list[tuple[Any, Share, Change | None]]:
        return [(m, self.shares[m.code], self.changes.get(m.code)) for m in MEASURES]


@dataclass(frozen=True)
class Tally:
    question: SurveyQuestion
    answered: int
    counts: list[tuple[str, int, float]]  # option, count, percent of those who answered the question
    texts: list[str]


@dataclass(frozen=True)
class RoundResults:
    survey_round: SurveyRound
    previous: SurveyRound | None
    areas: list[AreaResult]  # the survey's wards, then "none of these" if anyone chose it, then overall
    tallies: list[Tally]
    minimum_base: int

    @property
    def overall(self) -> AreaResult:
        return self.areas[-1]


def _area_results(survey: Survey, survey_round: SurveyRound, minimum: int) -> list[AreaResult]:
    """Each ward's and the overall counts of each answer to the core questions, in 3 grouped queries."""
    responses = SurveyResponse.objects.filter(round=survey_round)
    counts: dict[str, dict[Any, dict[str, int]]] = {}
    totals: dict[Any, int] = defaultdict(int)
    for measure in MEASURES:
        per_ward: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for ward_id, answer, n in (
            responses.values_list("ward_id", measure.code).annotate(n=Count("id")).order_by()
        ):
            per_ward[ward_id][answer] += n
            per_ward["overall"][answer] += n
            if measure is MEASURES[0]:
                totals[ward_id] += n
                totals["overall"] += n
        counts[measure.code] = per_ward

    def area(key: Any, code: str, name: str) -> AreaResult:
        shares = {m.code: share_of(counts[m.code].get(key, {}), m, minimum_base=minimum) for m in MEASURES}
        return AreaResult(code=code, name=name, responses=totals.get(key, 0), shares=shares)

    areas = [area(w.id, w.code, w.name) for w in survey.wards.order_by("name")]
    if totals.get(None):
        areas.append(area(None, "elsewhere", ELSEWHERE))
    areas.append(area("overall", "overall", "All areas"))
    return areas


def _with_changes(now: list[AreaResult], before: list[AreaResult]) -> list[AreaResult]:
    earlier = {a.code: a for a in before}
    result = []
    for a in now:
        b = earlier.get(a.code)
        changes = {m.code: change_between(b.shares[m.code], a.shares[m.code]) for m in MEASURES} if b else {}
        result.append(AreaResult(a.code, a.name, a.responses, a.shares, changes))
    return result


def _tallies(survey: Survey, survey_round: SurveyRound) -> list[Tally]:
    answers = SurveyAnswer.objects.filter(response__round=survey_round)
    counted = {
        (q, v): n
        for q, v, n in answers.values_list("question_id", "value").annotate(n=Count("id")).order_by()
    }
    answered = dict(
        answers.values_list("question_id").annotate(n=Count("response_id", distinct=True)).order_by()
    )
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, value in answers.filter(question__kind=QuestionKind.TEXT).values_list(
        "question_id", "value"
    ):
        texts[question_id].append(value)
    tallies = []
    for q in survey.questions.all():
        base = answered.get(q.id, 0)
        counts = [
            (o, counted.get((q.id, o), 0), 100 * counted.get((q.id, o), 0) / base if base else 0.0)
            for o in q.options
        ]
        tallies.append(Tally(question=q, answered=base, counts=counts, texts=texts.get(q.id, [])))
    return tallies


def round_results(*, survey: Survey, survey_round: SurveyRound) -> RoundResults:
    """The round's figures by ward and overall, each with its change since the round before."""
    minimum = minimum_base()
    previous = (
        survey.rounds.filter(
            Q(opens_on__lt=survey_round.opens_on) | Q(opens_on=survey_round.opens_on, id__lt=survey_round.id),
            published_at__isnull=False,
        )
        .order_by("-opens_on", "-id")
        .first()
    )
    areas = _area_results(survey, survey_round, minimum)
    if previous is not None:
        areas = _with_changes(areas, _area_results(survey, previous, minimum))
    return RoundResults(
        survey_round=survey_round,
        previous=previous,
        areas=areas,
        tallies=_tallies(survey, survey_round),
        minimum_base=minimum,
    )


def survey_results(*, survey: Survey) -> list[RoundResults]:
    """Every published round's results, oldest first (for the CSV of results by ward and round)."""
    return [
        round_results(survey=survey, survey_round=r)
        for r in survey.rounds.filter(published_at__isnull=False).order_by("opens_on", "id")
    ]


def round_responses(*, survey_round: SurveyRound) -> tuple[list[SurveyQuestion], list[list[Any]]]:
    """The round's anonymous responses as rows (number, day, ward code and name, the three core answers,
    then each added question's answer), for the CSV."""
    questions = list(survey_round.survey.questions.all())
    extra: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for response_id, question_id, value in SurveyAnswer.objects.filter(
        response__round=survey_round
    ).values_list("response_id", "question_id", "value"):
        extra[response_id][question_id].append(value)
    labels = {"asb_problem": dict(AsbProblem.choices), "safe_day": dict(FeelSafe.choices)}
    labels["safe_dark"] = labels["safe_day"]
    rows = []
    for number, (rid, day, ward_code, ward_name, *core) in enumerate(
        SurveyResponse.objects.filter(round=survey_round)
        .order_by("id")
        .values_list("id", "submitted_on", "ward__code", "ward__name", *[m.code for m in MEASURES]),
        start=1,
    ):
        rows.append(
            [
                number,
                day.isoformat(),
                ward_code or "",
                ward_name or ELSEWHERE,
                *[labels[m.code].get(answer, answer) for m, answer in zip(MEASURES, core, strict=True)],
                *["; ".join(extra[rid].get(q.id, [])) for q in questions],
            ]
        )
    return questions, rows
