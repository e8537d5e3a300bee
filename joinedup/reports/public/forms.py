"""Forms for the public reporting pages: one question a page, GOV.UK error messages.

They check what a person typed is well formed; whether a place is in the partnership's area, or a
category may be reported, is for the services to say.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from joinedup.reports.models import Category
from joinedup.reports.services import MAX_DESCRIPTION

# A UK or international phone number: digits with spaces, brackets, dashes and a leading +.
PHONE = re.compile(r"^\+?[\d\s().-]{10,20}$")
REFERENCE = re.compile(r"^[A-Za-z]{1,6}-\d{4}-\d{1,9}$")


class ChoicesForm(forms.Form):
    def _choice_field(self, name: str) -> forms.ChoiceField:
        """A choice field whose options are only known per request (set in `__init__`)."""
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field


class HoneypotMixin(forms.Form):
    """A field people never see or fill in; automated spammers fill in every field they find."""

    website = forms.CharField(required=False, label="Leave this blank")

    def spam(self) -> bool:
        return bool(self.data.get("website", "").strip())


class PartnershipForm(ChoicesForm):
    partnership = forms.TypedChoiceField(
        coerce=int,
        label="Which area is the problem in?",
        error_messages={"required": "Choose the area the problem is in", "invalid_choice": "Choose an area"},
    )

    def __init__(self, *args: Any, partnerships: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._choice_field("partnership").choices = partnerships


class CategoryForm(ChoicesForm):
    """The category by its code (the Open311 service code): stable, and readable in the page."""

    category = forms.ChoiceField(
        label="What are you reporting?",
        error_messages={
            "required": "Choose what you are reporting",
            "invalid_choice": "Choose what you are reporting from the list",
        },
    )

    def __init__(self, *args: Any, categories: list[Category], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._choice_field("category").choices = [(c.code, c.name) for c in categories]


class PointForm(forms.Form):
    """A pin on the map, or the person's own location: filled in by the page's script."""

    MESSAGE = "Select a point on the map, or search for a street"
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            lon = float(cleaned.get("longitude") or "nan")
            lat = float(cleaned.get("latitude") or "nan")
        except ValueError:
            raise forms.ValidationError(self.MESSAGE) from None
        # NaN fails both comparisons, so a missing or non-numeric value is refused here too.
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise forms.ValidationError(self.MESSAGE)
        cleaned.update(longitude=round(lon, 6), latitude=round(lat, 6))
        return cleaned


class StreetSearchForm(forms.Form):
    q = forms.CharField(
        label="Street name",
        help_text="For example, Foregate Street",
        min_length=2,
        max_length=100,
        error_messages={
            "required": "Enter a street name",
            "min_length": "Enter at least 2 letters of the street name",
            "max_length": "Street name must be 100 characters or fewer",
        },
    )


class StreetChoiceForm(ChoicesForm):
    street = forms.ChoiceField(
        label="Which street is it?",
        error_messages={"required": "Choose the street", "invalid_choice": "Choose one of the streets"},
    )
    location_text = forms.CharField(
        required=False,
        max_length=300,
        label="Where on the street? (optional)",
        help_text="For example, outside number 12, or by the bus stop",
        error_messages={"max_length": "Where on the street must be 300 characters or fewer"},
    )

    def __init__(self, *args: Any, streets: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._choice_field("street").choices = streets


class WardForm(ChoicesForm):
    ward = forms.TypedChoiceField(
        coerce=int,
        label="Which ward is it in?",
        error_messages={"required": "Choose the ward", "invalid_choice": "Choose one of the wards"},
    )
    location_text = forms.CharField(
        max_length=300,
        label="Where in the ward?",
        help_text="For example, the name of the road or park, or a nearby landmark",
        error_messages={
            "required": "Enter where in the ward the problem is",
            "max_length": "Where in the ward must be 300 characters or fewer",
        },
    )

    def __init__(self, *args: Any, wards: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._choice_field("ward").choices = [("", "Choose a ward"), *wards]


class NearbyForm(ChoicesForm):
    NONE = "none"
    choice = forms.ChoiceField(
        label="Is it one of these?",
        error_messages={
            "required": "Choose a report, or say it is something else",
            "invalid_choice": "Choose a report, or say it is something else",
        },
    )
    email = forms.EmailField(
        required=False,
        label="Email address (optional)",
        help_text="If you chose a report, we will email you when it is dealt with",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, references: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        something_else = (self.NONE, "No, it is something else")
        self._choice_field("choice").choices = [*((r, r) for r in references), something_else]


class DescriptionForm(HoneypotMixin):
    """The description, then the category's own extra questions as `answer_<code>` fields."""

    description = forms.CharField(
        label="Describe the problem",
        help_text="Say what you saw and when. Do not include anyone's name unless you have to.",
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Describe the problem",
            "max_length": f"The description must be {MAX_DESCRIPTION} characters or fewer",
        },
    )

    def __init__(self, *args: Any, category: Category, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for question in category.questions:
            label = question["label"]
            required = bool(question.get("required"))
            common = {
                "label": label if required else f"{label} (optional)",
                "help_text": question.get("hint", ""),
                "required": required,
            }
            if question.get("choices"):
                field: forms.Field = forms.ChoiceField(
                    choices=[(c, c) for c in question["choices"]],
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": f"Choose the {label.lower()}",
                        "invalid_choice": f"Choose one of the options for {label.lower()}",
                    },
                    **common,
                )
            else:
                field = forms.CharField(
                    max_length=500,
                    error_messages={
                        "required": f"Enter the {label.lower()}",
                        "max_length": f"{label} must be 500 characters or fewer",
                    },
                    **common,
                )
            self.fields[f"answer_{question['code']}"] = field
        # The trap goes last, after every real question.
        self.fields["website"] = self.fields.pop("website")

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("answer_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("answer_") and value
        }

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("answer_")]


