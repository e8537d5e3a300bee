"""Engagement programmes (the Intensive Engagement pilot): eight steps per location, the local delivery
group that runs it, and the training delivered to the group."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped

TIMELINE_WEEKS = 40


class Step(models.TextChoices):
    """The eight steps, in the order they are worked through."""

    PURPOSE = "purpose", "Establish purpose"
    LOCAL_TEAMS = "local_teams", "Develop local teams"
    STAKEHOLDERS = "stakeholders", "Map stakeholders and networks"
    TRAINING = "training", "Deliver training"
    WORKING_GROUPS = "working_groups", "Form local working groups"
    SOLUTION_PICTURES = "solution_pictures", "Develop solution-rich pictures"
    INTERVENTIONS = "interventions", "Agree interventions and evaluation"
    ESCALATION = "escalation", "Establish escalation"


STEP_ORDER = {value: position for position, value in enumerate(Step.values, start=1)}


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    BLOCKED = "blocked", "Blocked"


class EngagementProgramme(PartnershipScoped):
    """One location's programme: a ward, a custom patch, or a named point."""

    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, help_text="Why this place, and what the programme should achieve.")
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    location_name = models.CharField(max_length=200, blank=True, help_text="Names the point, e.g. an estate.")
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    starts_on = models.DateField(help_text="Week 1 of the 40-week timeline starts on this day.")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False) | (Q(longitude__isnull=False) & ~Q(location_name="")),
                name="programme_has_a_place",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True, latitude__isnull=True)
                | Q(longitude__isnull=False, latitude__isnull=False),
                name="programme_point_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def place(self) -> str:
        return self.area.name if self.area_id and self.area else self.location_name

    @property
    def ends_on(self) -> dt.date:
        return self.starts_on + dt.timedelta(weeks=TIMELINE_WEEKS) - dt.timedelta(days=1)


class EngagementStep(models.Model):
    """One of a programme's eight steps: when it is planned, how it stands, and its deliverables."""

    programme = models.ForeignKey(EngagementProgramme, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=30, choices=Step.choices)
    position = models.PositiveSmallIntegerField()
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    blocked_reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "step"], name="step_once_per_programme"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="step_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(status="blocked") | ~Q(blocked_reason=""), name="blocked_step_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False), name="done_step_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_step_display()}"

    def is_late(self, today: dt.date) -> bool:
        """Not done by its planned end, or not started by its planned start."""
        if self.status == StepStatus.DONE:
            return (
                self.planned_end is not None
                and self.completed_on is not None
                and self.completed_on > self.planned_end
            )
        if self.planned_end is not None and today > self.planned_end:
            return True
        return (
            self.status == StepStatus.NOT_STARTED
            and self.planned_start is not None
            and today > self.planned_start
        )


class Deliverable(models.Model):
    step = models.ForeignKey(EngagementStep, on_delete=models.CASCADE, related_name="deliverables")
    text = models.CharField(max_length=300)
    done = models.BooleanField(default=False)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["step", "id"]

    def __str__(self) -> str:
        return self.text


class GroupMember(models.Model):
    """A member of a programme's local delivery group. Contact details are kept only with consent."""

    programme = models.ForeignKey(EngagementProgramme, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    group_role = models.CharField(max_length=120, blank=True, help_text="e.g. chair, secretary, member")
    organisation = models.CharField(max_length=200, blank=True, help_text="Blank for a resident.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_memberships",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    contact_consent_on = models.DateField(null=True, blank=True)
    contact_consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], condition=Q(user__isnull=False), name="account_once_per_group"
            ),
            models.CheckConstraint(
                condition=(Q(email="") & Q(phone="")) | Q(contact_consent_on__isnull=False),
                name="member_contact_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation(self) -> str:
        return self.organisation or "Resident"


class TrainingKind(models.TextChoices):
    PROBLEM_SOLVING = "problem_solving", "Problem-solving"
    VICINITY_AWARENESS = "vicinity_awareness", "Vicinity awareness"
    OTHER = "other", "Other"


class TrainingSession(models.Model):
    """Training delivered to a local delivery group, with how many came and who they were."""

    programme = models.ForeignKey(EngagementProgramme, on_delete=models.CASCADE, related_name="training")
    kind = models.CharField(max_length=30, choices=TrainingKind.choices)
    title = models.CharField(max_length=200, blank=True, help_text="What the training was, if other.")
    held_on = models.DateField()
    trainer = models.CharField(max_length=200)
    location = models.CharField(max_length=200)
    attendance = models.PositiveIntegerField()
    attendees = models.ManyToManyField(GroupMember, blank=True, related_name="training")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(attendance__gte=0), name="attendance_not_negative"),
            models.CheckConstraint(condition=~Q(kind="other") | ~Q(title=""), name="other_training_named"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} training, {self.held_on:%d %b %Y}"

    @property
    def name(self) -> str:
        return self.title or f"{self.get_kind_display()} training"
