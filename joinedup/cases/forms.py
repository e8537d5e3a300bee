"""Forms for case pages, in GOV.UK Design System patterns. They check input; services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import Organisation, Team, User
from joinedup.places.models import Area

from .models import (
    CaseKind,
    CaseStatus,
    Consent,
    ContactMethod,
    Outcome,
    Person,
    PersonRole,
    RestrictionReason,
    RiskLevel,
    Sensitivity,
    Vulnerability,
)

YES_NO = [("no", "No"), ("yes", "Yes")]


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _choices(blank: str, choices: Any) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class _PlaceFields(forms.Form):
    address = forms.CharField(max_length=300, required=False, help_text="House number and street, or a place")
    postcode = forms.CharField(max_length=10, required=False)
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label="Ward or area",
        empty_label="Find it from the map point",
    )
    latitude = forms.FloatField(
        required=False,
        min_value=49,
        max_value=61,
        label="Latitude",
        help_text="Optional, for example 52.1917",
    )
    longitude = forms.FloatField(
        required=False,
        min_value=-9,
        max_value=3,
        label="Longitude",
        help_text="Optional, for example -2.2205",
    )


class CaseForm(_PlaceFields):
    kind = forms.ModelChoiceField(
        queryset=CaseKind.objects.filter(active=True),
        label="Kind of case",
        empty_label="Choose a kind of case",
        error_messages=_required("Choose the kind of case"),
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Summary",
        help_text="What is happening, to whom, and what is needed",
        error_messages=_required("Describe the case"),
    )
    lead_officer = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Lead officer",
        error_messages=_required("Choose the lead officer"),
    )
    risk_level = forms.ChoiceField(
        choices=_choices("Not assessed yet", RiskLevel.choices), required=False, label="Risk level"
    )
    review_on = GovukDateField(label="Review date", required=False, help_text="For example, 27 3 2026")
    restricted = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
        label="Restrict to named people?",
        help_text="For domestic abuse, safeguarding and other sensitive cases",
    )
    restriction_reason = forms.ChoiceField(
        choices=_choices("Not restricted", RestrictionReason.choices),
        required=False,
        label="Why is it restricted?",
    )

    field_order = [
        "partnership",
        "kind",
        "summary",
        "lead_officer",
        "address",
        "postcode",
        "area",
        "latitude",
        "longitude",
        "risk_level",
        "review_on",
        "restricted",
        "restriction_reason",
    ]

    def __init__(self, *args: Any, officers: Any, areas: Any, partnerships: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = officers  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        if partnerships is not None:
            self.fields["partnership"] = forms.ModelChoiceField(
                queryset=partnerships, empty_label=None, error_messages=_required("Choose the partnership")
            )
            self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("restricted") == "yes" and not data.get("restriction_reason"):
            self.add_error("restriction_reason", "Choose why the case is restricted")
        return data

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("partnership", None)
        data["restricted"] = data["restricted"] == "yes"
        return data


class CaseEditForm(CaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=CaseStatus.choices, widget=forms.RadioSelect, label="Status")
    outcome = forms.ChoiceField(
        choices=_choices("Not closed", Outcome.choices),
        required=False,
        label="Outcome",
        help_text="When closing",
    )
    outcome_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Outcome notes"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == CaseStatus.CLOSED and not data.get("outcome"):
            self.add_error("outcome", "Choose the outcome of the case")
        return data

    def service_values(self) -> dict[str, Any]:
        data = super().service_values()
        data.pop("version")
        return data


class PersonForm(forms.Form):
    given_name = forms.CharField(
        max_length=100, label="First name", error_messages=_required("Enter their first name")
    )
    family_name = forms.CharField(
        max_length=100, label="Last name", error_messages=_required("Enter their last name")
    )
    other_names = forms.CharField(
        max_length=200, required=False, label="Other names", help_text="Known as, or previous names"
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 31 3 1980")
    address = forms.CharField(max_length=300, required=False)
    postcode = forms.CharField(max_length=10, required=False)
    phone = forms.CharField(max_length=40, required=False, label="Phone number")
    email = forms.EmailField(
        required=False,
        label="Email address",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    vulnerabilities = forms.MultipleChoiceField(
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Vulnerabilities",
    )
    consent = forms.ChoiceField(
        choices=Consent.choices,
        widget=forms.RadioSelect,
        initial=Consent.NOT_ASKED,
        label="Consent to share their information",
        error_messages=_required("Choose whether they consent"),
    )
    consent_on = GovukDateField(label="Date consent was given or refused", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent") in (Consent.GIVEN, Consent.REFUSED) and not data.get("consent_on"):
            self.add_error("consent_on", "Enter the date they gave or refused consent")
        return data


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CasePersonForm(PersonForm):
    role = forms.ChoiceField(
        choices=PersonRole.choices,
        widget=forms.RadioSelect,
        label="Their role in the case",
        error_messages=_required("Choose their role in the case"),
    )
    field_order = ["role"]


class RoleForm(forms.Form):
    """Adding someone already on record, chosen from the likely matches."""

    existing = forms.UUIDField(error_messages={"required": "Choose a person", "invalid": "Choose a person"})
    role = forms.ChoiceField(
        choices=PersonRole.choices,
        error_messages={"required": "Choose their role", "invalid_choice": "Choose their role"},
    )


class SearchForm(forms.Form):
    purpose = forms.CharField(
        max_length=300,
        label="Why are you searching?",
        help_text="For example, a new complaint from this person. Your search and this reason are recorded",
        error_messages=_required("Say why you are searching"),
    )
    given_name = forms.CharField(max_length=100, required=False, label="First name")
    family_name = forms.CharField(max_length=100, required=False, label="Last name")
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    address = forms.CharField(max_length=300, required=False)
    postcode = forms.CharField(max_length=10, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = data.get("given_name") or data.get("family_name")
        if not named and not data.get("postcode"):
            self.add_error("family_name", "Enter a name, or a postcode to search for a place")
        return data


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Partner",
        empty_label="Choose a partner",
        error_messages=_required("Choose a partner to share with"),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why are you sharing this case?",
        error_messages=_required("Say why you are sharing this case"),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class NameForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Person",
        empty_label="Choose a person",
        error_messages=_required("Choose who may see the case"),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class AccessRequestForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why do you need access?",
        help_text="The lead partner sees this when deciding",
        error_messages=_required("Say why you need access"),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("grant", "Grant access"), ("refuse", "Refuse access")],
        widget=forms.RadioSelect,
        label="Decision",
        error_messages=_required("Choose whether to grant or refuse access"),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Reason",
        help_text="Needed when refusing",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why access is refused: the person asking will see it")
        return data


class ActionForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="What needs to be done", error_messages=_required("Say what needs to be done")
    )
    details = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Details")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Partner",
        empty_label=None,
        error_messages=_required("Choose the partner"),
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, label="Team", empty_label="Any team"
    )
    officer = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Officer", empty_label="Anyone in the partner"
    )
    due_on = GovukDateField(label="Due date", help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, organisations: Any, teams: Any, officers: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class CompleteActionForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What was done?",
        error_messages=_required("Say what was done"),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Note", error_messages=_required("Enter the note")
    )
    sensitivity = forms.ChoiceField(
        choices=Sensitivity.choices,
        widget=forms.RadioSelect,
        initial=Sensitivity.STANDARD,
        label="Who may read it",
    )


class ContactForm(forms.Form):
    method = forms.ChoiceField(
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        label="How",
        error_messages=_required("Choose how the contact was made"),
    )
    happened_on = GovukDateField(label="Date")
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="With", empty_label="Nobody in the case"
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What happened",
        error_messages=_required("Say what was discussed or found"),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    file = forms.FileField(label="File", error_messages=_required("Choose a file"))
    description = forms.CharField(max_length=300, required=False, label="What is it?")


class LinkReportForm(forms.Form):
    reference = forms.CharField(
        max_length=30,
        label="Report reference",
        help_text="For example, WOR-2026-000123",
        error_messages=_required("Enter the report's reference"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Reason", error_messages=_required("Give a reason")
    )


class ExportForm(forms.Form):
    purpose = forms.CharField(
        max_length=300,
        label="Subject access request reference",
        help_text="Or why you are exporting. It is recorded with the export",
        error_messages=_required("Give the subject access request's reference or why you are exporting"),
    )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("active", "Open or under review"), *CaseStatus.choices, ("all", "Any")], required=False
    )
    kind = forms.ChoiceField(required=False, label="Kind")
    mine = forms.ChoiceField(
        choices=[("", "All my partner's cases"), ("1", "Cases I lead")], required=False, label="Show"
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        kinds = CaseKind.objects.filter(active=True).values_list("code", "name")
        self.fields["kind"].choices = [("", "Any"), *kinds]  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        if self.is_valid():
            return self.cleaned_data.get(name) or ""
        return ""
