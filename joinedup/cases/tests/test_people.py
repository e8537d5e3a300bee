"""People: likely-duplicate matching, adding to a case without entering someone twice, history across cases,
searching by POST with a purpose, and no personal data in addresses or the audit trail."""

import datetime as dt

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.cases import matching, selectors
from joinedup.cases.models import Person, PersonRole
from joinedup.cases.services import cases, people


@pytest.mark.parametrize(
    ("a", "b"),
    [("Robert", "Rupert"), ("Smith", "Smyth"), ("Ashcraft", "Ashcroft"), ("Jackson", "Jaxon")],
)
def test_names_that_sound_alike_share_a_phonetic_key(a, b):
    assert matching.soundex(a) == matching.soundex(b)


def test_similarity_is_pg_trgm_similarity():
    # pg_trgm: SELECT similarity('john smith', 'jon smith') = 0.61538464
    assert matching.similarity("john smith", "jon smith") == pytest.approx(0.615384, abs=1e-5)
    assert matching.similarity("word", "word") == 1.0
    assert matching.similarity("abc", "xyz") == 0.0


def test_names_are_normalised_before_matching():
    assert matching.normalise_name("Siân", "O'Brien-Jones") == "sian obrienjones"
    assert matching.address_key("Flat 2, 14b High Street", "wr1 2ab") == "WR12AB:2"
    assert matching.address_key("14 High Street", "") == ""


@pytest.fixture
def ada(normal_case, officer_a):
    link = people.case_person_add_new(
        by=officer_a,
        case=normal_case,
        role=PersonRole.VICTIM,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=dt.date(1985, 12, 10),
        address="12 Example Street",
        postcode="WR1 2AB",
    )
    return link.person


def _matches(user, **terms):
    base = {"given_name": "", "family_name": "", "date_of_birth": None, "address": "", "postcode": ""}
    return selectors.person_matches(user=user, **(base | terms))


@pytest.mark.parametrize(
    ("terms", "reason"),
    [
        ({"given_name": "Adah", "family_name": "Lovelace"}, "similar name"),
        ({"given_name": "Ada", "family_name": "Luvliss"}, "name sounds alike"),
        (
            {"given_name": "A", "family_name": "Lovelace", "date_of_birth": dt.date(1985, 12, 10)},
            "same date of birth",
        ),
        (
            {"given_name": "Zed", "family_name": "Quint", "address": "12 Example St", "postcode": "wr12ab"},
            "same address",
        ),
    ],
)
def test_a_likely_duplicate_is_found_by_name_birth_date_or_address(ada, officer_a, terms, reason):
    found = _matches(officer_a, **terms)
    assert [m.person for m in found] == [ada]
    assert reason in found[0].reasons
    assert found[0].open


def test_a_shared_birthday_alone_with_an_unlike_name_is_not_a_match(ada, officer_a):
    assert (
        _matches(officer_a, given_name="Zed", family_name="Quint", date_of_birth=dt.date(1985, 12, 10)) == []
    )


def test_a_match_the_searcher_cannot_see_shows_only_the_case_and_its_lead(ada, normal_case, housing_officer):
    found = _matches(housing_officer, given_name="Ada", family_name="Lovelace")
    assert len(found) == 1 and not found[0].open
    locked = found[0].locked_cases[0]
    assert (locked.reference, locked.lead_partner) == (normal_case.reference, "South Council")


def test_adding_a_person_shows_likely_duplicates_first_and_can_add_the_existing_one(
    ada, officer_a, south, personal_asb, client_for
):
    other = cases.case_create(by=officer_a, partnership=south, kind=personal_asb, summary="Another")
    client = client_for(officer_a)
    url = reverse("case-person-add", args=[other.reference])
    response = client.post(
        url, {"role": "witness", "given_name": "Ada", "family_name": "Lovelace", "consent": "not_asked"}
    )
    page = response.content.decode()
    assert "may be the same person" in page and "Add Ada Lovelace to this case" in page
    assert Person.objects.count() == 1

    response = client.post(url, {"existing": str(ada.public_id), "role": "witness"})
    assert response.status_code == 302
    assert other.people.get().person == ada
    assert Person.objects.count() == 1


