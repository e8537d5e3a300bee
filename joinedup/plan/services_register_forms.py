"""Forms of the services and outputs register pages, in GOV.UK Design System patterns."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.intelligence.views.hotspots import MonthField
from joinedup.partners.models import Organisation

from .models import Frequency, PartnershipService
from .plan_forms import partnership_field, required, set_queryset, text


class ServiceForm(forms.Form):
    partnership = partnership_field()
    name = forms.CharField(
        max_length=200,
        label="Service",
        help_text="For example Street pastors",
        error_messages=required("Enter the service's name"),
    )
    provider = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Provided by", empty_label="Not recorded"
    )
    frequency = forms.ChoiceField(
        choices=Frequency.choices,
        initial=Frequency.MONTHLY,
        widget=forms.RadioSelect,
        label="Reports figures",
    )
    figures = text(
        "Figures it reports",
        "List at least one figure the service reports",
        rows=4,
        hint="One a line, with any unit in brackets, for example Patrols, or Hours (hours)",
    )
    description = text("Description")

    def __init__(self, *args: Any, partnerships: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "partnership", partnerships)
        set_queryset(self, "provider", organisations)


class FiguresForm(forms.Form):
    """One box per figure the service reports, for one month or quarter."""

    period = MonthField(label="Period", error_messages=required("Enter the period's first month"))
    note = text("Note")

    def __init__(self, *args: Any, service: PartnershipService, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].help_text = (
            "The month, for example 2025-06"
            if service.frequency == Frequency.MONTHLY
            else "The quarter's first month, for example 2025-07 for July to September 2025"
        )
        self.figures = list(service.figures.all())
        for figure in self.figures:
            self.fields[f"figure_{figure.pk}"] = forms.DecimalField(
                label=f"{figure.name.capitalize()}{f' ({figure.unit})' if figure.unit else ''}",
                required=False,
                max_digits=12,
                decimal_places=2,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
                error_messages={"invalid": f"Enter {figure.name} as a number, like 12"},
            )
        self.order_fields(["period", *[f"figure_{f.pk}" for f in self.figures], "note"])

    def values(self) -> dict[Any, Any]:
        return {f: self.cleaned_data.get(f"figure_{f.pk}") for f in self.figures}
