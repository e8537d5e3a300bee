from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from joinedup.core.forms import GovukDateField

from .models import DataClass, Organisation, Partnership


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", "autofocus": True}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def clean_username(self) -> str:
        # Addresses are stored in lower case; people type them however they like.
        return self.cleaned_data["username"].strip().lower()

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been closed. Ask your partnership's administrator.",
    }


class AgreementForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the partnership",
            "invalid_choice": "Choose one of your partnerships",
        },
    )
    reference = forms.CharField(max_length=40, error_messages={"required": "Enter the agreement's reference"})
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter what the sharing is for"}
    )
    legal_gateway = forms.CharField(
        max_length=200,
        initial="Crime and Disorder Act 1998, section 115",
        error_messages={"required": "Enter the legal gateway"},
    )
    lawful_basis = forms.CharField(
        max_length=300,
        help_text="For example, UK GDPR Article 6(1)(e) public task",
        error_messages={"required": "Enter the lawful basis for sharing"},
    )
    signatories = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the partners who signed the agreement"},
    )
    data_classes = forms.ModelMultipleChoiceField(
        queryset=DataClass.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Data it covers",
        error_messages={"required": "Choose the classes of data the agreement covers"},
    )
    starts_on = GovukDateField(label="Start date", help_text="For example, 1 4 2026")
    review_due_on = GovukDateField(
        label="Review date", help_text="Agreements are usually reviewed every year"
    )
    ends_on = GovukDateField(label="End date", required=False, help_text="Leave blank if it has no end date")
    retention = forms.CharField(
        max_length=300, required=False, label="Retention", help_text="How long partners keep shared data"
    )

    def __init__(self, *args, partnerships, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        self.fields["signatories"].queryset = organisations  # type: ignore[attr-defined]
