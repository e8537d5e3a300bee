"""Starting profiles from each source, assessing them from the incident store, and the rules on changes."""

import datetime as dt

import pytest
import shapely

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.tests.factories import UserFactory
from joinedup.places.models import Area, AreaKind
from joinedup.problems import selectors
from joinedup.problems.models import InterventionType, ProfileSource, Stage
from joinedup.problems.services import assessments, patrols, profiles, sources
from joinedup.reports.services import report_submit

from .conftest import GUILDHALL

COMMON = {
    "title": "Youths gathering by the Guildhall",
    "objective": "Fewer complaints of youths gathering by spring.",
    "period_from": dt.date(2025, 1, 1),
    "period_to": dt.date(2025, 6, 1),
}
QUARTERS = {
    "before_from": dt.date(2025, 1, 1),
    "before_to": dt.date(2025, 3, 1),
    "after_from": dt.date(2025, 4, 1),
    "after_to": dt.date(2025, 6, 1),
}
FAR = (-2.2400, 52.2050)  # about 2 km from the Guildhall, still in Worcester


def contains(profile, point):
    return shapely.from_geojson(profile.boundary).contains(shapely.Point(*point))


def test_a_repeat_location_makes_a_circle_round_it_owned_by_the_starters_partner(profile, officer_a):
    assert profile.reference.startswith("WOR-P-")
    assert profile.source == ProfileSource.LOCATION
    assert profile.owner_partner == officer_a.organisation and profile.owner_officer == officer_a
    assert contains(profile, GUILDHALL) and not contains(profile, FAR)
    assert profile.events.get().kind == "created"
    assert AuditEvent.objects.filter(
        action=Action.CREATED, object_id=str(profile.pk), actor=officer_a
    ).exists()


def test_a_hotspot_profile_covers_the_busiest_cells_only(officer_a, south, worcester, place_incidents):
    place_incidents([(0, 0, "2025-02")] * 30 + [(1500, 1500, "2025-03")])
    ward = Area.objects.get(kind=AreaKind.DISTRICT, code="E07000237")

    made = sources.create_from_hotspot(by=officer_a, partnership=south, area=ward, cells="top-10", **COMMON)

    assert made.source == ProfileSource.HOTSPOT and made.area == ward
    assert contains(made, GUILDHALL) and not contains(made, FAR)
    assert "of Worcester" in made.source_note


def test_a_hotspot_profile_with_no_incidents_says_so(officer_a, south, worcester):
    ward = Area.objects.get(kind=AreaKind.DISTRICT)
    with pytest.raises(ApplicationError, match="No cells of Worcester"):
        sources.create_from_hotspot(by=officer_a, partnership=south, area=ward, cells="hot-99", **COMMON)


def test_a_set_of_reports_is_linked_and_its_points_make_the_place(
    officer_a, south, worcester, litter, litter_rule
):
    reports = [
        report_submit(partnership=south, category=litter, description="Bottles", longitude=lon, latitude=lat)
        for lon, lat in (GUILDHALL, (-2.2207, 52.1919))
    ]
    text = f"{reports[0].reference.lower()}, {reports[1].reference}"

    made = sources.create_from_reports(by=officer_a, partnership=south, references=text, **COMMON)

    assert set(made.reports.all()) == set(reports)
    assert contains(made, GUILDHALL) and not contains(made, FAR)


def test_an_unknown_report_is_refused_by_name(officer_a, south, worcester):
    with pytest.raises(ApplicationError, match="no report WOR-2025-999999") as error:
        sources.create_from_reports(by=officer_a, partnership=south, references="WOR-2025-999999", **COMMON)
    assert error.value.field == "references"


def test_a_case_the_user_can_open_is_linked(officer_a, south, worcester, normal_case):
    normal_case.longitude, normal_case.latitude = GUILDHALL
    normal_case.save()

    made = sources.create_from_case(
        by=officer_a, partnership=south, case_reference=normal_case.reference, **COMMON
    )

    assert list(made.cases.all()) == [normal_case]
    assert contains(made, GUILDHALL)
    assert selectors.scanning_summary(profile=made).cases == 1


