"""Forms for the PSPO register, the DHR tracker and communications, in GOV.UK Design System patterns. They
check input; services decide the rules. The `partnership` and people lists are set by the view from what
the user may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import Organisation, Partnership, User
from joinedup.places.models import Area

from .models import (
    Campaign,
    Channel,
    ConsultationPurpose,
    Consultee,
    DhrActionStatus,
    DhrStage,
    SignOffStep,
)


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _text(label: str, message: str = "", *, rows: int = 4, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(message),
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=_required(message) if message else {},
    )


# Counts are kept in whole-number columns; anything bigger is a typing slip, refused on the form.
LARGEST_COUNT = 1_000_000_000


def _count(label: str, hint: str = "", *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=LARGEST_COUNT,
        required=required,
        initial=0 if required else None,
        help_text=hint,
        error_messages={
            "required": f"Enter the {label.lower()}, or 0",
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} cannot be below zero",
            "max_value": f"{label} is too large: enter at most {LARGEST_COUNT:,}",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
    )


def _date(label: str, *, required: bool = True, hint: str = "For example, 27 3 2026") -> GovukDateField:
    return GovukDateField(label=label, required=required, help_text=hint)


def _partnership() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages=_required("Choose the partnership"),
    )


def set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- PSPO register ----------------------------------------------------------------------------------------


class PspoForm(forms.Form):
    partnership = _partnership()
    reference = forms.CharField(
        max_length=40,
        label="Reference",
        help_text="The council's reference for the order, e.g. PSPO-2024-01",
        error_messages=_required("Enter the order's reference"),
    )
    title = forms.CharField(
        max_length=200, label="Title", error_messages=_required("Enter the order's title")
    )
    area_description = forms.CharField(
        max_length=300,
        label="Where it applies",
        help_text="In words, as the order says, e.g. the city centre within the ring road",
        error_messages=_required("Say where the order applies, as the order does"),
    )
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label="Wards and areas it covers",
        widget=forms.CheckboxSelectMultiple,
    )
    boundary = _text(
        "Drawn boundary (optional)",
        rows=3,
        hint="Where the order covers part of an area: its boundary as GeoJSON (longitude, latitude)",
    )
    prohibitions = _text("What it prohibits", hint="One on each line")
    requirements = _text("What it requires", hint="One on each line")
    made_on = _date("Date made")
    in_force_from = _date("In force from")
    expires_on = _date(
        "Expires on", hint="The last day it has effect: at most 3 years after it comes into force"
    )
    order_url = forms.URLField(
        label="Link to the published order",
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the web address of the order, like https://www.example.gov.uk/pspo"
        },
    )


class ExtensionForm(forms.Form):
    decided_on = _date("Date the extension was decided")
    new_expires_on = _date("New expiry date", hint="At most 3 years after the current expiry date")
    reason = _text(
        "Why it is needed",
        "Say why the extension is needed to stop the activities recurring or getting worse",
        hint="To stop the activities recurring, or getting worse (2014 Act s.60)",
    )


class VariationForm(forms.Form):
    decided_on = _date("Date the variation was decided")
    takes_effect_on = _date("Date it takes effect")
    summary = _text("What changed", "Say what the variation changed", rows=3)
    area_description = forms.CharField(
        max_length=300,
        label="Where the varied order applies",
        help_text="In words, as the varied order says",
        error_messages=_required("Say where the varied order applies, as the order does"),
    )
    prohibitions = _text("What the varied order prohibits", rows=5, hint="One on each line, all of them")
    requirements = _text("What the varied order requires", rows=5, hint="One on each line, all of them")

    def clean_prohibitions(self) -> list[str]:
        return lines(self.cleaned_data["prohibitions"])

    def clean_requirements(self) -> list[str]:
        return lines(self.cleaned_data["requirements"])


class DischargeForm(forms.Form):
    decided_on = _date("Date the discharge was decided")
    ends_on = _date("Last day the order has effect", hint="The date the discharge notice gives")
    reason = _text("Why it is discharged", "Say why the order is being discharged", rows=3)


class ConsultationForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What the consultation was about",
        choices=ConsultationPurpose.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose what the consultation was about"),
    )
    starts_on = _date("Started on")
    ends_on = _date("Ended on")
    responses = _count("Responses")
    consultees = forms.MultipleChoiceField(
        label="Who was consulted",
        choices=Consultee.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The chief officer of police, the PCC and community representatives must be consulted",
    )
    other_consultees = _text("Others consulted", rows=3, hint="One on each line")
    summary = _text("What people said", rows=4)


class NoticeForm(forms.Form):
    put_up_on = _date("Put up on")
    location = forms.CharField(
        max_length=300, label="Where", error_messages=_required("Say where the notice is")
    )
    notes = forms.CharField(max_length=300, label="Notes", required=False)


class PenaltyForm(forms.Form):
    applies_from = _date("Applies from")
    amount = forms.IntegerField(
        label="Fixed penalty, in pounds",
        min_value=1,
        error_messages={
            "required": "Enter the fixed penalty in pounds",
            "invalid": "Enter a whole number of pounds",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
    )
    early_payment_amount = forms.IntegerField(
        label="If paid early, in pounds (optional)",
        min_value=1,
        required=False,
        error_messages={"invalid": "Enter a whole number of pounds"},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
    )


class EnforcementForm(forms.Form):
    period_start = _date("First day of the period")
    period_end = _date("Last day of the period")
    warnings = _count("Warnings")
    fpns_issued = _count("Fixed penalty notices issued")
    fpns_paid = _count("Fixed penalty notices paid")
    prosecutions = _count("Prosecutions")


# --- Domestic Homicide Reviews ----------------------------------------------------------------------------


def _panel() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Panel members who may see this review",
        widget=forms.CheckboxSelectMultiple,
    )


class DhrForm(forms.Form):
    partnership = _partnership()
    reference = forms.CharField(
        max_length=40, label="Reference", error_messages=_required("Enter the review's reference")
    )
    pseudonym = forms.CharField(
        max_length=60,
        initial="Adult A",
        label="Pseudonym",
        help_text="Never the person's name: the name the review and its published report will use",
        error_messages=_required('Give the pseudonym the review will use, e.g. "Adult A"'),
    )
    notified_on = _date("Date the police notified the partnership")
    independent_chair = forms.CharField(max_length=200, label="Independent chair", required=False)
    panel_members = _panel()


class DhrChangeForm(forms.Form):
    pseudonym = DhrForm.base_fields["pseudonym"]
    independent_chair = forms.CharField(max_length=200, label="Independent chair", required=False)
    home_office_notified_on = _date("Home Office told of the decision", required=False)
    panel_first_met_on = _date("Panel first met", required=False)
    imrs_requested_on = _date("Individual management reviews requested", required=False)
    published_url = forms.URLField(
        label="Link to the published report",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the web address of the report"},
    )
    panel_members = _panel()


class DhrDecisionForm(forms.Form):
    hold = forms.TypedChoiceField(
        label="Will the partnership hold a review?",
        choices=[("yes", "Yes, hold a review"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages=_required("Say whether the partnership will hold a review"),
    )
    decided_on = _date("Date of the decision")
    reasons = _text("Reasons", hint="Needed if not holding a review: the Home Office must be told them")
    home_office_notified_on = _date("Home Office told on", required=False)


class DhrMoveForm(forms.Form):
    to_stage = forms.ChoiceField(
        label="Move to", widget=forms.RadioSelect, error_messages=_required("Choose the review's next stage")
    )
    on = _date("Date")
    note = _text("Note", rows=2)

    def __init__(self, *args: Any, stages: tuple[str, ...] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_stage"]).choices = [(s, DhrStage(s).label) for s in stages]


class DhrActionForm(forms.Form):
    action = _text("Action", "Describe the action", rows=3)
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Owner",
        error_messages=_required("Choose the partner who owns the action"),
    )
    due_on = _date("Due on")


class DhrActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=DhrActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose the action's status"),
    )
    text = _text("What has been done", "Say what has been done", rows=3)


class PersonForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Person", error_messages=_required("Choose the person")
    )


# --- communications ---------------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    partnership = _partnership()
    title = forms.CharField(
        max_length=200, label="Title", error_messages=_required("Enter the campaign's title")
    )
    channel = forms.ChoiceField(
        label="Channel",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose the channel"),
    )
    starts_on = _date("Started on")
    ends_on = _date("Ended on", required=False)
    reach = _count("Reach", "People who saw or received it", required=False)
    engagements = _count("Engagements", "Likes, shares, replies, conversations at events", required=False)
    priority = forms.CharField(
        max_length=200, label="Plan priority (optional)", required=False, help_text="e.g. Safer People"
    )
    notes = _text("Notes", rows=3)


class ReleaseForm(forms.Form):
    partnership = _partnership()
    title = forms.CharField(max_length=200, label="Headline", error_messages=_required("Enter the headline"))
    body = _text("Text of the release", "Enter the text of the release", rows=10)
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, label="Campaign (optional)", empty_label="None"
    )


class ReleaseDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("return", "Return to draft")],
        widget=forms.RadioSelect,
        error_messages=_required("Choose whether to approve the release or return it to draft"),
    )
    comment = _text("Comment", rows=3, hint="Needed when returning it: say what needs to change")


class ReleaseReleaseForm(forms.Form):
    released_on = _date("Released on")
    released_to = forms.CharField(
        max_length=300, label="Released to", required=False, help_text="e.g. local papers and radio"
    )


class SignatoryForm(PersonForm):
    step = forms.ChoiceField(
        label="Signs off as",
        choices=SignOffStep.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose the step they sign off"),
    )
