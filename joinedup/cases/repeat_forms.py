"""Forms for the repeat and vulnerable victims pages. They check input; services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from .forms import CaseForm
from .repeat_selectors import SHOW


def _whole_number(label: str, low: int, high: int, hint: str) -> forms.IntegerField:
    message = f"{label} must be a whole number between {low} and {high}"
    return forms.IntegerField(
        min_value=low,
        max_value=high,
        label=label,
        help_text=hint,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter {label.lower()}",
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class RepeatFilterForm(forms.Form):
    partnership = forms.ChoiceField(required=False, label="Partnership")
    show = forms.ChoiceField(choices=list(SHOW.items()), required=False, label="Show")

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [(p.slug, p.name) for p in partnerships]  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        return (self.cleaned_data.get(name) or "") if self.is_valid() else ""


class DismissForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why is no case needed?",
        help_text="Partners see this. It is suggested again when a new incident is reported",
        error_messages={"required": "Say why no case is needed"},
    )


class RepeatCaseForm(CaseForm):
    """The new-case form, with the repeat victim's reports to link."""

    reports = forms.MultipleChoiceField(
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Reports to link to the case",
        error_messages={"invalid_choice": "Choose reports from this list only"},
    )

    def __init__(self, *args: Any, reports: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reports"].choices = reports  # type: ignore[attr-defined]
        self.fields.pop("partnership", None)  # the partnership is the suggestion's

    def service_values(self) -> dict[str, Any]:
        data = super().service_values()
        data.pop("reports")
        return data


class RepeatRuleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    incidents = _whole_number(
        "Number of incidents", 2, 50, "A person or place with this many or more is flagged"
    )
    window_days = _whole_number(
        "Number of days", 7, 1095, "Counted back from today, for example 365 for a year"
    )
    same_place_metres = _whole_number(
        "Distance in metres", 1, 100, "Reports carry a map point: points this close count as the same place"
    )
