"""Forms for ASB Case Review pages, in GOV.UK Design System patterns. They check input; services decide."""

from __future__ import annotations

import calendar
from typing import Any

from django import forms
from django.utils import timezone

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import Organisation

from .models import Decision, ReceivedBy, RecommendationStatus, RuleKind, VictimKind, WindowUnit

YES_NO = [("no", "No"), ("yes", "Yes")]


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _text(
    label: str, *, required: bool = False, message: str = "", max_length: int = 200, **kwargs: Any
) -> Any:
    errors = _required(message) if message else {}
    return forms.CharField(
        label=label, required=required, max_length=max_length, error_messages=errors, **kwargs
    )


def _area(label: str, message: str = "", *, rows: int = 5, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=bool(message),
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages=_required(message) if message else {},
    )


def _email(label: str) -> Any:
    return forms.EmailField(
        required=False,
        label=label,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )


def _date(label: str, message: str = "", **kwargs: Any) -> Any:
    return GovukDateField(
        label=label,
        required=bool(message),
        help_text="For example, 27 3 2026",
        error_messages=_required(message) if message else {},
        **kwargs,
    )


class ApplicationForm(forms.Form):
    received_on = _date("Date received", "Enter the date the application was received")
    received_by = forms.ChoiceField(
        choices=ReceivedBy.choices,
        widget=forms.RadioSelect,
        label="How was it received?",
        error_messages=_required("Choose how the application was received"),
    )
    victim_kind = forms.ChoiceField(
        choices=VictimKind.choices,
        widget=forms.RadioSelect,
        initial=VictimKind.PERSON,
        label="Who is the victim?",
        error_messages=_required("Choose who the victim is"),
    )
    victim_name = _text(
        "Victim's name",
        required=True,
        message="Enter the victim's name, or the business or group's name",
        help_text="A person's full name, or the name of the business or group",
    )
    victim_address = _text("Address of the victim or where the problem is", max_length=300)
    victim_postcode = _text("Postcode", max_length=10)
    latitude = forms.FloatField(
        required=False,
        min_value=49,
        max_value=61,
        label="Latitude",
        help_text="Optional: the place on a map finds reports made near it, for example 52.1917",
    )
    longitude = forms.FloatField(
        required=False, min_value=-9, max_value=3, label="Longitude", help_text="For example -2.2205"
    )
    victim_email = _email("Victim's email address")
    victim_phone = _text("Victim's phone number", max_length=40)
    problem = _area(
        "What is the behaviour?",
        "Describe the behaviour the application is about",
        help_text="In the applicant's words: what happens, since when, and what has been reported",
    )
    on_behalf = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
        label="Is someone applying for the victim?",
        help_text="A family member, carer, councillor, MP or professional",
    )
    representative_name = _text("Name of the person applying")
    representative_relationship = _text(
        "How do they know the victim?", help_text="For example, daughter or local councillor"
    )
    representative_email = _email("Their email address")
    representative_phone = _text("Their phone number", max_length=40)
    consent_on = _date("Date the victim gave consent")
    consent_written = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
        label="Is the consent in writing?",
        required=False,
    )

    def __init__(self, *args: Any, partnerships: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        if partnerships is not None and partnerships.count() > 1:
            self.fields["partnership"] = forms.ModelChoiceField(
                queryset=partnerships, empty_label=None, error_messages=_required("Choose the partnership")
            )
            self.order_fields(["partnership"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("on_behalf") == "yes":
            if not data.get("representative_name"):
                self.add_error("representative_name", "Enter the name of the person applying")
            if not data.get("consent_on") and "consent_on" not in self.errors:
                self.add_error("consent_on", "Enter the date the victim gave consent")
        return data

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("partnership", None)
        data["on_behalf"] = data["on_behalf"] == "yes"
        data["consent_written"] = data.get("consent_written") == "yes"
        return data


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AcknowledgeForm(VersionForm):
    acknowledged_on = _date("Date acknowledged", "Enter the date it was acknowledged")


class DecisionForm(VersionForm):
    decision = forms.ChoiceField(
        choices=Decision.choices,
        widget=forms.RadioSelect,
        label="Decision",
        error_messages=_required("Choose whether the threshold is met"),
    )
    decided_on = _date("Date of the decision", "Enter the date of the decision")
    reasons = _area(
        "Reasons", "Give the reasons the applicant will be told", help_text="The applicant is told these"
    )


class ReviewForm(VersionForm):
    held_on = _date("Date of the meeting", "Enter the date of the meeting")
    attendees = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Organisations at the meeting",
        error_messages=_required("Choose the organisations at the meeting"),
    )
    summary = _area("What the review found", rows=4)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = organisations  # type: ignore[attr-defined]


class RecommendationForm(forms.Form):
    text = _area("Recommendation", "Enter the recommendation", rows=3)
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation it is made to",
        empty_label="Choose an organisation",
        error_messages=_required("Choose the organisation it is made to"),
    )
    due_on = _date("Due date", "Enter the date it is due")

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations  # type: ignore[attr-defined]


class RecommendationStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RecommendationStatus.choices, label="Where it stands")
    note = _area("Note", rows=2)


