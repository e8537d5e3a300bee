"""The multi-agency tactical group list: adding people and problem locations with a risk management plan,
changing and removing them, stale edits refused, and who sees what on the list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import Action, AuditEvent
from joinedup.cases.models import PersonRole, TacticalListEntry, TacticalStatus
from joinedup.cases.services import people, tactical
from joinedup.cases.services.cases import StaleEdit
from joinedup.cases.tactical_selectors import tactical_list
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted

TODAY = timezone.localdate()
SOON = TODAY + dt.timedelta(days=14)


@pytest.fixture
def vera(normal_case, officer_a):
    return people.case_person_add_new(
        by=officer_a, case=normal_case, role=PersonRole.VICTIM, given_name="Vera", family_name="Example"
    ).person


def _add_person(
    case, person, *, by, plan_owner, plan="Weekly welfare visits; target hardening of the front door."
):
    return tactical.tactical_entry_add(
        by=by, case=case, subject="person", person=person, plan=plan, plan_owner=plan_owner, review_on=SOON
    )


@pytest.fixture
def entry(normal_case, vera, officer_a, police):
    return _add_person(normal_case, vera, by=officer_a, plan_owner=police)


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def test_a_person_and_the_problem_location_go_on_the_list_with_their_plans(
    normal_case, entry, officer_a, south_council
):
    place = tactical.tactical_entry_add(
        by=officer_a,
        case=normal_case,
        subject="location",
        plan="Joint patrols at night.",
        plan_owner=south_council,
        review_on=TODAY,
    )
    assert place.location == "12 Example Street, WR1 2AB"  # the case's address when none is given
    assert entry.person.full_name == "Vera Example" and entry.is_active
    events = list(normal_case.events.values_list("text", flat=True))
    assert any(t.startswith("Added to the tactical group list: Vera Example") for t in events)
    assert AuditEvent.objects.filter(action=Action.CREATED, object_id=str(entry.pk), actor=officer_a).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"plan": "  "}, "Describe the risk management plan"),
        ({"review_on": TODAY - dt.timedelta(days=1)}, "today or in the future"),
        ({"plan_owner": None}, "Choose a partner that can see the case"),
        ({"person": None}, "Choose a person in this case"),
        ({"subject": "vehicle"}, "Choose a person or the problem location"),
    ],
)
def test_bad_entries_are_refused_with_a_reason(change, message, normal_case, vera, officer_a, police):
    values = {"subject": "person", "person": vera, "plan": "Visits", "plan_owner": police, "review_on": SOON}
    with pytest.raises(ApplicationError, match=message):
        tactical.tactical_entry_add(by=officer_a, case=normal_case, **(values | change))
    assert not TacticalListEntry.objects.exists()


def test_the_plan_owner_must_be_able_to_see_the_case(normal_case, vera, officer_a, south_housing):
    with pytest.raises(ApplicationError, match="Share the case with them first"):
        _add_person(normal_case, vera, by=officer_a, plan_owner=south_housing)


def test_the_same_person_is_on_the_list_once_per_case(normal_case, entry, vera, officer_a, police):
    with pytest.raises(ApplicationError, match="already on the tactical list"):
        _add_person(normal_case, vera, by=officer_a, plan_owner=police, plan="Again")


def test_changing_and_removing_an_entry_are_recorded(entry, officer_a, police_officer, south_council):
    changed = tactical.tactical_entry_update(
        by=police_officer,
        entry=entry,
        version=entry.version,
        plan="Fortnightly visits",
        plan_owner=south_council,
        review_on=SOON,
    )
    assert changed.version == 2 and changed.plan_owner == south_council
    audit = AuditEvent.objects.filter(action=Action.CHANGED, object_id=str(entry.pk)).latest("id")
    assert audit.changes["plan"] == "changed" and audit.changes["plan_owner"] == [
        "Shire Police",
        "South Council",
    ]
    with pytest.raises(ApplicationError, match="Say why"):
        tactical.tactical_entry_remove(by=officer_a, entry=changed, version=2, reason=" ")
    removed = tactical.tactical_entry_remove(
        by=officer_a, entry=changed, version=2, reason="Moved out of the area"
    )
    assert removed.status == TacticalStatus.REMOVED and removed.removed_by == officer_a
    assert tactical_list(entry.partnership, user=officer_a) == []
    assert [r.entry for r in tactical_list(entry.partnership, user=officer_a, include_removed=True)] == [
        removed
    ]


def test_a_stale_change_is_refused_and_nothing_is_overwritten(entry, officer_a, police_officer, police):
    tactical.tactical_entry_update(
        by=police_officer, entry=entry, version=1, plan="Police plan", plan_owner=police, review_on=SOON
    )
    with pytest.raises(StaleEdit, match="changed by someone else"):
        tactical.tactical_entry_update(
            by=officer_a, entry=entry, version=1, plan="Council plan", plan_owner=police, review_on=SOON
        )
    with pytest.raises(StaleEdit):
        tactical.tactical_entry_remove(by=officer_a, entry=entry, version=1, reason="Done")
    entry.refresh_from_db()
    assert entry.plan == "Police plan" and entry.is_active


def test_the_change_page_keeps_what_was_typed_when_someone_else_saved_first(
    entry, officer_a, police_officer, police, client_for
):
    tactical.tactical_entry_update(
        by=police_officer, entry=entry, version=1, plan="Police plan", plan_owner=police, review_on=SOON
    )
    url = reverse("case-tactical-change", args=[entry.case.reference, entry.id])
    body = (
        client_for(officer_a)
        .post(
            url,
            {"version": "1", "plan": "My council plan", "plan_owner": police.id, **_date("review_on", SOON)},
        )
        .content.decode()
    )
    assert "There is a problem" in body and "The entry as it is now" in body
    assert "My council plan" in body and "Police plan" in body and 'name="version" value="2"' in body


def test_adding_from_the_case_page_shows_errors_and_keeps_the_input(normal_case, vera, officer_a, client_for):
    client = client_for(officer_a)
    url = reverse("case-tactical-add", args=[normal_case.reference])
    page = client.get(url).content.decode()
    assert "Vera Example" in page
    body = client.post(
        url, {"subject": "person", "plan": "Visits by the PCSO", **_date("review_on", SOON)}
    ).content.decode()
    assert "There is a problem" in body and "Choose a person in the case" in body
    assert "Choose the partner that owns the plan" in body and "Visits by the PCSO" in body
    response = client.post(
        url,
        {
            "subject": "person",
            "person": vera.id,
            "plan": "Visits",
            "plan_owner": normal_case.lead_partner_id,
            **_date("review_on", SOON),
        },
    )
    assert response["Location"] == reverse("case-detail", args=[normal_case.reference])
    detail = client.get(response["Location"]).content.decode()
    assert "Tactical group list" in detail and "Visits" in detail


def test_removing_from_the_case_page(entry, officer_a, client_for):
    url = reverse("case-tactical-remove", args=[entry.case.reference, entry.id])
    client = client_for(officer_a)
    assert "There is a problem" in client.post(url, {"version": "1", "reason": ""}).content.decode()
    client.post(url, {"version": "1", "reason": "Risk reduced"})
    entry.refresh_from_db()
    assert entry.removed_reason == "Risk reduced"
    assert client.get(url).status_code == 404  # already off the list


# --- who sees what ------------------------------------------------------------------------------------------


def test_the_list_shows_the_plan_only_to_partners_who_can_open_the_case(
    entry, officer_a, police_officer, housing_officer, south
):
    (lead,) = tactical_list(south, user=officer_a)
    (shared,) = tactical_list(south, user=police_officer)
    (outsider,) = tactical_list(south, user=housing_officer)
    assert lead.open and shared.open and not outsider.open
    assert not lead.overdue
    overdue = TODAY + dt.timedelta(days=30)
    assert tactical_list(south, user=officer_a, today=overdue)[0].overdue


def test_an_entry_on_a_restricted_case_is_locked_to_those_not_named(
    restricted_case, officer_a, police_officer, police, south
):
    tactical.tactical_entry_add(
        by=officer_a,
        case=restricted_case,
        subject="location",
        location="A safe address",
        plan="Sanctuary scheme",
        plan_owner=police,
        review_on=SOON,
    )
    assert tactical_list(south, user=officer_a)[0].open
    assert not tactical_list(south, user=police_officer)[0].open


PAGE = {"officer_a": "full", "police_officer": "full", "housing_officer": "locked", "coordinator": "full"}


@pytest.mark.parametrize("persona", [*PAGE, "analyst", "officer_b", "anonymous"])
def test_each_persona_sees_the_tactical_list_as_the_sharing_rules_allow(
    persona, entry, request, client_for, anonymous
):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user) if user else anonymous
    response = client.get(reverse("case-tactical-list") + "?partnership=south")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    if persona == "analyst":
        assert response.status_code == 403
        return
    body = response.content.decode()
    if persona == "officer_b":
        assert entry.case.reference not in body  # North sees North's list
        return
    assert entry.case.reference in body and "South Council" in body
    assert ("Vera Example" in body) == (PAGE[persona] == "full")
    assert ("Weekly welfare visits" in body) == (PAGE[persona] == "full")
    event = AuditEvent.objects.filter(actor=user, changes__page="tactical group list").latest("id")
    key = "entries_shown" if PAGE[persona] == "full" else "entries_locked"
    assert event.changes[key] == [entry.id]


@pytest.mark.parametrize("page", ["add", "change", "remove"])
def test_only_partners_who_can_open_the_case_change_its_entries(
    page, entry, housing_officer, analyst, client_for
):
    args = [entry.case.reference] if page == "add" else [entry.case.reference, entry.id]
    url = reverse(f"case-tactical-{page}", args=args)
    assert client_for(housing_officer).get(url).status_code == 403
    assert client_for(housing_officer).post(url, {"version": "1", "reason": "x"}).status_code == 403
    assert client_for(analyst).get(url).status_code == 403
    entry.refresh_from_db()
    assert entry.is_active


def test_services_refuse_those_who_cannot_open_the_case(entry, housing_officer, officer_b, south):
    with pytest.raises(NotPermitted):
        tactical.tactical_entry_remove(by=housing_officer, entry=entry, version=1, reason="x")
    with pytest.raises(NotFound):
        tactical_list(south, user=officer_b)
