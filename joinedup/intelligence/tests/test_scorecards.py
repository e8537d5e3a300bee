"""Scorecards: RAG in both directions, counted and entered measures, who may see and enter what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.intelligence import measures
from joinedup.intelligence.measures import AMBER, GREEN, RED, rag_status
from joinedup.intelligence.models import (
    Incident,
    IncidentCategory,
    Measure,
    MeasureKind,
    MeasureValue,
    Source,
)
from joinedup.places.models import Area, AreaKind

URL = reverse("intelligence:scorecards")


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (90, "down", GREEN),
        (100, "down", GREEN),
        (104, "down", AMBER),
        (106, "down", RED),
        (110, "up", GREEN),
        (100, "up", GREEN),
        (96, "up", AMBER),
        (94, "up", RED),
        (None, "up", None),
    ],
)
def test_rag_status_follows_the_good_direction(value, direction, expected):
    assert rag_status(value=value, target=100, direction=direction, tolerance=5) == expected


def test_no_target_is_not_judged():
    assert rag_status(value=5, target=None, direction="down", tolerance=5) is None


def test_financial_quarters_start_in_april():
    assert measures.period_label("quarter", dt.date(2025, 4, 1)) == "Q1 2025/26"
    assert measures.period_label("quarter", dt.date(2026, 1, 1)) == "Q4 2025/26"
    assert measures.period_start("quarter", dt.date(2025, 12, 1)) == dt.date(2025, 10, 1)
    assert measures.period_start("year", dt.date(2026, 2, 1)) == dt.date(2025, 4, 1)
    # Data to November 2025: the last complete quarter is July to September.
    assert measures.periods_ending("quarter", dt.date(2025, 11, 1))[-1] == dt.date(2025, 7, 1)


@pytest.fixture
def district(south):
    area = Area.objects.create(
        kind=AreaKind.DISTRICT,
        code="E07000001",
        name="Shiretown",
        boundary="{}",
        min_lon=0,
        min_lat=0,
        max_lon=1,
        max_lat=1,
    )
    south.areas.add(area)
    return area


@pytest.fixture
def burglaries(district):
    """Burglaries per month of 2025: 10 each month, 20 in December."""
    burglary = IncidentCategory.objects.get(code="burglary")
    Incident.objects.bulk_create(
        Incident(
            source=Source.POLICE,
            month=dt.date(2025, m, 1),
            category=burglary,
            category_raw="Burglary",
            district=district,
        )
        for m in range(1, 13)
        for _ in range(20 if m == 12 else 10)
    )


def _measure_post(district, **change):
    return {
        "name": "Burglary",
        "scorecard": "Quarterly crime",
        "kind": "count",
        "period": "quarter",
        "area": str(district.id),
        "categories": ["burglary"],
        "target": "35",
        "direction": "down",
        "tolerance": "5",
        **change,
    }


def test_a_coordinator_defines_a_counted_measure_shown_with_its_status(
    burglaries, district, client_for, coordinator, south
):
    response = client_for(coordinator).post(
        reverse("intelligence:measure-new", args=[south.slug]), _measure_post(district)
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert AuditEvent.objects.filter(
        action=Action.CREATED, object_id=str(measure.id), actor=coordinator
    ).exists()
    page = client_for(coordinator).get(URL, {"partnership": south.slug})
    row = page.context["cards"]["Quarterly crime"][0]
    # Oct-Dec 2025: 10 + 10 + 20 = 40 against a target of 35 or fewer: more than 5% over, so red.
    assert row.latest.label == "Q3 2025/26" and row.latest.value == 40 and row.rag == RED
    assert [v.value for v in row.values[-3:]] == [30, 30, 40]
    text = page.content.decode()
    assert "Red: off target" in text and "Q3 2025/26: 40" in text and "<polyline" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Enter the measure&#x27;s name"),
        ({"area": ""}, "Choose the area to count incidents in"),
        ({"categories": []}, "Choose at least one category to count"),
        ({"categories": ["made-up"]}, "There is no category made-up"),
        ({"target": "lots"}, "Enter the target as a number"),
    ],
)
def test_bad_measures_are_refused(district, client_for, coordinator, south, change, message):
    response = client_for(coordinator).post(
        reverse("intelligence:measure-new", args=[south.slug]), _measure_post(district, **change)
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode() and message in response.content.decode()
    assert not Measure.objects.exists()


def test_officers_cannot_define_measures(district, client_for, officer_a, south):
    response = client_for(officer_a).post(
        reverse("intelligence:measure-new", args=[south.slug]), _measure_post(district)
    )
    assert response.status_code == 403


@pytest.fixture
def entered(south, coordinator):
    return measures.measure_save(
        by=coordinator,
        partnership=south,
        name="Victims satisfied",
        scorecard="Partnership plan",
        kind=MeasureKind.ENTERED,
        period="quarter",
        target=80,
        direction="up",
        unit="%",
    )


def test_a_partner_enters_a_figure_which_is_judged_and_audited(entered, client_for, officer_a, south):
    url = reverse("intelligence:measure-value", args=[entered.id])
    periods = measures.measure_periods_open(measure=entered)
    latest = periods[0][0]
    response = client_for(officer_a).post(url, {"period": latest.isoformat(), "value": "78"})
    assert response.status_code == 302
    row = client_for(officer_a).get(URL, {"partnership": south.slug}).context["cards"]["Partnership plan"][0]
    assert row.latest.value == 78 and row.rag == AMBER  # 78% against 80%, within 5%
    assert AuditEvent.objects.filter(
        actor=officer_a, action=Action.CREATED, object_id=str(entered.id)
    ).exists()
    client_for(officer_a).post(url, {"period": latest.isoformat(), "value": "85"})
    assert MeasureValue.objects.get().value == 85
    assert AuditEvent.objects.get(actor=officer_a, action=Action.CHANGED).changes["value"] == [78.0, 85.0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period": "1999-04-01", "value": "5"}, "Choose one of the periods listed"),
        ({"value": "five"}, "Enter the value as a number"),
        ({"value": ""}, "Enter the value"),
    ],
)
def test_bad_figures_are_refused(entered, client_for, officer_a, data, message):
    data = {"period": measures.measure_periods_open(measure=entered)[0][0].isoformat(), **data}
    response = client_for(officer_a).post(reverse("intelligence:measure-value", args=[entered.id]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MeasureValue.objects.exists()


def test_another_partnership_sees_neither_the_scorecard_nor_its_figures(
    entered, client_for, officer_a, officer_b, south, north
):
    period = measures.measure_periods_open(measure=entered)[0][0]
    measures.measure_value_enter(by=officer_a, measure=entered, period_start=period, value=91)
    response = client_for(officer_b).get(URL, {"partnership": south.slug})
    assert response.context["chosen"] == north
    assert "Victims satisfied" not in response.content.decode()
    assert (
        client_for(officer_b).get(reverse("intelligence:measure-value", args=[entered.id])).status_code == 404
    )
    assert (
        client_for(officer_b)
        .post(
            reverse("intelligence:measure-value", args=[entered.id]),
            {"period": period.isoformat(), "value": "1"},
        )
        .status_code
        == 404
    )
    assert MeasureValue.objects.get().value == 91


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    assert anonymous.get(URL).status_code == 302
