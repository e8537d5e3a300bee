"""Staff logging a report from a phone call, email or walk-in; and the routing preview."""

import pytest
from django.urls import reverse

from joinedup.places.gazetteer import _search_text
from joinedup.places.lookup import area_at_point
from joinedup.places.models import AreaKind, Street
from joinedup.reports.models import Category, Report, Source
from joinedup.reports.tests.conftest import BIRMINGHAM, GUILDHALL, SOUTH_WORCESTER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _worcester(worcester):
    """Every test here places reports in Worcester."""


def street(name, point, worcester):
    ward = area_at_point(lon=point[0], lat=point[1], kind=AreaKind.WARD)
    return Street.objects.create(
        name=name,
        search_text=_search_text(name),
        longitude=point[0],
        latitude=point[1],
        district_code=worcester.code,
        ward_code=ward.code if ward else "",
        points=3,
    )


@pytest.fixture
def streets(worcester):
    return {
        "high": street("High Street", GUILDHALL, worcester),
        "foregate": street("Foregate Street", (-2.2215, 52.1960), worcester),
        "fort_royal": street("Fort Royal Hill", SOUTH_WORCESTER, worcester),
        "fort_royal_lane": street("Fort Royal Lane", (-2.2110, 52.1860), worcester),
    }


def log(client, **data):
    data.setdefault("source", "phone")
    data.setdefault("description", "Caller says bags of rubbish dumped by the bins")
    return client.post(reverse("report-log"), data)


def test_the_log_page_offers_staff_only_categories(client_for, officer_a, litter, groups, south):
    Category.objects.create(
        partnership=south, group=groups["asb"], code="cctv", name="CCTV request", staff_only=True
    )
    page = client_for(officer_a).get(reverse("report-log")).content.decode()
    assert "CCTV request (staff only)" in page
    assert "Phone call" in page and "Walk-in" in page


