"""Joint patrols: who goes (partners and named people), where, when, and what they found and did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class PatrolStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Patrol(PartnershipScoped):
    """A joint patrol to a problem location, a hotspot or an area. Done patrols count as outputs."""

    profile = models.ForeignKey(
        "ProblemProfile", null=True, blank=True, on_delete=models.PROTECT, related_name="patrols"
    )
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    where = models.CharField(max_length=300, help_text="Streets or places to cover, in words.")
    purpose = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    organisations = models.ManyToManyField("partners.Organisation", related_name="+")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="patrols")
    others = models.CharField(
        max_length=300, blank=True, help_text="People without an account, e.g. two street pastors."
    )
    status = models.CharField(max_length=20, choices=PatrolStatus.choices, default=PatrolStatus.PLANNED)
    engagements = models.PositiveIntegerField(default=0, help_text="People spoken to.")
    engagement_notes = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["partnership", "starts_at"], name="patrol_partnership_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="patrol_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(profile__isnull=False) | Q(area__isnull=False) | ~Q(where=""),
                name="patrol_has_a_place",
            ),
        ]

    def __str__(self) -> str:
        return f"Patrol {self.starts_at:%Y-%m-%d %H:%M}, {self.where}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class PatrolIssue(models.Model):
    """Something a patrol found, raised as a report so it is routed like any other."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="issues")
    report = models.OneToOneField("reports.Report", on_delete=models.PROTECT, related_name="patrol_issue")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["raised_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} from {self.patrol}"
