"""Building perception surveys, running their rounds, and taking the public's anonymous answers.

Coordinators build and run surveys (`survey_policy.can_run`). Added questions and the wards can change
only until the first answer arrives: after that, changing them would stop rounds and wards comparing.
An answer is taken only while its round is open, and holds no personal data.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership
from joinedup.places.models import Area, AreaKind

from .. import survey_policy
from ..models import (
    AsbProblem,
    FeelSafe,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
)

MAX_QUESTIONS = 8
MAX_OPTIONS = 10
MAX_TEXT_ANSWER = 500
# Upper-case letters and digits without look-alikes (0/O, 1/I/L): easy to read off a poster and
# compact in a QR code.
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHORT_CODE_LENGTH = 8
LOCKED = (
    "People have already answered this survey, so its questions and areas are locked: changing them "
    "would stop rounds and areas comparing. Start a new survey to ask something different."
)


def _require_runner(by: Any, survey: Survey) -> None:
    if by is not None and not survey_policy.can_run(by, survey):
        raise NotPermitted("Only the partnership's coordinators can build and run its surveys.")


def survey_answered(*, survey: Survey) -> bool:
    return SurveyResponse.objects.filter(round__survey=survey).exists()


def _check_text(title: str, introduction: str) -> None:
    if not title.strip():
        raise ApplicationError("Give the survey a title", field="title")
    if not introduction.strip():
        raise ApplicationError("Write an introduction saying who is asking and why", field="introduction")


def _check_wards(partnership: Partnership, wards: list[Area]) -> None:
    if not wards:
        raise ApplicationError("Choose the areas the survey covers", field="wards")
    districts = set(partnership.areas.values_list("id", flat=True))
    strays = [w.name for w in wards if w.kind != AreaKind.WARD or w.parent_id not in districts]
    if strays:
        raise ApplicationError(f"{', '.join(strays)} not a ward of {partnership.name}.", field="wards")


@transaction.atomic
def survey_create(
    *,
    by: Any,
    partnership: Partnership,
    title: str,
    introduction: str,
    wards: Iterable[Area],
    synthetic: bool = False,
) -> Survey:
    survey = Survey(partnership=partnership)
    _require_runner(by, survey)
    wards = list(wards)
    _check_text(title, introduction)
    _check_wards(partnership, wards)
    survey = Survey.objects.create(
        partnership=partnership,
        title=title.strip()[:200],
        introduction=introduction.strip(),
        created_by=by,
        synthetic=synthetic,
    )
    survey.wards.set(wards)
    audit_record(by=by, action=Action.CREATED, obj=survey, changes={"wards": sorted(w.name for w in wards)})
    return survey


@transaction.atomic
def survey_update(*, by: Any, survey: Survey, title: str, introduction: str, wards: Iterable[Area]) -> Survey:
    """The title and introduction can always change; the areas only until someone answers."""
    _require_runner(by, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    wards = list(wards)
    _check_text(title, introduction)
    before = set(survey.wards.values_list("id", flat=True))
    changes: dict[str, Any] = {}
    if before != {w.id for w in wards}:
        if survey_answered(survey=survey):
            raise ApplicationError(LOCKED, field="wards")
        _check_wards(survey.partnership, wards)
        survey.wards.set(wards)
        changes["wards"] = sorted(w.name for w in wards)
    for name, value in (("title", title.strip()[:200]), ("introduction", introduction.strip())):
        if getattr(survey, name) != value:
            changes[name] = value
            setattr(survey, name, value)
    survey.save(update_fields=["title", "introduction"])
    if changes:
        audit_record(by=by, action=Action.CHANGED, obj=survey, changes=changes)
    return survey


# --- added questions --------------------------------------------------------------------------------------


def _clean_question(kind: str, text: str, options: Sequence[str]) -> tuple[str, list[str]]:
    if kind not in QuestionKind.values:
        raise ApplicationError("Choose the kind of answer", field="kind")
    text = text.strip()
    if not text:
        raise ApplicationError("Enter the question", field="text")
    if len(text) > 200:
        raise ApplicationError("The question must be 200 characters or fewer", field="text")
    if kind == QuestionKind.TEXT:
        return text, []
    cleaned = [o.strip() for o in options if o.strip()]
    if len(cleaned) < 2:
        raise ApplicationError("Give at least 2 answers to choose from, one a line", field="options")
    if len(cleaned) > MAX_OPTIONS:
        raise ApplicationError(f"Give at most {MAX_OPTIONS} answers to choose from", field="options")
    if len({o.lower() for o in cleaned}) != len(cleaned):
        raise ApplicationError("Each answer to choose from must be different", field="options")
    if any(len(o) > 100 for o in cleaned):
        raise ApplicationError("Each answer to choose from must be 100 characters or fewer", field="options")
    return text, cleaned


def _locked_survey(by: Any, survey: Survey) -> Survey:
    """The survey, held until the change commits so no answer can arrive halfway; refused once answered."""
    _require_runner(by, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey_answered(survey=survey):
        raise ApplicationError(LOCKED)
    return survey


@transaction.atomic
def question_add(
    *,
    by: Any,
    survey: Survey,
    kind: str,
    text: str,
    hint: str = "",
    options: Sequence[str] = (),
    required: bool = False,
) -> SurveyQuestion:
    survey = _locked_survey(by, survey)
    count = survey.questions.count()
    if count >= MAX_QUESTIONS:
        raise ApplicationError(
            f"A survey can have at most {MAX_QUESTIONS} questions of your own: keep it short."
        )
    text, cleaned = _clean_question(kind, text, options)
    question = SurveyQuestion.objects.create(
        survey=survey,
        order=count + 1,
        kind=kind,
        text=text,
        hint=hint.strip()[:300],
        options=cleaned,
        required=required,
    )
    audit_record(by=by, action=Action.CHANGED, obj=survey, changes={"question_added": text})
    return question


@transaction.atomic
def question_update(
    *,
    by: Any,
    question: SurveyQuestion,
    kind: str,
    text: str,
    hint: str = "",
    options: Sequence[str] = (),
    required: bool = False,
) -> SurveyQuestion:
    survey = _locked_survey(by, question.survey)
    text, cleaned = _clean_question(kind, text, options)
    question.kind, question.text, question.hint = kind, text, hint.strip()[:300]
    question.options, question.required = cleaned, required
    question.save()
    audit_record(by=by, action=Action.CHANGED, obj=survey, changes={"question_changed": text})
    return question


@transaction.atomic
def question_remove(*, by: Any, question: SurveyQuestion) -> None:
    survey = _locked_survey(by, question.survey)
    text = question.text
    question.delete()
    for order, remaining in enumerate(survey.questions.order_by("order", "id"), start=1):
        if remaining.order != order:
            SurveyQuestion.objects.filter(pk=remaining.pk).update(order=order)
    audit_record(by=by, action=Action.CHANGED, obj=survey, changes={"question_removed": text})


# --- rounds -----------------------------------------------------------------------------------------------


def _short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


@transaction.atomic
def round_add(
    *,
    by: Any,
    survey: Survey,
    name: str,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    today: dt.date | None = None,
) -> SurveyRound:
    """A new round, not yet published. `today` is for loading past rounds (the demo)."""
    _require_runner(by, survey)
    today = today or timezone.localdate()
    name = name.strip()
    if not name:
        raise ApplicationError('Name the round, for example "Round 1, spring 2026"', field="name")
    if survey.rounds.filter(name__iexact=name).exists():
        raise ApplicationError(f"This survey already has a round called {name}", field="name")
    if opens_on is None:
        raise ApplicationError("Enter the date the round opens", field="opens_on")
    if closes_on is None:
        raise ApplicationError("Enter the date the round closes", field="closes_on")
    if closes_on < opens_on:
        raise ApplicationError("The round must close on or after the day it opens", field="closes_on")
    if closes_on < today:
        raise ApplicationError("The closing date must be today or later", field="closes_on")
    for _ in range(5):  # a clash of random codes is all but impossible; try again if one happens
        try:
            with transaction.atomic():
                survey_round = SurveyRound.objects.create(
                    survey=survey,
                    name=name[:100],
                    opens_on=opens_on,
                    closes_on=closes_on,
                    token=secrets.token_urlsafe(24),
                    short_code=_short_code(),
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - five clashes in a row
        raise ApplicationError("The round could not be made. Try again.")
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=survey_round,
        partnership=survey.partnership,
        changes={"opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat()},
    )
    return survey_round


def _stamp(by: Any, survey_round: SurveyRound, what: str) -> SurveyRound:
    """Record when and by whom the round was `what` ("published" or "closed"), in the audit log too."""
    setattr(survey_round, f"{what}_at", timezone.now())
    setattr(survey_round, f"{what}_by", by)
    survey_round.save(update_fields=[f"{what}_at", f"{what}_by"])
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=survey_round,
        partnership=survey_round.survey.partnership,
        changes={what: True},
    )
    return survey_round


@transaction.atomic
def round_publish(*, by: Any, survey_round: SurveyRound, today: dt.date | None = None) -> SurveyRound:
    """Make the round's link work: people can answer from its opening day to its closing day."""
    survey = survey_round.survey
    _require_runner(by, survey)
    today = today or timezone.localdate()
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if survey_round.published_at is not None:
        raise ApplicationError(f"{survey_round.name} is already published.")
    if survey_round.closes_on < today:
        raise ApplicationError(
            f"{survey_round.name} closed on {survey_round.closes_on:%-d %B %Y}: add a new round."
        )
    clash = (
        survey.rounds.filter(
            published_at__isnull=False,
            closed_at__isnull=True,
            closes_on__gte=max(today, survey_round.opens_on),
            opens_on__lte=survey_round.closes_on,
        )
        .exclude(pk=survey_round.pk)
        .first()
    )
    if clash is not None:
        raise ApplicationError(
            f"{clash.name} is open on some of the same days. Close it, or change the dates, first."
        )
    return _stamp(by, survey_round, "published")


