"""The Worcester demo's reporting: what someone trying `make demo` notices in the queues, maps and figures.

The whole demo is loaded once for the module (as `joinedup demo` does), inside a transaction that is
rolled back at the end; each test runs in its own savepoint within it.
"""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.db.models import F
from django.utils import timezone

from joinedup.core.errors import NotFound
from joinedup.partners.models import User
from joinedup.places.models import Area, AreaKind
from joinedup.reports import selectors
from joinedup.reports.clock import LONDON, TargetState
from joinedup.reports.models import (
    Category,
    EventKind,
    Report,
    ReportEvent,
    Status,
    Subscriber,
    Visibility,
)
from joinedup.reports.routing import route_for
from joinedup.reports.services import locate

pytestmark = pytest.mark.django_db

GUILDHALL = (-2.2205, 52.1917)  # in the city-centre patch


@dataclass
class Demo:
    queued: int  # what the load left to run after its commit
    emails: list


def person(email):
    return User.objects.get(email=email)


def test_loading_the_demo_emails_none_of_the_made_up_reporters(demo):
    assert Subscriber.objects.filter(report__synthetic=True).exists()  # they do follow their reports
    assert demo.emails == []


def test_residents_choose_from_the_partnerships_key_areas_and_staff_also_log_patrol_observations(south):
    public = {c.code for c in selectors.categories_for(partnership_id=south.id, user=None)}
    staff = {
        c.code
        for c in selectors.categories_for(partnership_id=south.id, user=person("pcso@westmercia.example.org"))
    }
    assert {"general-litter", "graffiti", "fly-tipping", "begging", "hate-incident"} <= public
    assert "patrol-observation" not in public
    assert "patrol-observation" in staff
    groups = set(Category.objects.filter(partnership=south).values_list("group__name", flat=True))
    assert {"Littering", "Taxis", "Parking", "A-boards and advertising", "Anti-social behaviour"} <= groups


def test_every_category_has_a_hint_and_tells_people_to_call_999_in_an_emergency(south):
    for category in Category.objects.filter(partnership=south):
        assert category.hint, category.code
        assert "999" in category.urgent_notice, category.code


def test_a_taxi_report_asks_for_the_plate_number_and_the_colour(south):
    taxi = Category.objects.get(partnership=south, code="taxi-driving")
    labels = {q["label"]: q for q in taxi.questions}
    assert "Taxi plate number" in labels
    assert "Black" in labels["Taxi colour"]["choices"]


def test_begging_at_night_in_the_city_centre_goes_to_the_police_with_the_street_pastors(south):
    begging = Category.objects.get(partnership=south, code="begging")
    _ward, _lsoa, areas = locate(partnership=south, longitude=GUILDHALL[0], latitude=GUILDHALL[1], ward=None)
    friday_night = dt.datetime(2026, 11, 20, 23, 30, tzinfo=LONDON)
    saturday_afternoon = dt.datetime(2026, 11, 21, 15, 0, tzinfo=LONDON)

    night = route_for(category=begging, areas=areas, when=friday_night).rule
    day = route_for(category=begging, areas=areas, when=saturday_afternoon).rule

    assert night.lead_partner.name == "West Mercia Police"
    assert [p.name for p in night.supporting_partners.all()] == ["Worcester Street Pastors"]
    assert night.priority == "high"
    assert day.lead_partner.name == "West Mercia Police"
    assert [p.name for p in day.supporting_partners.all()] == ["Worcester City Council"]


def test_hate_incidents_go_to_the_police_with_victim_support_and_offer_victim_support(south):
    hate = Category.objects.get(partnership=south, code="hate-incident")
    reports = Report.objects.filter(category=hate)
    assert hate.never_public and hate.victim_support
    assert reports.exists()
    for report in reports:
        assert report.routing_rule.lead_partner.name == "West Mercia Police"
        assert "Victim Support" in {p.name for p in report.supporting_partners.all()}


