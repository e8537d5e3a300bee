"""The work on a case: actions for partners, notes, contacts and visits, documents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class CaseAction(models.Model):
    """Something a partner (or one of its teams or officers) has agreed to do, by a date."""

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    assigned_organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    assigned_team = models.ForeignKey(
        "partners.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(blank=True)
    # The day whoever holds it was told it had become overdue, so they are told once.
    overdue_notice_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["assigned_organisation", "due_on"],
                condition=Q(status="open"),
                name="case_action_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Sensitivity(models.TextChoices):
    STANDARD = "standard", "Everyone who can see the case"
    SENSITIVE = "sensitive", "The lead partner and my organisation"
    CONFIDENTIAL = "confidential", "My organisation only"


class CaseNote(models.Model):
    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    sensitivity = models.CharField(max_length=20, choices=Sensitivity.choices, default=Sensitivity.STANDARD)
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Note on {self.case}"


class ContactMethod(models.TextChoices):
    VISIT = "visit", "Home or site visit"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email or letter"
    MEETING = "meeting", "Meeting"
    OTHER = "other", "Other"


class CaseContact(models.Model):
    """A contact or visit: who was seen or spoken to, how, when and what came of it."""

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    happened_on = models.DateField()
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["happened_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.happened_on}"


class CaseDocument(models.Model):
    """An uploaded document, kept privately under MEDIA_ROOT and served only by an access-checked view."""

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="documents")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to="case-documents/%Y/%m/", max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"Document {self.public_id.hex[:8]}"