@transaction.atomic
def round_close(*, by: Any, survey_round: SurveyRound) -> SurveyRound:
    """Stop answers now, before the closing date if need be. The link then says the survey has closed."""
    _require_runner(by, survey_round.survey)
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if survey_round.published_at is None:
        raise ApplicationError(f"{survey_round.name} was never published, so there is nothing to close.")
    if survey_round.closed_at is not None:
        raise ApplicationError(f"{survey_round.name} is already closed.")
    return _stamp(by, survey_round, "closed")


# --- answers ----------------------------------------------------------------------------------------------


def _field(question: SurveyQuestion) -> str:
    return f"question_{question.id}"


def _answer_values(question: SurveyQuestion, given: Any) -> list[str]:
    """The rows to store for one added question: refused with a message if they do not fit it."""
    values = [given] if isinstance(given, str) else list(given or [])
    values = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    if question.kind == QuestionKind.TEXT:
        if len(values) > 1:
            raise ApplicationError("Give one answer", field=_field(question))
        if values and len(values[0]) > MAX_TEXT_ANSWER:
            raise ApplicationError(
                f"Your answer must be {MAX_TEXT_ANSWER} characters or fewer", field=_field(question)
            )
    else:
        if question.kind == QuestionKind.SINGLE and len(values) > 1:
            raise ApplicationError("Choose one answer", field=_field(question))
        if any(v not in question.options for v in values):
            raise ApplicationError("Choose from the answers given", field=_field(question))
    if question.required and not values:
        message = "Answer this question" if question.kind == QuestionKind.TEXT else "Choose an answer"
        raise ApplicationError(message, field=_field(question))
    return values


