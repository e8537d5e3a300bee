"""Forms for perception surveys: the coordinator's (build a survey, add a question, add a round) and the
public's (one question a page). They check what was typed is well formed; the services decide the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import Partnership
from joinedup.places.models import Area

from .models import AsbProblem, FeelSafe, QuestionKind, SurveyQuestion
from .services.surveys import MAX_TEXT_ANSWER

ELSEWHERE = "elsewhere"


def _required(message: str) -> dict[str, str]:
    return {"required": message}


# --- the coordinator's -------------------------------------------------------------------------------------


class SurveyForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="People see it at the top of every page, e.g. Feeling safe in St John's",
        error_messages=_required("Give the survey a title"),
    )
    introduction = forms.CharField(
        label="Introduction",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Shown before people start: who is asking, why, and what you will do with the answers",
        error_messages=_required("Write an introduction saying who is asking and why"),
    )
    wards = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(),
        label="Areas the survey covers",
        widget=forms.CheckboxSelectMultiple,
        help_text="People choose one of these as the area they live in or visit most. Results are by area.",
        error_messages=_required("Choose the areas the survey covers"),
    )

    def __init__(self, *args: Any, wards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["wards"]).queryset = wards


class SurveyNewForm(SurveyForm):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        label="Partnership",
        error_messages=_required("Choose the partnership"),
    )

    field_order = ["partnership", "title", "introduction", "wards"]

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partnership"]).queryset = partnerships


class QuestionForm(forms.Form):
    text = forms.CharField(
        max_length=200,
        label="Question",
        help_text="Ask about one thing, in plain words",
        error_messages=_required("Enter the question"),
    )
    hint = forms.CharField(max_length=300, required=False, label="Hint (optional)")
    kind = forms.ChoiceField(
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        label="How people answer",
        error_messages=_required("Choose how people answer"),
    )
    options = forms.CharField(
        required=False,
        label="Answers to choose from",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line, between 2 and 10. Not needed for a short answer in their own words.",
    )
    required = forms.TypedChoiceField(
        choices=[("no", "No, they may skip it"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
        label="Must people answer it?",
        error_messages=_required("Say whether people must answer it"),
    )

    @staticmethod
    def initial_for(question: SurveyQuestion) -> dict[str, Any]:
        return {
            "text": question.text,
            "hint": question.hint,
            "kind": question.kind,
            "options": "\n".join(question.options),
            "required": "yes" if question.required else "no",
        }

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "hint": data["hint"],
            "kind": data["kind"],
            "options": data["options"].splitlines(),
            "required": data["required"],
        }


class RoundForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Name of the round",
        help_text="For example, Round 1, spring 2026",
        error_messages=_required('Name the round, for example "Round 1, spring 2026"'),
    )
    opens_on = GovukDateField(label="Opens on", help_text="For example, 1 3 2026")
    closes_on = GovukDateField(label="Closes on", help_text="People can answer until the end of this day")


# --- the public's: one question a page ---------------------------------------------------------------------


class WardForm(forms.Form):
    ward = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the area you live in or visit most",
            "invalid_choice": "Choose an area from the list",
        },
    )

    def __init__(self, *args: Any, wards: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ward"]).choices = [
            *((str(w.id), w.name) for w in wards),
            (ELSEWHERE, "None of these"),
        ]


class AsbForm(forms.Form):
    asb_problem = forms.ChoiceField(
        choices=AsbProblem.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose how much of a problem anti-social behaviour is"),
    )


class DayForm(forms.Form):
    safe_day = forms.ChoiceField(
        choices=FeelSafe.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose how safe you feel during the day"),
    )


class DarkForm(forms.Form):
    safe_dark = forms.ChoiceField(
        choices=FeelSafe.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose how safe you feel after dark"),
    )


def answer_form(question: SurveyQuestion, data: Any = None, initial: Any = None) -> forms.Form:
    """A page's form for one added question; its one field is named `answer`."""
    field: forms.Field
    choices = [(o, o) for o in question.options]
    if question.kind == QuestionKind.SINGLE:
        field = forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            required=question.required,
            error_messages={
                "required": "Choose an answer",
                "invalid_choice": "Choose from the answers given",
            },
        )
    elif question.kind == QuestionKind.MULTIPLE:
        field = forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            required=question.required,
            error_messages={
                "required": "Choose at least one answer",
                "invalid_choice": "Choose from the answers given",
            },
        )
    else:
        field = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=MAX_TEXT_ANSWER,
            required=question.required,
            error_messages={
                "required": "Answer this question",
                "max_length": f"Your answer must be {MAX_TEXT_ANSWER} characters or fewer",
            },
        )
    field.label = question.text
    field.help_text = question.hint
    form = forms.Form(data, initial={"answer": initial} if initial is not None else None)
    form.fields["answer"] = field
    return form
