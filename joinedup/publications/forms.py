"""The one form every document shares: which ward, district or partnership, which period, which format."""

from __future__ import annotations

from typing import Any

from django import forms

from .documents import DocumentKind
from .readers import Reader

FORMAT_LABELS = {"page": "A web page", "pdf": "PDF", "docx": "Word (DOCX)", "html": "HTML file"}


class DocumentForm(forms.Form):
    subject = forms.CharField(error_messages={"required": "Choose what the document is about."})
    period = forms.CharField(error_messages={"required": "Give the period."})
    format = forms.ChoiceField(
        label="Format", widget=forms.RadioSelect, error_messages={"invalid_choice": "Choose a format."}
    )

    def __init__(self, *args: Any, kind: DocumentKind, reader: Reader, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A list to choose from, but any code is passed on: one not the reader's is "not found" (404).
        choices = kind.choices(reader)
        self.fields["subject"].widget = forms.Select(
            choices=[("", f"Choose a {kind.subject_label.lower()}"), *choices]
        )
        self.fields["subject"].label = kind.subject_label
        self.fields["subject"].error_messages["required"] = f"Choose a {kind.subject_label.lower()}."
        self.fields["period"].label = kind.period_label
        self.fields["period"].help_text = kind.period_hint
        self.fields["format"].choices = [  # type: ignore[attr-defined]
            (code, FORMAT_LABELS[code]) for code in ("page", *kind.formats) if code != "html"
        ]
        self.fields["format"].initial = "page"
