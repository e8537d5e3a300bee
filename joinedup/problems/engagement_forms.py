"""Forms for engagement programmes and the asset map, in GOV.UK Design System patterns. They check the
shape of input; the services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import Partnership, User
from joinedup.places.models import Area

from .forms import _required, _set_queryset, _text
from .locations import Point, point_from
from .models import AssetKind, ContactSharing, GroupMember, StepStatus, TrainingKind


def _date(
    label: str, message: str, *, required: bool = True, hint: str = "For example, 27 3 2026"
) -> GovukDateField:
    field = GovukDateField(label=label, required=required, help_text=hint)
    field.error_messages["required"] = message
    return field


def _latitude() -> forms.FloatField:
    return forms.FloatField(
        label="Latitude",
        required=False,
        min_value=49,
        max_value=61,
        help_text="For example 52.1917",
        error_messages={
            "min_value": "Latitude must be between 49 and 61 (Great Britain)",
            "max_value": "Latitude must be between 49 and 61 (Great Britain)",
            "invalid": "Latitude must be a number, like 52.1917",
        },
    )


def _longitude() -> forms.FloatField:
    return forms.FloatField(
        label="Longitude",
        required=False,
        min_value=-9,
        max_value=3,
        help_text="For example -2.2205",
        error_messages={
            "min_value": "Longitude must be between -9 and 3 (Great Britain)",
            "max_value": "Longitude must be between -9 and 3 (Great Britain)",
            "invalid": "Longitude must be a number, like -2.2205",
        },
    )


class _PointFields(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            self.add_error("latitude", "Give both the latitude and the longitude, or neither")
        return data


class ProgrammeForm(_PointFields):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages=_required("Choose the partnership"),
    )
    name = forms.CharField(
        max_length=200,
        label="Name",
        help_text="Usually the place, e.g. Warndon Villages",
        error_messages=_required("Give the programme a name"),
    )
    purpose = _text(
        "Purpose", "", rows=3, required=False, hint="Why this place, and what the programme should achieve"
    )
    starts_on = _date(
        "Start date", "Enter the start date", hint="Week 1 of the 40 weeks. For example, 2 3 2026"
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label="Ward or area",
        empty_label="None: a point I name below",
    )
    location_name = forms.CharField(
        max_length=200,
        required=False,
        label="Name of the place",
        help_text="Only for a point, e.g. Ronkswood estate",
    )
    latitude = _latitude()
    longitude = _longitude()
    lead = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Programme lead (optional)"
    )

    def __init__(self, *args: Any, partnerships: Any, areas: Any, leads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("partnership", partnerships), ("area", areas), ("lead", leads)):
            _set_queryset(self, name, queryset)

    def point(self) -> Point | None:
        data = self.cleaned_data
        if data.get("latitude") is None:
            return None
        return Point(data["longitude"], data["latitude"], "coordinates")


class StepForm(forms.Form):
    planned_start = _date("Planned start", "", required=False)
    planned_end = _date("Planned end", "", required=False)
    status = forms.ChoiceField(
        choices=StepStatus.choices,
        widget=forms.RadioSelect,
        label="Status",
        error_messages=_required("Choose the step's status"),
    )
    blocked_reason = _text("Why it is blocked", "", rows=2, required=False, hint="Only if blocked")
    notes = _text("Notes", "", rows=4, required=False)


class DeliverableForm(forms.Form):
    text = forms.CharField(
        max_length=300,
        label="New deliverable",
        help_text="Something the step must produce, e.g. terms of reference agreed",
        error_messages=_required("Say what the deliverable is"),
    )


class MemberForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name", error_messages=_required("Enter the member's name"))
    group_role = forms.CharField(
        max_length=120, required=False, label="Role in the group", help_text="e.g. chair, member"
    )
    organisation = forms.CharField(
        max_length=200, required=False, label="Organisation", help_text="Leave blank for a resident"
    )
    email = forms.EmailField(
        required=False,
        label="Email (optional)",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = forms.CharField(max_length=40, required=False, label="Phone (optional)")
    consent_on = _date(
        "Date they consented to their contact details being kept",
        "",
        required=False,
        hint="Needed if you enter an email or phone. For example, 27 3 2026",
    )
    account_email = forms.EmailField(
        required=False,
        label="Their account's email (optional)",
        help_text="If they have an account, they will see this programme and the asset map",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.affiliation})"


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(
        choices=TrainingKind.choices,
        widget=forms.RadioSelect,
        label="Kind of training",
        error_messages=_required("Choose the kind of training"),
    )
    title = forms.CharField(
        max_length=200, required=False, label="What the training was", help_text="Needed for other training"
    )
    held_on = _date("Date", "Enter the date of the training")
    trainer = forms.CharField(
        max_length=200, label="Trainer", error_messages=_required("Say who delivered the training")
    )
    location = forms.CharField(
        max_length=200, label="Where", error_messages=_required("Say where the training was held")
    )
    attendance = forms.IntegerField(
        label="How many attended",
        min_value=0,
        max_value=100_000,  # beyond the column and any training session: a typing slip
        help_text="Everyone who came, including people outside the group",
        error_messages={
            "required": "Enter how many attended",
            "min_value": "Attendance must be 0 or more",
            "max_value": "Attendance is too large: enter at most 100,000",
            "invalid": "Attendance must be a whole number, like 12",
        },
    )
    attendees = MemberChoiceField(
        queryset=GroupMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Group members who attended",
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "attendees", members)


class AssetForm(_PointFields):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages=_required("Choose the partnership"),
    )
    name = forms.CharField(
        max_length=200, label="Name", error_messages=_required("Enter the name of the asset")
    )
    kind = forms.ChoiceField(
        choices=AssetKind.choices,
        widget=forms.RadioSelect,
        label="Kind",
        error_messages=_required("Choose what kind of asset it is"),
    )
    category = forms.CharField(
        max_length=100,
        label="Category",
        help_text="e.g. youth club, faith group, café, park",
        error_messages=_required("Enter a category, e.g. youth club or café"),
    )
    description = _text("Description", "", rows=3, required=False)
    capabilities = forms.CharField(
        max_length=600,
        required=False,
        label="What it can offer",
        help_text="Separate with commas, e.g. first aid, meeting room, CCTV, youth work",
    )
    safe_place = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="no",
        label="Is it a Safe Place?",
        help_text="A business or place that shelters someone who feels vulnerable and helps them get support",
        error_messages=_required("Say whether it is a Safe Place"),
    )
    opening_hours = forms.CharField(
        max_length=300, required=False, label="Opening hours", help_text="e.g. Mon to Sat 9am to 5:30pm"
    )
    address = forms.CharField(max_length=300, required=False, label="Address")
    latitude = _latitude()
    longitude = _longitude()
    grid_reference = forms.CharField(
        max_length=20,
        required=False,
        label="Or an Ordnance Survey grid reference",
        help_text="For example SO 849 548",
    )
    street = forms.CharField(
        max_length=100,
        required=False,
        label="Or the street",
        help_text="The asset is placed on the street, e.g. Foregate Street",
    )
    contact_name = forms.CharField(max_length=200, required=False, label="Contact name")
    contact_email = forms.EmailField(
        required=False,
        label="Contact email",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    contact_phone = forms.CharField(max_length=40, required=False, label="Contact phone")
    consent_given_by = forms.CharField(max_length=200, required=False, label="Who gave consent")
    consent_on = _date("Date consent was given", "", required=False)
    consent_sharing = forms.ChoiceField(
        choices=ContactSharing.choices,
        widget=forms.RadioSelect,
        required=False,
        label="Who the contact agreed their details may be shared with",
    )

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "partnership", partnerships)

    def point(self) -> Point:
        data = self.cleaned_data
        return point_from(
            partnership=data["partnership"],
            longitude=data.get("longitude"),
            latitude=data.get("latitude"),
            grid_reference=data.get("grid_reference") or "",
            street=data.get("street") or "",
        )

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("partnership", "latitude", "longitude", "grid_reference", "street"):
            data.pop(name, None)
        return data


class AssetFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any kind"), *AssetKind.choices], required=False, label="Kind")
    category = forms.ChoiceField(choices=[("", "Any category")], required=False, label="Category")
    safe_place = forms.BooleanField(required=False, label="Safe Places only")
    ward = forms.ModelChoiceField(
        queryset=Area.objects.none(), required=False, label="Ward", empty_label="Any ward"
    )

    def __init__(self, *args: Any, categories: list[str], wards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Any category"), *((c, c.capitalize()) for c in categories)]  # type: ignore[attr-defined]
        _set_queryset(self, "ward", wards)
