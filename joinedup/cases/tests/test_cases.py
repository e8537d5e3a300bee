"""Opening and changing cases: references, timeline, closing with an outcome, and stale edits refused."""

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.cases.models import Case, CaseStatus, EventKind
from joinedup.cases.services import cases
from joinedup.core.errors import ApplicationError, NotPermitted


def test_an_officer_opens_a_case_through_the_form(officer_a, south, personal_asb, client_for):
    response = client_for(officer_a).post(
        reverse("case-new"),
        {
            "partnership": south.id,
            "kind": personal_asb.id,
            "summary": "Repeated egging of a front door.",
            "lead_officer": officer_a.id,
            "address": "3 Sample Road",
            "postcode": "wr2 5zz",
            "restricted": "no",
            "review_on_0": "",
            "review_on_1": "",
            "review_on_2": "",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "case-detail", args=[case.reference]
    )
    assert case.reference.startswith("SOU-C-") and case.lead_partner == officer_a.organisation
    assert case.postcode == "WR2 5ZZ" and case.address_key == "WR25ZZ:3"
    assert case.events.get().kind == EventKind.OPENED
    assert AuditEvent.objects.filter(action=Action.CREATED, object_id=str(case.pk)).exists()


def test_a_case_without_a_summary_shows_the_error_summary(officer_a, south, personal_asb, client_for):
    response = client_for(officer_a).post(
        reverse("case-new"), {"partnership": south.id, "kind": personal_asb.id, "lead_officer": officer_a.id}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Describe the case" in page
    assert "Choose the kind of case" not in page
    assert not Case.objects.exists()


def test_a_restricted_case_needs_a_reason(officer_a, south, personal_asb):
    with pytest.raises(ApplicationError, match="Choose why the case is restricted"):
        cases.case_create(by=officer_a, partnership=south, kind=personal_asb, summary="x", restricted=True)


def test_an_analyst_cannot_open_a_case(analyst, south, personal_asb):
    with pytest.raises(NotPermitted):
        cases.case_create(by=analyst, partnership=south, kind=personal_asb, summary="x")


def test_closing_needs_an_outcome_and_reopening_clears_it(normal_case, officer_a):
    with pytest.raises(ApplicationError, match="Choose the outcome"):
        cases.case_update(
            by=officer_a, case=normal_case, version=normal_case.version, status=CaseStatus.CLOSED
        )
    closed = cases.case_update(
        by=officer_a,
        case=normal_case,
        version=normal_case.version,
        status=CaseStatus.CLOSED,
        outcome="resolved",
    )
    assert closed.closed_at is not None and closed.version == normal_case.version + 1
    assert closed.events.filter(kind=EventKind.STATUS, text__contains="Closed").exists()
    reopened = cases.case_update(by=officer_a, case=closed, version=closed.version, status=CaseStatus.OPEN)
    assert reopened.outcome == "" and reopened.closed_at is None


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(normal_case, officer_a, coordinator):
    opened_at = normal_case.version
    cases.case_update(by=coordinator, case=normal_case, version=opened_at, summary="Coordinator's summary")
    with pytest.raises(cases.StaleEdit, match="was changed by Cara Coordinator"):
        cases.case_update(by=officer_a, case=normal_case, version=opened_at, summary="Officer's summary")
    normal_case.refresh_from_db()
    assert normal_case.summary == "Coordinator's summary"


def test_a_stale_edit_through_the_page_keeps_what_was_typed_and_shows_the_case_as_it_is(
    normal_case, officer_a, coordinator, client_for
):
    client = client_for(officer_a)
    form = client.get(reverse("case-edit", args=[normal_case.reference]))
    assert form.status_code == 200
    cases.case_update(
        by=coordinator, case=normal_case, version=normal_case.version, summary="Saved meanwhile"
    )
    data = {
        "version": normal_case.version,
        "status": "open",
        "kind": normal_case.kind_id,
        "summary": "My typed summary",
        "lead_officer": officer_a.id,
        "restricted": "no",
    }
    response = client.post(reverse("case-edit", args=[normal_case.reference]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "after you opened it" in page
    assert "My typed summary" in page and "Saved meanwhile" in page
    normal_case.refresh_from_db()
    assert normal_case.summary == "Saved meanwhile"
    # Saving again, having seen the case as it is, is a deliberate choice and goes through.
    data["version"] = normal_case.version
    assert client.post(reverse("case-edit", args=[normal_case.reference]), data).status_code == 302
    normal_case.refresh_from_db()
    assert normal_case.summary == "My typed summary"


def test_the_audit_of_a_change_names_fields_not_free_text(normal_case, officer_a):
    cases.case_update(
        by=officer_a,
        case=normal_case,
        version=normal_case.version,
        summary="Private words",
        risk_level="high",
    )
    event = AuditEvent.objects.filter(action=Action.CHANGED, object_id=str(normal_case.pk)).latest("id")
    assert event.changes == {"summary": "changed", "risk_level": ["", "high"]}


def test_a_partner_the_case_is_shared_with_cannot_change_it(normal_case, police_officer):
    with pytest.raises(NotPermitted):
        cases.case_update(by=police_officer, case=normal_case, version=normal_case.version, summary="x")


def test_linking_a_report_the_officer_cannot_see_is_refused(normal_case, officer_a):
    with pytest.raises(ApplicationError, match="There is no report WOR-2026-000001"):
        cases.case_link_report(by=officer_a, case=normal_case, reference="WOR-2026-000001")
