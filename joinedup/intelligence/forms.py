"""Forms for loading data: the upload, and a partner dataset's column mapping."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.partners.models import Organisation

POLICE_UK = "police"
MAX_UPLOAD_MB = 100
_TYPES = (".csv", ".zip")


class UploadForm(forms.Form):
    source = forms.ChoiceField(
        label="What is in the file?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what is in the file",
            "invalid_choice": "Choose what is in the file",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        help_text=f"A CSV file, or a police.uk monthly archive (.zip), up to {MAX_UPLOAD_MB} MB",
        error_messages={"required": "Choose a file to upload", "empty": "The chosen file is empty"},
    )

    def __init__(self, *args: Any, datasets: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (POLICE_UK, "police.uk data: street crime, outcomes or stop and search"),
            *[(str(d.id), f"{d.name} ({d.partnership.short_name or d.partnership.name})") for d in datasets],
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(_TYPES):
            raise forms.ValidationError("The selected file must be a CSV or a ZIP")
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_UPLOAD_MB} MB")
        head = upload.read(4)
        upload.seek(0)
        if name.endswith(".zip") and head != b"PK\x03\x04":
            raise forms.ValidationError("The selected file is not a ZIP archive")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload, source = cleaned.get("file"), cleaned.get("source")
        if upload is not None and source and source != POLICE_UK and upload.name.lower().endswith(".zip"):
            self.add_error("file", "Partner data must be a CSV file")
        return cleaned


class DatasetForm(forms.Form):
    partnership = forms.ChoiceField(
        label="Partnership", error_messages={"required": "Choose the partnership"}
    )
    name = forms.CharField(label="Name", max_length=120, help_text="For example, Council ASB log")
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not given",
    )
    date_column = forms.CharField(label="Date column", max_length=120)
    date_format = forms.CharField(
        label="Date format (optional)",
        max_length=40,
        required=False,
        help_text=(
            "For example %d/%m/%Y %H:%M. Leave blank for 2025-06-30 or 30/06/2025, with or without a time"
        ),
    )
    category_column = forms.CharField(label="Category column", max_length=120)
    reference_column = forms.CharField(label="Reference column (optional)", max_length=120, required=False)
    location_column = forms.CharField(label="Location column (optional)", max_length=120, required=False)
    longitude_column = forms.CharField(label="Longitude column", max_length=120, required=False)
    latitude_column = forms.CharField(label="Latitude column", max_length=120, required=False)
    easting_column = forms.CharField(
        label="Easting column", max_length=120, required=False, help_text="British National Grid, in metres"
    )
    northing_column = forms.CharField(label="Northing column", max_length=120, required=False)
    whole_log = forms.BooleanField(
        label="Each file is the whole log to date, and replaces the earlier files", required=False
    )

    def __init__(self, *args: Any, partnerships: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.partnerships = {str(p.id): p for p in partnerships}
        self.fields["partnership"].choices = [  # type: ignore[attr-defined]
            (k, p.name) for k, p in self.partnerships.items()
        ]
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            partnerships__in=list(self.partnerships.values())
        ).distinct()