def test_logging_a_phone_call_makes_a_routed_report_and_shows_it(
    client_for, officer_a, litter, litter_rule, south_council
):
    response = log(
        client_for(officer_a),
        category=litter.id,
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
        reporter_name="Sam Caller",
        reporter_phone="01905 000000",
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("report-detail", args=[report.reference])
    assert (report.source, report.logged_by, report.lead_partner) == (Source.PHONE, officer_a, south_council)
    assert report.reporter_name == "Sam Caller"
    assert report.acknowledge_by is not None


def test_a_street_that_matches_one_street_places_the_report_on_it(
    client_for, officer_a, litter, litter_rule, streets
):
    log(client_for(officer_a), source="email", category=litter.id, street="foregate st")
    report = Report.objects.get()
    assert report.location_text == "Foregate Street"
    assert (report.longitude, report.latitude) == (
        streets["foregate"].longitude,
        streets["foregate"].latitude,
    )
    assert report.source == Source.EMAIL


def test_a_street_that_matches_several_asks_which_then_uses_the_choice(
    client_for, officer_a, litter, litter_rule, streets
):
    client = client_for(officer_a)
    page = log(client, category=litter.id, street="fort royal").content.decode()
    assert "Choose the street from the list" in page
    assert "Fort Royal Hill" in page and "Fort Royal Lane" in page
    assert not Report.objects.exists()
    log(client, category=litter.id, street="fort royal", street_id=streets["fort_royal_lane"].id)
    assert Report.objects.get().location_text == "Fort Royal Lane"


def test_an_unknown_street_says_so(client_for, officer_a, litter, streets):
    page = log(client_for(officer_a), category=litter.id, street="Nowhere Avenue").content.decode()
    assert "No street matching Nowhere Avenue was found" in page
    assert not Report.objects.exists()


def test_a_ward_is_enough_when_the_caller_does_not_know_the_street(
    client_for, officer_a, litter, litter_rule
):
    cathedral = area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind=AreaKind.WARD)
    log(client_for(officer_a), category=litter.id, ward=cathedral.id)
    report = Report.objects.get()
    assert report.ward == cathedral
    assert report.longitude is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the street, choose a ward or give the location"),
        ({"longitude": "-2.2"}, "Enter the latitude as well, or leave both blank"),
        ({"longitude": "west", "latitude": "52"}, "Longitude must be a number, like -2.2205"),
        ({"longitude": BIRMINGHAM[0], "latitude": BIRMINGHAM[1]}, "That location is outside the area"),
        ({"category": "", "ward": ""}, "Choose what the problem is"),
        (
            {"reporter_email": "not-an-email", "longitude": GUILDHALL[0], "latitude": GUILDHALL[1]},
            "Enter an email address in the correct format",
        ),
        ({"description": " ", "longitude": GUILDHALL[0], "latitude": GUILDHALL[1]}, "Describe the problem"),
        ({"source": "pigeon", "longitude": GUILDHALL[0], "latitude": GUILDHALL[1]}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_the_error_summary_and_logs_nothing(
    client_for, officer_a, litter, litter_rule, data, message
):
    data = {"category": litter.id, **data}
    response = log(client_for(officer_a), **data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert message in page
    assert "Log a report - Error - " in page
    assert not Report.objects.exists()


def test_a_category_with_questions_asks_them_before_logging(client_for, officer_a, taxi):
    client = client_for(officer_a)
    first = log(client, category=taxi.id, longitude=GUILDHALL[0], latitude=GUILDHALL[1]).content.decode()
    assert "Answer the questions about taxi: public safety, then log the report" in first
    assert "Taxi plate number" in first
    assert not Report.objects.exists()
    missing = log(
        client, category=taxi.id, questions_for=taxi.id, longitude=GUILDHALL[0], latitude=GUILDHALL[1]
    )
    assert "Enter taxi plate number" in missing.content.decode()
    log(
        client,
        category=taxi.id,
        questions_for=taxi.id,
        answer_plate="WR 0456",
        answer_colour="Black",
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
    )
    assert Report.objects.get().answers == {"plate": "WR 0456", "colour": "Black"}


def test_choosing_a_category_in_the_address_shows_its_questions(client_for, officer_a, taxi):
    page = client_for(officer_a).get(reverse("report-log"), {"category": taxi.id}).content.decode()
    assert "Taxi plate number" in page
    assert f'name="questions_for" value="{taxi.id}"' in page


def test_a_partner_in_another_partnership_cannot_log_in_this_one(client_for, officer_b, litter):
    log(client_for(officer_b), category=litter.id, longitude=GUILDHALL[0], latitude=GUILDHALL[1])
    assert not Report.objects.exists()


def test_the_public_cannot_log_reports_here(anonymous, litter):
    response = log(anonymous, category=litter.id, longitude=GUILDHALL[0], latitude=GUILDHALL[1])
    assert response.status_code == 302
    assert not Report.objects.exists()


# --- routing preview -----------------------------------------------------------------------------------


def preview(client, **params):
    response = client.get(reverse("routing-preview"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_preview_says_who_a_report_goes_to_by_which_rule_and_by_when(
    client_for, coordinator, begging, begging_rule, night_rule
):
    page = preview(
        client_for(coordinator),
        category=begging.id,
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
        on_0="20",
        on_1="11",
        on_2="2026",
        at="23:30",
    )
    assert "Goes to Shire Police" in page
    assert "Night-time economy begging" in page
    assert "Supported by" in page and "South Council" in page
    assert "High" in page
    assert "Monday 23 November 2026, 13:00" in page  # 4 working hours from a Friday night
    assert "Monday 30 November 2026, 09:00" in page


def test_the_preview_by_day_uses_the_daytime_rule(client_for, coordinator, begging, begging_rule, night_rule):
    page = preview(
        client_for(coordinator),
        category=begging.id,
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
        on_0="20",
        on_1="11",
        on_2="2026",
        at="1400",
    )
    assert "Begging to the police" in page
    assert "Night-time economy begging" not in page


def test_the_preview_says_when_nothing_matches(client_for, officer_a, litter, worcester):
    cathedral = area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind=AreaKind.WARD)
    page = preview(client_for(officer_a), category=litter.id, ward=cathedral.id)
    assert "Triage: no rule matches" in page


def test_the_preview_shows_errors_for_bad_input(client_for, officer_a, litter, worcester):
    page = preview(
        client_for(officer_a), category=litter.id, longitude=BIRMINGHAM[0], latitude=BIRMINGHAM[1], at="25:99"
    )
    assert "govuk-error-summary" in page
    assert "Time must be a time like 22:00" in page
    page = preview(client_for(officer_a), category=litter.id, longitude=BIRMINGHAM[0], latitude=BIRMINGHAM[1])
    assert "That location is outside the area" in page


def test_the_preview_starts_empty(client_for, officer_a, litter):
    page = preview(client_for(officer_a))
    assert "govuk-error-summary" not in page
    assert "Goes to" not in page