def test_adding_a_new_person_after_seeing_the_matches(ada, normal_case, officer_a, client_for):
    url = reverse("case-person-add", args=[normal_case.reference])
    data = {
        "role": "witness",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "consent": "not_asked",
        "confirmed": "new",
    }
    assert client_for(officer_a).post(url, data).status_code == 302
    assert Person.objects.count() == 2


def test_consent_given_needs_its_date(normal_case, officer_a, client_for):
    url = reverse("case-person-add", args=[normal_case.reference])
    page = (
        client_for(officer_a)
        .post(url, {"role": "victim", "given_name": "Bea", "family_name": "Example", "consent": "given"})
        .content.decode()
    )
    assert "Enter the date they gave or refused consent" in page
    assert not Person.objects.exists()


def test_a_persons_history_shows_open_cases_and_locks_the_others(
    ada, normal_case, officer_a, south, south_housing, housing_officer, personal_asb, client_for
):
    from joinedup.partners.tests.factories import UserFactory

    manager = UserFactory(organisation=south_housing, role="manager")
    theirs = cases.case_create(by=manager, partnership=south, kind=personal_asb, summary="Tenancy breach")
    people.case_person_add(by=officer_a, case=normal_case, person=ada, role=PersonRole.WITNESS)
    # Housing cannot see Ada, so cannot add her; the lead of her case can see the housing case only locked.
    assert selectors.people_open_to(housing_officer).filter(pk=ada.pk).count() == 0
    page = client_for(officer_a).get(reverse("person-detail", args=[ada.public_id])).content.decode()
    assert "Ada Lovelace" in page and normal_case.reference in page
    assert theirs.reference not in page
    locked = client_for(housing_officer).get(reverse("person-detail", args=[ada.public_id])).content.decode()
    assert "Ada Lovelace" not in locked and "led by South Council" in locked


def test_search_is_by_post_with_a_purpose_and_the_audit_keeps_no_search_terms(ada, officer_a, client_for):
    client = client_for(officer_a)
    page = client.post(
        reverse("case-search"), {"given_name": "Ada", "family_name": "Lovelace"}
    ).content.decode()
    assert "Say why you are searching" in page
    page = client.post(
        reverse("case-search"), {"purpose": "New complaint", "given_name": "Ada", "family_name": "Lovelace"}
    ).content.decode()
    assert "Ada Lovelace" in page
    event = AuditEvent.objects.get(action=Action.SEARCHED)
    assert event.purpose == "New complaint"
    assert event.changes["people_shown"] == [str(ada)]
    assert "Lovelace" not in str(event.changes) and "Lovelace" not in event.object_repr


def test_search_finds_cases_at_an_address_even_when_locked(normal_case, housing_officer, client_for):
    page = (
        client_for(housing_officer)
        .post(
            reverse("case-search"),
            {"purpose": "Tenant complaint", "address": "12 Example Street", "postcode": "WR1 2AB"},
        )
        .content.decode()
    )
    assert normal_case.reference in page and "led by South Council: ask them for access" in page
    assert normal_case.summary not in page


def test_a_person_is_never_named_in_an_address_or_the_audit_trail(ada, officer_a, client_for):
    url = reverse("person-detail", args=[ada.public_id])
    assert "Lovelace" not in url
    client_for(officer_a).get(url)
    assert "Lovelace" not in str(list(AuditEvent.objects.values_list("object_repr", "changes")))


def test_a_stale_person_edit_is_refused(ada, officer_a, client_for):
    people.person_update(by=officer_a, person=ada, version=ada.version, phone="01905 000000")
    with pytest.raises(people.StaleEdit):
        people.person_update(by=officer_a, person=ada, version=ada.version, phone="01905 111111")
    ada.refresh_from_db()
    assert ada.phone == "01905 000000" and ada.version == 2


def test_recording_a_vulnerability_is_refused_when_a_share_does_not_cover_special_category_data(
    ada, officer_a
):
    from joinedup.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="Special category data"):
        people.person_update(by=officer_a, person=ada, version=ada.version, vulnerabilities=["mental_health"])


def test_adding_someone_already_in_the_case_in_that_role_is_refused_with_a_message(
    ada, normal_case, officer_a, client_for
):
    response = client_for(officer_a).post(
        reverse("case-person-add", args=[normal_case.reference]),
        {"existing": str(ada.public_id), "role": "victim"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "already in this case as victim or complainant" in page
    assert normal_case.people.count() == 1
