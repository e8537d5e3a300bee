"""`joinedup publish` writes the document as the system, and fails clearly on bad input."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.core.management import CommandError, call_command

from joinedup.audit.models import AuditEvent
from joinedup.intelligence.models import Incident, IncidentCategory, Source

from .conftest import CATHEDRAL, YEAR_2025


def publish(out, *, ward=CATHEDRAL, period=YEAR_2025, output="pdf"):
    call_command(
        "publish", "ward-briefing", f"--ward={ward}", f"--period={period}", f"--format={output}", f"-o{out}"
    )


def test_it_writes_a_ward_briefing_pdf_as_the_system(incidents, tmp_path):
    publish(tmp_path / "briefing.pdf")
    pages = pypdf.PdfReader(io.BytesIO((tmp_path / "briefing.pdf").read_bytes())).pages
    text = " ".join(p.extract_text() for p in pages)
    assert "Ward briefing: Cathedral" in text
    assert "open police.uk data only" in text
    event = AuditEvent.objects.get(purpose="publication")
    assert event.actor is None and event.actor_label == "System"
    assert event.changes["period"] == YEAR_2025


def test_it_fails_clearly_on_an_unknown_ward(worcester, tmp_path):
    with pytest.raises(CommandError, match="There is no ward 'E05999999'"):
        publish(tmp_path / "briefing.pdf", ward="E05999999")
    assert not (tmp_path / "briefing.pdf").exists()


def test_it_fails_clearly_on_a_bad_period(worcester, tmp_path):
    with pytest.raises(CommandError, match="is not a month"):
        publish(tmp_path / "briefing.pdf", period="2025-13:2025")


def test_the_system_sees_no_partner_data(incidents, cathedral, south, tmp_path):
    Incident.objects.create(
        source=Source.PARTNER,
        partnership=south,
        month=incidents[0].month.replace(year=2025),
        category=IncidentCategory.objects.get(code="burglary"),
        category_raw="Burglary",
        ward=cathedral,
        district=cathedral.parent,
    )
    publish(tmp_path / "b.html", output="html")
    assert "72 incidents were recorded" in (tmp_path / "b.html").read_text()
