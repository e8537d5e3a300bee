"""Routing: the most specific matching rule wins; nothing matching means the coordinator's triage queue."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from joinedup.places.lookup import area_at_point
from joinedup.places.models import AreaKind
from joinedup.reports.models import EventKind, RoutingRule
from joinedup.reports.routing import in_window, route_for
from joinedup.reports.services import locate, report_submit
from joinedup.reports.tests.conftest import GUILDHALL, SOUTH_WORCESTER

LONDON = ZoneInfo("Europe/London")
# Monday 23 November 2026, 10:00 (GMT).
MONDAY_MORNING = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


def local(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def areas_at(south, point):
    return locate(partnership=south, longitude=point[0], latitude=point[1], ward=None)[2]


def rule(south, target, lead, name, **kwargs):
    return RoutingRule.objects.create(
        partnership=south, name=name, lead_partner=lead, service_target=target, **kwargs
    )


def winner(south, category, point=GUILDHALL, when=MONDAY_MORNING):
    decision = route_for(category=category, areas=areas_at(south, point), when=when)
    return decision.rule.name if decision.rule else None


def test_a_rule_for_the_category_beats_a_rule_for_any_category(
    south, worcester, litter, begging, target, police, south_council
):
    rule(south, target, police, "Anything to the police")
    rule(south, target, south_council, "Litter to the council", category=litter)
    assert winner(south, litter) == "Litter to the council"
    assert winner(south, begging) == "Anything to the police"


def test_the_category_counts_for_more_than_the_area(south, worcester, litter, target, police, south_council):
    cathedral = area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind=AreaKind.WARD)
    rule(south, target, police, "Anything in Cathedral", area=cathedral)
    rule(south, target, south_council, "Litter anywhere", category=litter)
    assert winner(south, litter) == "Litter anywhere"


def test_a_patch_beats_a_ward_which_beats_a_district_which_beats_anywhere(
    south, worcester, city_centre, litter, target, police, south_council
):
    cathedral = area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind=AreaKind.WARD)
    rules = [
        rule(south, target, south_council, "Litter anywhere", category=litter),
        rule(south, target, south_council, "Litter in Worcester", category=litter, area=worcester),
        rule(south, target, south_council, "Litter in Cathedral", category=litter, area=cathedral),
        rule(south, target, police, "Litter in the city centre", category=litter, area=city_centre),
    ]
    for expected in reversed(rules):
        assert winner(south, litter) == expected.name
        expected.active = False
        expected.save()
    assert winner(south, litter) is None


def test_an_area_rule_applies_only_inside_its_area(
    south, worcester, city_centre, litter, target, police, south_council
):
    rule(south, target, south_council, "Litter anywhere", category=litter)
    rule(south, target, police, "Litter in the city centre", category=litter, area=city_centre)
    assert winner(south, litter, point=GUILDHALL) == "Litter in the city centre"
    assert winner(south, litter, point=SOUTH_WORCESTER) == "Litter anywhere"


def test_a_time_window_counts_only_within_it_and_then_outranks_a_rule_without_one(
    south, worcester, litter, target, police, south_council
):
    rule(south, target, south_council, "Litter", category=litter)
    rule(
        south,
        target,
        police,
        "Litter in office hours",
        category=litter,
        starts_at=dt.time(9),
        ends_at=dt.time(17),
    )
    assert winner(south, litter, when=local(2026, 11, 23, 10, 0)) == "Litter in office hours"
    assert winner(south, litter, when=local(2026, 11, 23, 17, 0)) == "Litter"  # the end is not inside
    assert winner(south, litter, when=local(2026, 11, 23, 8, 59)) == "Litter"


def test_days_of_the_week_count_and_outrank_every_day(
    south, worcester, litter, target, police, south_council
):
    rule(south, target, south_council, "Litter", category=litter)
    rule(south, target, police, "Weekend litter", category=litter, days=[6, 7])
    assert winner(south, litter, when=local(2026, 11, 21, 12, 0)) == "Weekend litter"  # Saturday
    assert winner(south, litter, when=local(2026, 11, 23, 12, 0)) == "Litter"  # Monday


@pytest.mark.parametrize(
    ("when", "inside"),
    [
        (local(2026, 11, 20, 23, 0), True),  # Friday 23:00
        (local(2026, 11, 21, 1, 30), True),  # Saturday 01:30 is still Friday night
        (local(2026, 11, 21, 4, 0), False),  # the window has ended
        (local(2026, 11, 21, 23, 0), True),  # Saturday night starts on a Saturday
        (local(2026, 11, 22, 2, 0), True),  # Sunday 02:00 is Saturday night
        (local(2026, 11, 22, 23, 0), False),  # Sunday night is not in the rule
        (local(2026, 11, 20, 1, 0), False),  # Friday 01:00 is Thursday night
        (local(2026, 11, 20, 21, 59), False),
    ],
)
def test_a_window_across_midnight_belongs_to_the_day_the_night_started(south, police, target, when, inside):
    night = RoutingRule(
        partnership=south,
        name="Friday and Saturday nights",
        starts_at=dt.time(22),
        ends_at=dt.time(4),
        days=[5, 6],
        lead_partner=police,
        service_target=target,
    )
    assert in_window(night, when) is inside


def test_a_time_window_is_local_time_in_summer_too(south, police, target):
    night = RoutingRule(
        partnership=south,
        name="Nights",
        starts_at=dt.time(22),
        ends_at=dt.time(4),
        lead_partner=police,
        service_target=target,
    )
    # 22:30 British Summer Time is 21:30 UTC.
    assert in_window(night, dt.datetime(2026, 7, 10, 21, 30, tzinfo=dt.UTC))
    assert not in_window(night, dt.datetime(2026, 7, 10, 20, 30, tzinfo=dt.UTC))


def test_the_night_time_economy_rule_takes_city_centre_begging_at_night(
    south, worcester, begging, begging_rule, night_rule
):
    assert winner(south, begging, when=local(2026, 11, 20, 23, 30)) == night_rule.name
    assert winner(south, begging, when=local(2026, 11, 20, 14, 0)) == begging_rule.name
    assert (
        winner(south, begging, point=SOUTH_WORCESTER, when=local(2026, 11, 20, 23, 30)) == begging_rule.name
    )


def test_between_equally_specific_rules_the_oldest_wins(
    south, worcester, litter, target, police, south_council
):
    rule(south, target, south_council, "First litter rule", category=litter)
    rule(south, target, police, "Second litter rule", category=litter)
    assert winner(south, litter) == "First litter rule"


def test_an_inactive_rule_is_ignored(south, worcester, litter, litter_rule):
    litter_rule.active = False
    litter_rule.save()
    assert winner(south, litter) is None


def test_a_report_no_rule_matches_waits_in_the_triage_queue(south, worcester, litter, begging_rule):
    report = report_submit(
        partnership=south, category=litter, description="Bags", longitude=GUILDHALL[0], latitude=GUILDHALL[1]
    )
    assert report.lead_partner is None
    assert report.routing_rule is None
    assert report.acknowledge_by is None
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds == [EventKind.SUBMITTED, EventKind.TRIAGE]


def test_a_routed_report_takes_the_rules_partners_priority_and_due_times(
    south, worcester, begging, night_rule, police, south_council
):
    report = report_submit(
        partnership=south,
        category=begging,
        description="Someone begging by the cash machine",
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
        when=local(2026, 11, 20, 23, 30),  # Friday night
    )
    assert report.lead_partner == police
    assert list(report.supporting_partners.all()) == [south_council]
    assert report.priority == "high"
    assert report.routing_rule == night_rule
    # 4 working hours from Friday night: Monday 13:00; 5 working days: the next Monday at 09:00.
    assert report.acknowledge_by == local(2026, 11, 23, 13, 0).astimezone(dt.UTC)
    assert report.resolve_by == local(2026, 11, 30, 9, 0).astimezone(dt.UTC)
    assert report.events.filter(kind=EventKind.ROUTED, text=f"Sent to {police.name}").exists()


def test_a_report_located_only_by_ward_routes_by_that_ward(
    south, worcester, city_centre, litter, target, police, south_council
):
    cathedral = area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind=AreaKind.WARD)
    rule(south, target, south_council, "Litter anywhere", category=litter)
    rule(south, target, police, "Litter in Cathedral", category=litter, area=cathedral)
    rule(south, target, police, "Litter in the city centre", category=litter, area=city_centre)
    # A ward is all that is known, so a patch rule (which needs a point) cannot be chosen.
    report = report_submit(partnership=south, category=litter, description="Bags", ward=cathedral)
    assert report.routing_rule.name == "Litter in Cathedral"
    assert report.ward == cathedral
