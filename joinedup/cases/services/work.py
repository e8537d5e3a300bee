"""The work on a case: actions for partners, notes, contacts and visits, and documents."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Organisation, Role, Team, User

from .. import selectors
from ..models import (
    ActionStatus,
    Case,
    CaseAction,
    CaseContact,
    CaseDocument,
    CaseNote,
    ContactMethod,
    EventKind,
    Person,
    Sensitivity,
)
from .cases import event_add, require_open


@transaction.atomic
def action_set(
    *,
    by: Any,
    case: Case,
    title: str,
    organisation: Organisation,
    due_on: dt.date,
    details: str = "",
    team: Team | None = None,
    officer: User | None = None,
    today: dt.date | None = None,
) -> CaseAction:
    """Give a partner (and optionally one of its teams or officers) something to do by a date."""
    require_open(by, case)
    today = today or timezone.localdate()
    if not title.strip():
        raise ApplicationError("Say what needs to be done", field="title")
    if not selectors.case_partner_organisations(case=case).filter(id=organisation.id).exists():
        raise ApplicationError(
            f"{organisation.name} cannot see {case.reference}. Share the case with them first.",
            field="organisation",
        )
    if team is not None and team.organisation_id != organisation.id:
        raise ApplicationError(f"{team.name} is not a team of {organisation.name}.", field="team")
    if officer is not None:
        if officer.organisation_id != organisation.id:
            raise ApplicationError(
                f"{officer.full_name} does not work for {organisation.name}.", field="officer"
            )
        if not selectors.cases_open_to(officer).filter(pk=case.pk).exists():
            raise ApplicationError(f"{officer.full_name} cannot see {case.reference}.", field="officer")
    if due_on < today:
        raise ApplicationError("The due date must be today or in the future", field="due_on")
    action = CaseAction.objects.create(
        case=case,
        title=title.strip(),
        details=details.strip(),
        assigned_organisation=organisation,
        assigned_team=team,
        assigned_officer=officer,
        due_on=due_on,
        created_by=by,
    )
    owner = officer.full_name if officer else (team.name if team else organisation.name)
    event_add(
        case,
        by=by,
        kind=EventKind.ACTION_SET,
        text=f"{action.title}: {owner}, by {due_on:%-d %B %Y}",
        data={"action": action.id},
    )
    audit_record(by=by, action=Action.CHANGED, obj=case, changes={"action_set": action.id, "owner": owner})
    return action


@transaction.atomic
def action_complete(*, by: Any, action: CaseAction, note: str) -> CaseAction:
    case = action.case
    require_open(by, case)
    if by is not None and by.organisation_id not in (action.assigned_organisation_id, case.lead_partner_id):
        raise NotPermitted(
            f"Only {action.assigned_organisation.name} or the lead partner can complete this action."
        )
    if action.status != ActionStatus.OPEN:
        raise ApplicationError("This action has already been completed.")
    if not note.strip():
        raise ApplicationError("Say what was done", field="note")
    action.status = ActionStatus.DONE
    action.completed_at = timezone.now()
    action.completed_by = by
    action.completion_note = note.strip()
    action.save(update_fields=["status", "completed_at", "completed_by", "completion_note"])
    event_add(case, by=by, kind=EventKind.ACTION_DONE, text=f"{action.title}: {action.completion_note}")
    audit_record(by=by, action=Action.CHANGED, obj=case, changes={"action_done": action.id})
    return action


def _holders(action: CaseAction) -> list[str]:
    """Who is told an action is overdue: its officer; else its team; else its partner's managers."""
    officer = action.assigned_officer
    if officer is not None and officer.is_active:
        return [officer.email]
    staff = User.objects.filter(is_active=True, partnerships=action.case.partnership_id)
    team = staff.filter(team_id=action.assigned_team_id) if action.assigned_team_id else staff.none()
    people = (
        team
        if team.exists()
        else staff.filter(organisation_id=action.assigned_organisation_id, role=Role.MANAGER)
    )
    return list(people.values_list("email", flat=True))


@transaction.atomic
def actions_overdue_notice(*, today: dt.date | None = None) -> dict[str, list[str]]:
    """Once an open action passes its due date, tell whoever holds it, once; returns email → references.

    The action queue shows overdue actions first all along; this is the nudge for people not looking.
    """
    today = today or timezone.localdate()
    overdue = (
        CaseAction.objects.select_for_update(of=("self",))
        .filter(status=ActionStatus.OPEN, due_on__lt=today, overdue_notice_on__isnull=True)
        .select_related("case", "assigned_officer")
    )
    told: dict[str, set[str]] = {}
    ids = []
    for action in overdue:
        ids.append(action.id)
        for email in _holders(action):
            told.setdefault(email, set()).add(action.case.reference)
    CaseAction.objects.filter(id__in=ids).update(overdue_notice_on=today)
    return {email: sorted(references) for email, references in told.items()}


