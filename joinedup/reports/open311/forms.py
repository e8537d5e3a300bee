"""The parameters of Open311 requests, checked field by field so each error names its parameter.

Where a report is: lat and long are required. An `address_string` alone cannot be placed in a ward
(and so routed) reliably, so it is kept as the report's location text when a point comes with it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from joinedup.partners.models import Partnership

_ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\]$")
_SPACED_OFFSET = re.compile(r" (\d\d:?\d\d)$")
OPEN311_STATUS_NAMES = ("open", "closed")


class _SharedFields(dict[str, forms.Field]):
    """A form's fields, shared by all its instances instead of deep-copied for each (Django's way,
    so that rendering may change them). Only for a form that is never rendered: Open311 posts
    arrive by the thousand, and copying fifteen fields cost each one more than checking them."""

    def __deepcopy__(self, memo: dict) -> _SharedFields:
        return self


class ServiceRequestForm(forms.Form):
    """POST requests.{format}, form-encoded as FixMyStreet and other clients send it."""

    api_key = forms.CharField(required=False, max_length=200)
    jurisdiction_id = forms.CharField(required=False, max_length=60)
    service_code = forms.CharField(
        max_length=60, error_messages={"required": "service_code was not provided"}
    )
    lat = forms.FloatField(
        min_value=-90,
        max_value=90,
        error_messages={
            "required": "lat was not provided: give the location as WGS84 lat and long",
            "invalid": "lat must be a WGS84 latitude in decimal degrees, like 52.1917",
        },
    )
    long = forms.FloatField(
        min_value=-180,
        max_value=180,
        error_messages={
            "required": "long was not provided: give the location as WGS84 lat and long",
            "invalid": "long must be a WGS84 longitude in decimal degrees, like -2.2205",
        },
    )
    address_string = forms.CharField(required=False, max_length=300)
    address_id = forms.CharField(required=False, max_length=100)
    description = forms.CharField(
        max_length=5000,
        error_messages={"required": "description was not provided: describe the problem"},
    )
    email = forms.EmailField(
        required=False, max_length=254, error_messages={"invalid": "email is not a valid email address"}
    )
    first_name = forms.CharField(required=False, max_length=100)
    last_name = forms.CharField(required=False, max_length=100)
    phone = forms.CharField(required=False, max_length=40)
    device_id = forms.CharField(required=False, max_length=200)
    account_id = forms.CharField(required=False, max_length=200)
    media_url = forms.URLField(
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "media_url must be a web address (http or https)"},
    )

    def clean_media_url(self) -> str:
        url = self.cleaned_data["media_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("media_url must be a web address (http or https)")
        return url

    def attributes(self) -> dict[str, str]:
        """The `attribute[CODE]=value` answers to the service's extra questions."""
        answers = {}
        for name, value in self.data.items():
            if match := _ATTRIBUTE.match(name):
                answers[match.group(1)] = value
        return answers

    def errors_as_list(self) -> list[str]:
        return _named(self.errors)


ServiceRequestForm.base_fields = _SharedFields(ServiceRequestForm.base_fields)


def _named(errors: dict) -> list[str]:
    """Each error as a sentence that starts with the parameter it is about."""
    named = []
    for name, field_errors in errors.items():
        for error in field_errors:
            message = str(error)
            named.append(message if message.startswith(name) else f"{name}: {message}")
    return named


def _when(value: str, name: str, *, end_of_day: bool = False) -> dt.datetime:
    """A W3C date-time; one without an offset is taken as UK local time, a bare date as its whole day."""
    # A '+' before the offset arrives as a space when the client did not encode the query string.
    value = _SPACED_OFFSET.sub(r"+\1", value.strip())
    try:
        day = parse_date(value) if "T" not in value else None
        moment = parse_datetime(value) if day is None else None
    except ValueError:
        day = moment = None
    if day is not None:
        moment = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
    if moment is None:
        raise forms.ValidationError(
            f"{name} must be a W3C date and time, like 2026-05-01T09:00:00Z", code="invalid"
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class RequestsQueryForm(forms.Form):
    """GET requests.{format}: its filters."""

    jurisdiction_id = forms.CharField(required=False, max_length=60)
    api_key = forms.CharField(required=False, max_length=200)
    service_request_id = forms.CharField(required=False, max_length=30_000)
    service_code = forms.CharField(required=False, max_length=2000)
    start_date = forms.CharField(required=False, max_length=40)
    end_date = forms.CharField(required=False, max_length=40)
    status = forms.CharField(required=False, max_length=40)

    @staticmethod
    def _list(value: str) -> list[str]:
        return [item.strip() for item in value.split(",") if item.strip()]

    def clean_service_request_id(self) -> list[str]:
        return self._list(self.cleaned_data["service_request_id"])

    def clean_service_code(self) -> list[str]:
        return self._list(self.cleaned_data["service_code"])

    def clean_start_date(self) -> dt.datetime | None:
        value = self.cleaned_data["start_date"]
        return _when(value, "start_date") if value else None

    def clean_end_date(self) -> dt.datetime | None:
        value = self.cleaned_data["end_date"]
        return _when(value, "end_date", end_of_day=True) if value else None

    def clean_status(self) -> list[str]:
        statuses = [item.lower() for item in self._list(self.cleaned_data["status"])]
        if unknown := [s for s in statuses if s not in OPEN311_STATUS_NAMES]:
            raise forms.ValidationError(f"status must be open or closed, not {unknown[0]!r}")
        return statuses

    def errors_as_list(self) -> list[str]:
        return _named(self.errors)


class ClientForm(forms.Form):
    """A coordinator names a new client application and chooses its partnership."""

    name = forms.CharField(
        label="Name of the application",
        max_length=200,
        help_text="Who runs it and what it is, for example FixMyStreet (mySociety)",
        error_messages={"required": "Enter the application's name"},
    )
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the partnership",
            "invalid_choice": "Choose one of your partnerships",
        },
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partnership"]).queryset = partnerships
