"""Forms for tasking pages, in GOV.UK Design System patterns. They check input; services decide the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import GovernanceGroup, Organisation, User

from .agenda_sources import SOURCES
from .models import AttendanceStatus, CycleUnit


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class VersionForm(forms.Form):
    """Carries the version of the record the page showed, so a stale change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class GroupForm(VersionForm):
    governance_group = forms.ModelChoiceField(
        queryset=GovernanceGroup.objects.none(),
        label="Group in the governance tree",
        error_messages=_required("Choose the group"),
    )
    terms_of_reference = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Terms of reference",
        error_messages=_required("Enter the terms of reference"),
    )
    cycle_every = forms.IntegerField(
        label="Meets every",
        min_value=1,
        max_value=52,
        help_text="A number, for example 2",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Say how often the group meets",
            "invalid": "Meets every must be a whole number, like 2",
            "min_value": "Meets every must be at least 1",
            "max_value": "Meets every must be 52 or fewer",
        },
    )
    cycle_unit = forms.ChoiceField(
        choices=CycleUnit.choices, widget=forms.RadioSelect, label="Weeks or months", initial=CycleUnit.MONTHS
    )
    people = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Named members",
        help_text="People who belong to the group themselves, on top of the member organisations' staff.",
    )
    agenda_sources = forms.MultipleChoiceField(
        choices=[(s.code, s.label) for s in SOURCES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What the agenda is generated from",
        help_text="None chosen means all of them.",
    )

    def __init__(self, *args: Any, groups: Any = None, people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if groups is None:
            del self.fields["governance_group"]
        else:
            self.fields["governance_group"].queryset = groups  # type: ignore[attr-defined]
            self.fields["version"].required = False
        self.fields["people"].queryset = people  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    day = GovukDateField(label="Date", help_text="For example, 27 3 2026")
    time = forms.TimeField(
        label="Time",
        help_text="24-hour clock, for example 10:00",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time", "invalid": "Enter the time like 10:00"},
    )
    location = forms.CharField(max_length=200, required=False, label="Where")

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        if day is None:
            raise forms.ValidationError("Enter the date")
        return day


class FreeItemForm(VersionForm):
    title = forms.CharField(max_length=300, label="Item", error_messages=_required("Enter the item's title"))
    details = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Details")
    owner_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Owner", empty_label="No owner"
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations  # type: ignore[attr-defined]


class AgendaEditForm(VersionForm):
    """One row per item: its number (to reorder), the coordinator's note, and whether to remove it."""

    def __init__(self, *args: Any, items: list, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.items = items
        for number, item in enumerate(items, start=1):
            self.fields[f"position_{item.id}"] = forms.IntegerField(
                label=f"Number of item {number}",
                initial=number,
                min_value=1,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
                error_messages={
                    "required": f"Enter a number for item {number}",
                    "invalid": f"The number for item {number} must be a whole number",
                    "min_value": f"The number for item {number} must be 1 or more",
                },
            )
            self.fields[f"notes_{item.id}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                label=f"Note on item {number}",
                initial=item.notes,
            )
            self.fields[f"remove_{item.id}"] = forms.BooleanField(
                required=False, label=f"Remove item {number}"
            )

    def rows(self) -> list[tuple[Any, Any, Any, Any]]:
        return [
            (item, self[f"position_{item.id}"], self[f"notes_{item.id}"], self[f"remove_{item.id}"])
            for item in self.items
        ]

    def changes(self) -> tuple[dict[int, int], dict[int, str], set[int]]:
        data = self.cleaned_data
        return (
            {i.id: data[f"position_{i.id}"] for i in self.items},
            {i.id: data[f"notes_{i.id}"] for i in self.items},
            {i.id for i in self.items if data[f"remove_{i.id}"]},
        )


class UpdateForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Your update",
        error_messages=_required("Enter your update"),
    )


class AttendanceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Partner", error_messages=_required("Choose the partner")
    )
    person = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Person", empty_label="Not named"
    )
    status = forms.ChoiceField(
        choices=AttendanceStatus.choices,
        widget=forms.RadioSelect,
        label="Attendance",
        error_messages=_required("Choose present or apologies"),
    )

    def __init__(self, *args: Any, organisations: Any, people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda u: f"{u.full_name}, {u.organisation}"  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Minutes")


class ActionForm(forms.Form):
    title = forms.CharField(
        max_length=300, label="Action", error_messages=_required("Say what the action is")
    )
    owner_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Owner partner",
        empty_label="Choose a partner",
        error_messages=_required("Choose the partner who owns the action"),
    )
    owner_officer = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Officer (optional)",
        empty_label="Anyone in the partner",
    )
    due_on = GovukDateField(label="Due date", help_text="For example, 27 3 2026", required=False)

    def __init__(self, *args: Any, organisations: Any, people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["owner_officer"].queryset = people  # type: ignore[attr-defined]
        self.fields["owner_officer"].label_from_instance = lambda u: f"{u.full_name}, {u.organisation}"  # type: ignore[attr-defined]

    def clean_due_on(self) -> dt.date:
        due_on = self.cleaned_data["due_on"]
        if due_on is None:
            raise forms.ValidationError("Enter the date the action is due")
        return due_on


class ActionUpdateForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Progress",
        error_messages=_required("Enter the update"),
    )
    close = forms.BooleanField(required=False, label="This closes the action")
