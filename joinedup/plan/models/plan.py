"""The partnership plan: the strategic assessment it rests on, priorities, objectives, measures and actions.

The plan covers several years (three by default) and is refreshed each year on a new strategic
assessment (Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007); earlier
assessments are kept, so the plan's history can be read back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.intelligence.models import GoodDirection, MeasurePeriod
from joinedup.partners.scoping import PartnershipScoped


class StrategicAssessment(PartnershipScoped):
    """The annual analysis of crime, disorder and substance misuse the plan's priorities come from."""

    title = models.CharField(max_length=200)
    published_on = models.DateField()
    summary = models.TextField()
    link = models.URLField(blank=True, help_text="Where the full assessment is published, if it is.")
    file_reference = models.CharField(
        max_length=200, blank=True, help_text="Where the document is kept, e.g. a file plan reference."
    )
    plan = models.ForeignKey(
        "Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="assessments_recorded"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Plan(PartnershipScoped):
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    refreshed_on = models.DateField(null=True, blank=True, help_text="When the plan was last refreshed.")
    assessment = models.ForeignKey(
        StrategicAssessment, on_delete=models.PROTECT, related_name="plans", help_text="The latest one."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="plan_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"

    @property
    def period_label(self) -> str:
        return f"{self.starts_on.year} to {self.ends_on.year}"


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    areas_of_focus = models.TextField(blank=True, help_text="One area of focus a line.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name_plural = "priorities"
        constraints = [models.UniqueConstraint(fields=["plan", "title"], name="priority_title_once_in_plan")]

    def __str__(self) -> str:
        return self.title

    @property
    def focus_list(self) -> list[str]:
        return [line.strip() for line in self.areas_of_focus.splitlines() if line.strip()]


class Objective(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["priority", "position", "id"]

    def __str__(self) -> str:
        return self.title


class MeasureSource(models.TextChoices):
    SCORECARD = "scorecard", "Linked to a scorecard measure (worked out live)"
    ENTERED = "entered", "Entered by partners each period"


class PlanMeasure(models.Model):
    """How an objective's progress is judged: a scorecard measure, or figures partners enter."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=10, choices=MeasureSource.choices)
    scorecard_measure = models.ForeignKey(
        "intelligence.Measure", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_measures"
    )
    period = models.CharField(max_length=10, choices=MeasurePeriod.choices, default=MeasurePeriod.QUARTER)
    unit = models.CharField(max_length=60, blank=True)
    baseline = models.FloatField(null=True, blank=True)
    baseline_label = models.CharField(max_length=60, blank=True, help_text="When the baseline is from.")
    target = models.FloatField(null=True, blank=True, help_text="Per period.")
    direction = models.CharField(max_length=4, choices=GoodDirection.choices, default=GoodDirection.DOWN)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["objective", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="scorecard", scorecard_measure__isnull=False)
                | Q(source="entered", scorecard_measure__isnull=True),
                name="plan_measure_linked_only_when_from_scorecard",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PlanMeasureValue(models.Model):
    """A partner's figure for one period (the period's first day) of an entered plan measure."""

    measure = models.ForeignKey(PlanMeasure, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField()
    value = models.FloatField()
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_start"], name="plan_measure_value_once_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value:g} ({self.period_start:%Y-%m})"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PlanAction(models.Model):
    """Something a partner or a governance group has agreed to do towards an objective."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    responsible_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_group = models.ForeignKey(
        "partners.GovernanceGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_date = models.DateField()
    resources = models.TextField(blank=True, help_text="People, time or money committed, in words.")
    resources_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["objective", "target_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_organisation__isnull=False, responsible_group__isnull=True)
                | Q(responsible_organisation__isnull=True, responsible_group__isnull=False),
                name="plan_action_has_one_responsible",
            ),
            models.CheckConstraint(
                condition=Q(resources_amount__isnull=True) | Q(resources_amount__gte=0),
                name="plan_action_resources_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible(self) -> object:
        return self.responsible_organisation or self.responsible_group


class ActionUpdate(models.Model):
    """A dated progress note on an action, with the status it leaves the action in."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    status_before = models.CharField(max_length=20, choices=ActionStatus.choices)
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()} ({self.written_at:%Y-%m-%d})"
