"""Subject access export and retention: everything held about a person; deletion leaves a tombstone."""

import datetime as dt
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import Action, AuditEvent
from joinedup.cases import selectors
from joinedup.cases.models import Case, CaseStatus, Person, PersonRole
from joinedup.cases.services import cases, people, retention, work
from joinedup.core.errors import ApplicationError, NotPermitted


@pytest.fixture
def ada(normal_case, officer_a):
    return people.case_person_add_new(
        by=officer_a,
        case=normal_case,
        role=PersonRole.VICTIM,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=dt.date(1985, 12, 10),
        phone="01905 123456",
    ).person


def test_the_subject_access_export_holds_everything_about_the_person(
    ada, normal_case, restricted_case, officer_a, coordinator, client_for
):
    people.case_person_add(by=officer_a, case=restricted_case, person=ada, role=PersonRole.WITNESS)
    work.contact_add(
        by=officer_a,
        case=normal_case,
        method="visit",
        happened_on=timezone.localdate(),
        summary="Seen",
        person=ada,
    )
    work.note_add(by=officer_a, case=normal_case, text="Needs a call back")
    client = client_for(coordinator)
    url = reverse("person-export", args=[ada.public_id])
    page = client.post(url, {"purpose": ""}).content.decode()
    assert "govuk-error-summary" in page

    response = client.post(url, {"purpose": "SAR-2026-014"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json" and "attachment" in response["Content-Disposition"]
    export = json.loads(response.content)
    assert export["person"]["family_name"] == "Lovelace" and export["person"]["phone"] == "01905 123456"
    assert export["purpose"] == "SAR-2026-014"
    # Restricted cases too: the response must be complete (the coordinator is not named on it).
    assert {c["reference"]: c["role"] for c in export["cases"]} == {
        normal_case.reference: "Victim or complainant",
        restricted_case.reference: "Witness",
    }
    first = next(c for c in export["cases"] if c["reference"] == normal_case.reference)
    assert (
        first["contacts"][0]["with_this_person"] is True and first["notes"][0]["text"] == "Needs a call back"
    )
    event = AuditEvent.objects.get(action=Action.EXPORTED)
    assert event.actor == coordinator and event.purpose == "SAR-2026-014" and event.object_repr == str(ada)


def test_only_coordinators_and_administrators_export_for_subject_access(ada, officer_a, client_for):
    assert client_for(officer_a).get(reverse("person-export", args=[ada.public_id])).status_code == 403


def _close(case, by, days_ago):
    closed = cases.case_update(
        by=by, case=case, version=case.version, status=CaseStatus.CLOSED, outcome="resolved"
    )
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=days_ago))
    closed.refresh_from_db()
    return closed


def test_cases_closed_longer_than_the_retention_period_are_flagged(
    normal_case, coordinator, settings, client_for
):
    settings.CASE_RETENTION_DAYS = 365
    case = _close(normal_case, coordinator, days_ago=100)
    assert not selectors.is_due_for_retention_review(case)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=400))
    assert list(selectors.cases_due_for_retention_review(user=coordinator)) == [case]
    page = client_for(coordinator).get(reverse("case-detail", args=[case.reference])).content.decode()
    assert "Due for retention review" in page and "Delete case" in page


def test_deleting_a_case_leaves_a_tombstone_without_personal_data(
    ada, normal_case, coordinator, officer_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    document = work.document_add(by=officer_a, case=normal_case, upload=SimpleUploadedFile("a.txt", b"Notes"))
    stored = document.file.name
    case = _close(normal_case, coordinator, days_ago=settings.CASE_RETENTION_DAYS + 1)
    case_id = case.pk
    with django_capture_on_commit_callbacks(execute=True):
        tombstone = retention.case_delete(
            by=coordinator, case=case, reason="Retention review: nothing outstanding"
        )
    assert not Case.objects.filter(pk=case_id).exists()
    assert not Person.objects.filter(pk=ada.pk).exists()
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.get(
        action=Action.DELETED, object_id=str(case_id), object_repr=tombstone["reference"]
    )
    assert event.changes["people_deleted"] == 1 and event.changes["documents"] == 1
    assert event.purpose == "Retention review: nothing outstanding"
    assert "Lovelace" not in json.dumps(event.changes)
    assert AuditEvent.objects.filter(action=Action.DELETED, object_repr=str(ada)).exists()


def test_a_case_not_yet_due_cannot_be_deleted(normal_case, coordinator):
    case = _close(normal_case, coordinator, days_ago=10)
    with pytest.raises(ApplicationError, match="not yet due"):
        retention.case_delete(by=coordinator, case=case, reason="Tidying up")


def test_an_officer_cannot_delete_a_case(normal_case, coordinator, officer_a, settings):
    case = _close(normal_case, coordinator, days_ago=settings.CASE_RETENTION_DAYS + 1)
    with pytest.raises(NotPermitted):
        retention.case_delete(by=officer_a, case=case, reason="x")


def test_a_person_in_another_case_survives_the_deletion(
    ada, normal_case, coordinator, officer_a, south, personal_asb, settings
):
    other = cases.case_create(by=officer_a, partnership=south, kind=personal_asb, summary="Other")
    people.case_person_add(by=officer_a, case=other, person=ada, role=PersonRole.WITNESS)
    case = _close(normal_case, coordinator, days_ago=settings.CASE_RETENTION_DAYS + 1)
    retention.case_delete(by=coordinator, case=case, reason="Retention review")
    assert Person.objects.filter(pk=ada.pk).exists()
