"""Forms of the trends, emerging-issues, harm-weight and scorecard pages (GOV.UK patterns)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from joinedup.places import selectors as place_selectors
from joinedup.places.models import AreaKind

from ..models import GoodDirection, IncidentCategory, MeasureKind, MeasurePeriod

MONTH_HINT = "For example, 2025-04"


class MonthField(forms.CharField):
    """A month written YYYY-MM, as its first day."""

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = (value or "").strip()
        if not text:
            return None
        try:
            year, month = text.split("-")
            if len(year) != 4:
                raise ValueError(text)
            return dt.date(int(year), int(month), 1)
        except ValueError:
            raise forms.ValidationError(
                f"{self.label} must be a month written as YYYY-MM, for example 2025-04"
            ) from None


class CategoryChoice(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=IncidentCategory.objects.all(),
            to_field_name="code",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": "There is no category %(value)s: choose from the list"},
            **kwargs,
        )

    def label_from_instance(self, obj: IncidentCategory) -> str:
        return obj.name


class PeriodForm(forms.Form):
    month_from = MonthField(label="First month", help_text=MONTH_HINT)
    month_to = MonthField(label="Last month", help_text=MONTH_HINT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("month_from"), data.get("month_to")
        if first and last and first > last:
            self.add_error("month_from", "The first month must be before the last month")
        return data


class TrendsForm(PeriodForm):
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label="Area",
        empty_label=None,
        error_messages={
            "invalid_choice": "There is no such area among your partnerships' areas: choose one from the list"
        },
    )
    categories = CategoryChoice(label="Categories", help_text="Leave all unticked for every category.")

    field_order = ["area", "month_from", "month_to", "categories"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = place_selectors.area_list(user=user).exclude(kind=AreaKind.LSOA)  # type: ignore[attr-defined]


class EmergingForm(PeriodForm):
    area_kind = forms.ChoiceField(
        label="Areas",
        choices=[(AreaKind.WARD, "Wards"), (AreaKind.LSOA, "LSOAs"), (AreaKind.DISTRICT, "Districts")],
        error_messages={"invalid_choice": "Choose wards, LSOAs or districts"},
    )
    district: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label="District",
        required=False,
        empty_label="All your partnerships' districts",
        error_messages={
            "invalid_choice": "There is no such district among your partnerships': choose one from the list"
        },
    )
    field_order = ["area_kind", "district", "month_from", "month_to"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = place_selectors.area_list(user=user, kind=AreaKind.DISTRICT)  # type: ignore[attr-defined]


class HarmWeightForm(forms.Form):
    weight = forms.FloatField(
        label="Weight",
        min_value=0,
        max_value=100_000,
        help_text="Harm of one incident, in the source's units (e.g. days of imprisonment). 0 to 100,000.",
        error_messages={
            "required": "Enter the weight",
            "invalid": "Enter the weight as a number, for example 140",
            "min_value": "The weight cannot be negative",
            "max_value": "The weight must be 100,000 or less",
        },
    )
    source = forms.CharField(
        label="Source", max_length=200, error_messages={"required": "Say where the weight comes from"}
    )
    version = forms.CharField(label="Edition or date of the source", max_length=200, required=False)
    reason = forms.CharField(
        label="Why the partnership uses this weight",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the partnership uses this weight"},
    )


class MeasureForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the measure's name"}
    )
    scorecard = forms.CharField(
        label="Scorecard",
        max_length=120,
        help_text='The scorecard it appears on, e.g. "Partnership plan".',
        error_messages={"required": "Enter the scorecard it belongs to"},
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(
        label="How it is measured",
        choices=MeasureKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the measure is counted or entered"},
    )
    period = forms.ChoiceField(label="Period", choices=MeasurePeriod.choices)
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Area (counted measures)", required=False
    )
    categories = CategoryChoice(label="Categories (counted measures)")
    unit = forms.CharField(
        label="Unit (entered measures)",
        max_length=60,
        required=False,
        help_text='For example "%" or "people".',
    )
    target = forms.FloatField(
        label="Target per period",
        required=False,
        help_text="Leave blank for no target.",
        error_messages={"invalid": "Enter the target as a number"},
    )
    direction = forms.ChoiceField(
        label="Good direction", choices=GoodDirection.choices, widget=forms.RadioSelect
    )
    tolerance = forms.FloatField(
        label="Amber tolerance, in percent",
        initial=5,
        min_value=0,
        help_text="How far past the target is still amber rather than red.",
        error_messages={
            "invalid": "Enter the tolerance as a number",
            "min_value": "The tolerance cannot be negative",
        },
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]


class MeasureValueForm(forms.Form):
    period = forms.TypedChoiceField(
        label="Period",
        coerce=dt.date.fromisoformat,
        error_messages={"invalid_choice": "Choose one of the periods listed"},
    )
    value = forms.FloatField(
        label="Value",
        error_messages={
            "required": "Enter the value",
            "invalid": "Enter the value as a number, for example 42",
        },
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, periods: list[tuple[dt.date, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(start.isoformat(), label) for start, label in periods]  # type: ignore[attr-defined]
