import datetime as dt

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.partners import services
from joinedup.partners.models import GroupKind, SharingAgreement
from joinedup.partners.tests.factories import DataClassFactory


@pytest.fixture
def south_isa(south, south_council, police):
    return services.agreement_save(
        by=None,
        partnership=south,
        reference="S-1",
        title="South sharing",
        purpose="ASB",
        lawful_basis="Public task",
        signatories=[south_council, police],
        data_classes=[DataClassFactory(code="asb-case", name="ASB case data")],
        starts_on=dt.date(2024, 1, 1),
        review_due_on=dt.date(2025, 1, 1),
    )


def test_the_partner_directory_is_public_and_filters_by_partnership(
    anonymous, south_council, north_council, police
):
    page = anonymous.get(reverse("partner-list"), {"partnership": "north"}).content.decode()
    assert "North Council" in page
    assert "Shire Police" in page
    assert "South Council" not in page


def test_the_public_sees_a_partner_but_not_its_people(anonymous, officer_a, south_council):
    page = anonymous.get(reverse("partner-detail", args=[south_council.id])).content.decode()
    assert "South Council" in page
    assert "Alice South" not in page
    assert "sign in" in page


def test_staff_see_the_people_of_a_partner_in_their_partnership(
    client_for, officer_a, coordinator, south_council
):
    page = client_for(coordinator).get(reverse("partner-detail", args=[south_council.id])).content.decode()
    assert "Alice South" in page
    assert "officer.a@example.org" in page


def test_another_partnerships_officer_sees_none_of_its_people(
    client_for, officer_a, officer_b, south_council
):
    page = client_for(officer_b).get(reverse("partner-detail", args=[south_council.id])).content.decode()
    assert "Alice South" not in page
    assert "Nobody from South Council works in your partnerships" in page


def test_an_unknown_partner_gives_a_styled_not_found_page(anonymous, db):
    response = anonymous.get(reverse("partner-detail", args=[999999]))
    assert response.status_code == 404
    assert "govuk-heading-l" in response.content.decode()


def test_the_governance_tree_asks_the_public_to_sign_in(anonymous, db):
    response = anonymous.get(reverse("governance"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_the_governance_tree_shows_the_hierarchy_to_staff(client_for, south, officer_a):
    csp = services.group_create(by=None, partnership=south, name="South CSP", kind=GroupKind.PARTNERSHIP)
    services.group_create(
        by=None, partnership=south, name="Tactical Group", kind=GroupKind.TASKING, parent=csp
    )
    page = client_for(officer_a).get(reverse("governance")).content.decode()
    assert page.index("South CSP") < page.index("Tactical Group")


def test_another_partnerships_group_page_is_not_found(client_for, north, officer_a):
    group = services.group_create(by=None, partnership=north, name="North CSP", kind=GroupKind.PARTNERSHIP)
    response = client_for(officer_a).get(reverse("group-detail", args=[group.id]))
    assert response.status_code == 404
    assert "North CSP" not in response.content.decode()


def test_agreements_overdue_for_review_are_flagged(client_for, officer_a, south_isa):
    page = client_for(officer_a).get(reverse("agreement-list")).content.decode()
    assert "S-1 South sharing" in page
    assert "Review overdue" in page
    assert "1 agreement needs attention" in page


def test_an_officer_cannot_open_the_record_agreement_form(client_for, officer_a):
    response = client_for(officer_a).get(reverse("agreement-new"))
    assert response.status_code == 403
    assert "Only coordinators" in response.content.decode()


def test_another_partnerships_agreement_is_not_found(client_for, officer_b, north_council, south_isa):
    from joinedup.partners.models import Role
    from joinedup.partners.tests.factories import UserFactory

    north_coordinator = UserFactory(organisation=north_council, role=Role.COORDINATOR)
    assert client_for(officer_b).get(reverse("agreement-detail", args=[south_isa.id])).status_code == 404
    assert (
        client_for(north_coordinator).get(reverse("agreement-edit", args=[south_isa.id])).status_code == 404
    )


def _form(south, signatories, **overrides):
    data = {
        "partnership": south.id,
        "reference": "S-9",
        "title": "Youth diversion",
        "purpose": "Referrals",
        "legal_gateway": "Crime and Disorder Act 1998, section 115",
        "lawful_basis": "Public task",
        "signatories": [o.id for o in signatories],
        "data_classes": [DataClassFactory(code="victim", name="Victims").id],
        "starts_on_0": "1",
        "starts_on_1": "4",
        "starts_on_2": "2026",
        "review_due_on_0": "1",
        "review_due_on_1": "4",
        "review_due_on_2": "2027",
        "ends_on_0": "",
        "ends_on_1": "",
        "ends_on_2": "",
        "retention": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_an_agreement(client_for, coordinator, south, south_council, police):
    response = client_for(coordinator).post(reverse("agreement-new"), _form(south, [south_council, police]))
    agreement = SharingAgreement.objects.get(reference="S-9")
    assert response.status_code == 302
    assert response["Location"] == reverse("agreement-detail", args=[agreement.id])
    assert agreement.starts_on == dt.date(2026, 4, 1)
    assert AuditEvent.objects.filter(
        action=Action.CREATED, object_id=str(agreement.id), actor=coordinator
    ).exists()


def test_bad_agreement_input_shows_the_error_summary_and_saves_nothing(
    client_for, coordinator, south, south_council
):
    data = _form(south, [south_council], title="", starts_on_0="31", starts_on_1="2", starts_on_2="2026")
    response = client_for(coordinator).post(reverse("agreement-new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a title" in page
    assert "Start date must be a real date" in page
    assert 'href="#id_starts_on_0"' in page
    assert "<title>Record an information sharing agreement - Error" in page
    # What was typed is kept.
    assert 'value="Referrals"' in page or "Referrals</textarea>" in page
    assert not SharingAgreement.objects.exists()


def test_a_service_rule_is_shown_against_its_field(client_for, coordinator, south, south_council):
    response = client_for(coordinator).post(reverse("agreement-new"), _form(south, [south_council]))
    page = response.content.decode()
    assert "Choose at least two partners who signed the agreement" in page
    assert 'href="#id_signatories_0"' in page
    assert not SharingAgreement.objects.exists()


def test_a_coordinator_cannot_choose_another_partnership(
    client_for, coordinator, north, police, south_council
):
    response = client_for(coordinator).post(reverse("agreement-new"), _form(north, [south_council, police]))
    assert "Choose one of your partnerships" in response.content.decode()
    assert not SharingAgreement.objects.exists()
