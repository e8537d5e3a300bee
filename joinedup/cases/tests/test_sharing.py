"""Sharing needs a current agreement covering the case's data; access requests are granted or refused."""

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.cases import selectors
from joinedup.cases.models import AccessRequest, CaseShare, EventKind, PersonRole, RequestStatus
from joinedup.cases.services import people, sharing
from joinedup.core.errors import ApplicationError, NotPermitted

from .conftest import agreement


def test_sharing_without_an_agreement_is_refused_with_the_reason(normal_case, officer_a, south_housing):
    with pytest.raises(ApplicationError) as refused:
        sharing.case_share(by=officer_a, case=normal_case, organisation=south_housing)
    assert "no current information sharing agreement between South Council and South Housing" in str(
        refused.value.message
    )
    assert "ASB case data" in refused.value.message
    assert not CaseShare.objects.filter(case=normal_case, organisation=south_housing).exists()


def test_an_agreement_past_its_review_date_does_not_count_and_is_named(
    normal_case, officer_a, south, south_council, south_housing, data_classes
):
    agreement(
        south, "OLD-ISA", [south_council, south_housing], [data_classes["asb-case"]], starts=-800, review=-10
    )
    with pytest.raises(ApplicationError) as refused:
        sharing.case_share(by=officer_a, case=normal_case, organisation=south_housing)
    assert "Not current: OLD-ISA (review overdue)" in refused.value.message


def test_an_agreement_must_cover_every_class_of_data_the_case_holds(
    normal_case, officer_a, south, south_council, south_housing, data_classes
):
    agreement(south, "HOUSING-ISA", [south_council, south_housing], [data_classes["asb-case"]])
    people.case_person_add_new(
        by=officer_a, case=normal_case, role=PersonRole.VICTIM, given_name="Ada", family_name="Example"
    )
    with pytest.raises(ApplicationError) as refused:
        sharing.case_share(by=officer_a, case=normal_case, organisation=south_housing)
    assert "Personal data of victims and witnesses" in refused.value.message


def test_a_share_records_the_agreements_it_relies_on_in_the_timeline_and_audit(normal_case, police_agreement):
    share = normal_case.shares.get()
    assert list(share.agreements.all()) == [police_agreement]
    assert normal_case.events.filter(kind=EventKind.SHARED, text__contains="SOUTH-ISA-1").exists()
    event = AuditEvent.objects.filter(action=Action.SHARED, object_id=str(normal_case.pk)).get()
    assert event.changes["with"] == "Shire Police"
    assert event.purpose == "Joint visits"


def test_adding_an_alleged_perpetrator_is_refused_when_a_share_does_not_cover_offender_data(
    officer_a, south, personal_asb, south_council, south_housing, data_classes
):
    from joinedup.cases.services import cases

    agreement(
        south,
        "H-ISA",
        [south_council, south_housing],
        [data_classes["asb-case"], data_classes["victim-personal"]],
    )
    case = cases.case_create(by=officer_a, partnership=south, kind=personal_asb, summary="Noise")
    sharing.case_share(by=officer_a, case=case, organisation=south_housing)
    with pytest.raises(ApplicationError) as refused:
        people.case_person_add_new(
            by=officer_a,
            case=case,
            role=PersonRole.ALLEGED_PERPETRATOR,
            given_name="Bo",
            family_name="Example",
        )
    assert "shared with South Housing" in refused.value.message
    assert "alleged perpetrators" in refused.value.message
    assert not case.people.exists()


def test_only_the_lead_partner_can_share(normal_case, police_officer, south_housing):
    with pytest.raises(NotPermitted):
        sharing.case_share(by=police_officer, case=normal_case, organisation=south_housing)


def test_ending_a_share_closes_the_case_to_that_partner(normal_case, officer_a, police, police_officer):
    sharing.case_share_end(by=officer_a, case=normal_case, organisation=police)
    assert not selectors.cases_open_to(police_officer).filter(pk=normal_case.pk).exists()
    assert selectors.access_level(police_officer, normal_case) == "locked"


