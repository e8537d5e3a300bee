"""Forms of the funding pages, in GOV.UK Design System patterns. They check input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import Organisation

from .models import Fund, FundingType, OutputKind, Priority
from .plan_forms import money, partnership_field, required, set_queryset, text


class FundForm(forms.Form):
    partnership = partnership_field()
    name = forms.CharField(
        max_length=200,
        label="Name",
        help_text="For example PCC Community Safety Grant 2025/26",
        error_messages=required("Enter the fund's name"),
    )
    funder = forms.CharField(
        max_length=200,
        label="Funder",
        help_text="For example West Mercia Police and Crime Commissioner",
        error_messages=required("Enter who gives the money"),
    )
    financial_year = forms.IntegerField(
        label="Financial year starts in",
        help_text="The year it starts in: 2025 for April 2025 to March 2026",
        error_messages={
            **required("Enter the year the financial year starts in, like 2025"),
            "invalid": "Enter the year the financial year starts in, like 2025",
        },
    )
    total = money("Total", message="Enter the fund's total")
    description = text("Description")

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "partnership", partnerships)


class ProjectForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="Project", error_messages=required("Enter the project's name")
    )
    purpose = text(
        "Purpose", "Say what the money is for", hint="What the money is for, as the committee reads it"
    )
    lead_partner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Lead partner",
        empty_label="Choose the lead partner",
        error_messages=required("Choose the lead partner"),
    )
    amount_requested = money("Amount requested", message="Enter the amount requested")
    funding_type = forms.ChoiceField(
        choices=FundingType.choices,
        initial=FundingType.LOCAL,
        widget=forms.RadioSelect,
        label="Top-sliced or local",
        help_text="Top-sliced: taken off the top for partnership-wide work, such as the analyst",
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Plan priorities it supports",
    )

    def __init__(self, *args: Any, organisations: Any, priorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "lead_partner", organisations)
        set_queryset(self, "priorities", priorities)


class AllocateForm(forms.Form):
    amount = money("Amount allocated", message="Enter the amount allocated")
    comment = text("Comment", hint="For example the board's decision")


class DeferForm(forms.Form):
    reason = text("Reason", "Say why the bid is deferred")
    to_fund = forms.ModelChoiceField(
        queryset=Fund.objects.none(),
        required=False,
        label="Later round",
        empty_label="Not yet known",
        help_text="The bid moves to that round, to be decided there",
    )

    def __init__(self, *args: Any, funds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "to_fund", funds)


class DeclineForm(forms.Form):
    reason = text("Reason", "Say why the bid is declined")


class CommentForm(forms.Form):
    text = text("Comment", "Write the comment")


class SpendForm(forms.Form):
    spent_on = GovukDateField(label="Date spent", help_text="For example 14 8 2025")
    amount = money("Amount spent", message="Enter the amount spent")
    description = forms.CharField(
        max_length=300,
        label="What it was spent on",
        error_messages=required("Say what the money was spent on"),
    )


class OutputForm(forms.Form):
    kind = forms.ChoiceField(
        choices=OutputKind.choices, initial=OutputKind.OUTPUT, widget=forms.RadioSelect, label="Kind"
    )
    measure = forms.CharField(
        max_length=200,
        label="What is counted",
        help_text="For example individuals supported, or personal alarms issued",
        error_messages=required('Say what is counted, e.g. "individuals supported"'),
    )
    value = forms.DecimalField(
        label="Figure",
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={**required("Enter the figure"), "invalid": "Enter the figure as a number, like 94"},
    )
    unit = forms.CharField(max_length=60, required=False, label="Unit", help_text="For example people, or %")
    period_start = GovukDateField(label="Period starts", help_text="For example 1 4 2025")
    period_end = GovukDateField(label="Period ends", help_text="For example 31 3 2026")
    note = text("Note")
