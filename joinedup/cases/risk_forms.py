"""Forms of the risk assessment pages, in GOV.UK patterns. They check input; `services.risk` decides."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms

from .models import RiskLevel, RiskQuestionnaire
from .services.risk import MAX_QUESTIONS, MAX_REVIEW_DAYS, MAX_WEIGHT, STALE_QUESTIONNAIRE, QuestionSpec

BLANK_ROWS = 3  # room for new questions without JavaScript


def _whole(label: str, message: str, *, minimum: int, maximum: int, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        error_messages={
            "required": message,
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be {minimum} or more",
            "max_value": f"{label} must be {maximum} or less",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        **kwargs,
    )


class QuestionnaireForm(forms.Form):
    """Thresholds, reassessment intervals and one text-and-weight pair per question.

    The question rows are fields of this form (not a formset), so the ordinary error summary and
    field templates show every problem, and the rows posted decide how many there are.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_QUESTIONS + BLANK_ROWS)
    medium_from = _whole(
        "Medium risk from a score of",
        "Enter the score at which medium risk starts",
        minimum=1,
        maximum=10_000,
    )
    high_from = _whole(
        "High risk from a score of", "Enter the score at which high risk starts", minimum=1, maximum=10_000
    )
    high_review_days = _whole(
        "Reassess high risk after (days)",
        "Enter when to reassess high risk",
        minimum=1,
        maximum=MAX_REVIEW_DAYS,
    )
    medium_review_days = _whole(
        "Reassess medium risk after (days)",
        "Enter when to reassess medium risk",
        minimum=1,
        maximum=MAX_REVIEW_DAYS,
    )
    standard_review_days = _whole(
        "Reassess standard risk after (days)",
        "Enter when to reassess standard risk",
        minimum=1,
        maximum=MAX_REVIEW_DAYS,
    )
    change_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What did you change, and why?",
        help_text="Kept with this version of the questionnaire",
        error_messages={"required": "Say what you changed and why"},
    )

    def __init__(self, *args: Any, current: RiskQuestionnaire | None, **kwargs: Any):
        data = args[0] if args else kwargs.get("data")
        existing = list(current.questions.all()) if current else []
        rows = len(existing) + BLANK_ROWS
        if data is not None:
            with contextlib.suppress(TypeError, ValueError):
                rows = max(1, min(int(data.get("rows", rows)), MAX_QUESTIONS + BLANK_ROWS))
        initial = kwargs.setdefault("initial", {})
        initial["version"] = current.version if current else 0
        initial["rows"] = rows
        if current:
            for name in (
                "medium_from",
                "high_from",
                "high_review_days",
                "medium_review_days",
                "standard_review_days",
            ):
                initial[name] = getattr(current, name)
        for number, question in enumerate(existing, start=1):
            initial[f"q_{number}_text"] = question.text
            initial[f"q_{number}_weight"] = question.weight
        super().__init__(*args, **kwargs)
        for number in range(1, rows + 1):
            self.fields[f"q_{number}_text"] = forms.CharField(
                max_length=300, required=False, label=f"Question {number}"
            )
            self.fields[f"q_{number}_weight"] = _whole(
                f"Weight of question {number}",
                f"Enter the weight of question {number}",
                minimum=0,
                maximum=MAX_WEIGHT,
                required=False,
                help_text="Points a yes adds to the score",
            )
        self.row_count = rows

    def question_rows(self) -> list[tuple[int, Any, Any]]:
        return [(n, self[f"q_{n}_text"], self[f"q_{n}_weight"]) for n in range(1, self.row_count + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number in range(1, self.row_count + 1):
            text = (data.get(f"q_{number}_text") or "").strip()
            if text and data.get(f"q_{number}_weight") is None and not self.has_error(f"q_{number}_weight"):
                self.add_error(f"q_{number}_weight", f"Enter the weight of question {number}")
        return data

    def questions(self) -> list[QuestionSpec]:
        """The questions in order; a row without text is left out (that is how a question is removed)."""
        data = self.cleaned_data
        return [
            QuestionSpec(data[f"q_{n}_text"], data[f"q_{n}_weight"] or 0)
            for n in range(1, self.row_count + 1)
            if (data.get(f"q_{n}_text") or "").strip()
        ]

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "based_on": data["version"],
            "questions": self.questions(),
            **{
                name: data[name]
                for name in (
                    "medium_from",
                    "high_from",
                    "high_review_days",
                    "medium_review_days",
                    "standard_review_days",
                    "change_note",
                )
            },
        }


YES_NO = [("yes", "Yes"), ("no", "No")]


class AssessmentForm(forms.Form):
    """One yes-or-no answer for each question of the questionnaire version shown, and judgement."""

    questionnaire = forms.IntegerField(widget=forms.HiddenInput)
    raise_to = forms.ChoiceField(
        choices=[
            ("", "No, the score's level stands"),
            (RiskLevel.MEDIUM, "Yes, to medium risk"),
            (RiskLevel.HIGH, "Yes, to high risk"),
        ],
        widget=forms.RadioSelect,
        required=False,
        initial="",
        label="Does your professional judgement raise the level?",
        help_text="It can raise the level the answers score, never lower it",
    )
    raise_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Why does your judgement raise it?",
        help_text="Only when raising the level",
    )

    def __init__(self, *args: Any, questionnaire: RiskQuestionnaire, **kwargs: Any):
        kwargs.setdefault("initial", {})["questionnaire"] = questionnaire.id
        super().__init__(*args, **kwargs)
        self.questionnaire_id = questionnaire.id
        self.question_fields = []
        for question in questionnaire.questions.all():
            name = f"q{question.id}"
            self.fields[name] = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.RadioSelect,
                label=f"{question.position}. {question.text}",
                error_messages={"required": f"Answer question {question.position}"},
            )
            self.question_fields.append(name)
        self.order_fields([*self.question_fields, "raise_to", "raise_reason"])

    def questions(self) -> list[Any]:
        return [self[name] for name in self.question_fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("questionnaire") not in (None, self.questionnaire_id):
            # The answers were to other questions: the page now shows the questionnaire in use.
            self.add_error(None, STALE_QUESTIONNAIRE)
        if data.get("raise_to") and not (data.get("raise_reason") or "").strip():
            self.add_error("raise_reason", "Say why your professional judgement raises the level")
        return data

    def answers(self) -> dict[int, bool | None]:
        data = self.cleaned_data
        return {int(name[1:]): data[name] == "yes" for name in self.question_fields}
