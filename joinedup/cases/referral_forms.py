"""Forms for referrals and partner services, in GOV.UK Design System patterns. Services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import Organisation, Partnership

from .forms import _choices, _required
from .models import ConsentExemption, PartnerService, Person, ReferralConsent


class ServiceForm(forms.Form):
    name = forms.CharField(
        max_length=200, label="Name of the service", error_messages=_required("Enter the name of the service")
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="What the service does"
    )
    who_for = forms.CharField(
        max_length=300,
        required=False,
        label="Who it is for",
        help_text="For example, victims of crime or ASB aged 16 or over",
    )
    active = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        initial="yes",
        label="Taking referrals?",
    )

    def service_values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ("name", "description", "who_for")}
        return data | {"active": self.cleaned_data["active"] == "yes"}


class ServiceNewForm(ServiceForm):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages=_required("Choose the partnership"),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Partner offering it",
        empty_label="Choose a partner",
        error_messages=_required("Choose the partner offering the service"),
    )
    field_order = ["partnership", "organisation"]

    def __init__(self, *args: Any, partnerships: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ServiceEditForm(ServiceForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReferralForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Who are you referring?",
        empty_label="Choose someone in the case",
        error_messages=_required("Choose who you are referring"),
    )
    service = forms.ModelChoiceField(
        queryset=PartnerService.objects.none(),
        label="Service",
        empty_label="Choose a service",
        error_messages=_required("Choose the service"),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Why are you referring them, and what do they need?",
        help_text="The partner receiving the referral sees this, with their name and contact details. "
        "They do not see the case",
        error_messages=_required("Say why you are referring them and what they need"),
    )
    consent = forms.ChoiceField(
        choices=ReferralConsent.choices,
        widget=forms.RadioSelect,
        label="Have they agreed to be referred?",
        error_messages=_required("Say whether they agreed to be referred"),
    )
    consent_on = GovukDateField(
        label="Date they agreed", required=False, help_text="If they agreed. For example, 27 3 2026"
    )
    consent_exemption = forms.ChoiceField(
        choices=_choices("Not applicable: they agreed", ConsentExemption.choices),
        required=False,
        label="Why consent is not needed",
        help_text="If they have not agreed. The partners must also have an information sharing agreement",
    )
    consent_exemption_detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Explain why you are referring them without their consent",
    )

    def __init__(self, *args: Any, people: Any, services: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["service"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.name} ({s.organisation.name})"
        )


class ReferralDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("accept", "Accept the referral"), ("decline", "Decline the referral")],
        widget=forms.RadioSelect,
        label="Decision",
        error_messages=_required("Choose whether to accept or decline the referral"),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Reason or note",
        help_text="Needed when declining. The referrer sees it",
    )


class ReferralWithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why are you withdrawing it?",
        help_text="For example, they moved away or no longer want the help. The receiving partner sees it",
        error_messages=_required(
            "Say why you are withdrawing the referral: the receiving partner will see it"
        ),
    )


class ReferralOutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Outcome",
        help_text="What support was given and how it ended. It goes on the case's timeline",
        error_messages=_required("Say what the outcome of the referral was"),
    )
