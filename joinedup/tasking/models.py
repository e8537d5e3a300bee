"""Tasking groups, their meetings, generated agendas, attendance, minutes and the action log.

A tasking group is a group of the partnership's governance tree (`partners.GovernanceGroup`) that
meets on a cycle; its member organisations are the governance group's members, and it may also
name people. A meeting's agenda is generated from live data (see `agenda_sources`), then edited by
a coordinator and published. Actions agreed at a meeting belong to the group and carry forward to
every later agenda until closed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class CycleUnit(models.TextChoices):
    WEEKS = "weeks", "Weeks"
    MONTHS = "months", "Months"


class TaskingGroup(PartnershipScoped):
    governance_group = models.OneToOneField(
        "partners.GovernanceGroup", on_delete=models.PROTECT, related_name="tasking"
    )
    terms_of_reference = models.TextField()
    cycle_every = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    cycle_unit = models.CharField(max_length=10, choices=CycleUnit.choices, default=CycleUnit.MONTHS)
    # Named people, on top of the staff of the member organisations.
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="tasking_groups")
    # Codes of the agenda sources this group's agendas draw on (see `agenda_sources.SOURCES`).
    agenda_sources = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["governance_group__name"]

    def __str__(self) -> str:
        return self.governance_group.name

    @property
    def name(self) -> str:
        return self.governance_group.name

    @property
    def cycle_label(self) -> str:
        unit = self.get_cycle_unit_display().lower()
        return f"every {unit[:-1]}" if self.cycle_every == 1 else f"every {self.cycle_every} {unit}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    PUBLISHED = "published", "Agenda published"
    HELD = "held", "Held"


class Meeting(PartnershipScoped):
    group = models.ForeignKey(TaskingGroup, on_delete=models.PROTECT, related_name="meetings")
    scheduled_for = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    # The window the agenda was generated for: since the group's previous meeting, and the incident
    # months tested (police data comes by month, so the next agenda starts after the last one tested).
    covers_from = models.DateTimeField(null=True, blank=True)
    covers_to = models.DateTimeField(null=True, blank=True)
    data_from = models.DateField(null=True, blank=True)
    data_to = models.DateField(null=True, blank=True)
    generation_notes = models.JSONField(default=list, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Optimistic concurrency for the agenda: every edit bumps it; an edit from an older one is refused.
    version = models.PositiveIntegerField(default=1)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        indexes = [models.Index(fields=["group", "scheduled_for"], name="meeting_group_when")]

    def __str__(self) -> str:
        return f"{self.group} on {timezone.localtime(self.scheduled_for):%-d %B %Y}"


class AgendaItem(models.Model):
    """One item on an agenda: generated from a source (with its data) or added by the coordinator.

    `data` holds what the item is about as references and figures only (case references, report
    references, counts); names and free text from case files are read live, for viewers who may see
    them, so the agenda never becomes a second copy of personal data.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True, help_text="The coordinator's note for the meeting.")
    minutes = models.TextField(blank=True)
    update_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.source == "free"


class ItemUpdate(models.Model):
    """An owner's written update on an agenda item, before or at the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Update on {self.item}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation", "person"], name="attendance_once_per_person"
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(person__isnull=True),
                name="attendance_once_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class TaskingAction(PartnershipScoped):
    """A decision of a meeting turned into work: an owner partner and a due date are required."""

    group = models.ForeignKey(TaskingGroup, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(max_length=300)
    owner_organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["group", "due_on"], condition=Q(status="open"), name="tasking_action_open")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False), name="closed_action_has_date"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    """Progress on an action, in order; the one that closes it says so."""

    action = models.ForeignKey(TaskingAction, on_delete=models.CASCADE, related_name="updates")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    closed = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Update on {self.action}"
