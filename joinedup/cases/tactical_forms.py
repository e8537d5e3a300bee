"""Forms for the multi-agency tactical group list. They check input; services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import Organisation

from .models import Person, TacticalSubject


class TacticalPlanForm(forms.Form):
    plan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Risk management plan",
        help_text="The risks, what each partner will do, and what would change the plan",
        error_messages={"required": "Describe the risk management plan"},
    )
    plan_owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Partner that owns the plan",
        empty_label="Choose a partner",
        error_messages={"required": "Choose the partner that owns the plan"},
    )
    review_on = GovukDateField(label="Next review", help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan_owner"].queryset = organisations  # type: ignore[attr-defined]


class TacticalEntryForm(TacticalPlanForm):
    subject = forms.ChoiceField(
        choices=TacticalSubject.choices,
        widget=forms.RadioSelect,
        label="Who or what goes on the list?",
        error_messages={"required": "Choose a person or the problem location"},
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Person",
        empty_label="Choose a person in the case",
    )
    location = forms.CharField(
        max_length=300, required=False, label="Location", help_text="Leave blank to use the case's address"
    )
    field_order = ["subject", "person", "location", "plan", "plan_owner", "review_on"]

    def __init__(self, *args: Any, people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("subject") == TacticalSubject.PERSON and not data.get("person"):
            self.add_error("person", "Choose a person in the case")
        return data


class TacticalChangeForm(TacticalPlanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TacticalRemoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is it coming off the list?",
        error_messages={"required": "Say why it is coming off the list"},
    )
