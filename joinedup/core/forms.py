"""Form pieces shared by every app, following GOV.UK Design System patterns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: separate day, month and year boxes (no date picker)."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        super().__init__(
            [
                forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
                forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
                forms.TextInput({**box, "class": box["class"] + " govuk-input--width-4"}),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget

    def __init__(self, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            if self.required:
                raise forms.ValidationError(f"Enter the {str(self.label).lower()}", code="required")
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        missing = [name for name, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{self.label} must include a {' and '.join(missing)}")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.label} must be a real date") from None
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        return value


def add_service_errors(form: forms.Form, error) -> None:
    """Show an ApplicationError from a service on the form, against its field when the form has it."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def attempt(form: forms.Form, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Call a service for a form; a refusal it explains goes on the form's error summary (and beside the
    field it names), so nothing typed is lost. Not permitted and not found are not form errors: they go
    to the error pages."""
    try:
        return True, call()
    except (NotPermitted, NotFound):
        raise
    except ApplicationError as error:
        add_service_errors(form, error)
        return False, None
