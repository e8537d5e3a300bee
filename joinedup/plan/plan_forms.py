"""Forms of the plan pages, in GOV.UK Design System patterns. They check input; services decide the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from joinedup.core.forms import GovukDateField
from joinedup.intelligence.models import GoodDirection, Measure, MeasurePeriod
from joinedup.intelligence.views.hotspots import MonthField
from joinedup.partners.models import Partnership

from .models import ActionStatus, MeasureSource, Objective, Priority


def required(message: str) -> dict[str, str]:
    return {"required": message}


def text(label: str, message: str = "", *, rows: int = 3, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(message),
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=required(message),
    )


def number(label: str, *, hint: str = "", message: str = "") -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=bool(message),
        help_text=hint,
        error_messages={**required(message), "invalid": f"Enter the {label.lower()} as a number, like 42"},
    )


def money(label: str, *, hint: str = "", message: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=bool(message),
        help_text=hint or "In pounds, for example 12500 or 12500.50",
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            **required(message),
            "invalid": f"Enter the {label.lower()} in pounds, like 12500.50",
            "max_decimal_places": f"Enter the {label.lower()} in pounds and pence, like 12500.50",
            "max_digits": f"The {label.lower()} is too large",
            "max_whole_digits": f"The {label.lower()} is too large",
        },
    )


def set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def partnership_field() -> forms.ModelChoiceField:
    """Which partnership a new plan, fund or service belongs to; the view limits the choice."""
    return forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        label="Partnership",
        error_messages=required("Choose the partnership"),
    )


class AssessmentFields(forms.Form):
    assessment_title = forms.CharField(
        max_length=200,
        label="Strategic assessment title",
        help_text="For example South Worcestershire Strategic Assessment 2024",
        error_messages=required("Enter the title of the strategic assessment"),
    )
    assessment_date = GovukDateField(
        label="Date of the strategic assessment", help_text="For example 27 3 2024"
    )
    assessment_summary = text(
        "Summary of the strategic assessment", "Summarise the strategic assessment", rows=5
    )
    assessment_link = forms.URLField(
        label="Link to the assessment",
        required=False,
        help_text="Where it is published, if it is",
        error_messages={"invalid": "Enter the link as a full web address, starting https://"},
    )
    assessment_file_reference = forms.CharField(
        max_length=200, label="File reference", required=False, help_text="Where the document is kept"
    )


class PlanStartForm(AssessmentFields):
    partnership = partnership_field()
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="For example South Worcestershire Community Safety Partnership Plan",
        error_messages=required("Enter the plan's title"),
    )
    starts_on = GovukDateField(label="Plan starts", help_text="For example 1 4 2024")
    ends_on = GovukDateField(label="Plan ends", help_text="For example 31 3 2027")

    field_order = ["partnership", "title", "starts_on", "ends_on"]

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "partnership", partnerships)


class PlanRefreshForm(AssessmentFields):
    refreshed_on = GovukDateField(label="Date of the refresh", help_text="For example 1 4 2025")
    field_order = ["refreshed_on"]


class PriorityForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="Priority", error_messages=required("Enter the priority's title")
    )
    description = text("Description")
    areas_of_focus = text("Areas of focus", rows=4, hint="One a line, for example Domestic abuse")


class ObjectiveForm(forms.Form):
    priority = forms.ModelChoiceField(
        queryset=Priority.objects.none(),
        empty_label=None,
        label="Priority",
        error_messages=required("Choose the priority"),
    )
    title = forms.CharField(max_length=300, label="Objective", error_messages=required("Enter the objective"))
    description = text("Description")

    def __init__(self, *args: Any, priorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "priority", priorities)


class MeasureForm(forms.Form):
    objective = forms.ModelChoiceField(
        queryset=Objective.objects.none(),
        empty_label=None,
        label="Objective",
        error_messages=required("Choose the objective"),
    )
    name = forms.CharField(
        max_length=200, label="Measure", error_messages=required("Enter the measure's name")
    )
    source = forms.ChoiceField(
        choices=MeasureSource.choices,
        widget=forms.RadioSelect,
        label="Where the figures come from",
        error_messages=required("Choose where the measure's figures come from"),
    )
    scorecard_measure = forms.ModelChoiceField(
        queryset=Measure.objects.none(),
        required=False,
        label="Scorecard measure",
        empty_label="None",
        help_text="Only for a linked measure: its figures are worked out live, per its own period",
    )
    period = forms.ChoiceField(
        choices=MeasurePeriod.choices, initial=MeasurePeriod.QUARTER, label="Reported every"
    )
    unit = forms.CharField(max_length=60, required=False, label="Unit", help_text="For example %, or people")
    baseline = number("Baseline")
    baseline_label = forms.CharField(
        max_length=60, required=False, label="Baseline period", help_text="For example 2023/24"
    )
    target = number("Target", hint="Per period")
    direction = forms.ChoiceField(
        choices=GoodDirection.choices,
        widget=forms.RadioSelect,
        label="Which way is better",
        error_messages=required("Choose whether lower or higher is better"),
    )

    def __init__(self, *args: Any, objectives: Any, scorecard_measures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "objective", objectives)
        set_queryset(self, "scorecard_measure", scorecard_measures)


class ActionForm(forms.Form):
    objective = forms.ModelChoiceField(
        queryset=Objective.objects.none(),
        empty_label=None,
        label="Objective",
        error_messages=required("Choose the objective"),
    )
    title = forms.CharField(max_length=300, label="Action", error_messages=required("Enter the action"))
    description = text("Description")
    responsible = forms.ChoiceField(
        label="Responsible",
        help_text="A partner organisation or a governance group",
        error_messages={
            **required("Choose who is responsible"),
            "invalid_choice": "Choose who is responsible",
        },
    )
    target_date = GovukDateField(label="Target date", help_text="For example 31 3 2026")
    resources = text("Resources", hint="People, time or money committed")
    resources_amount = money("Money committed", hint="In pounds, if any, for example 5000")

    def __init__(self, *args: Any, objectives: Any, organisations: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "objective", objectives)
        cast(forms.ChoiceField, self.fields["responsible"]).choices = [
            ("", "Choose who is responsible"),
            ("Partner organisations", [(f"organisation-{o.id}", o.name) for o in organisations]),
            ("Governance groups", [(f"group-{g.id}", g.name) for g in groups]),
        ]
        self.organisations = {f"organisation-{o.id}": o for o in organisations}
        self.groups = {f"group-{g.id}": g for g in groups}

    def responsible_values(self) -> dict[str, Any]:
        chosen = self.cleaned_data["responsible"]
        return {
            "responsible_organisation": self.organisations.get(chosen),
            "responsible_group": self.groups.get(chosen),
        }


class ActionUpdateForm(forms.Form):
    text = text("What has happened", "Say what has happened since the last update", rows=4)
    status = forms.ChoiceField(
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        label="Status now",
        error_messages=required("Choose the action's status now"),
    )


class MeasureValueForm(forms.Form):
    period = MonthField(
        label="Period",
        help_text="The period's first month, for example 2025-04 for April to June 2025",
        error_messages=required("Enter the period's first month"),
    )
    value = number("Value", message="Enter the value")
    note = text("Note")