@transaction.atomic
def note_add(*, by: Any, case: Case, text: str, sensitivity: str = Sensitivity.STANDARD) -> CaseNote:
    require_open(by, case)
    if not text.strip():
        raise ApplicationError("Enter the note", field="text")
    if sensitivity not in Sensitivity.values:
        raise ApplicationError("Choose who may read the note", field="sensitivity")
    note = CaseNote.objects.create(
        case=case,
        text=text.strip(),
        sensitivity=sensitivity,
        organisation=getattr(by, "organisation", None),
        author=by,
    )
    event_add(case, by=by, kind=EventKind.NOTE, note=note)
    audit_record(
        by=by, action=Action.CHANGED, obj=case, changes={"note_added": note.id, "sensitivity": sensitivity}
    )
    return note


@transaction.atomic
def contact_add(
    *,
    by: Any,
    case: Case,
    method: str,
    happened_on: dt.date,
    summary: str,
    person: Person | None = None,
    today: dt.date | None = None,
) -> CaseContact:
    require_open(by, case)
    today = today or timezone.localdate()
    if method not in ContactMethod.values:
        raise ApplicationError("Choose how the contact was made", field="method")
    if happened_on > today:
        raise ApplicationError("The date of the contact must be today or in the past", field="happened_on")
    if not summary.strip():
        raise ApplicationError("Say what was discussed or found", field="summary")
    if person is not None and not case.people.filter(person=person).exists():
        raise ApplicationError("That person is not in this case.", field="person")
    contact = CaseContact.objects.create(
        case=case,
        person=person,
        method=method,
        happened_on=happened_on,
        summary=summary.strip(),
        recorded_by=by,
        organisation=getattr(by, "organisation", None),
    )
    who = f" with {person.full_name}" if person else ""
    event_add(
        case,
        by=by,
        kind=EventKind.CONTACT,
        text=f"{contact.get_method_display()}{who} on {happened_on:%-d %B %Y}: {contact.summary}",
    )
    audit_record(by=by, action=Action.CHANGED, obj=case, changes={"contact_added": contact.id})
    return contact


# --- documents ---------------------------------------------------------------------------------------------

# What the bytes must start with; the name and type the browser claims are never trusted.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACCEPTED = "PDF, Word (DOCX), JPG, PNG or plain text"


def document_type(data: bytes) -> tuple[str, str]:
    """The content type and extension the bytes really are, or ApplicationError."""
    for signature, content_type, extension in _SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096] + data[-65536:]:
        return _DOCX, "docx"
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "text/plain", "txt"
    raise ApplicationError(f"The selected file must be a {ACCEPTED}", field="file")


def _read(upload: UploadedFile) -> bytes:
    limit = settings.CASE_DOCUMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ApplicationError(
            f"The selected file must be smaller than {limit // (1024 * 1024)}MB", field="file"
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ApplicationError(
            f"The selected file must be smaller than {limit // (1024 * 1024)}MB", field="file"
        )
    if not data:
        raise ApplicationError("The selected file is empty", field="file")
    return data


@transaction.atomic
def document_add(*, by: Any, case: Case, upload: UploadedFile, description: str = "") -> CaseDocument:
    """Keep a checked document privately, under a random name (the original name may identify someone)."""
    require_open(by, case)
    data = _read(upload)
    content_type, extension = document_type(data)
    original = (upload.name or "document").replace("/", "_").replace("\\", "_")[-200:]
    document = CaseDocument(
        case=case,
        original_name=original,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        description=description.strip(),
        uploaded_by=by,
    )
    document.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    try:
        document.save()
        event_add(
            case,
            by=by,
            kind=EventKind.DOCUMENT,
            text=document.description or "Document",
            data={"document": str(document.public_id)},
        )
        audit_record(
            by=by,
            action=Action.CREATED,
            obj=document,
            partnership=case.partnership,
            changes={"case": case.reference, "type": content_type, "size": len(data)},
        )
    except Exception:
        document.file.delete(save=False)  # a failed upload leaves no file behind
        raise
    return document
