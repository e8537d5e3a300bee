"""`joinedup publish` writes the document as the system, and fails clearly on bad input."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.core.management import CommandError, call_command

from joinedup.audit.models import AuditEvent

from .conftest import CATHEDRAL, YEAR_2025


def test_it_writes_a_ward_briefing_pdf_as_the_system(incidents, tmp_path):
    out = tmp_path / "briefing.pdf"
    call_command(
        "publish",
        "ward-briefing",
        "--ward",
        CATHEDRAL,
        "--period",
        YEAR_2025,
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Ward briefing: Cathedral" in text
    assert "open police.uk data only" in text
    event = AuditEvent.objects.get(purpose="publication")
    assert event.actor is None and event.actor_label == "System"
    assert event.changes["period"] == YEAR_2025


def test_it_fails_clearly_on_an_unknown_ward(worcester, tmp_path):
    out = tmp_path / "briefing.pdf"
    with pytest.raises(CommandError, match="There is no ward 'E05999999'"):
        call_command("publish", "ward-briefing", "--ward", "E05999999", "--period", YEAR_2025, "-o", str(out))
    assert not out.exists()


def test_it_fails_clearly_on_a_bad_period(worcester, tmp_path):
    with pytest.raises(CommandError, match="is not a month"):
        call_command(
            "publish",
            "ward-briefing",
            "--ward",
            CATHEDRAL,
            "--period",
            "2025-13:2025",
            "-o",
            str(tmp_path / "x"),
        )


def test_the_system_sees_no_partner_data(incidents, cathedral, south, tmp_path):
    from joinedup.intelligence.models import Incident, IncidentCategory, Source

    Incident.objects.create(
        source=Source.PARTNER,
        partnership=south,
        month=incidents[0].month.replace(year=2025),
        category=IncidentCategory.objects.get(code="burglary"),
        category_raw="Burglary",
        ward=cathedral,
        district=cathedral.parent,
    )
    out = tmp_path / "b.html"
    call_command(
        "publish",
        "ward-briefing",
        "--ward",
        CATHEDRAL,
        "--period",
        YEAR_2025,
        "--format",
        "html",
        "-o",
        str(out),
    )
    assert "72 incidents were recorded" in out.read_text()