def test_a_partner_with_the_locked_view_asks_and_the_lead_grants(
    normal_case, officer_a, south, south_council, south_housing, housing_officer, data_classes, client_for
):
    agreement(south, "H-ISA", [south_council, south_housing], [data_classes["asb-case"]])
    client = client_for(housing_officer)
    response = client.post(
        reverse("case-request-access", args=[normal_case.reference]), {"reason": "Our tenant is the victim"}
    )
    assert response.status_code == 302
    request = AccessRequest.objects.get(case=normal_case)
    assert request.status == RequestStatus.PENDING
    page = client.get(reverse("case-detail", args=[normal_case.reference])).content.decode()
    assert "has not decided yet" in page

    lead = client_for(officer_a)
    access_page = lead.get(reverse("case-access", args=[normal_case.reference])).content.decode()
    assert "Our tenant is the victim" in access_page
    response = lead.post(
        reverse("case-access-change", args=[normal_case.reference, f"decide-{request.id}"]),
        {f"r{request.id}-decision": "grant", f"r{request.id}-note": ""},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.GRANTED and request.decided_by == officer_a
    assert selectors.access_level(housing_officer, normal_case) == "full"
    assert normal_case.events.filter(kind=EventKind.ACCESS_GRANTED).exists()
    assert AuditEvent.objects.filter(
        action=Action.SHARED, object_id=str(normal_case.pk), changes__decision="granted"
    ).exists()


def test_granting_is_refused_when_no_agreement_would_cover_the_share(normal_case, officer_a, housing_officer):
    request = sharing.access_request(by=housing_officer, case=normal_case, reason="Our tenant")
    with pytest.raises(ApplicationError, match="cannot be shared with South Housing"):
        sharing.access_decide(by=officer_a, request=request, grant=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_refusing_needs_a_reason_which_the_requester_sees(
    normal_case, officer_a, housing_officer, client_for
):
    request = sharing.access_request(by=housing_officer, case=normal_case, reason="Curious")
    lead = client_for(officer_a)
    url = reverse("case-access-change", args=[normal_case.reference, f"decide-{request.id}"])
    page = lead.post(url, {f"r{request.id}-decision": "refuse"}).content.decode()
    assert "Say why access is refused" in page and "govuk-error-summary" in page
    lead.post(url, {f"r{request.id}-decision": "refuse", f"r{request.id}-note": "No need to know"})
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    locked = (
        client_for(housing_officer).get(reverse("case-detail", args=[normal_case.reference])).content.decode()
    )
    assert "was refused: No need to know" in locked
    assert "Ask for access" in locked


def test_a_restricted_case_opens_to_a_named_person_of_a_shared_partner(
    restricted_case, officer_a, police_officer
):
    assert selectors.access_level(police_officer, restricted_case) == "locked"
    sharing.case_name(by=officer_a, case=restricted_case, user=police_officer)
    assert selectors.access_level(police_officer, restricted_case) == "full"
    sharing.case_unname(by=officer_a, case=restricted_case, user=police_officer)
    assert selectors.access_level(police_officer, restricted_case) == "locked"


def test_nobody_outside_the_case_partners_can_be_named(restricted_case, officer_a, housing_officer):
    with pytest.raises(ApplicationError, match="Share it with their organisation first"):
        sharing.case_name(by=officer_a, case=restricted_case, user=housing_officer)


def test_granting_access_to_a_restricted_case_names_the_requester(restricted_case, officer_a, police_officer):
    request = sharing.access_request(by=police_officer, case=restricted_case, reason="Investigating")
    sharing.access_decide(by=officer_a, request=request, grant=True)
    assert restricted_case.named.filter(user=police_officer).exists()
    assert selectors.access_level(police_officer, restricted_case) == "full"


def test_sharing_through_the_page_shows_the_refusal_in_the_error_summary(
    normal_case, officer_a, south_housing, client_for
):
    response = client_for(officer_a).post(
        reverse("case-access-change", args=[normal_case.reference, "share"]),
        {"organisation": south_housing.id, "reason": "Tenant"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "cannot be shared with South Housing" in page
