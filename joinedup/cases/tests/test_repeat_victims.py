"""Repeat and vulnerable victims: the partnership's rule at its edges, who counts as the same person or
place, who sees who a row is about, opening a case from a suggestion and dismissing one."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import Action, AuditEvent
from joinedup.cases import repeat_selectors as repeats
from joinedup.cases.models import Case, CaseKind, CasePerson, PersonRole, RepeatDismissal, RepeatVictimRule
from joinedup.cases.services import cases, people
from joinedup.cases.services import repeats as repeat_services
from joinedup.cases.services.cases import StaleEdit
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.reports.models import Category, CategoryGroup, ClosedReason, Report, Status

NOW = timezone.now()
_numbers = itertools.count(1)


@pytest.fixture
def noise(south):
    group = CategoryGroup.objects.create(partnership=south, name="Anti-social behaviour")
    return Category.objects.create(partnership=south, group=group, code="noise", name="Noise")


@pytest.fixture
def report(south, noise, police):
    def make(days_ago: float, *, email="", phone="", name="Vera Example", lead=police, point=None, **extra):
        number = next(_numbers)
        lon, lat = point or (None, None)
        return Report.objects.create(
            partnership=south,
            category=noise,
            reference=f"WOR-2026-{number:06d}",
            description="Shouting in the street",
            reporter_name=name if (email or phone) else "",
            reporter_email=email,
            reporter_phone=phone,
            lead_partner=lead,
            longitude=lon,
            latitude=lat,
            location_text="Outside the shops, Example Road",
            created_at=NOW - dt.timedelta(days=days_ago),
            **extra,
        )

    return make


def _victim(case, by, *, days_ago: int | None = None, given_name="Vera", **details):
    """Someone added to a case as its victim; the case opened `days_ago` if given."""
    people.case_person_add_new(
        by=by, case=case, role=PersonRole.VICTIM, given_name=given_name, family_name="Example", **details
    )
    if days_ago is not None:
        Case.objects.filter(pk=case.pk).update(opened_at=NOW - dt.timedelta(days=days_ago))


def _rows(user, south, **kwargs):
    return repeats.repeat_victims(user=user, partnership=south, now=NOW, **kwargs).rows


def _people(user, south, **kwargs):
    return [r for r in _rows(user, south, **kwargs) if r.dimension == repeats.PERSON]


# --- the rule --------------------------------------------------------------------------------------------


def test_exactly_the_rules_number_of_incidents_makes_a_repeat_victim_and_one_fewer_does_not(
    report, coordinator, south
):
    report(10, email="vera@example.org")
    report(20, email="vera@example.org")
    assert _people(coordinator, south) == []
    report(30, email="VERA@example.org ")
    (row,) = _people(coordinator, south)
    assert row.repeat and len(row.incidents) == 3 and row.name == "Vera Example"


def test_an_incident_on_the_window_boundary_counts_and_one_a_minute_older_does_not(
    report, coordinator, south
):
    report(1, email="vera@example.org")
    report(2, email="vera@example.org")
    old = report(365, email="vera@example.org")
    assert len(_people(coordinator, south)[0].incidents) == 3
    Report.objects.filter(pk=old.pk).update(created_at=NOW - dt.timedelta(days=365, minutes=1))
    assert _people(coordinator, south) == []


def test_the_count_and_window_are_the_partnerships_to_set(report, coordinator, officer_a, south):
    report(5, phone="+44 (0)1905 000101")
    report(50, phone="01905 000101")
    assert _people(coordinator, south) == []
    rule = repeat_services.repeat_rule_set(
        by=coordinator, partnership=south, version=0, incidents=2, window_days=30, same_place_metres=10
    )
    assert _people(coordinator, south) == []  # the second is outside 30 days
    repeat_services.repeat_rule_set(
        by=coordinator,
        partnership=south,
        version=rule.version,
        incidents=2,
        window_days=60,
        same_place_metres=10,
    )
    assert len(_people(coordinator, south)[0].incidents) == 2
    with pytest.raises(NotPermitted):
        repeat_services.repeat_rule_set(
            by=officer_a, partnership=south, version=2, incidents=5, window_days=60, same_place_metres=10
        )
    assert AuditEvent.objects.filter(
        actor=coordinator, object_id=str(rule.pk), action=Action.CHANGED
    ).exists()


def test_a_stale_change_to_the_rule_is_refused(coordinator, south):
    repeat_services.repeat_rule_set(
        by=coordinator, partnership=south, version=0, incidents=4, window_days=90, same_place_metres=10
    )
    with pytest.raises(StaleEdit, match="changed by someone else"):
        repeat_services.repeat_rule_set(
            by=coordinator, partnership=south, version=0, incidents=2, window_days=30, same_place_metres=10
        )
    assert str(RepeatVictimRule.objects.get(partnership=south)) == "4 or more incidents in 90 days"


def test_the_rule_page_shows_errors_and_keeps_what_was_typed(coordinator, officer_a, south, client_for):
    url = reverse("case-repeat-rule")
    assert client_for(officer_a).get(url).status_code == 403
    response = client_for(coordinator).post(
        url,
        {
            "partnership": "south",
            "version": "0",
            "incidents": "1",
            "window_days": "a year",
            "same_place_metres": "10",
        },
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Number of incidents must be a whole number between 2 and 50" in body
    assert 'value="a year"' in body
    assert not RepeatVictimRule.objects.exists()


# --- the same person or place -----------------------------------------------------------------------------


def test_a_victim_on_a_case_is_joined_to_their_reports_by_email(
    report, normal_case, officer_a, coordinator, south
):
    _victim(normal_case, officer_a, days_ago=40, email="vera@example.org")
    report(10, email="vera@example.org")
    report(20, email="vera@example.org")
    (row,) = _people(coordinator, south)
    assert {i.source for i in row.incidents} == {"report", "case"}
    assert [c.reference for c in row.covered_by] == [normal_case.reference]
    assert not row.can_open_case  # an open case already covers her


def test_a_cases_linked_reports_stand_for_it_so_one_story_counts_once(
    report, normal_case, officer_a, coordinator, south
):
    _victim(normal_case, officer_a, days_ago=3)
    first = report(10, email="vera@example.org")
    normal_case.reports.add(first)
    report(20, email="vera@example.org")
    assert _people(coordinator, south) == []  # two incidents, not three
    report(30, email="vera@example.org")
    assert len(_people(coordinator, south)[0].incidents) == 3


def test_reports_closed_as_duplicates_do_not_count(report, coordinator, south):
    original = report(10, email="vera@example.org")
    report(11, email="vera@example.org")
    report(
        12,
        email="vera@example.org",
        status=Status.CLOSED,
        closed_reason=ClosedReason.DUPLICATE,
        duplicate_of=original,
    )
    assert _people(coordinator, south) == []


def test_anonymous_reports_a_few_metres_apart_are_the_same_place(report, coordinator, south):
    report(1, point=(-2.22050, 52.19170))
    report(2, point=(-2.22052, 52.19172))  # about 3 m away
    far = report(3, point=(-2.22050, 52.19250))  # about 90 m away
    assert _rows(coordinator, south) == []
    Report.objects.filter(pk=far.pk).update(latitude=52.19175)  # about 6 m away
    (row,) = _rows(coordinator, south)
    assert row.dimension == repeats.PLACE and row.place == "Outside the shops, Example Road"


def test_one_persons_reports_from_one_spot_are_listed_once(report, coordinator, south):
    for days in (1, 2, 3):
        report(days, email="vera@example.org", point=(-2.2205, 52.1917))
    assert [r.dimension for r in _rows(coordinator, south)] == [repeats.PERSON]


def test_a_vulnerable_victim_on_an_open_case_is_flagged(officer_a, coordinator, south, personal_asb):
    case = cases.case_create(
        by=officer_a, partnership=south, kind=personal_asb, summary="Unsettled neighbours"
    )
    _victim(case, officer_a, vulnerabilities=["older_person"])
    (row,) = _rows(coordinator, south)
    assert row.vulnerable and not row.repeat and row.vulnerabilities == ["Older person"]
    assert [c.reference for c in row.covered_by] == [case.reference]
    assert _rows(coordinator, south, show="repeat") == []
    case.refresh_from_db()
    cases.case_update(by=officer_a, case=case, version=case.version, risk_level="high")
    CasePerson.objects.filter(case=case).update(role=PersonRole.WITNESS)
    assert _rows(coordinator, south) == []  # witnesses are not victims, whatever the risk


def test_a_victim_on_a_medium_risk_case_is_flagged_without_a_vulnerability(
    normal_case, officer_a, coordinator, south
):
    _victim(normal_case, officer_a)
    assert _rows(coordinator, south) == []
    normal_case.refresh_from_db()
    cases.case_update(by=officer_a, case=normal_case, version=normal_case.version, risk_level="medium")
    (row,) = _rows(coordinator, south, show="vulnerable")
    assert row.vulnerabilities == [f"Medium risk on {normal_case.reference}"]


# --- who sees what ----------------------------------------------------------------------------------------


def test_who_a_row_is_about_shows_only_to_partners_dealing_with_its_reports(
    report, coordinator, officer_a, police_officer, south, client_for
):
    report(1, email="vera@example.org", phone="01905 000101")
    report(2, email="vera@example.org")
    report(3, email="vera@example.org")
    (police_row,) = _people(police_officer, south)  # the police lead every report
    assert police_row.identified and police_row.contact == "vera@example.org, 01905 000101"
    (council_row,) = _people(officer_a, south)
    assert not council_row.identified and council_row.name == "" and council_row.contact == ""
    assert council_row.leads == ["Shire Police"] and not council_row.can_open_case
    assert _people(coordinator, south)[0].identified  # coordinators see every reporter
    body = client_for(officer_a).get(reverse("case-repeat-victims")).content.decode()
    assert "A person known to Shire Police" in body and "vera@example.org" not in body
    assert "Open a case" not in body
    assert (
        "vera@example.org" in client_for(police_officer).get(reverse("case-repeat-victims")).content.decode()
    )


def test_a_restricted_case_counts_only_for_those_named_on_it(
    report, restricted_case, officer_a, police_officer, south
):
    _victim(restricted_case, officer_a, days_ago=5, given_name="Dana", email="dana@example.org")
    report(1, email="dana@example.org")
    report(2, email="dana@example.org")
    assert len(_people(officer_a, south)[0].incidents) == 3
    # The police are not named: they see two reports, below the rule, and no hint of the case.
    assert _people(police_officer, south) == []


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer_a", 200), ("police_officer", 200), ("housing_officer", 200), ("analyst", 403)],
)
def test_the_list_is_for_caseworkers_of_the_partnership(persona, status, request, client_for, south):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("case-repeat-victims") + "?partnership=south")
    assert response.status_code == status
    if status == 200:
        assert AuditEvent.objects.filter(
            actor=user, action=Action.VIEWED, changes__page="repeat victims"
        ).exists()


def test_a_caseworker_of_another_partnership_sees_only_their_own(vera_reports, officer_b, client_for, north):
    client = client_for(officer_b)
    body = client.get(reverse("case-repeat-victims") + "?partnership=south").content.decode()
    assert "North Partnership" in body and "South Partnership" not in body and "vera" not in body
    response = client.post(reverse("case-repeat-open"), {"partnership": "south", "token": "x"})
    assert response.status_code == 404


def test_the_list_asks_the_public_to_sign_in(anonymous):
    response = anonymous.get(reverse("case-repeat-victims"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))


# --- suggestions: opening a case, dismissing ----------------------------------------------------------------


@pytest.fixture
def vera_reports(report, south_council):
    return [report(d, email="vera@example.org", lead=south_council) for d in (1, 2, 3)]


def test_open_a_case_fills_in_the_new_case_form_without_personal_data_in_any_address(
    vera_reports, officer_a, south, client_for
):
    client = client_for(officer_a)
    kind = CaseKind.objects.get(code="personal-asb")
    (row,) = repeats.repeat_victims(user=officer_a, partnership=south).rows
    response = client.post(reverse("case-repeat-open"), {"partnership": "south", "token": row.token})
    assert response.status_code == 302
    location = response["Location"]
    assert "vera" not in location.lower() and row.token not in location
    form = client.get(location).content.decode()
    assert "Repeat victim: 3 incidents to the same person" in form
    for r in vera_reports:
        assert f'value="{r.reference}" checked' in form
    assert f'<option value="{kind.id}" selected>' in form
    assert AuditEvent.objects.filter(actor=officer_a, changes__page="repeat victim: open a case").exists()

    response = client.post(
        location,
        {
            "kind": kind.id,
            "summary": "Vera: repeated shouting outside her home",
            "lead_officer": officer_a.id,
            "restricted": "no",
            "reports": [vera_reports[0].reference, vera_reports[1].reference],
        },
    )
    case = Case.objects.get(summary__startswith="Vera:")
    assert response["Location"] == reverse("case-detail", args=[case.reference])
    assert set(case.reports.values_list("reference", flat=True)) == {r.reference for r in vera_reports[:2]}
    assert AuditEvent.objects.filter(
        object_id=str(case.pk), changes__opened_from="repeat victim suggestion"
    ).exists()
    # Now covered by the case: no longer suggested.
    assert not repeats.repeat_victims(user=officer_a, partnership=south).rows[0].can_open_case
    assert client.get(location).status_code == 404


def test_opening_a_case_with_bad_input_shows_errors_and_opens_nothing(
    vera_reports, officer_a, south, client_for
):
    client = client_for(officer_a)
    (row,) = repeats.repeat_victims(user=officer_a, partnership=south).rows
    location = client.post(reverse("case-repeat-open"), {"partnership": "south", "token": row.token})[
        "Location"
    ]
    body = client.post(
        location, {"summary": "  ", "restricted": "no", "reports": ["WOR-2099-999999"]}
    ).content.decode()
    assert "There is a problem" in body and "Choose the kind of case" in body
    assert "Choose reports from this list only" in body
    assert not Case.objects.exists()


def test_someone_who_cannot_see_the_row_cannot_open_a_case_from_it(
    vera_reports, officer_a, police_officer, south, client_for
):
    (row,) = repeats.repeat_victims(user=officer_a, partnership=south).rows
    response = client_for(police_officer).post(
        reverse("case-repeat-open"), {"partnership": "south", "token": row.token}
    )
    assert response.status_code == 404  # to the police the row is locked: no suggestion to act on


def test_a_dismissed_suggestion_stays_away_until_a_new_incident_arrives(
    vera_reports, report, officer_a, south_council, south, client_for
):
    client = client_for(officer_a)
    (row,) = repeats.repeat_victims(user=officer_a, partnership=south).rows
    url = reverse("case-repeat-dismiss")
    body = client.post(
        url, {"partnership": "south", "token": row.token, f"{row.token}-reason": " "}
    ).content.decode()
    assert "There is a problem" in body and "Say why no case is needed" in body
    assert not RepeatDismissal.objects.exists()

    response = client.post(
        url, {"partnership": "south", "token": row.token, f"{row.token}-reason": "Managed under the tenancy"}
    )
    assert response.status_code == 302
    assert repeats.repeat_victims(user=officer_a, partnership=south).rows == []
    (dismissed,) = repeats.repeat_victims(user=officer_a, partnership=south, show="dismissed").rows
    assert dismissed.dismissal.reason == "Managed under the tenancy"
    dismissal = RepeatDismissal.objects.get()
    assert "vera" not in str(dismissal.keys)  # keyed hashes, not the address itself
    assert AuditEvent.objects.filter(
        actor=officer_a, action=Action.CREATED, object_id=str(dismissal.pk)
    ).exists()

    report(0, email="vera@example.org", lead=south_council)  # newer than the incidents it dismissed
    (back,) = repeats.repeat_victims(user=officer_a, partnership=south).rows
    assert len(back.incidents) == 4 and back.dismissal is None


def test_dismissing_needs_a_reason_and_a_suggestion(vera_reports, officer_a, south):
    (row,) = repeats.repeat_victims(user=officer_a, partnership=south).rows
    with pytest.raises(ApplicationError, match="Say why"):
        repeat_services.repeat_dismiss(by=officer_a, partnership=south, token=row.token, reason="")
    with pytest.raises(NotFound):
        repeat_services.repeat_dismiss(by=officer_a, partnership=south, token="not-a-row", reason="No")
