"""Answering a perception survey: public pages, no account, one question a page, working without JavaScript.

The answers so far are kept in the session (per round) until they are sent, so a wrong answer or a
refused submission never loses the others. Sending sets a signed cookie: the same browser is then told
it has already answered that round, and nothing more is recorded. Sends are also limited per client
address (django-ratelimit, `SURVEY_RESPONSE_RATE`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from joinedup.core.errors import ApplicationError, NotFound
from joinedup.core.forms import add_service_errors

from .. import survey_forms, survey_selectors
from ..models import AsbProblem, FeelSafe, QuestionKind, Survey, SurveyQuestion, SurveyRound
from ..services import surveys

RATE_GROUP = "survey-response"
COOKIE_SALT = "joinedup.survey.answered"
CORE_STEPS = ("area", "asb", "day", "dark")
DONE_KEY = "survey_done"
CORE_PAGES: dict[str, tuple[type[forms.Form], str, str]] = {
    # step: (form, its field, the question as the page's heading)
    "asb": (
        survey_forms.AsbForm,
        "asb_problem",
        "How much of a problem is anti-social behaviour in your area?",
    ),
    "day": (
        survey_forms.DayForm,
        "safe_day",
        "How safe do you feel walking alone in your area during the day?",
    ),
    "dark": (
        survey_forms.DarkForm,
        "safe_dark",
        "How safe do you feel walking alone in your area after dark?",
    ),
}


def _response_rate(group: str, request: HttpRequest) -> str:
    return getattr(settings, "SURVEY_RESPONSE_RATE", "20/h")


def _cookie_name(survey_round: SurveyRound) -> str:
    return f"survey-{survey_round.short_code}"


def _answered(request: HttpRequest, survey_round: SurveyRound) -> bool:
    value = request.get_signed_cookie(_cookie_name(survey_round), default=None, salt=COOKIE_SALT)
    return value == survey_round.token


class Answers:
    """One round's answers so far, in the session: {"done": [steps], "ward", "asb_problem", "answers"...}."""

    def __init__(self, request: HttpRequest, survey_round: SurveyRound, questions: list[SurveyQuestion]):
        self.session = request.session
        self.key = f"survey:{survey_round.id}"
        data = self.session.get(self.key)
        self.data: dict[str, Any] = data if isinstance(data, dict) else {"done": [], "answers": {}}
        self.steps = [*CORE_STEPS, *(f"q{n}" for n in range(1, len(questions) + 1))]

    def save(self) -> None:
        self.session[self.key] = self.data
        self.session.modified = True

    def answer(self, step: str, **values: Any) -> None:
        self.data.update(values)
        if step not in self.data["done"]:
            self.data["done"].append(step)
        self.save()

    def answer_question(self, step: str, question: SurveyQuestion, value: Any) -> None:
        self.data["answers"][str(question.id)] = value
        self.answer(step)

    def first_unanswered(self) -> str:
        return next((s for s in self.steps if s not in self.data["done"]), "check")

    def redirect_for(self, step: str) -> str | None:
        """The step to go to instead of `step`, if an earlier question is still unanswered."""
        order = [*self.steps, "check"]
        first = self.first_unanswered()
        return first if order.index(step) > order.index(first) else None

    def previous(self, step: str) -> str | None:
        order = [*self.steps, "check"]
        index = order.index(step)
        return order[index - 1] if index > 0 else None

    def clear(self) -> None:
        self.session.pop(self.key, None)


def _step_url(survey_round: SurveyRound, step: str) -> str:
    if step in CORE_STEPS:
        return reverse(f"survey-{step}", args=[survey_round.token])
    if step == "check":
        return reverse("survey-check", args=[survey_round.token])
    return reverse("survey-question", args=[survey_round.token, int(step[1:])])


def _errors(form: forms.Form | None) -> list[dict[str, str]]:
    """The GOV.UK error summary's entries, each linking to the first input of its field."""
    if form is None or not form.is_bound:
        return []
    entries = [{"text": str(e), "href": "#main-content"} for e in form.non_field_errors()]
    for field in form:
        suffix = "_0" if field.widget_type in ("radioselect", "checkboxselectmultiple") else ""
        entries += [{"text": str(e), "href": f"#{field.auto_id}{suffix}"} for e in field.errors]
    return entries


