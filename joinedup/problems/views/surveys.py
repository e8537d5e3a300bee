"""Perception survey pages for staff, under /problems/surveys/: build a survey, run its rounds, read and
download the results. Thin: selectors decide what is shown, services make every change and record it."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.forms import attempt
from joinedup.core.spreadsheets import spreadsheet_safe
from joinedup.places.models import Area, AreaKind

from .. import policy, survey_forms, survey_policy, survey_selectors
from ..models import Survey, SurveyQuestion
from ..services import surveys
from ..survey_figures import MEASURES
from .profiles import _partnerships, staff_page


def _require_runner(user: Any, survey: Survey) -> None:
    if not survey_policy.can_run(user, survey):
        raise NotPermitted("Only the partnership's coordinators can build and run its surveys.")


def _wards(partnership_ids: Any) -> Any:
    return (
        Area.objects.filter(kind=AreaKind.WARD, parent__partnerships__in=partnership_ids)
        .defer("boundary")
        .order_by("parent__name", "name")
        .distinct()
    )


def _survey(request: HttpRequest, survey_id: int, *, run: bool = False) -> Survey:
    survey = survey_selectors.survey_get(user=request.user, survey_id=survey_id)
    if run:
        _require_runner(request.user, survey)
    return survey


# --- building ---------------------------------------------------------------------------------------------


@staff_page
def survey_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "problems/surveys/list.html",
        {
            "surveys": survey_selectors.survey_list(user=user),
            "can_build": any(policy.coordinates(user, p.id) for p in _partnerships(user)),
        },
    )


@staff_page
def survey_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    partnerships = [p for p in _partnerships(user) if policy.coordinates(user, p.id)]
    if not partnerships:
        raise NotPermitted("Only a partnership's coordinators can build its surveys.")
    form = survey_forms.SurveyNewForm(
        request.POST or None,
        partnerships=_partnerships(user).filter(id__in=[p.id for p in partnerships]),
        wards=_wards([p.id for p in partnerships]),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, survey = attempt(
            form,
            lambda: surveys.survey_create(
                by=user,
                partnership=data["partnership"],
                title=data["title"],
                introduction=data["introduction"],
                wards=data["wards"],
            ),
        )
        if ok:
            messages.success(request, "Survey saved. Add any questions of your own, then a round.")
            return redirect("problems:survey", survey_id=survey.id)
    return render(request, "problems/surveys/new.html", {"form": form})


def _detail(request: HttpRequest, survey: Survey, *, refused: str = "") -> HttpResponse:
    """The survey page; `refused` is why a publish, close or removal could not be done."""
    today = timezone.localdate()
    return render(
        request,
        "problems/surveys/detail.html",
        {
            "survey": survey,
            "can_run": survey_policy.can_run(request.user, survey),
            "locked": surveys.survey_answered(survey=survey),
            "wards": survey_selectors.survey_wards(survey=survey),
            "measures": MEASURES,
            "questions": survey.questions.all(),
            "max_questions": surveys.MAX_QUESTIONS,
            "rounds": [
                {
                    "round": r,
                    "status": r.status(today),
                    "link": request.build_absolute_uri(reverse("survey-start", args=[r.token])),
                    "short_link": request.build_absolute_uri(reverse("survey-short", args=[r.short_code])),
                }
                for r in survey_selectors.survey_rounds(survey=survey)
            ],
            "errors": [{"text": refused, "href": "#main-content"}] if refused else [],
            "page_has_errors": bool(refused),
        },
        status=400 if refused else 200,
    )


def _refusable(request: HttpRequest, survey: Survey, call: Any, done: str) -> HttpResponse:
    """A button's change: back to the survey saying it is done, or on it saying why it was refused."""
    try:
        call()
    except (NotPermitted, NotFound):
        raise
    except ApplicationError as error:
        return _detail(request, survey, refused=error.message)
    messages.success(request, done)
    return redirect("problems:survey", survey_id=survey.id)


@staff_page
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _detail(request, _survey(request, survey_id))


@staff_page
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, run=True)
    initial = {"title": survey.title, "introduction": survey.introduction, "wards": list(survey.wards.all())}
    form = survey_forms.SurveyForm(
        request.POST or None, wards=_wards([survey.partnership_id]), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            form,
            lambda: surveys.survey_update(
                by=request.user,
                survey=survey,
                title=data["title"],
                introduction=data["introduction"],
                wards=data["wards"],
            ),
        )
        if ok:
            messages.success(request, "Survey saved")
            return redirect("problems:survey", survey_id=survey.id)
    return render(
        request,
        "problems/surveys/edit.html",
        {"form": form, "survey": survey, "locked": surveys.survey_answered(survey=survey)},
    )


def _question(survey: Survey, question_id: int) -> SurveyQuestion:
    question = survey.questions.filter(id=question_id).first()
    if question is None:
        raise NotFound("There is no such question in this survey.")
    question.survey = survey
    return question