def test_a_case_the_user_cannot_open_cannot_be_linked(
    housing_officer, coordinator, south, worcester, normal_case, restricted_case
):
    # South Housing has no share of the case; the coordinator is not named on the restricted one.
    for user, case in ((housing_officer, normal_case), (coordinator, restricted_case)):
        with pytest.raises(ApplicationError, match="cannot open a case") as error:
            sources.create_from_case(by=user, partnership=south, case_reference=case.reference, **COMMON)
        assert error.value.field == "case_reference"


def test_someone_of_another_partnership_cannot_start_one_here(officer_b, south, worcester):
    with pytest.raises(NotPermitted):
        sources.create_from_location(
            by=officer_b, partnership=south, longitude=GUILDHALL[0], latitude=GUILDHALL[1], **COMMON
        )


def test_the_assessment_counts_the_store_in_each_zone_and_period(
    profile, officer_a, worcester, place_incidents, plan_patrol
):
    before, after = "2025-02", "2025-05"
    place_incidents(
        [(0, 0, before)] * 8
        + [(50, 0, after)] * 2
        + [(300, 0, before)] * 4  # 300 m out: in the 250 m ring round the 150 m circle
        + [(0, 300, after)] * 4
        + [(1500, 0, before)] * 20  # well away: the comparison area (the district)
        + [(0, -1500, after)] * 10
        + [(0, 0, "2025-04")] * 50  # between the periods: counted in neither
    )
    patrol = plan_patrol(profile.partnership, profile)
    patrols.patrol_log(
        by=officer_a,
        patrol=patrol,
        version=1,
        status="done",
        starts_at=patrol.starts_at,
        ends_at=patrol.ends_at,
        engagements=12,
        outcomes="Moved a group on",
    )

    made = assessments.assessment_make(
        by=officer_a,
        profile=profile,
        before_from=dt.date(2025, 1, 1),
        before_to=dt.date(2025, 3, 1),
        after_from=dt.date(2025, 5, 1),
        after_to=dt.date(2025, 7, 1),
        comparison_area=worcester,
    )

    zones = {z["zone"]: z for z in made.results["zones"]}
    assert [(z["before"], z["after"]) for z in zones.values()] == [(8, 2), (4, 4), (20, 10)]
    assert zones["target"]["percent_change"] == -75.0
    assert zones["target"]["p_value"] == pytest.approx(2 * (1 + 10 + 45) / 1024)
    assert made.results["wdq"] == pytest.approx(-1.0)
    assert made.results["patrols"] == {
        "before": {"count": 0, "hours": 0.0},
        "after": {"count": 1, "hours": 2.0},
    }
    assert made.buffer_m == 250
    assert profile.events.filter(kind="assessed").exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"after_from": dt.date(2025, 3, 1)}, "after_from"),
        ({"buffer_m": 10}, "buffer_m"),
        ({"comparison_area": None}, "comparison_area"),
    ],
)
def test_an_assessment_with_bad_periods_buffer_or_area_is_refused(
    profile, officer_a, worcester, values, field
):
    given = QUARTERS | {"comparison_area": worcester} | values
    with pytest.raises(ApplicationError) as error:
        assessments.assessment_make(by=officer_a, profile=profile, **given)
    assert error.value.field == field


def test_a_profile_cannot_close_without_an_assessment_and_can_after_one(profile, officer_a, worcester):
    with pytest.raises(ApplicationError, match="cannot close without an assessment"):
        profiles.profile_update(by=officer_a, profile=profile, version=1, stage=Stage.CLOSED)
    profile.refresh_from_db()
    assert profile.stage == Stage.SCANNING

    assessments.assessment_make(by=officer_a, profile=profile, **QUARTERS, comparison_area=worcester)
    closed = profiles.profile_update(by=officer_a, profile=profile, version=1, stage=Stage.CLOSED)

    assert closed.is_closed and closed.closed_at is not None
    assert closed.events.filter(kind="stage").get().text == "Scanning → Closed"


def test_a_stale_edit_is_refused_and_names_who_changed_it(profile, officer_a, coordinator):
    profiles.profile_update(by=coordinator, profile=profile, version=1, pat_offender="A group of adults")
    with pytest.raises(profiles.StaleEdit, match="changed by Cara Coordinator"):
        profiles.profile_update(by=officer_a, profile=profile, version=1, title="Something else")
    profile.refresh_from_db()
    assert profile.title == "Street drinking by the Guildhall" and profile.version == 2