def _page(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    context.setdefault("errors", [])
    context["page_has_errors"] = bool(context["errors"])
    return render(request, f"problems/surveys/public/{template}", context, status=status)


def _open_round(request: HttpRequest, token: str) -> tuple[SurveyRound, HttpResponse | None]:
    """The round, or the page to show instead of its questions: closed, not open yet, already answered."""
    survey_round = survey_selectors.round_public_get(token=token)
    context = {"survey_round": survey_round, "survey": survey_round.survey}
    status = survey_round.status()
    if status == "closed":
        return survey_round, _page(request, "closed.html", context)
    if status == "scheduled":
        return survey_round, _page(request, "not_open.html", context)
    if _answered(request, survey_round):
        return survey_round, _page(request, "answered.html", context)
    return survey_round, None


def _question_page(
    request: HttpRequest,
    survey_round: SurveyRound,
    answers: Answers,
    step: str,
    form: forms.Form,
    **context: Any,
) -> HttpResponse:
    previous = answers.previous(step)
    return _page(
        request,
        "question.html",
        {
            "survey": survey_round.survey,
            "survey_round": survey_round,
            "form": form,
            "errors": _errors(form),
            "back": _step_url(survey_round, previous)
            if previous
            else reverse("survey-start", args=[survey_round.token]),
            **context,
        },
    )


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _begin(
    request: HttpRequest, token: str, step: str
) -> tuple[SurveyRound, Answers, list[SurveyQuestion], HttpResponse | None]:
    survey_round, instead = _open_round(request, token)
    questions = list(survey_round.survey.questions.all())
    answers = Answers(request, survey_round, questions)
    if instead is None:
        elsewhere = answers.redirect_for(step)
        if elsewhere:
            instead = redirect(_step_url(survey_round, elsewhere))
    return survey_round, answers, questions, instead


# --- the pages --------------------------------------------------------------------------------------------


@never_cache
@require_GET
def survey_short(request: HttpRequest, code: str) -> HttpResponse:
    """The short address on a poster or QR code: on to the survey's own page."""
    return redirect("survey-start", survey_selectors.round_by_short_code(code=code).token)


@never_cache
@require_GET
def survey_start(request: HttpRequest, token: str) -> HttpResponse:
    survey_round, instead = _open_round(request, token)
    if instead is not None:
        return instead
    survey: Survey = survey_round.survey
    return _page(
        request,
        "start.html",
        {
            "survey": survey,
            "survey_round": survey_round,
            "question_count": 4 + survey.questions.count(),
            "first": _step_url(survey_round, "area"),
        },
    )


@never_cache
def survey_area(request: HttpRequest, token: str) -> HttpResponse:
    survey_round, answers, _, instead = _begin(request, token, "area")
    if instead is not None:
        return instead
    wards = survey_selectors.survey_wards(survey=survey_round.survey)
    form = survey_forms.WardForm(_posted(request), wards=wards, initial={"ward": answers.data.get("ward")})
    if request.method == "POST" and form.is_valid():
        answers.answer("area", ward=form.cleaned_data["ward"])
        return redirect(_step_url(survey_round, answers.first_unanswered()))
    return _question_page(
        request,
        survey_round,
        answers,
        "area",
        form,
        field=form["ward"],
        heading="Which area do you live in or visit most?",
        hint="Answer about this area in the questions that follow.",
        divider_before=survey_forms.ELSEWHERE,
    )


def _core_page(request: HttpRequest, token: str, step: str) -> HttpResponse:
    survey_round, answers, _, instead = _begin(request, token, step)
    if instead is not None:
        return instead
    form_class, name, heading = CORE_PAGES[step]
    form = form_class(_posted(request), initial={name: answers.data.get(name)})
    if request.method == "POST" and form.is_valid():
        answers.answer(step, **{name: form.cleaned_data[name]})
        return redirect(_step_url(survey_round, answers.first_unanswered()))
    return _question_page(
        request,
        survey_round,
        answers,
        step,
        form,
        field=form[name],
        heading=heading,
        divider_before="dont_know",
    )


@never_cache
def survey_asb(request: HttpRequest, token: str) -> HttpResponse:
    return _core_page(request, token, "asb")


@never_cache
def survey_day(request: HttpRequest, token: str) -> HttpResponse:
    return _core_page(request, token, "day")


@never_cache
def survey_dark(request: HttpRequest, token: str) -> HttpResponse:
    return _core_page(request, token, "dark")


@never_cache
def survey_question(request: HttpRequest, token: str, number: int) -> HttpResponse:
    step = f"q{number}"
    survey_round, answers, questions, instead = _begin(request, token, "area")
    if instead is not None:
        return instead
    if not 1 <= number <= len(questions):
        raise NotFound("There is no such question in this survey.")
    elsewhere = answers.redirect_for(step)
    if elsewhere:
        return redirect(_step_url(survey_round, elsewhere))
    question = questions[number - 1]
    form = survey_forms.answer_form(question, _posted(request), answers.data["answers"].get(str(question.id)))
    if request.method == "POST" and form.is_valid():
        answers.answer_question(step, question, form.cleaned_data["answer"])
        return redirect(_step_url(survey_round, answers.first_unanswered()))
    error = answers.data.pop("error", None)
    if error and error.get("question") == question.id and request.method == "GET":
        form = survey_forms.answer_form(question, {"answer": answers.data["answers"].get(str(question.id))})
        form.is_valid()
        form.add_error("answer", error["message"])
        answers.save()
    return _question_page(
        request,
        survey_round,
        answers,
        step,
        form,
        field=form["answer"],
        heading=question.text,
        hint=question.hint,
        free_text=question.kind == QuestionKind.TEXT,
        optional=not question.required,
    )


def _summary(
    survey_round: SurveyRound, answers: Answers, questions: list[SurveyQuestion]
) -> list[dict[str, str]]:
    wards = {str(w.id): w.name for w in survey_round.survey.wards.all()}
    data = answers.data
    rows = [
        {"key": "Area", "value": wards.get(data.get("ward", ""), "None of these"), "step": "area"},
        {"key": CORE_PAGES["asb"][2], "value": AsbProblem(data["asb_problem"]).label, "step": "asb"},
        {"key": CORE_PAGES["day"][2], "value": FeelSafe(data["safe_day"]).label, "step": "day"},
        {"key": CORE_PAGES["dark"][2], "value": FeelSafe(data["safe_dark"]).label, "step": "dark"},
    ]
    for number, question in enumerate(questions, start=1):
        value = data["answers"].get(str(question.id))
        shown = "; ".join(value) if isinstance(value, list) else (value or "")
        rows.append({"key": question.text, "value": shown or "Not answered", "step": f"q{number}"})
    for row in rows:
        row["href"] = _step_url(survey_round, row["step"])
    return rows


def _send(survey_round: SurveyRound, answers: Answers, questions: list[SurveyQuestion]) -> None:
    data = answers.data
    ward_id = data.get("ward")
    ward = next((w for w in survey_round.survey.wards.all() if str(w.id) == ward_id), None)
    if ward is None and ward_id != survey_forms.ELSEWHERE:
        raise ApplicationError("Choose an area from the list", field="ward")
    surveys.response_submit(
        survey_round=survey_round,
        ward=ward,
        asb_problem=data["asb_problem"],
        safe_day=data["safe_day"],
        safe_dark=data["safe_dark"],
        answers={q.id: data["answers"].get(str(q.id)) for q in questions},
    )


def _back_to_question(
    survey_round: SurveyRound, answers: Answers, questions: list[SurveyQuestion], error: ApplicationError
) -> HttpResponse | None:
    """A refusal about one question: back to its page, with the message and the answer kept."""
    fields = {"ward": "area", "asb_problem": "asb", "safe_day": "day", "safe_dark": "dark"}
    fields |= {f"question_{q.id}": f"q{n}" for n, q in enumerate(questions, start=1)}
    step = fields.get(error.field or "")
    if step is None:
        return None
    answers.data["done"] = [s for s in answers.data["done"] if s != step]
    if step.startswith("q"):
        answers.data["error"] = {"question": questions[int(step[1:]) - 1].id, "message": error.message}
    answers.save()
    return redirect(_step_url(survey_round, step))


def _remember_answered(response: HttpResponse, survey_round: SurveyRound) -> None:
    days = max((survey_round.closes_on - timezone.localdate()).days, 0) + 30
    response.set_signed_cookie(
        _cookie_name(survey_round),
        survey_round.token,
        salt=COOKIE_SALT,
        max_age=int(dt.timedelta(days=days).total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@never_cache
@ratelimit(group=RATE_GROUP, key="ip", rate=_response_rate, method="POST", block=True)
def survey_check(request: HttpRequest, token: str) -> HttpResponse:
    """Check your answers, then send them: stored for good before the confirmation is shown."""
    survey_round, answers, questions, instead = _begin(request, token, "check")
    if instead is not None:
        return instead
    form = forms.Form(_posted(request))
    if request.method == "POST":
        try:
            _send(survey_round, answers, questions)
        except NotFound:
            raise
        except ApplicationError as error:
            back = _back_to_question(survey_round, answers, questions, error)
            if back is not None:
                return back
            form.is_valid()
            add_service_errors(form, error)
        else:
            answers.clear()
            request.session[DONE_KEY] = survey_round.token
            done = redirect("survey-done", survey_round.token)
            _remember_answered(done, survey_round)
            return done
    return _page(
        request,
        "check.html",
        {
            "survey": survey_round.survey,
            "survey_round": survey_round,
            "rows": _summary(survey_round, answers, questions),
            "errors": _errors(form),
            "back": _step_url(survey_round, answers.previous("check") or "area"),
        },
    )


@never_cache
@require_GET
def survey_done(request: HttpRequest, token: str) -> HttpResponse:
    survey_round = survey_selectors.round_public_get(token=token)
    if request.session.get(DONE_KEY) != survey_round.token:
        return redirect("survey-start", survey_round.token)
    return _page(request, "done.html", {"survey": survey_round.survey, "survey_round": survey_round})
