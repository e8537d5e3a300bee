"""Tracking a report by its reference, and reopening it from the link in the email."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from joinedup.reports.models import EventKind, Report, Status
from joinedup.reports.public.links import reopen_link, reopen_token
from joinedup.reports.services import report_add_note, report_resolve, report_submit

from .conftest import GUILDHALL

LONDON = ZoneInfo("Europe/London")
RESOLVED_AT = dt.datetime(2026, 3, 11, 10, 0, tzinfo=LONDON)


@pytest.fixture
def report(south, worcester, litter, litter_rule):
    return report_submit(
        partnership=south,
        category=litter,
        description="Bin bags split open on the corner of my road",
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
        reporter_name="Rita Resident",
        reporter_email="rita@example.com",
        reporter_phone="01632 960 001",
    )


@pytest.fixture
def resolved(report, officer_a):
    with time_machine.travel(RESOLVED_AT, tick=False):
        return report_resolve(report=report, by=officer_a, public_note="Street swept and bags removed.")


def page(response) -> str:
    return response.content.decode()


def path_of(url: str) -> str:
    return urlsplit(url).path


# --- the tracking page ---------------------------------------------------------------------------------


def test_the_tracking_page_shows_progress_and_what_was_done(anonymous, resolved, south_council):
    text = page(anonymous.get(reverse("report-track", args=[resolved.reference])))
    assert f"Report {resolved.reference}" in text
    assert "Resolved" in text
    assert "General litter" in text
    assert "Cathedral ward" in text
    assert "South Council" in text
    assert "Street swept and bags removed." in text
    assert "Sent to South Council" in text  # the public timeline


def test_the_tracking_page_never_shows_the_reporter_internal_notes_or_officers_names(
    anonymous, report, officer_a
):
    report_add_note(report=report, by=officer_a, text="Neighbour at number 4 keeps doing this", public=False)
    report_add_note(report=report, by=officer_a, text="Crew booked for Thursday", public=True)
    text = page(anonymous.get(reverse("report-track", args=[report.reference])))
    assert "Crew booked for Thursday" in text
    assert "Neighbour at number 4" not in text
    for private in (
        "Rita Resident",
        "rita@example.com",
        "01632 960 001",
        "Bin bags split open",
        "Alice South",
    ):
        assert private not in text


def test_a_never_public_report_cannot_be_tracked(anonymous, south, worcester, hate):
    report = report_submit(
        partnership=south, category=hate, description="Abuse", longitude=GUILDHALL[0], latitude=GUILDHALL[1]
    )
    response = anonymous.get(reverse("report-track", args=[report.reference]))
    assert response.status_code == 404
    assert "There is no report with that reference" in page(response)
    found = anonymous.get(reverse("report-track-find"), {"reference": report.reference})
    assert "There is no report with that reference" in page(found)


def test_a_report_is_found_by_its_reference_however_it_is_typed(anonymous, report):
    typed = report.reference.lower().replace("-", "- ", 1)
    response = anonymous.get(reverse("report-track-find"), {"reference": typed})
    assert response["Location"] == reverse("report-track", args=[report.reference])
    lower = anonymous.get(reverse("report-track", args=[report.reference.lower()]))
    assert lower["Location"] == reverse("report-track", args=[report.reference])


def test_finding_a_report_checks_the_reference(anonymous, db):
    assert "Check progress on a report" in page(anonymous.get(reverse("report-track-find")))
    empty = page(anonymous.get(reverse("report-track-find"), {"reference": ""}))
    assert "Enter your report reference" in empty
    nonsense = page(anonymous.get(reverse("report-track-find"), {"reference": "litter"}))
    assert "Enter a reference in the correct format, like WOR-2026-000123" in nonsense
    unknown = page(anonymous.get(reverse("report-track-find"), {"reference": "WOR-2026-999999"}))
    assert "There is no report with that reference" in unknown


# --- reopening -----------------------------------------------------------------------------------------


def test_the_reopen_link_is_a_full_address_on_this_site(resolved, settings):
    settings.SITE_URL = "https://joinedup.example.org/"
    link = reopen_link(resolved, "rita@example.com")
    assert link.startswith(f"https://joinedup.example.org/track/{resolved.reference}/reopen/")
    assert "rita" not in link  # the address is not in the link, only a digest of it


def emailed_link(report) -> str:
    """The reopen link as the resolution email carries it: made when the report was resolved."""
    with time_machine.travel(RESOLVED_AT, tick=False):
        return path_of(reopen_link(report, "rita@example.com"))


def test_the_reporter_reopens_a_resolved_report_within_28_days(
    anonymous, resolved, django_capture_on_commit_callbacks, notify_outbox
):
    url = emailed_link(resolved)
    with time_machine.travel(RESOLVED_AT + dt.timedelta(days=27), tick=False):
        form = page(anonymous.get(url))
        assert "Why is the problem not fixed?" in form
        assert "Street swept and bags removed." in form
        assert "Say why the problem is not fixed" in page(anonymous.post(url, {"reason": ""}))
        with django_capture_on_commit_callbacks(execute=True):
            response = anonymous.post(url, {"reason": "The bags are back the next day"})
        assert "has been reopened" in page(anonymous.get(response["Location"]))
        # Open again: the same link now says so rather than offering to reopen it twice.
        assert "This report is still open" in page(anonymous.get(url))
    assert response["Location"] == reverse("report-track", args=[resolved.reference])
    resolved.refresh_from_db()
    assert resolved.status == Status.NEW
    assert resolved.events.filter(kind=EventKind.REOPENED, text="The bags are back the next day").exists()
    assert "report_reopened" in [email.template for email in notify_outbox]


def test_a_report_cannot_be_reopened_by_its_reporter_after_28_days(anonymous, resolved):
    url = emailed_link(resolved)
    with time_machine.travel(RESOLVED_AT + dt.timedelta(days=29), tick=False):
        response = anonymous.get(url)
        assert response.status_code == 400
        assert "This link has expired" in page(response)
        assert anonymous.post(url, {"reason": "Still there"}).status_code == 400
    assert Report.objects.get(pk=resolved.pk).status == Status.RESOLVED


def test_a_fresh_link_after_the_reopening_period_is_still_refused(anonymous, resolved):
    with time_machine.travel(RESOLVED_AT + dt.timedelta(days=40), tick=False):
        url = path_of(reopen_link(resolved, "rita@example.com"))
        text = page(anonymous.post(url, {"reason": "Still there"}))
    assert "can no longer be reopened" in text
    assert Report.objects.get(pk=resolved.pk).status == Status.RESOLVED


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJyIjoiV09SIn0:1tXyZq:badsignature"],
)
def test_a_tampered_or_made_up_reopen_link_is_refused(anonymous, resolved, token):
    response = anonymous.get(reverse("report-reopen", args=[resolved.reference, token]))
    assert response.status_code == 400
    assert "This link does not work" in page(response)


def test_a_link_for_another_report_or_someone_who_never_reported_it_is_refused(anonymous, resolved, report):
    other = report_submit(
        partnership=resolved.partnership,
        category=resolved.category,
        description="Another",
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
    )
    borrowed = reopen_token(reference=other.reference, email="rita@example.com")
    stranger = reopen_token(reference=resolved.reference, email="someone@example.com")
    for token in (borrowed, stranger):
        response = anonymous.post(reverse("report-reopen", args=[resolved.reference, token]), {"reason": "x"})
        assert response.status_code == 400
    assert Report.objects.get(pk=resolved.pk).status == Status.RESOLVED
