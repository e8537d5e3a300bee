"""Recording an application and taking it through every step, as the single point of contact does."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.casereviews.models import CaseReviewApplication, Decision
from joinedup.casereviews.services import complaints, steps
from joinedup.cases.services.cases import StaleEdit
from joinedup.core.errors import ApplicationError, NotPermitted

from .conftest import RECEIVED, TODAY, record, take_through


def _audit(application, action):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(CaseReviewApplication),
        object_id=str(application.pk),
        action=action,
    )


def _three_complaints(coordinator, application):
    for day in (5, 12, 19):
        complaints.complaint_add(
            by=coordinator,
            application=application,
            reported_on=dt.date(2026, 2, day),
            incident_on=dt.date(2026, 2, day),
            reporter="Alys Fictional",
        )


def test_the_coordinator_records_an_application_with_a_reference_and_the_trail_keeps_no_names(
    application, coordinator
):
    assert application.reference == f"SOU-CR-2026-{application.id:05d}"
    created = _audit(application, Action.CREATED).get()
    assert created.actor == coordinator
    assert created.changes == {
        "received_on": "2026-03-10",
        "received_by": "phone",
        "victim_kind": "person",
        "on_behalf": False,
    }
    assert "Alys" not in str(created.changes) + created.object_repr


def test_an_application_for_someone_else_needs_their_written_consent_in_worcesters_procedure(
    coordinator, south, procedure
):
    with pytest.raises(ApplicationError, match="written consent") as refused:
        record(
            coordinator,
            south,
            on_behalf=True,
            representative_name="Councillor Imaginary",
            representative_relationship="Ward councillor",
            consent_on=dt.date(2026, 3, 1),
        )
    assert refused.value.field == "consent_written"
    made = record(
        coordinator,
        south,
        on_behalf=True,
        representative_name="Councillor Imaginary",
        representative_relationship="Ward councillor",
        representative_email="cllr@example.org",
        consent_on=dt.date(2026, 3, 1),
        consent_written=True,
    )
    assert (made.applicant_name, made.applicant_email) == ("Councillor Imaginary", "cllr@example.org")


def test_an_officer_who_is_not_the_single_point_of_contact_cannot_record_one(officer_a, south, procedure):
    with pytest.raises(NotPermitted):
        record(officer_a, south)


def test_bad_input_on_the_form_is_listed_and_nothing_typed_is_lost(coordinator, procedure, client_for):
    page = client_for(coordinator).post(
        reverse("case-review-new"),
        {
            "received_on_0": "10",
            "received_on_1": "3",
            "received_on_2": "2026",
            "received_by": "phone",
            "victim_kind": "business",
            "victim_name": "The Corner Shop",
            "problem": "",
            "on_behalf": "yes",
            "representative_name": "",
            "victim_email": "not-an-address",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html
    for message in (
        "Describe the behaviour the application is about",
        "Enter the name of the person applying",
        "Enter the date the victim gave consent",
        "Enter an email address in the correct format",
    ):
        assert message in html
    assert 'value="The Corner Shop"' in html
    assert not CaseReviewApplication.objects.exists()


def test_a_future_receipt_date_is_refused(coordinator, procedure, client_for):
    page = client_for(coordinator).post(
        reverse("case-review-new"),
        {
            "received_on_0": "12",
            "received_on_1": "3",
            "received_on_2": "2026",
            "received_by": "online",
            "victim_kind": "person",
            "victim_name": "Alys Fictional",
            "problem": "Noise",
            "on_behalf": "no",
        },
    )
    assert "must be today or in the past" in page.content.decode()


def test_each_step_in_order_with_emails_to_the_applicant(
    application, coordinator, south_council, police, notify_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = steps.application_acknowledge(
            by=coordinator, application=application, version=1, acknowledged_on=TODAY
        )
    acknowledgement = notify_outbox[-1]
    assert acknowledgement.to == "alys@example.org"
    assert acknowledgement.template == "case_review_acknowledged"
    # 15 working days from Wednesday 11 March 2026: Wednesday 1 April.
    assert "We will tell you by 1 April 2026" in acknowledgement.body
    _three_complaints(coordinator, done)
    with pytest.raises(ApplicationError, match="so a review must be held"):
        steps.threshold_decide(
            by=coordinator,
            application=done,
            version=done.version,
            decision=Decision.NOT_MET,
            decided_on=TODAY,
            reasons="No action needed",
        )
    with django_capture_on_commit_callbacks(execute=True):
        decided = steps.threshold_decide(
            by=coordinator,
            application=done,
            version=done.version,
            decision=Decision.MET,
            decided_on=TODAY,
            reasons="Three incidents reported in February.",
        )
    assert decided.decision_rule == "3 or more reports about the same problem in 6 months"
    assert decided.assessment["qualifying_incidents"] == 3
    assert "Our reasons: Three incidents reported in February." in notify_outbox[-1].body
    assert "Police and Crime Commissioner" in notify_outbox[-1].body
    with pytest.raises(ApplicationError, match="complaints it was made on are kept"):
        complaints.complaint_add(by=coordinator, application=decided, reported_on=TODAY, incident_on=TODAY)
    held = steps.review_record(
        by=coordinator,
        application=decided,
        version=decided.version,
        held_on=TODAY,
        attendees=[south_council, police],
        summary="Patrols stopped in January.",
    )
    steps.recommendation_add(
        by=coordinator, application=held, text="Restart evening patrols", owner=police, due_on=TODAY
    )
    from joinedup.casereviews.letters import outcome_letter_draft

    draft = outcome_letter_draft(held, held.recommendations.all())
    assert "Dear Alys Fictional," in draft
    assert "1. Restart evening patrols (Shire Police, by 11 March 2026)" in draft
    with django_capture_on_commit_callbacks(execute=True):
        sent = steps.outcome_send(
            by=coordinator, application=held, version=held.version, sent_on=TODAY, letter=draft
        )
    assert notify_outbox[-1].template == "case_review_outcome"
    assert notify_outbox[-1].body.startswith("Dear Alys Fictional,")
    escalated = steps.escalation_record(
        by=coordinator,
        application=sent,
        version=sent.version,
        escalated_on=TODAY,
        reason="Unhappy with the recommendations",
    )
    assert escalated.version == 6  # one for each step
    steps_recorded = [e.changes.get("step") for e in _audit(escalated, Action.CHANGED).order_by("at", "id")]
    assert [s for s in steps_recorded if s] == [
        "acknowledged",
        "threshold decision",
        "review meeting",
        "outcome letter",
        "escalated",
    ]


def test_no_email_is_sent_when_the_applicant_gave_no_address(
    coordinator, south, procedure, notify_outbox, django_capture_on_commit_callbacks
):
    made = record(coordinator, south, victim_email="")
    with django_capture_on_commit_callbacks(execute=True):
        steps.application_acknowledge(by=coordinator, application=made, version=1, acknowledged_on=TODAY)
    assert notify_outbox == []


def test_a_step_recorded_on_an_old_version_is_refused(application, coordinator, administrator):
    steps.application_acknowledge(by=coordinator, application=application, version=1, acknowledged_on=TODAY)
    with pytest.raises(StaleEdit, match="updated by someone else"):
        steps.application_acknowledge(
            by=administrator, application=application, version=1, acknowledged_on=TODAY
        )


def test_a_stale_step_on_the_page_is_refused_with_a_message_and_nothing_changes(
    application, coordinator, client_for
):
    steps.application_acknowledge(by=coordinator, application=application, version=1, acknowledged_on=TODAY)
    page = client_for(coordinator).post(
        reverse("case-review-step", args=[application.reference, "decide"]),
        {
            "decide-version": "1",
            "decide-decision": "not_met",
            "decide-decided_on_0": "11",
            "decide-decided_on_1": "3",
            "decide-decided_on_2": "2026",
            "decide-reasons": "Only one complaint",
        },
    )
    html = page.content.decode()
    assert "was updated by someone else after you opened it" in html
    assert "Only one complaint" in html  # what they typed is kept
    application.refresh_from_db()
    assert application.decision == ""


def test_step_dates_cannot_go_backwards_or_into_the_future(application, coordinator):
    with pytest.raises(ApplicationError, match="on or after the date it was received"):
        steps.application_acknowledge(
            by=coordinator,
            application=application,
            version=1,
            acknowledged_on=RECEIVED - dt.timedelta(days=1),
        )
    with pytest.raises(ApplicationError, match="today or in the past"):
        steps.application_acknowledge(
            by=coordinator, application=application, version=1, acknowledged_on=TODAY + dt.timedelta(days=1)
        )


def test_a_review_needs_the_threshold_met_and_recommendations_need_a_review(application, coordinator, police):
    with pytest.raises(ApplicationError, match="Acknowledge the application before"):
        steps.threshold_decide(
            by=coordinator, application=application, version=1, decision="met", decided_on=TODAY, reasons="x"
        )
    with pytest.raises(ApplicationError, match="follows a decision that the threshold is met"):
        steps.review_record(
            by=coordinator, application=application, version=1, held_on=TODAY, attendees=[police]
        )
    with pytest.raises(ApplicationError, match="Record the review meeting before"):
        steps.recommendation_add(
            by=coordinator, application=application, text="x", owner=police, due_on=TODAY
        )


def test_the_threshold_can_be_met_on_judgement_when_no_rule_is(application, coordinator):
    decided = take_through(coordinator, application)
    assert decided.decision_rule == ""
    assert decided.assessment["met_by"] == []


def test_the_partner_a_recommendation_is_made_to_updates_it_and_others_cannot(
    application, coordinator, police, police_officer, officer_a
):
    take_through(coordinator, application, held=TODAY, attendees=[police], recommend_to=police)
    recommendation = application.recommendations.get()
    with pytest.raises(NotPermitted):
        steps.recommendation_update(by=officer_a, recommendation=recommendation, status="done")
    with pytest.raises(ApplicationError, match="Say why"):
        steps.recommendation_update(by=police_officer, recommendation=recommendation, status="not_accepted")
    steps.recommendation_update(
        by=police_officer, recommendation=recommendation, status="done", note="Weekly"
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "done"


def test_the_detail_page_offers_the_next_step_with_its_deadline(application, coordinator, client_for):
    html = (
        client_for(coordinator)
        .get(reverse("case-review-detail", args=[application.reference]))
        .content.decode()
    )
    assert "Received: to acknowledge" in html
    # 10 working days from Tuesday 10 March 2026.
    assert "24 Mar 2026" in html
    assert "Record the acknowledgement" in html
    assert "Alys Fictional" in html


def test_the_outcome_form_is_drafted_from_the_review(application, coordinator, police, client_for):
    take_through(coordinator, application, held=TODAY, attendees=[police])
    html = (
        client_for(coordinator)
        .get(reverse("case-review-detail", args=[application.reference]))
        .content.decode()
    )
    assert "Those at the meeting were: Shire Police." in html
    assert "The review made no recommendations." in html
