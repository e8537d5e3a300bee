"""Forms for problem profiles and patrols, in GOV.UK Design System patterns. They check input; services
decide the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from joinedup.core.forms import GovukDateField
from joinedup.intelligence.models import IncidentCategory
from joinedup.intelligence.views.hotspots import MonthField
from joinedup.partners.models import Organisation, Partnership, User
from joinedup.places.models import Area
from joinedup.reports.models import Category

from .models import ActionStatus, HypothesisStatus, InterventionType, PatrolStatus, ProblemProfile, Stage
from .services.sources import DEFAULT_RADIUS_M, HOTSPOT_CELLS


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _text(
    label: str, message: str, *, rows: int = 4, required: bool = True, hint: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=_required(message),
    )


def _radius() -> forms.IntegerField:
    return forms.IntegerField(
        label="Radius in metres",
        initial=DEFAULT_RADIUS_M,
        min_value=50,
        max_value=2000,
        help_text="How far round the place the problem reaches, between 50 and 2,000",
        error_messages=_required("Enter the radius in metres"),
    )


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


class ProfileForm(forms.Form):
    """What every new profile needs, whatever it starts from."""

    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages=_required("Choose the partnership"),
    )
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="The offending behaviour and the place, e.g. street drinking in the Shambles",
        error_messages=_required("Give the problem a short title"),
    )
    objective = _text(
        "Objective", "Say what the partnership wants to achieve", hint="What should change, and by when"
    )
    categories = forms.MultipleChoiceField(
        label="Incident categories",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Which incidents measure the problem. Leave all unticked for every category.",
    )
    period_from = MonthField(label="Scan from month", help_text="For example, 2025-01")
    period_to = MonthField(label="Scan to month", help_text="For example, 2025-12")
    review_on = GovukDateField(label="Review date", required=False, help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "partnership", partnerships)
        cast(forms.ChoiceField, self.fields["categories"]).choices = list(
            IncidentCategory.objects.values_list("code", "name")
        )
        for name in ("period_from", "period_to"):
            self.fields[name].error_messages["required"] = f"Enter the {str(self.fields[name].label).lower()}"

    def common(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "objective": data["objective"],
            "categories": data["categories"],
            "period_from": data["period_from"],
            "period_to": data["period_to"],
            "review_on": data["review_on"],
        }


class HotspotProfileForm(ProfileForm):
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        label="Area",
        empty_label="Choose an area",
        error_messages=_required("Choose the area"),
    )
    cells = forms.ChoiceField(
        label="Which part of the area",
        choices=list(HOTSPOT_CELLS.items()),
        initial="top-10",
        widget=forms.RadioSelect,
        help_text="Hotspot cells are found from the incidents of the scanning period",
        error_messages=_required("Choose which part of the area"),
    )
    cell_size = forms.IntegerField(label="Cell size in metres", initial=150, min_value=100, max_value=250)


class LocationProfileForm(ProfileForm):
    location_name = forms.CharField(
        max_length=200, label="Name of the place", error_messages=_required("Name the place, e.g. the street")
    )
    latitude = forms.FloatField(
        label="Latitude",
        min_value=49,
        max_value=61,
        help_text="For example 52.1917",
        error_messages=_required("Enter the latitude"),
    )
    longitude = forms.FloatField(
        label="Longitude",
        min_value=-9,
        max_value=3,
        help_text="For example -2.2205",
        error_messages=_required("Enter the longitude"),
    )
    radius = _radius()


class ReportsProfileForm(ProfileForm):
    references = _text(
        "Report references",
        "Enter the references of the reports",
        rows=3,
        hint="One or more, e.g. WOR-2026-000123",
    )
    radius = _radius()


class CaseProfileForm(ProfileForm):
    case_reference = forms.CharField(
        max_length=30,
        label="Case reference",
        help_text="For example WOR-C-2026-000012",
        error_messages=_required("Enter the case reference"),
    )
    radius = _radius()


class ProfileEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(
        max_length=200, label="Title", error_messages=_required("Give the problem a short title")
    )
    objective = _text("Objective", "Say what the partnership wants to achieve")
    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.RadioSelect, label="Stage")
    owner_officer = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Owning officer"
    )
    review_on = GovukDateField(label="Review date", required=False)
    period_from = MonthField(label="Scan from month")
    period_to = MonthField(label="Scan to month")
    pat_victim = _text("Victim or target", "", rows=2, required=False, hint="Who or what is harmed")
    pat_offender = _text("Offender", "", rows=2, required=False, hint="Who causes it, and why")
    pat_location = _text("Location", "", rows=2, required=False, hint="What about the place lets it happen")
    pat_guardian = _text("Guardians", "", rows=2, required=False, hint="Who protects the victims or targets")
    pat_handler = _text("Handlers", "", rows=2, required=False, hint="Who has influence over the offenders")
    pat_manager = _text("Place managers", "", rows=2, required=False, hint="Who is responsible for the place")

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "owner_officer", officers)

    @staticmethod
    def initial_for(profile: ProblemProfile) -> dict[str, Any]:
        initial = {
            name: getattr(profile, name) for name in ProfileEditForm.base_fields if name != "owner_officer"
        }
        initial["owner_officer"] = profile.owner_officer_id
        for name in ("period_from", "period_to"):
            initial[name] = f"{getattr(profile, name):%Y-%m}"
        return initial

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class HypothesisForm(forms.Form):
    text = _text(
        "Hypothesis", "Write the hypothesis", rows=3, hint="A possible reason for the problem, to test"
    )
    status = forms.ChoiceField(
        choices=HypothesisStatus.choices, initial="open", label="What the evidence says"
    )


class ResponseActionForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="Response", error_messages=_required("Say what will be done")
    )
    details = _text("Details", "", rows=2, required=False)
    intervention = forms.ModelChoiceField(
        queryset=InterventionType.objects.filter(active=True),
        label="Type of intervention",
        empty_label="Choose a type",
        error_messages=_required("Choose the type of intervention"),
    )
    owner_partner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Partner who owns it",
        empty_label="Choose a partner",
        error_messages=_required("Choose the partner who owns the response"),
    )
    owner_officer = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Officer (optional)"
    )
    due_on = GovukDateField(label="Due date", help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, partners: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "owner_partner", partners)
        _set_queryset(self, "owner_officer", officers)
        self.fields["due_on"].error_messages["required"] = "Enter the date it is due"


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, label="Status")


class AssessmentForm(forms.Form):
    before_from = MonthField(label="Before: from month", help_text="For example, 2025-01")
    before_to = MonthField(label="Before: to month")
    after_from = MonthField(label="After: from month")
    after_to = MonthField(label="After: to month")
    buffer_m = forms.IntegerField(
        label="Displacement buffer in metres",
        min_value=50,
        max_value=2000,
        help_text="The ring round the target area where moved crime would show",
        error_messages=_required("Enter the width of the buffer"),
    )
    comparison_area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        label="Comparison area",
        empty_label="Choose a ward or district",
        help_text="For the background trend; the target area and buffer are left out of it",
        error_messages=_required("Choose a ward or district to compare with"),
    )
    conclusion = _text(
        "Conclusion", "", rows=3, required=False, hint="What the figures say about the response"
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "comparison_area", areas)
        for name in ("before_from", "before_to", "after_from", "after_to"):
            self.fields[name].error_messages["required"] = (
                f"Enter the month ({str(self.fields[name].label).lower()})"
            )


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        organisation = obj.organisation
        return (
            f"{obj.full_name}, {organisation.short_name or organisation.name}"
            if organisation
            else obj.full_name
        )


class _TimesForm(forms.Form):
    day = GovukDateField(label="Date", help_text="For example, 27 3 2026")
    start_time = forms.TimeField(
        label="Start time",
        help_text="24-hour clock, e.g. 21:30",
        error_messages=_required("Enter the start time"),
    )
    end_time = forms.TimeField(
        label="End time",
        help_text="A time before the start means the next day",
        error_messages=_required("Enter the end time"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages["required"] = "Enter the date of the patrol"
        for name in ("start_time", "end_time"):
            self.fields[name].error_messages["invalid"] = (
                f"{self.fields[name].label} must be a time like 21:30"
            )

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        starts = timezone.make_aware(dt.datetime.combine(data["day"], data["start_time"]))
        ends = timezone.make_aware(dt.datetime.combine(data["day"], data["end_time"]))
        if ends <= starts:  # a night-time patrol, 22:00 to 03:00
            ends = timezone.make_aware(
                dt.datetime.combine(data["day"] + dt.timedelta(days=1), data["end_time"])
            )
        return starts, ends


class PatrolForm(_TimesForm):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages=_required("Choose the partnership"),
    )
    profile = forms.ModelChoiceField(
        queryset=ProblemProfile.objects.none(), required=False, label="Problem profile", empty_label="None"
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(), required=False, label="Area", empty_label="None"
    )
    where = forms.CharField(
        max_length=300,
        required=False,
        label="Where",
        help_text="Streets or places to cover; blank for the profile's place",
    )
    purpose = _text("Purpose", "", rows=2, required=False)
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Partners taking part",
        error_messages=_required("Choose the partners taking part"),
    )
    officers = StaffChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Named people",
    )
    others = forms.CharField(
        max_length=300,
        required=False,
        label="Others",
        help_text="People without an account, e.g. two street pastors",
    )

    field_order = ["partnership", "profile", "area", "where", "purpose", "day", "start_time", "end_time"]

    def __init__(
        self,
        *args: Any,
        partnerships: Any,
        profiles: Any,
        areas: Any,
        organisations: Any,
        officers: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("partnership", partnerships),
            ("profile", profiles),
            ("area", areas),
            ("organisations", organisations),
            ("officers", officers),
        ):
            _set_queryset(self, name, queryset)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("profile") and not data.get("area") and not (data.get("where") or "").strip():
            self.add_error("where", "Say where the patrol goes, or choose a problem profile or area")
        return data


class PatrolLogForm(_TimesForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[
            (PatrolStatus.DONE, "Yes, it went ahead"),
            (PatrolStatus.CANCELLED, "No, it was called off"),
        ],
        widget=forms.RadioSelect,
        label="Did the patrol go ahead?",
        error_messages=_required("Say whether the patrol went ahead"),
    )
    engagements = forms.IntegerField(
        label="People spoken to",
        min_value=0,
        initial=0,
        error_messages=_required("Enter how many people were spoken to"),
    )
    engagement_notes = _text(
        "Who you spoke to", "", rows=2, required=False, hint="Businesses, residents, groups; no names"
    )
    outcomes = _text("What the patrol found and did", "", rows=3, required=False)


class PatrolIssueForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        label="What was found",
        empty_label="Choose a category",
        error_messages=_required("Choose what was found"),
    )
    description = _text("Description", "Describe what was found", rows=3)
    location_text = forms.CharField(max_length=300, required=False, label="Where exactly")
    latitude = forms.FloatField(required=False, min_value=49, max_value=61, label="Latitude (optional)")
    longitude = forms.FloatField(required=False, min_value=-9, max_value=3, label="Longitude (optional)")

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "category", categories)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", "Give both the latitude and the longitude, or neither")
        return data
