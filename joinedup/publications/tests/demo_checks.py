"""The demo's publications, as someone trying `make demo` finds them; the demo is loaded once."""

import pytest

from joinedup.intelligence.models import Incident
from joinedup.partners.models import User
from joinedup.publications.document import Table
from joinedup.publications.services import document_publish

pytestmark = pytest.mark.django_db


def test_the_cathedral_briefing_for_2025_counts_the_demo_s_incidents():
    councillor = User.objects.get(email="councillor@worcester.example.org")
    document = document_publish(
        by=councillor, slug="ward-briefing", subject="E05007883", period="2025-01:2025-12", output="page"
    ).document
    months = next(b for b in document.sections[1].blocks if isinstance(b, Table))
    shown = sum(int(row[1].replace(",", "")) for row in months.rows)
    assert (
        shown
        == Incident.objects.visible_to(councillor).filter(ward__code="E05007883", month__year=2025).count()
    )
    assert shown > 100