@staff_page
def question_edit(request: HttpRequest, survey_id: int, question_id: int | None = None) -> HttpResponse:
    """Add a question (no `question_id`) or change one, until the first answer arrives."""
    survey = _survey(request, survey_id, run=True)
    question = _question(survey, question_id) if question_id else None
    initial = survey_forms.QuestionForm.initial_for(question) if question else None
    form = survey_forms.QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if question is None:
            ok, _ = attempt(
                form, lambda: surveys.question_add(by=request.user, survey=survey, **form.service_values())
            )
        else:
            ok, _ = attempt(
                form,
                lambda: surveys.question_update(by=request.user, question=question, **form.service_values()),
            )
        if ok:
            messages.success(request, "Question saved")
            return redirect("problems:survey", survey_id=survey.id)
    return render(
        request,
        "problems/surveys/question.html",
        {
            "form": form,
            "survey": survey,
            "question": question,
            "locked": surveys.survey_answered(survey=survey),
        },
    )


@staff_page
@require_POST
def question_remove(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, run=True)
    question = _question(survey, question_id)
    return _refusable(
        request,
        survey,
        lambda: surveys.question_remove(by=request.user, question=question),
        f"Question removed: {question.text}",
    )


# --- rounds -----------------------------------------------------------------------------------------------


@staff_page
def round_new(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, run=True)
    form = survey_forms.RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, survey_round = attempt(
            form, lambda: surveys.round_add(by=request.user, survey=survey, **form.cleaned_data)
        )
        if ok:
            messages.success(request, f"{survey_round.name} added. Publish it to get its link.")
            return redirect("problems:survey", survey_id=survey.id)
    return render(request, "problems/surveys/round_new.html", {"form": form, "survey": survey})


def _round_change(
    request: HttpRequest, survey_id: int, round_id: int, change: Any, done: str
) -> HttpResponse:
    survey = _survey(request, survey_id, run=True)
    survey_round = survey_selectors.survey_round_get(survey=survey, round_id=round_id)
    return _refusable(
        request,
        survey,
        lambda: change(by=request.user, survey_round=survey_round),
        f"{survey_round.name} {done}",
    )


@staff_page
@require_POST
def round_publish(request: HttpRequest, survey_id: int, round_id: int) -> HttpResponse:
    return _round_change(request, survey_id, round_id, surveys.round_publish, "published: its link now works")


@staff_page
@require_POST
def round_close(request: HttpRequest, survey_id: int, round_id: int) -> HttpResponse:
    return _round_change(
        request, survey_id, round_id, surveys.round_close, "closed: it takes no more answers"
    )


# --- results ----------------------------------------------------------------------------------------------


@staff_page
def round_results(request: HttpRequest, survey_id: int, round_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    survey_round = survey_selectors.survey_round_get(survey=survey, round_id=round_id)
    return render(
        request,
        "problems/surveys/results.html",
        {
            "survey": survey,
            "survey_round": survey_round,
            "results": survey_selectors.round_results(survey=survey, survey_round=survey_round),
            "measures": MEASURES,
        },
    )


def _csv(name: str) -> tuple[HttpResponse, Any]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response, csv.writer(response)


def _number(value: float | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"


@staff_page
def results_csv(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Every published round's figures, one row per round, area and measure."""
    survey = _survey(request, survey_id)
    all_results = survey_selectors.survey_results(survey=survey)
    response, writer = _csv(f"survey-{survey.id}-results.csv")
    writer.writerow(
        [
            "round",
            "opens_on",
            "closes_on",
            "area_code",
            "area_name",
            "responses",
            "measure",
            "answered_yes",
            "base_excluding_dont_know",
            "dont_know",
            "percent",
            "enough_to_rely_on",
            "change_points_since_previous_round",
            "p_value",
            "change_in_words",
        ]
    )
    for results in all_results:
        r = results.survey_round
        for area in results.areas:
            for measure, share, change in area.cells():
                writer.writerow(
                    [
                        spreadsheet_safe(r.name),
                        r.opens_on.isoformat(),
                        r.closes_on.isoformat(),
                        area.code,
                        spreadsheet_safe(area.name),
                        area.responses,
                        measure.label,
                        share.yes,
                        share.base,
                        share.dont_know,
                        _number(share.percent),
                        "yes" if share.reliable else "no",
                        _number(change.points if change else None),
                        _number(change.p_value if change else None, 4),
                        change.words if change else "",
                    ]
                )
    audit_record(
        by=request.user,
        action=Action.EXPORTED,
        obj=survey,
        changes={"export": "survey results by area and round"},
    )
    return response


@staff_page
def responses_csv(request: HttpRequest, survey_id: int, round_id: int) -> HttpResponse:
    """The round's anonymous responses, one a row. Free text is written so a spreadsheet never runs it."""
    survey = _survey(request, survey_id)
    survey_round = survey_selectors.survey_round_get(survey=survey, round_id=round_id)
    questions, rows = survey_selectors.round_responses(survey_round=survey_round)
    response, writer = _csv(f"survey-{survey.id}-round-{survey_round.id}-responses.csv")
    writer.writerow(
        [
            "response",
            "sent_on",
            "area_code",
            "area_name",
            *[m.question for m in MEASURES],
            *[spreadsheet_safe(q.text) for q in questions],
        ]
    )
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    audit_record(
        by=request.user,
        action=Action.EXPORTED,
        obj=survey_round,
        partnership=survey.partnership,
        changes={"export": "anonymous survey responses", "rows": len(rows)},
    )
    return response
