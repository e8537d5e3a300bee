"""Gathering complaints from reports and case records, adding them by hand, and the assessment page."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from joinedup.casereviews.services import applications, complaints
from joinedup.cases.services import work
from joinedup.core.errors import ApplicationError
from joinedup.reports.models import Report

from .conftest import HOME, NEAR_HOME, TODAY, take_through

LONDON = ZoneInfo("Europe/London")
_numbers = itertools.count(1)


def report(south, category, day, point=HOME, **extra):
    return Report.objects.create(
        partnership=south,
        reference=f"SOU-2026-{next(_numbers):06d}",
        category=category,
        description="Music until 3am",
        longitude=point[0],
        latitude=point[1],
        location_text="Example Terrace",
        created_at=dt.datetime.combine(day, dt.time(20), tzinfo=LONDON),
        **extra,
    )


def test_asb_reports_near_the_victims_home_are_gathered_and_others_are_not(
    application, coordinator, south, categories, police
):
    near = report(
        south,
        categories["noise"],
        dt.date(2026, 2, 1),
        NEAR_HOME,
        reporter_name="Alys Fictional",
        lead_partner=police,
    )
    report(south, categories["noise"], dt.date(2026, 2, 1), (-2.2500, 52.2100))  # across town
    report(south, categories["litter"], dt.date(2026, 2, 2))  # not anti-social behaviour
    hate = report(south, categories["hate"], dt.date(2026, 2, 3))
    report(south, categories["noise"], dt.date(2026, 3, 11))  # after the application
    assert complaints.complaints_gather(by=coordinator, application=application) == 2
    gathered = {c.report_id: c for c in application.complaints.all()}
    assert set(gathered) == {near.id, hate.id}
    assert gathered[near.id].agency == police
    assert gathered[near.id].reporter == "Alys Fictional"
    assert gathered[hate.id].hate and gathered[hate.id].reporter == ""
    # Gathering again adds nothing twice.
    assert complaints.complaints_gather(by=coordinator, application=application) == 0


def test_a_linked_report_of_any_category_is_gathered(application, coordinator, south, categories):
    far = report(south, categories["litter"], dt.date(2026, 2, 2), (-2.2500, 52.2100))
    applications.application_link_report(by=coordinator, application=application, reference=far.reference)
    assert [c.source_reference for c in application.complaints.all()] == [far.reference]


def test_linking_a_case_gathers_its_reports_and_the_victims_contacts(
    application, coordinator, south, categories, normal_case, officer_a
):
    from joinedup.cases.services import people

    victim = people.case_person_add_new(
        by=officer_a, case=normal_case, role="victim", given_name="Alys", family_name="Fictional"
    )
    work.contact_add(
        by=officer_a,
        case=normal_case,
        method="phone",
        happened_on=dt.date(2026, 2, 20),
        summary="Alys rang about the music again",
        person=victim.person,
    )
    work.contact_add(
        by=officer_a,
        case=normal_case,
        method="visit",
        happened_on=dt.date(2026, 2, 21),
        summary="Visited the alleged perpetrator",
    )
    linked = report(south, categories["litter"], dt.date(2026, 1, 10), (-2.2500, 52.2100))
    normal_case.reports.add(linked)
    applications.application_link_case(
        by=coordinator, application=application, reference=normal_case.reference
    )
    rows = list(application.complaints.order_by("reported_on"))
    assert [(c.source, c.source_reference) for c in rows] == [
        ("report", linked.reference),
        ("contact", normal_case.reference),
    ]
    assert rows[1].reporter == "Alys Fictional"
    assert rows[1].summary == f"Phone call recorded on {normal_case.reference}"


def test_a_restricted_case_cannot_be_linked(application, coordinator, restricted_case, officer_a):
    from joinedup.cases.services import sharing

    sharing.case_name(by=officer_a, case=restricted_case, user=coordinator)
    with pytest.raises(ApplicationError, match="is restricted"):
        applications.application_link_case(
            by=coordinator, application=application, reference=restricted_case.reference
        )


def test_a_case_the_coordinator_cannot_open_is_not_linked(
    application, coordinator, south, personal_asb, police_officer, police_agreement
):
    from joinedup.cases.services import cases

    theirs = cases.case_create(by=police_officer, partnership=south, kind=personal_asb, summary="Police case")
    with pytest.raises(ApplicationError, match="has not been shared with you"):
        applications.application_link_case(
            by=coordinator, application=application, reference=theirs.reference
        )
    assert not application.cases.exists()


def test_a_complaint_added_by_hand_is_checked(application, coordinator, north_council):
    with pytest.raises(ApplicationError, match="on or after the behaviour"):
        complaints.complaint_add(
            by=coordinator,
            application=application,
            incident_on=dt.date(2026, 2, 2),
            reported_on=dt.date(2026, 2, 1),
        )
    with pytest.raises(ApplicationError, match="not a member of the partnership"):
        complaints.complaint_add(
            by=coordinator,
            application=application,
            incident_on=TODAY,
            reported_on=TODAY,
            agency=north_council,
        )


def test_the_assessment_page_shows_each_complaint_and_why(
    application, coordinator, south_council, client_for
):
    for incident, reported in [
        (dt.date(2026, 1, 5), dt.date(2026, 1, 6)),
        (dt.date(2025, 12, 1), dt.date(2026, 1, 15)),  # more than a month after
        (dt.date(2025, 9, 1), dt.date(2025, 9, 9)),  # more than 6 months before the application
    ]:
        complaints.complaint_add(
            by=coordinator,
            application=application,
            incident_on=incident,
            reported_on=reported,
            agency=south_council,
        )
    html = (
        client_for(coordinator)
        .get(reverse("case-review-assessment", args=[application.reference]))
        .content.decode()
    )
    assert "The threshold is not met" in html
    assert "Made within 1 month of the behaviour and within 6 months of the application" in html
    assert (
        "Made more than 1 month after the behaviour (behaviour 1 December 2025, complaint 15 January 2026)"
        in html
    )
    assert "more than 6 months before the application (10 March 2026)" in html


def test_marking_the_same_incident_and_setting_aside_on_the_page(application, coordinator, client_for):
    first, second, third = (
        complaints.complaint_add(by=coordinator, application=application, incident_on=day, reported_on=day)
        for day in (dt.date(2026, 2, 1), dt.date(2026, 2, 2), dt.date(2026, 2, 3))
    )
    client = client_for(coordinator)
    base = reverse("case-review-assessment", args=[application.reference])
    client.post(
        base + "same-incident/", {"same-incident-complaint": second.id, "same-incident-same_as": first.id}
    )
    page = client.post(base + "set-aside/", {"set-aside-complaint": third.id, "set-aside-reason": ""})
    assert "Say why this complaint is not about the problem" in page.content.decode()
    client.post(base + "set-aside/", {"set-aside-complaint": third.id, "set-aside-reason": "Another street"})
    html = client.get(base).content.decode()
    assert "the same incident as another complaint, so counted once" in html
    assert "Set aside by the officer: Another street" in html
    second.refresh_from_db()
    assert second.same_incident_as == first


def test_a_complaint_of_another_application_cannot_be_touched(application, coordinator, south, procedure):
    from .conftest import record

    other = record(coordinator, south)
    theirs = complaints.complaint_add(by=coordinator, application=other, incident_on=TODAY, reported_on=TODAY)
    with pytest.raises(ApplicationError, match="Choose a complaint of this application"):
        complaints.complaint_set_aside(
            by=coordinator, application=application, complaint_id=theirs.id, reason="x"
        )


def test_complaints_are_frozen_once_the_decision_is_made(application, coordinator, client_for):
    take_through(coordinator, application)
    page = client_for(coordinator).post(
        reverse("case-review-assessment-change", args=[application.reference, "gather"])
    )
    assert "the complaints it was made on are kept as they were" in page.content.decode()