@transaction.atomic
def response_submit(
    *,
    survey_round: SurveyRound,
    ward: Area | None,
    asb_problem: str,
    safe_day: str,
    safe_dark: str,
    answers: Mapping[int, Any] | None = None,
    today: dt.date | None = None,
    synthetic: bool = False,
) -> SurveyResponse:
    """Store one anonymous response. `answers`: question id → the option, the options, or the words."""
    today = today or timezone.localdate()
    # Held so the questions cannot change while this answer is stored (see `_locked_survey`).
    survey = Survey.objects.select_for_update().get(pk=survey_round.survey_id)
    survey_round = SurveyRound.objects.get(pk=survey_round.pk)
    if survey_round.status(today) != "open":
        raise ApplicationError("This survey has closed. Your answers have not been sent.")
    if ward is not None and not survey.wards.filter(pk=ward.pk).exists():
        raise ApplicationError("Choose an area from the list", field="ward")
    if asb_problem not in AsbProblem.values:
        raise ApplicationError("Choose how much of a problem anti-social behaviour is", field="asb_problem")
    if safe_day not in FeelSafe.values:
        raise ApplicationError("Choose how safe you feel during the day", field="safe_day")
    if safe_dark not in FeelSafe.values:
        raise ApplicationError("Choose how safe you feel after dark", field="safe_dark")
    answers = dict(answers or {})
    questions = list(survey.questions.all())
    if set(answers) - {q.id for q in questions}:
        raise ApplicationError("The survey's questions have changed. Check your answers and send them again.")
    rows = [(q, _answer_values(q, answers.get(q.id))) for q in questions]
    response = SurveyResponse.objects.create(
        round=survey_round,
        ward=ward,
        asb_problem=asb_problem,
        safe_day=safe_day,
        safe_dark=safe_dark,
        submitted_on=today,
        synthetic=synthetic,
    )
    SurveyAnswer.objects.bulk_create(
        [SurveyAnswer(response=response, question=q, value=v) for q, values in rows for v in values]
    )
    audit_record(
        by=None,
        label="Member of the public",
        action=Action.CREATED,
        obj=response,
        partnership=survey.partnership,
    )
    return response
