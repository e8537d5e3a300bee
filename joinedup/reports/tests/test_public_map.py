"""The public map and list of reports, and "you said, we did": what anyone sees, and what nobody does."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from joinedup.partners.tests.factories import UserFactory
from joinedup.reports.models import Status
from joinedup.reports.selectors import GENERALISE_DEGREES
from joinedup.reports.services import report_close, report_merge, report_resolve, report_submit

from .conftest import GUILDHALL, NEAR_GUILDHALL, SOUTH_WORCESTER

WORCESTER_BOX = "-2.30,52.15,-2.15,52.23"
BEGGING_SPOT = (-2.22137, 52.19263)  # not on the generalising grid's centre


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def reports(south, worcester, litter, litter_rule, begging, begging_rule, hate, officer_a):
    def submit(category, point, **extra):
        return report_submit(
            partnership=south,
            category=category,
            description=extra.pop("description", "Something to sort out"),
            longitude=point[0],
            latitude=point[1],
            reporter_name="Rita Resident",
            reporter_email="rita@example.com",
            reporter_phone="01632 960 001",
            **extra,
        )

    made = {
        "litter": submit(litter, GUILDHALL),
        "begging": submit(begging, BEGGING_SPOT),
        "hate": submit(hate, NEAR_GUILDHALL),
        "fixed": submit(litter, SOUTH_WORCESTER),
        "long_ago": submit(litter, SOUTH_WORCESTER, description="Old"),
        "no_action": submit(litter, NEAR_GUILDHALL),
        "duplicate": submit(litter, NEAR_GUILDHALL),
    }
    report_resolve(report=made["fixed"], by=officer_a, public_note="Cleared by the street cleansing team.")
    with time_machine.travel(timezone.now() - dt.timedelta(days=60)):
        report_resolve(report=made["long_ago"], by=officer_a, public_note="Cleared long ago.")
    report_close(report=made["no_action"], by=officer_a, reason="no_action", public_note="")
    report_merge(duplicate=made["duplicate"], into=made["litter"], by=officer_a)
    return made


def geojson(client, bbox=WORCESTER_BOX):
    response = client.get(reverse("reports-public-geojson"), {"bbox": bbox})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return orjson.loads(response.content)


# --- the map's GeoJSON ---------------------------------------------------------------------------------


def test_the_map_shows_open_and_recently_resolved_reports_and_never_who_reported(anonymous, reports):
    data = geojson(anonymous)
    shown = {f["properties"]["reference"] for f in data["features"]}
    assert shown == {reports["litter"].reference, reports["begging"].reference, reports["fixed"].reference}
    raw = orjson.dumps(data).decode()
    for private in ("Rita", "rita@example.com", "01632", "Something to sort out", "reporter"):
        assert private not in raw
    litter = next(f for f in data["features"] if f["properties"]["reference"] == reports["litter"].reference)
    assert litter["geometry"] == {"type": "Point", "coordinates": [GUILDHALL[0], GUILDHALL[1]]}
    assert litter["properties"]["approximate"] is False
    assert litter["properties"]["url"] == reverse("report-track", args=[reports["litter"].reference])


def test_the_map_shows_sensitive_reports_only_roughly(anonymous, reports):
    data = geojson(anonymous)
    begging = next(
        f for f in data["features"] if f["properties"]["reference"] == reports["begging"].reference
    )
    lon, lat = begging["geometry"]["coordinates"]
    assert begging["properties"]["approximate"] is True
    assert (lon, lat) != BEGGING_SPOT
    # Somewhere in the same grid cell, at its centre.
    assert abs(lon - BEGGING_SPOT[0]) <= GENERALISE_DEGREES / 2 + 1e-9
    assert abs(lat - BEGGING_SPOT[1]) <= GENERALISE_DEGREES / 2 + 1e-9


def test_the_map_never_shows_hate_incidents(anonymous, reports):
    shown = {f["properties"]["reference"] for f in geojson(anonymous)["features"]}
    assert reports["hate"].reference not in shown


@pytest.mark.parametrize(
    "bbox",
    [
        "",
        "1,2,3",
        "a,b,c,d",
        "nan,52,-2,53",
        "-2.1,52.1,-2.3,52.2",  # west is east of east
        "-2.3,52.2,-2.1,52.1",  # south is north of north
        "-200,52,-2,53",
        "-2.3,52.1,-2.2,52.2,9",
        "-4,50,-1,53",  # far too big a box
    ],
)
def test_a_bad_map_box_is_refused_with_a_clear_message(anonymous, db, bbox):
    response = anonymous.get(reverse("reports-public-geojson"), {"bbox": bbox})
    assert response.status_code == 400
    assert "bbox must" in orjson.loads(response.content)["error"]


# --- the list ------------------------------------------------------------------------------------------


def test_the_list_shows_open_and_recently_resolved_reports_without_the_reporter(anonymous, reports):
    text = page(anonymous.get(reverse("reports-public")))
    assert "Problems reported" in text
    for shown in ("litter", "begging", "fixed"):
        assert reports[shown].reference in text
    for hidden in ("hate", "long_ago", "no_action", "duplicate"):
        assert reports[hidden].reference not in text
    for private in ("Rita", "rita@example.com", "01632", "Something to sort out"):
        assert private not in text
    assert "Approximate location" in text  # begging
    assert 'id="reports-map-section" hidden' in text  # the map appears only with JavaScript


def test_the_list_can_be_filtered_by_problem_and_ward(anonymous, reports, begging):
    by_category = page(anonymous.get(reverse("reports-public"), {"category": begging.code}))
    assert reports["begging"].reference in by_category
    assert reports["litter"].reference not in by_category
    cathedral = reports["litter"].ward_code
    by_ward = page(anonymous.get(reverse("reports-public"), {"ward": cathedral}))
    assert reports["litter"].reference in by_ward
    assert reports["fixed"].reference not in by_ward
    # A filter that means nothing is ignored, not an error.
    anything = anonymous.get(reverse("reports-public"), {"category": "hate-incident", "ward": "nowhere"})
    assert anything.status_code == 200
    assert reports["litter"].reference in page(anything)
    assert "Hate incident" not in page(anything)


def test_the_list_is_paginated(anonymous, south, worcester, litter, litter_rule):
    for number in range(27):
        report_submit(
            partnership=south,
            category=litter,
            description=f"Litter {number}",
            longitude=GUILDHALL[0],
            latitude=GUILDHALL[1],
        )
    first = page(anonymous.get(reverse("reports-public")))
    assert "27 reports, showing 1 to 25" in first
    assert "?page=2" in first
    second = page(anonymous.get(reverse("reports-public"), {"page": 2}))
    assert "showing 26 to 27" in second
    assert anonymous.get(reverse("reports-public"), {"page": "many"}).status_code == 200


# --- you said, we did ----------------------------------------------------------------------------------


def test_you_said_we_did_counts_reports_per_ward_for_the_chosen_period(anonymous, reports):
    text = page(anonymous.get(reverse("you-said-we-did")))
    assert "You said, we did" in text
    assert "Cathedral" in text
    assert "13 other wards" in text  # wards with nothing reported are counted, not listed
    rows = {}
    for row in text.split('<tr class="govuk-table__row">')[2:]:
        cells = [part.split("<")[0].strip() for part in row.split(">")[1:] if part.split("<")[0].strip()]
        rows[cells[0]] = cells[1:4]
    # Cathedral: litter and begging (open), no_action (closed); a duplicate or a hate incident never counts.
    assert rows["Cathedral"] == ["3", "0", "2"]
    assert rows["All wards"] == ["5", "2", "2"]
    three_months = page(anonymous.get(reverse("you-said-we-did"), {"months": "1"}))
    assert "Reports by ward since" in three_months


def test_you_said_we_did_quotes_what_was_done_never_what_the_reporter_said(anonymous, reports, police):
    pcso = UserFactory(organisation=police, full_name="Pat PCSO")
    report_resolve(report=reports["begging"], by=pcso, public_note="Outreach team offered support.")
    text = page(anonymous.get(reverse("you-said-we-did")))
    assert "Cleared by the street cleansing team." in text
    assert "Outreach team offered support." not in text  # begging is sensitive
    assert "Something to sort out" not in text
    assert "Rita" not in text


def test_a_nonsense_period_falls_back_to_three_months(anonymous, reports):
    response = anonymous.get(reverse("you-said-we-did"), {"months": "forever"})
    assert response.status_code == 200
    assert 'value="3" checked' in page(response)


def test_the_public_pages_say_so_when_nobody_takes_reports(anonymous, db):
    assert "Reporting is not available" in page(anonymous.get(reverse("reports-public")))
    assert "Reporting is not available" in page(anonymous.get(reverse("you-said-we-did")))


def test_status_labels_on_the_map_are_for_people(anonymous, reports):
    statuses = {f["properties"]["status"] for f in geojson(anonymous)["features"]}
    assert statuses <= {label for _, label in Status.choices}
