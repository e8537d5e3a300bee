"""Problem profiles (SARA with an objective first, REFERENCE.md §6): the problem, its analysis, the
partners' responses and the assessment of whether they worked, with a timeline of every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class Stage(models.TextChoices):
    SCANNING = "scanning", "Scanning"
    ANALYSIS = "analysis", "Analysis"
    RESPONSE = "response", "Response"
    ASSESSMENT = "assessment", "Assessment"
    CLOSED = "closed", "Closed"


class ProfileSource(models.TextChoices):
    HOTSPOT = "hotspot", "A hotspot or area"
    LOCATION = "location", "A repeat location"
    REPORTS = "reports", "A set of reports"
    CASE = "case", "A case"


class ProblemProfile(PartnershipScoped):
    """One problem a partnership has chosen to solve, and where it is (the target area)."""

    reference = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=200)
    objective = models.TextField(help_text="What the partnership wants to achieve, and by when.")
    source = models.CharField(max_length=20, choices=ProfileSource.choices)
    source_note = models.CharField(max_length=300, blank=True, help_text="What the profile was made from.")

    # Where: the target area as GeoJSON (WGS84), from the source; `area` is the ward or area it came from.
    boundary = models.TextField(help_text="GeoJSON geometry of the target area in WGS84 longitude/latitude.")
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location_name = models.CharField(max_length=200, blank=True)
    categories = models.JSONField(
        default=list, blank=True, help_text="Incident category codes the problem is about; empty for all."
    )
    period_from = models.DateField(help_text="First month scanned.")
    period_to = models.DateField(help_text="Last month scanned.")

    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SCANNING)
    owner_partner = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(default=timezone.localdate)
    review_on = models.DateField(null=True, blank=True, help_text="When the tasking group next reviews it.")
    closed_at = models.DateTimeField(null=True, blank=True)

    # The problem analysis triangle: the inner three, and who controls each.
    pat_victim = models.TextField(blank=True, verbose_name="victim or target")
    pat_offender = models.TextField(blank=True, verbose_name="offender")
    pat_location = models.TextField(blank=True, verbose_name="location")
    pat_guardian = models.TextField(blank=True, verbose_name="guardian")
    pat_handler = models.TextField(blank=True, verbose_name="handler")
    pat_manager = models.TextField(blank=True, verbose_name="place manager")

    reports = models.ManyToManyField("reports.Report", blank=True, related_name="problem_profiles")
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="problem_profiles")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic concurrency: every change bumps it; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["partnership", "stage", "review_on"], name="problem_stage_review")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_from__lte=models.F("period_to")), name="problem_period_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(stage="closed") | Q(closed_at__isnull=False), name="closed_problem_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED


class HypothesisStatus(models.TextChoices):
    OPEN = "open", "Not tested yet"
    SUPPORTED = "supported", "Supported by the evidence"
    REJECTED = "rejected", "Rejected by the evidence"


class Hypothesis(models.Model):
    """A possible explanation of the problem, to test against the data."""

    profile = models.ForeignKey(ProblemProfile, on_delete=models.CASCADE, related_name="hypotheses")
    text = models.TextField()
    status = models.CharField(max_length=20, choices=HypothesisStatus.choices, default=HypothesisStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "hypotheses"

    def __str__(self) -> str:
        return self.text[:60]


class InterventionGroup(models.TextChoices):
    """The five aims of situational crime prevention (Cornish and Clarke), and the other kinds of response."""

    INCREASE_EFFORT = "increase_effort", "Increase the effort"
    INCREASE_RISKS = "increase_risks", "Increase the risks"
    REDUCE_REWARDS = "reduce_rewards", "Reduce the rewards"
    REDUCE_PROVOCATIONS = "reduce_provocations", "Reduce provocations"
    REMOVE_EXCUSES = "remove_excuses", "Remove excuses"
    ENFORCEMENT = "enforcement", "Enforcement"
    DIVERSION = "diversion", "Diversion"
    ENGAGEMENT = "engagement", "Engagement"


class InterventionType(models.Model):
    """One kind of response from the catalogue. Data, seeded by a migration; coordinators may add more."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    group = models.CharField(max_length=30, choices=InterventionGroup.choices)
    description = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.name}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ResponseAction(models.Model):
    """A response a partner has agreed to deliver, of one type from the catalogue, by a date."""

    profile = models.ForeignKey(ProblemProfile, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    intervention = models.ForeignKey(InterventionType, on_delete=models.PROTECT, related_name="+")
    owner_partner = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    """A before/after comparison computed from the incident store, and the owner's conclusion.

    `results` keeps the figures as computed (see `before_after.AssessmentFigures.as_json`), so the
    assessment reads the same later even when more data is imported.
    """

    profile = models.ForeignKey(ProblemProfile, on_delete=models.CASCADE, related_name="assessments")
    before_from = models.DateField()
    before_to = models.DateField()
    after_from = models.DateField()
    after_to = models.DateField()
    buffer_m = models.PositiveIntegerField()
    comparison_area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(default=list, blank=True)
    results = models.JSONField(default=dict)
    conclusion = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(before_from__lte=models.F("before_to")), name="before_in_order"
            ),
            models.CheckConstraint(condition=Q(after_from__lte=models.F("after_to")), name="after_in_order"),
            models.CheckConstraint(
                condition=Q(before_to__lt=models.F("after_from")), name="before_then_after"
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment of {self.profile}"


class EventKind(models.TextChoices):
    CREATED = "created", "Profile started"
    CHANGED = "changed", "Details changed"
    STAGE = "stage", "Stage changed"
    HYPOTHESIS = "hypothesis", "Hypothesis added"
    ACTION_SET = "action_set", "Response planned"
    ACTION_STATUS = "action_status", "Response updated"
    ASSESSED = "assessed", "Assessment made"
    PATROL_PLANNED = "patrol_planned", "Patrol planned"
    PATROL_LOGGED = "patrol_logged", "Patrol logged"
    ISSUE_RAISED = "issue_raised", "Issue raised as a report"


class ProfileEvent(models.Model):
    """One entry in a profile's timeline. Only ever added to."""

    profile = models.ForeignKey(ProblemProfile, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["profile", "at"])]

    def __str__(self) -> str:
        return f"{self.profile} {self.kind}"
