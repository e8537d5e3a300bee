"""Who may make which document: partner staff of the partnership; councillors, ward briefings only."""

from __future__ import annotations

from django.urls import reverse

from .conftest import CATHEDRAL, YEAR_2025

DOCUMENT = reverse("publications:document", args=["ward-briefing"])
PARAMS = {"subject": CATHEDRAL, "period": YEAR_2025, "format": "page"}


def test_the_public_are_sent_to_sign_in(anonymous):
    response = anonymous.get(DOCUMENT, PARAMS)
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_another_partnership_s_staff_cannot_find_the_ward(incidents, client_for, officer_b):
    response = client_for(officer_b).get(DOCUMENT, PARAMS)
    assert response.status_code == 404


def test_a_councillor_reads_the_briefing_of_their_partnership(incidents, client_for, councillor):
    response = client_for(councillor).get(DOCUMENT, PARAMS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ward briefing: Cathedral" in page
    assert "How these figures were made" in page
    assert 'role="img"' in page and 'alt="Map of Cathedral' in page


def test_a_councillor_cannot_make_the_strategic_assessment(worcester, client_for, councillor):
    url = reverse("publications:document", args=["strategic-assessment"])
    response = client_for(councillor).get(
        url, {"subject": "E07000237", "period": YEAR_2025, "format": "page"}
    )
    assert response.status_code == 403
    index = client_for(councillor).get(reverse("publications:index")).content.decode()
    assert "Ward councillor briefing" in index and "Strategic assessment" not in index


def test_a_bad_period_is_refused_with_the_reason_beside_the_field(worcester, client_for, coordinator):
    response = client_for(coordinator).get(DOCUMENT, {**PARAMS, "period": "2025-12:2025-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count("The first month of the period is after the last.") == 2
    assert 'value="2025-12:2025-01"' in page  # nothing the officer typed is lost


def test_the_pdf_downloads_as_an_attachment(incidents, client_for, coordinator):
    response = client_for(coordinator).get(DOCUMENT, {**PARAMS, "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="ward-briefing-E05007883')
    assert response.content.startswith(b"%PDF")


def test_the_chooser_offers_the_reader_s_wards(worcester, client_for, coordinator):
    response = client_for(coordinator).get(reverse("publications:choose", args=["ward-briefing"]))
    assert response.status_code == 200
    assert f'value="{CATHEDRAL}"' in response.content.decode()
