"""Actions with due dates and the overdue queue, notes by sensitivity, contacts, and checked documents."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from joinedup.cases import selectors
from joinedup.cases.models import ActionStatus, CaseAction, CaseDocument, Sensitivity
from joinedup.cases.services import work
from joinedup.core.errors import ApplicationError, NotPermitted

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def test_an_action_for_a_partner_the_case_is_not_shared_with_is_refused(
    normal_case, officer_a, south_housing
):
    with pytest.raises(ApplicationError, match="Share the case with them first"):
        work.action_set(
            by=officer_a,
            case=normal_case,
            title="Visit",
            organisation=south_housing,
            due_on=timezone.localdate(),
        )


def test_overdue_actions_come_first_in_the_officers_queue(
    normal_case, officer_a, police, police_officer, client_for
):
    today = timezone.localdate()
    soon = work.action_set(
        by=officer_a,
        case=normal_case,
        title="Joint patrol",
        organisation=police,
        due_on=today + dt.timedelta(days=3),
    )
    late = work.action_set(
        by=officer_a, case=normal_case, title="Door knock", organisation=police, due_on=today
    )
    CaseAction.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=2))
    rows = selectors.action_queue(user=police_officer, today=today)
    assert [(r.action, r.overdue) for r in rows] == [(late, True), (soon, False)]
    assert selectors.action_queue(user=officer_a, today=today) == []
    page = client_for(police_officer).get(reverse("case-list")).content.decode()
    assert "You have 1 overdue action" in page


def test_the_assigned_partner_completes_an_action_with_a_note(
    normal_case, officer_a, police, police_officer, housing_officer
):
    action = work.action_set(
        by=officer_a, case=normal_case, title="Patrol", organisation=police, due_on=timezone.localdate()
    )
    with pytest.raises(ApplicationError, match="Say what was done"):
        work.action_complete(by=police_officer, action=action, note=" ")
    with pytest.raises(NotPermitted):
        work.action_complete(by=housing_officer, action=action, note="Done")
    work.action_complete(by=police_officer, action=action, note="Two patrols, nothing seen")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_by == police_officer


def test_notes_are_read_only_by_those_their_sensitivity_allows(normal_case, officer_a, police_officer):
    work.note_add(by=officer_a, case=normal_case, text="Everyone", sensitivity=Sensitivity.STANDARD)
    work.note_add(
        by=police_officer, case=normal_case, text="Police and lead", sensitivity=Sensitivity.SENSITIVE
    )
    work.note_add(by=officer_a, case=normal_case, text="Council only", sensitivity=Sensitivity.CONFIDENTIAL)

    def notes(user):
        return {e.note.text for e in selectors.case_timeline(user=user, case=normal_case) if e.note}

    assert notes(officer_a) == {"Everyone", "Police and lead", "Council only"}
    assert notes(police_officer) == {"Everyone", "Police and lead"}


def test_a_contact_is_logged_in_the_timeline(normal_case, officer_a, client_for):
    today = timezone.localdate()
    response = client_for(officer_a).post(
        reverse("case-work", args=[normal_case.reference, "contact"]),
        {
            "contact-method": "visit",
            "contact-happened_on_0": today.day,
            "contact-happened_on_1": today.month,
            "contact-happened_on_2": today.year,
            "contact-summary": "Spoke to the neighbours",
        },
    )
    assert response.status_code == 302
    assert normal_case.events.filter(kind="contact", text__contains="Spoke to the neighbours").exists()


def test_a_contact_in_the_future_is_refused_on_the_page(normal_case, officer_a, client_for):
    later = timezone.localdate() + dt.timedelta(days=5)
    page = (
        client_for(officer_a)
        .post(
            reverse("case-work", args=[normal_case.reference, "contact"]),
            {
                "contact-method": "visit",
                "contact-happened_on_0": later.day,
                "contact-happened_on_1": later.month,
                "contact-happened_on_2": later.year,
                "contact-summary": "Visit",
            },
        )
        .content.decode()
    )
    assert "govuk-error-summary" in page and "must be today or in the past" in page


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("notes.txt", b"Plain notes", "text/plain"),
    ],
)
def test_documents_are_typed_by_their_bytes_and_kept_under_a_random_name(
    normal_case, officer_a, name, content, kind
):
    document = work.document_add(by=officer_a, case=normal_case, upload=SimpleUploadedFile(name, content))
    assert document.content_type == kind and document.original_name == name
    assert name.split(".")[0] not in document.file.name and document.file.name.startswith("case-documents/")


@pytest.mark.parametrize(
    ("name", "content"),
    [("evil.pdf", b"MZ\x90\x00\x03" + b"\x00" * 20), ("photo.jpg", b"GIF89a\x00\x00"), ("blank.txt", b"")],
)
def test_a_file_that_is_not_an_accepted_type_is_refused(normal_case, officer_a, name, content):
    with pytest.raises(ApplicationError):
        work.document_add(by=officer_a, case=normal_case, upload=SimpleUploadedFile(name, content))
    assert not CaseDocument.objects.exists()


@override_settings(CASE_DOCUMENT_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused_on_the_page(normal_case, officer_a, client_for):
    page = (
        client_for(officer_a)
        .post(
            reverse("case-work", args=[normal_case.reference, "document"]),
            {"document-file": SimpleUploadedFile("big.pdf", PDF + b" " * 2048)},
        )
        .content.decode()
    )
    assert "govuk-error-summary" in page and "must be smaller than" in page
    assert not CaseDocument.objects.exists()


def test_a_document_is_served_only_to_those_who_may_open_the_case(
    restricted_case, officer_a, police_officer, client_for
):
    document = work.document_add(by=officer_a, case=restricted_case, upload=SimpleUploadedFile("a.pdf", PDF))
    url = reverse("case-document", args=[restricted_case.reference, document.public_id])
    response = client_for(officer_a).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert client_for(police_officer).get(url).status_code == 403
