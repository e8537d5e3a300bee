"""The work queue: each partner's own reports by default, filters, the triage queue, the map and exports."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.partners.tests.factories import UserFactory
from joinedup.places.lookup import area_at_point
from joinedup.places.models import AreaKind
from joinedup.reports import services
from joinedup.reports.models import Category
from joinedup.reports.tests.conftest import GUILDHALL, SOUTH_WORCESTER

pytestmark = pytest.mark.django_db

FRIDAY_NIGHT = dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC)


def submit(south, category, point=GUILDHALL, **kwargs):
    kwargs.setdefault("description", f"A problem with {category.name.lower()}")
    return services.report_submit(
        partnership=south, category=category, longitude=point[0], latitude=point[1], **kwargs
    )


@pytest.fixture
def graffiti(south, groups):
    return Category.objects.create(
        partnership=south, group=groups["littering"], code="graffiti", name="Graffiti"
    )


@pytest.fixture
def pcso(police, south):
    return UserFactory(full_name="Pat PCSO", organisation=police, partnerships=[south])


@pytest.fixture
def reports(south, worcester, litter, begging, graffiti, litter_rule, begging_rule, night_rule):
    """Council litter (with a reporter), police begging by day, police-led begging at night with the council
    supporting, and graffiti no rule covers (triage)."""
    return {
        "litter": submit(
            south,
            litter,
            reporter_name="Rita Reporter",
            reporter_email="rita@example.com",
            reporter_phone="07700 900123",
        ),
        "day_begging": submit(south, begging, point=SOUTH_WORCESTER),
        "night_begging": submit(south, begging, when=FRIDAY_NIGHT),
        "graffiti": submit(south, graffiti),
    }


def page_of(client, url=None, **params):
    response = client.get(url or reverse("report-queue"), params)
    assert response.status_code == 200
    return response.content.decode()


def references(page, reports):
    return sorted(name for name, report in reports.items() if report.reference in page)


def test_the_queue_asks_the_public_to_sign_in(anonymous, db):
    response = anonymous.get(reverse("report-queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_an_officer_sees_what_their_organisation_leads_or_supports(client_for, officer_a, reports):
    page = page_of(client_for(officer_a))
    assert references(page, reports) == ["litter", "night_begging"]
    assert "South Council" in page


def test_the_police_see_their_own_queue(client_for, pcso, reports):
    assert references(page_of(client_for(pcso)), reports) == ["day_begging", "night_begging"]


def test_an_officer_cannot_look_at_another_partners_queue(client_for, officer_a, police, reports):
    page = page_of(client_for(officer_a), partner=police.id)
    assert references(page, reports) == ["litter", "night_begging"]


def test_a_partner_in_another_partnership_sees_none_of_these_reports(client_for, officer_b, reports):
    assert references(page_of(client_for(officer_b)), reports) == []


def test_the_queue_shows_open_reports_unless_asked_for_others(client_for, officer_a, reports):
    client = client_for(officer_a)
    services.report_resolve(report=reports["litter"], by=officer_a, public_note="Cleared")
    assert references(page_of(client), reports) == ["night_begging"]
    assert references(page_of(client, status="resolved"), reports) == ["litter"]
    assert references(page_of(client, status="all"), reports) == ["litter", "night_begging"]
    # A status that is not one of the choices falls back to open reports.
    assert references(page_of(client, status="nonsense"), reports) == ["night_begging"]


def test_the_queue_filters_by_category_and_ward(client_for, coordinator, reports):
    client = client_for(coordinator)
    assert references(page_of(client, partner="all", category="begging"), reports) == [
        "day_begging",
        "night_begging",
    ]
    cathedral = area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind=AreaKind.WARD)
    page = page_of(client, partner="all", ward=cathedral.code)
    assert references(page, reports) == ["graffiti", "litter", "night_begging"]


def test_the_queue_filters_by_service_target_state(client_for, south, litter, officer_a, reports):
    late = submit(south, litter, when=dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC))
    client = client_for(officer_a)
    overdue = page_of(client, target="breached")
    assert late.reference in overdue
    assert reports["litter"].reference not in overdue
    assert "Overdue" in overdue
    on_time = page_of(client, target="on_time")
    assert late.reference not in on_time
    assert reports["litter"].reference in on_time  # just reported


def test_a_new_report_past_its_acknowledge_time_is_overdue(client_for, south, litter, officer_a, reports):
    # Reported at 09:00 today: acknowledge by 13:00, resolve in five working days.
    report = submit(south, litter, when=dt.datetime(2026, 11, 19, 9, 0, tzinfo=dt.UTC))
    with time_machine.travel(dt.datetime(2026, 11, 19, 14, 0, tzinfo=dt.UTC)):
        assert report.reference in page_of(client_for(officer_a), target="breached")


def test_a_coordinator_can_look_at_any_partners_queue_or_all_of_them(
    client_for, coordinator, police, reports
):
    client = client_for(coordinator)
    assert references(page_of(client, partner=police.id), reports) == ["day_begging", "night_begging"]
    assert references(page_of(client, partner="all"), reports) == [
        "day_begging",
        "graffiti",
        "litter",
        "night_begging",
    ]
    assert references(page_of(client, partner="triage"), reports) == ["graffiti"]


def test_the_triage_queue_is_for_coordinators(client_for, coordinator, officer_a, reports):
    page = page_of(client_for(coordinator), reverse("report-triage"))
    assert references(page, reports) == ["graffiti"]
    assert "Triage queue" in page
    assert client_for(officer_a).get(reverse("report-triage")).status_code == 403


def test_the_queue_shows_status_partner_and_due_time(client_for, officer_a, reports):
    page = page_of(client_for(officer_a))
    assert 'govuk-tag--blue">New' in page
    assert "Acknowledge by" in page
    assert "On time" in page or "At risk" in page or "Overdue" in page


def test_the_map_view_draws_the_queues_located_reports(client_for, officer_a, reports):
    page = page_of(client_for(officer_a), view="map")
    assert 'id="report-map-points"' in page
    assert f"/work/reports/{reports['litter'].reference}/" in page
    assert "points-map.js" in page
    # The list is always there, for people without JavaScript.
    assert "<table" in page


def test_the_queue_is_paged(client_for, officer_a, reports, monkeypatch):
    monkeypatch.setattr("joinedup.reports.staff.views.PAGE_SIZE", 1)
    client = client_for(officer_a)
    first, second = page_of(client), page_of(client, page=2)
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    assert references(first, reports) != references(second, reports)


# --- exports -------------------------------------------------------------------------------------------


def test_the_csv_export_has_the_filtered_queue_with_contact_details_for_those_dealing_with_it(
    client_for, officer_a, reports
):
    response = client_for(officer_a).get(
        reverse("report-queue-export", args=["csv"]), {"category": "general-litter"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Reference"] for row in rows] == [reports["litter"].reference]
    row = rows[0]
    assert row["Lead partner"] == "South Council"
    assert (row["Reporter name"], row["Reporter email"], row["Reporter phone"]) == (
        "Rita Reporter",
        "rita@example.com",
        "07700 900123",
    )


def test_every_export_is_recorded_in_the_audit_trail_with_its_filter_and_count(
    client_for, officer_a, reports
):
    client_for(officer_a).get(reverse("report-queue-export", args=["csv"]), {"status": "open"})
    event = AuditEvent.objects.get(action=Action.EXPORTED)
    assert event.actor == officer_a
    assert event.purpose == "report queue export"
    assert event.changes["count"] == 2
    assert event.changes["filter"]["status"] == "open"
    assert event.changes["filter"]["partner"] == officer_a.organisation_id


def test_the_excel_export_opens_in_a_spreadsheet(client_for, coordinator, reports):
    response = client_for(coordinator).get(reverse("report-queue-export", args=["xlsx"]), {"partner": "all"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    assert sorted(r[0] for r in rows[1:]) == sorted(r.reference for r in reports.values())


def test_an_export_withholds_contact_details_from_someone_not_dealing_with_the_report(
    client_for, south, reports
):
    # Staff with no organisation see the partnership's reports, but deal with none of them.
    volunteer = UserFactory(full_name="Val Volunteer", partnerships=[south])
    response = client_for(volunteer).get(reverse("report-queue-export", args=["csv"]))
    rows = {r["Reference"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    litter = rows[reports["litter"].reference]
    assert (litter["Reporter name"], litter["Reporter email"], litter["Reporter phone"]) == ("", "", "")
    assert "rita@example.com" not in response.content.decode("utf-8-sig")


def test_a_description_that_looks_like_a_formula_is_exported_as_text(
    client_for, south, litter, officer_a, reports
):
    submit(south, litter, description='=HYPERLINK("http://evil.example","click")')
    response = client_for(officer_a).get(reverse("report-queue-export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    descriptions = [row[16] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil.example","click")' in descriptions


def test_the_triage_export_is_for_coordinators(client_for, coordinator, officer_a, reports):
    response = client_for(coordinator).get(reverse("report-queue-export", args=["csv"]), {"triage": "1"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Reference"] for r in rows] == [reports["graffiti"].reference]
    assert rows[0]["Lead partner"] == "Triage"
    assert (
        client_for(officer_a).get(reverse("report-queue-export", args=["csv"]), {"triage": "1"}).status_code
        == 403
    )


def test_an_unknown_export_format_is_not_found(client_for, officer_a, reports):
    assert client_for(officer_a).get("/work/export.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORTED).exists()