def test_every_demo_report_is_synthetic_in_a_worcester_ward_with_a_wor_reference(south):
    worcester_wards = set(
        Area.objects.filter(kind=AreaKind.WARD, parent__code="E07000237").values_list("code", flat=True)
    )
    reports = Report.objects.all()
    assert 250 <= reports.count() <= 350
    assert not reports.filter(synthetic=False).exists()
    assert set(reports.values_list("ward_code", flat=True)) <= worcester_wards
    assert all(re.fullmatch(r"WOR-\d{4}-\d{6}", ref) for ref in reports.values_list("reference", flat=True))


def test_the_queues_show_reports_in_every_state_and_the_triage_queue_has_work(south):
    coordinator = person("coordinator@worcester.example.org")
    statuses = set(Report.objects.values_list("status", flat=True))
    triage = selectors.report_queue(user=coordinator, filters=selectors.QueueFilters(triage=True))

    assert statuses == set(Status.values)
    assert triage.exists()


def test_some_open_reports_are_at_risk_and_some_are_overdue(south):
    coordinator = person("coordinator@worcester.example.org")

    def queue(state):
        return selectors.report_queue(user=coordinator, filters=selectors.QueueFilters(target=state))

    assert queue(TargetState.AT_RISK).exists()
    assert queue(TargetState.BREACHED).exists()
    assert queue(TargetState.ON_TIME).exists()


def test_nothing_in_a_timeline_happens_before_it_was_reported_or_in_the_future(south):
    now = timezone.now()
    assert not ReportEvent.objects.filter(at__gt=now).exists()
    assert not ReportEvent.objects.filter(at__lt=F("report__created_at")).exists()
    assert not Report.objects.filter(acknowledged_at__lt=F("created_at")).exists()
    assert not Report.objects.filter(resolved_at__lt=F("acknowledged_at")).exists()


def test_the_police_internal_notes_are_not_shown_to_the_city_council(south):
    note = ReportEvent.objects.filter(
        kind=EventKind.NOTE,
        visibility=Visibility.ORGANISATION,
        organisation__name="West Mercia Police",
        report__category__never_public=False,
    ).first()
    assert note is not None
    council = person("enforcement@worcester.example.org")
    police = person("pcso@westmercia.example.org")

    assert note not in selectors.report_timeline(user=council, report=note.report)
    assert note in selectors.report_timeline(user=police, report=note.report)


def test_hate_incidents_appear_on_no_public_page(south):
    worcester = Area.objects.get(kind=AreaKind.DISTRICT, code="E07000237")
    shown = selectors.reports_public_in_box(
        min_lon=worcester.min_lon,
        min_lat=worcester.min_lat,
        max_lon=worcester.max_lon,
        max_lat=worcester.max_lat,
        limit=10_000,
    )
    hate = Report.objects.filter(category__code="hate-incident")

    assert shown
    assert "Hate incident" not in {feature["category"] for feature in shown}
    assert not {feature["reference"] for feature in shown} & set(hate.values_list("reference", flat=True))
    for report in hate:
        with pytest.raises(NotFound):
            selectors.report_public_get(reference=report.reference)


def test_begging_is_shown_on_the_public_map_only_at_a_generalised_location(south):
    worcester = Area.objects.get(kind=AreaKind.DISTRICT, code="E07000237")
    shown = selectors.reports_public_in_box(
        min_lon=worcester.min_lon,
        min_lat=worcester.min_lat,
        max_lon=worcester.max_lon,
        max_lat=worcester.max_lat,
        limit=10_000,
    )
    begging = [feature for feature in shown if feature["category"] == "Begging"]
    assert begging
    assert all(feature["generalised"] for feature in begging)


def test_you_said_we_did_has_figures_for_worcester_wards(south):
    since = timezone.localdate() - dt.timedelta(days=90)
    figures = selectors.you_said_we_did(partnership_id=south.id, since=since)
    assert len(figures) >= 10
    assert sum(row["resolved"] for row in figures) > 50
    assert sum(row["open"] for row in figures) > 0