class PhotoForm(forms.Form):
    photo = forms.FileField(
        required=False,
        label="Upload a photo",
        help_text="A JPG, PNG or WEBP file. We remove where and when it was taken before we keep it.",
        error_messages={"invalid": "The selected file could not be uploaded. Try again"},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class ContactForm(forms.Form):
    how = forms.ChoiceField(
        label="Do you want to give your contact details?",
        choices=[("contact", "Yes, tell me about progress"), ("anonymous", "No, report anonymously")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to give your contact details"},
    )
    name = forms.CharField(
        required=False,
        max_length=200,
        label="Full name (optional)",
        error_messages={"max_length": "Full name must be 200 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        required=False,
        label="Email address",
        help_text="We will email you when there is news about your report",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        required=False,
        max_length=40,
        label="Phone number (optional)",
        help_text="In case an officer needs to ask you about the problem",
        error_messages={"max_length": "Enter a phone number, like 01632 960 001 or +44 808 157 0192"},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or +44 808 157 0192")
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("how") == "anonymous":
            # Whatever was typed before choosing "anonymous" is not kept.
            cleaned.update(name="", email="", phone="")
            for name in ("name", "email", "phone"):
                self.errors.pop(name, None)
        elif cleaned.get("how") == "contact" and not (
            cleaned.get("email")
            or cleaned.get("phone")
            or self.errors.get("email")
            or self.errors.get("phone")
        ):
            self.add_error("email", "Enter an email address or a phone number, or report anonymously")
        return cleaned


class CheckForm(HoneypotMixin):
    """The check-answers page: nothing to fill in but the trap."""


class TrackFindForm(forms.Form):
    reference = forms.CharField(
        label="Report reference",
        help_text="For example, WOR-2026-000123. It is in the email we sent you.",
        max_length=30,
        error_messages={"required": "Enter your report reference", "max_length": "Enter a real reference"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip().upper().replace(" ", "")
        if not REFERENCE.match(reference):
            raise forms.ValidationError("Enter a reference in the correct format, like WOR-2026-000123")
        return reference


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is the problem not fixed?",
        help_text="Say what is still wrong. Do not include anyone's name unless you have to.",
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say why the problem is not fixed",
            "max_length": f"The reason must be {MAX_DESCRIPTION} characters or fewer",
        },
    )


class PublicListForm(ChoicesForm):
    """Filters of the public list; bad values are ignored rather than refused."""

    category = forms.ChoiceField(required=False, label="Problem")
    ward = forms.ChoiceField(required=False, label="Ward")

    def __init__(
        self, *args: Any, categories: list[tuple[str, str]], wards: list[tuple[str, str]], **kw: Any
    ):
        super().__init__(*args, **kw)
        self._choice_field("category").choices = [("", "All problems"), *categories]
        self._choice_field("ward").choices = [("", "All wards"), *wards]


PERIODS = {"1": 1, "3": 3, "12": 12}


class PeriodForm(forms.Form):
    months = forms.ChoiceField(
        label="Reports made in the last",
        choices=[("1", "month"), ("3", "3 months"), ("12", "12 months")],
        required=False,
        widget=forms.RadioSelect,
    )