def test_only_the_owner_and_coordinators_change_a_profile(profile, police_officer, coordinator):
    with pytest.raises(NotPermitted):
        profiles.profile_update(by=police_officer, profile=profile, version=1, title="Mine now")
    profiles.profile_update(by=coordinator, profile=profile, version=1, stage=Stage.ANALYSIS)


def test_a_response_needs_an_owner_and_a_due_date(profile, officer_a, police):
    kind = InterventionType.objects.get(code="joint-patrol")
    with pytest.raises(ApplicationError, match="Choose the partner") as error:
        profiles.action_set(
            by=officer_a,
            profile=profile,
            title="Patrols",
            intervention=kind,
            owner_partner=None,
            due_on=dt.date(2026, 1, 1),
        )
    assert error.value.field == "owner_partner"
    with pytest.raises(ApplicationError, match="Enter the date") as error:
        profiles.action_set(
            by=officer_a,
            profile=profile,
            title="Patrols",
            intervention=kind,
            owner_partner=police,
            due_on=None,
        )
    assert error.value.field == "due_on"

    action = profiles.action_set(
        by=officer_a,
        profile=profile,
        title="Patrols",
        intervention=kind,
        owner_partner=police,
        due_on=dt.date(2026, 1, 1),
    )
    assert action.intervention.get_group_display() == "Engagement"


def test_the_owning_partner_of_a_response_may_move_it_on(profile, officer_a, police, police_officer):
    kind = InterventionType.objects.get(code="formal-surveillance")
    action = profiles.action_set(
        by=officer_a,
        profile=profile,
        title="CCTV review",
        intervention=kind,
        owner_partner=police,
        due_on=dt.date(2026, 1, 1),
    )
    profiles.action_update(by=police_officer, action=action, status="done")
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on is not None


def test_the_catalogue_holds_the_25_situational_techniques_and_the_other_kinds(db):
    groups = {}
    for kind in InterventionType.objects.all():
        groups[kind.group] = groups.get(kind.group, 0) + 1
    assert sum(groups[g] for g in groups if g not in ("enforcement", "diversion", "engagement")) == 25
    assert {"enforcement", "diversion", "engagement"} <= set(groups)


def test_profiles_due_for_review_for_the_tasking_agenda(profile, officer_a, south, worcester, north):
    today = dt.date(2026, 3, 10)
    due_long_ago = profiles.profile_update(
        by=officer_a, profile=profile, version=1, review_on=dt.date(2026, 1, 5)
    )
    newly = sources.create_from_location(
        by=officer_a,
        partnership=south,
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
        review_on=dt.date(2026, 3, 1),
        **COMMON,
    )
    sources.create_from_location(  # not yet due
        by=officer_a,
        partnership=south,
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
        review_on=dt.date(2026, 4, 1),
        **COMMON,
    )

    due = list(selectors.profiles_due_for_review(partnership=south, since=dt.date(2026, 2, 1), until=today))

    assert [(p.id, p.newly_due) for p in due] == [(due_long_ago.id, False), (newly.id, True)]
    assert not selectors.profiles_due_for_review(
        partnership=north, since=dt.date(2026, 2, 1), until=today
    ).exists()


def test_scanning_summarises_the_store_by_month_category_and_time(profile, worcester, place_incidents):
    place_incidents([(0, 0, "2025-03")] * 3 + [(10, 0, "2025-07")] + [(900, 0, "2025-03")])

    scanning = selectors.scanning_summary(profile=profile)

    assert scanning.total == 4
    assert scanning.month_totals[2] == 3 and scanning.month_totals[6] == 1
    assert [c.code for c in scanning.categories] == ["anti-social-behaviour"]
    assert scanning.timed == 0  # police.uk rows carry a month, not a time


def test_a_user_of_another_organisation_can_be_made_owner_only_if_they_work_for_the_owner(
    profile, officer_a, police_officer
):
    colleague = UserFactory(email="colleague@example.org", organisation=officer_a.organisation)
    profiles.profile_update(by=officer_a, profile=profile, version=1, owner_officer=colleague)
    with pytest.raises(ApplicationError, match="does not work for South Council"):
        profiles.profile_update(by=officer_a, profile=profile, version=2, owner_officer=police_officer)
