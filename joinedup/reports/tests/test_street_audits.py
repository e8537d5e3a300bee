"""Street audits: set up, findings logged on the walk, reviewed together, each accepted one a report."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.tests.factories import UserFactory
from joinedup.places.lookup import area_at_point
from joinedup.places.models import AreaKind
from joinedup.reports import audits
from joinedup.reports.models import Finding, Report, Source, StreetAudit
from joinedup.reports.tests.conftest import BIRMINGHAM, GUILDHALL, NEAR_GUILDHALL

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _worcester(worcester):
    """Every audit here walks Worcester."""


@pytest.fixture
def pcso(police, south):
    return UserFactory(full_name="Pat PCSO", organisation=police, partnerships=[south])


@pytest.fixture
def bystander(south_council):
    return UserFactory(full_name="Bea Bystander", organisation=south_council)


@pytest.fixture
def audit(south, coordinator, officer_a, pcso):
    return audits.street_audit_create(
        partnership=south,
        by=coordinator,
        name="Night-time economy walkabout",
        held_on=dt.date(2026, 11, 27),
        route="Friar Street, New Street, The Shambles",
        team=[officer_a, pcso],
    )


def cathedral():
    return area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind=AreaKind.WARD)


def bin_at_guildhall(audit, *, by, category):
    """The finding most tests need: a bin by the Guildhall, logged on the audit."""
    return audits.finding_log(
        audit=audit,
        by=by,
        category=category,
        description="Bin",
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
    )


def test_a_street_audit_is_set_up_with_its_team_from_the_page(
    client_for, coordinator, officer_a, pcso, south
):
    response = client_for(coordinator).post(
        reverse("street-audit-new"),
        {
            "name": "Accessibility walk",
            "held_on_0": "4",
            "held_on_1": "12",
            "held_on_2": "2026",
            "route": "High Street",
            "team": [officer_a.id, pcso.id],
        },
    )
    audit = StreetAudit.objects.get()
    assert response["Location"] == reverse("street-audit-detail", args=[audit.id])
    assert audit.held_on == dt.date(2026, 12, 4)
    assert set(audit.team.all()) == {coordinator, officer_a, pcso}  # the organiser walks too
    assert AuditEvent.objects.filter(action=Action.CREATED, object_id=str(audit.id)).exists()


def test_setting_up_an_audit_with_mistakes_shows_the_errors(client_for, coordinator, officer_b):
    page = (
        client_for(coordinator)
        .post(
            reverse("street-audit-new"),
            {"name": "", "held_on_0": "31", "held_on_1": "2", "held_on_2": "2026"},
        )
        .content.decode()
    )
    assert "Date must be a real date" in page
    page = (
        client_for(coordinator)
        .post(
            reverse("street-audit-new"),
            {"name": " ", "held_on_0": "1", "held_on_1": "2", "held_on_2": "2026"},
        )
        .content.decode()
    )
    assert "Enter a name for the audit" in page
    assert not StreetAudit.objects.exists()


def test_only_people_of_the_partnership_can_be_on_the_team(south, coordinator, officer_b):
    with pytest.raises(ApplicationError, match=re.escape("Bob North does not work in South Partnership")):
        audits.street_audit_create(
            partnership=south, by=coordinator, name="Walk", held_on=dt.date(2026, 12, 1), team=[officer_b]
        )


def test_a_team_member_logs_findings_from_their_phone(client_for, officer_a, pcso, audit, litter, begging):
    client = client_for(officer_a)
    response = client.post(
        reverse("street-audit-detail", args=[audit.id]),
        {
            "category": litter.id,
            "longitude": GUILDHALL[0],
            "latitude": GUILDHALL[1],
            "description": "Bin full",
        },
        follow=True,
    )
    assert "Finding logged. Log the next one below" in response.content.decode()
    client_for(pcso).post(
        reverse("street-audit-detail", args=[audit.id]),
        {"category": begging.id, "ward": cathedral().id, "description": "Begging by the bank"},
    )
    findings = list(audit.findings.order_by("id"))
    assert [(f.logged_by, f.category) for f in findings] == [(officer_a, litter), (pcso, begging)]
    assert findings[1].location_text == "Cathedral ward"
    assert "Bin full" in client.get(reverse("street-audit-detail", args=[audit.id])).content.decode()


def test_a_finding_with_no_place_or_outside_the_area_is_refused(client_for, officer_a, audit, litter):
    client = client_for(officer_a)
    page = client.post(
        reverse("street-audit-detail", args=[audit.id]), {"category": litter.id, "description": "Bin"}
    ).content.decode()
    assert "Enter the street, choose a ward or give the location" in page
    page = client.post(
        reverse("street-audit-detail", args=[audit.id]),
        {"category": litter.id, "description": "Bin", "longitude": BIRMINGHAM[0], "latitude": BIRMINGHAM[1]},
    ).content.decode()
    assert "That location is outside the area South Partnership covers" in page
    assert not Finding.objects.exists()


def test_someone_not_on_the_team_cannot_log_findings(client_for, bystander, officer_b, audit, litter):
    data = {"category": litter.id, "longitude": GUILDHALL[0], "latitude": GUILDHALL[1], "description": "Bin"}
    page = client_for(bystander).get(reverse("street-audit-detail", args=[audit.id])).content.decode()
    assert "Only the audit's team can log findings." in page
    assert (
        client_for(bystander).post(reverse("street-audit-detail", args=[audit.id]), data).status_code == 403
    )
    assert (
        client_for(officer_b).post(reverse("street-audit-detail", args=[audit.id]), data).status_code == 404
    )
    assert not Finding.objects.exists()


def test_another_partnership_does_not_see_the_audit(client_for, officer_b, audit):
    assert audit.name not in client_for(officer_b).get(reverse("street-audit-list")).content.decode()
    assert client_for(officer_b).get(reverse("street-audit-detail", args=[audit.id])).status_code == 404


def test_the_findings_are_reviewed_together_and_each_accepted_one_becomes_a_routed_report(
    client_for,
    coordinator,
    officer_a,
    pcso,
    audit,
    litter,
    begging,
    litter_rule,
    begging_rule,
    south_council,
    police,
):
    bin_full = audits.finding_log(
        audit=audit,
        by=officer_a,
        category=begging,
        description="Bin full",
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
    )
    begging_found = audits.finding_log(
        audit=audit, by=pcso, category=begging, description="Begging by the bank", ward=cathedral()
    )
    not_a_problem = audits.finding_log(
        audit=audit,
        by=pcso,
        category=litter,
        description="Leaves",
        longitude=NEAR_GUILDHALL[0],
        latitude=NEAR_GUILDHALL[1],
    )
    client = client_for(coordinator)
    page = client.get(reverse("street-audit-review", args=[audit.id])).content.decode()
    assert "3 findings to review" in page

    def review(finding, decision, **data):
        prefix = f"finding-{finding.id}-"
        return client.post(
            reverse("street-audit-finding", args=[audit.id, finding.id]),
            {"decision": decision, **{prefix + k: v for k, v in data.items()}},
            follow=True,
        )

    # The officer chose the wrong category on the walk: the review corrects it.
    response = review(bin_full, "accept", category=litter.id, description="Litter bin overflowing")
    bin_report = Report.objects.get(finding=bin_full)
    assert f"Report {bin_report.reference} made and sent to South Council" in response.content.decode()
    assert (bin_report.source, bin_report.street_audit, bin_report.logged_by) == (
        Source.STREET_AUDIT,
        audit,
        coordinator,
    )
    assert (bin_report.category, bin_report.description) == (litter, "Litter bin overflowing")
    review(
        begging_found, "accept", category=begging.id, description="Begging by the bank", ward=cathedral().id
    )
    assert Report.objects.get(finding=begging_found).lead_partner == police
    audit.refresh_from_db()
    assert audit.reviewed_at is None  # one left
    review(not_a_problem, "dismiss")
    audit.refresh_from_db()
    assert audit.reviewed_at is not None
    assert Report.objects.count() == 2
    assert (
        "Every finding has been reviewed"
        in client.get(reverse("street-audit-review", args=[audit.id])).content.decode()
    )


def test_a_finding_logged_by_ward_needs_a_ward_to_be_accepted(coordinator, pcso, audit, litter, litter_rule):
    finding = audits.finding_log(
        audit=audit,
        by=pcso,
        category=litter,
        description="Bins",
        ward=cathedral(),
        location_text="Somewhere on the green",
    )
    with pytest.raises(ApplicationError, match=re.escape("Choose the ward the problem is in")):
        audits.finding_accept(finding=finding, by=coordinator)
    finding.refresh_from_db()
    assert finding.report is None
    report = audits.finding_accept(finding=finding, by=coordinator, ward=cathedral())
    assert report.ward == cathedral()


def test_a_review_with_mistakes_shows_the_error_and_makes_no_report(
    client_for, coordinator, officer_a, audit, litter
):
    finding = bin_at_guildhall(audit, by=officer_a, category=litter)
    response = client_for(coordinator).post(
        reverse("street-audit-finding", args=[audit.id, finding.id]),
        {
            "decision": "accept",
            f"finding-{finding.id}-category": litter.id,
            f"finding-{finding.id}-description": "",
        },
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Describe the problem" in page
    assert not Report.objects.exists()


def test_only_the_coordinator_or_organiser_reviews(client_for, officer_a, audit, litter):
    finding = bin_at_guildhall(audit, by=officer_a, category=litter)
    client = client_for(officer_a)
    assert client.get(reverse("street-audit-review", args=[audit.id])).status_code == 403
    response = client.post(
        reverse("street-audit-finding", args=[audit.id, finding.id]), {"decision": "dismiss"}
    )
    assert response.status_code == 403
    finding.refresh_from_db()
    assert not finding.dismissed
    with pytest.raises(NotPermitted):
        audits.finding_accept(finding=finding, by=officer_a)


def test_the_organiser_may_review_their_own_audit(south, officer_a, pcso, litter, litter_rule):
    audit = audits.street_audit_create(
        partnership=south, by=officer_a, name="Walk", held_on=dt.date(2026, 12, 1)
    )
    finding = bin_at_guildhall(audit, by=officer_a, category=litter)
    assert audits.finding_accept(finding=finding, by=officer_a).street_audit == audit


def test_a_reviewed_audit_takes_no_more_findings_and_a_finding_is_reviewed_once(
    coordinator, officer_a, audit, litter, litter_rule
):
    finding = bin_at_guildhall(audit, by=officer_a, category=litter)
    report = audits.finding_accept(finding=finding, by=coordinator)
    with pytest.raises(
        ApplicationError, match=re.escape(f"This finding is already report {report.reference}.")
    ):
        audits.finding_dismiss(finding=finding, by=coordinator)
    with pytest.raises(
        ApplicationError, match=re.escape("has been reviewed, so no more findings can be added")
    ):
        audits.finding_log(
            audit=audit,
            by=officer_a,
            category=litter,
            description="Another",
            longitude=GUILDHALL[0],
            latitude=GUILDHALL[1],
        )


def test_the_audit_list_shows_what_is_waiting_for_review(client_for, coordinator, officer_a, audit, litter):
    bin_at_guildhall(audit, by=officer_a, category=litter)
    page = client_for(coordinator).get(reverse("street-audit-list")).content.decode()
    assert "Night-time economy walkabout" in page
    assert "1 to review" in page