class OutcomeForm(VersionForm):
    sent_on = _date("Date sent", "Enter the date the letter was sent")
    letter = _area(
        "Letter",
        "Enter the letter sent to the applicant",
        rows=18,
        help_text="Drafted from the review: check and change it before sending",
    )


class EscalationForm(VersionForm):
    escalated_on = _date("Date the applicant asked", "Enter the date the applicant asked")
    reason = _area("What are they unhappy about?", "Say what the applicant is unhappy about", rows=3)


class EscalationResultForm(VersionForm):
    decided_on = _date("Date of the result", "Enter the date of the result")
    result = _area("Result", "Enter the result of the escalation", rows=3)


class LinkForm(forms.Form):
    reference = _text("Reference", required=True, message="Enter a reference", max_length=40)


class ComplaintForm(forms.Form):
    incident_on = _date("Date of the behaviour", "Enter the date of the behaviour")
    reported_on = _date("Date it was reported", "Enter the date it was reported")
    agency = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Reported to", empty_label="Not known"
    )
    reporter = _text("Who reported it", help_text="Leave blank if they reported anonymously")
    place = _text("Where", max_length=300)
    hate = forms.ChoiceField(
        choices=YES_NO, widget=forms.RadioSelect, initial="no", label="Was it a hate incident?"
    )
    summary = _text("What happened", max_length=300)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = organisations  # type: ignore[attr-defined]


class SameIncidentForm(forms.Form):
    complaint = forms.TypedChoiceField(
        coerce=int, label="Complaint", error_messages=_required("Choose a complaint")
    )
    same_as = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Is the same incident as"
    )

    def __init__(self, *args: Any, complaints: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].choices = [("", "Choose a complaint"), *complaints]  # type: ignore[attr-defined]
        self.fields["same_as"].choices = [("", "No other: a separate incident"), *complaints]  # type: ignore[attr-defined]


class SetAsideForm(forms.Form):
    complaint = forms.IntegerField(widget=forms.HiddenInput)
    reason = _text("Why is it not about this problem?", max_length=300)


class ProcedureForm(forms.Form):
    name = _text("Name", required=True, message="Enter the procedure's name")
    complaint_window = forms.IntegerField(
        min_value=1,
        max_value=366,
        label="A complaint qualifies if made within",
        error_messages=_required("Enter how soon after the behaviour a complaint must be made"),
    )
    complaint_window_unit = forms.ChoiceField(choices=WindowUnit.choices, label="Months or days")
    acknowledge_days = forms.IntegerField(
        min_value=1, max_value=60, label="Acknowledge within (working days of receipt)"
    )
    decision_days = forms.IntegerField(
        min_value=1, max_value=60, label="Threshold decision within (working days of acknowledging)"
    )
    meeting_days = forms.IntegerField(
        min_value=1, max_value=60, label="Review meeting within (working days of the decision)"
    )
    outcome_days = forms.IntegerField(
        min_value=1, max_value=60, label="Outcome letter within (working days of the meeting)"
    )
    requires_written_consent = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Does an application for someone else need their written consent?",
    )
    escalation_route = _area(
        "If the applicant is unhappy",
        rows=3,
        help_text="Who reviews how an application or review was handled",
    )
    nearby_metres = forms.IntegerField(
        min_value=0, max_value=2000, label="Gather reports made within this many metres"
    )
    year_start_month = forms.TypedChoiceField(
        coerce=int,
        choices=[(m, calendar.month_name[m]) for m in range(1, 13)],
        label="The reporting year starts in",
    )

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["requires_written_consent"] = data["requires_written_consent"] == "yes"
        return data


class RuleForm(forms.Form):
    kind = forms.ChoiceField(
        choices=RuleKind.choices,
        label="The rule counts",
        error_messages=_required("Choose what the rule counts"),
    )
    count = forms.IntegerField(
        min_value=1,
        label="How many",
        error_messages=_required("Enter how many"),
        help_text="No more than 3: the law makes 3 qualifying complaints enough",
    )
    months = forms.IntegerField(min_value=1, max_value=12, initial=6, label="In how many months")
