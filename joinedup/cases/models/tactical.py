"""The multi-agency tactical group list: the vulnerable people and problem locations the group reviews,
each with its risk management plan, who owns the plan and when it is next reviewed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class TacticalSubject(models.TextChoices):
    PERSON = "person", "Person"
    LOCATION = "location", "Problem location"


class TacticalStatus(models.TextChoices):
    ACTIVE = "active", "On the list"
    REMOVED = "removed", "Removed"


class TacticalListEntry(PartnershipScoped):
    """A person in a case, or the place a case is about, that the tactical group keeps under review.

    Removing keeps the row, with the reason: the group's minutes refer back to it.
    """

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="tactical_entries")
    subject = models.CharField(max_length=10, choices=TacticalSubject.choices)
    person = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.CASCADE, related_name="tactical_entries"
    )
    location = models.CharField(max_length=300, blank=True, help_text="The place, for a problem location.")
    plan = models.TextField(help_text="The risk management plan.")
    plan_owner = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    review_on = models.DateField()
    status = models.CharField(max_length=10, choices=TacticalStatus.choices, default=TacticalStatus.ACTIVE)
    removed_reason = models.TextField(blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic concurrency, as for cases: an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["review_on", "id"]
        verbose_name_plural = "tactical list entries"
        indexes = [
            models.Index(
                fields=["partnership", "review_on"],
                condition=Q(status="active"),
                name="tactical_active_review",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject="person", person__isnull=False)
                | Q(subject="location", person__isnull=True),
                name="tactical_person_entry_names_person",
            ),
            models.CheckConstraint(
                condition=Q(status="active") | ~Q(removed_reason=""), name="tactical_removal_has_reason"
            ),
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=Q(status="active", subject="person"),
                name="tactical_person_once_per_case",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="active", subject="location"),
                name="tactical_location_once_per_case",
            ),
        ]

    def __str__(self) -> str:
        # Never the person's name: this is what the audit trail keeps.
        return f"Tactical list entry {self.pk} on {self.case}"

    @property
    def is_active(self) -> bool:
        return self.status == TacticalStatus.ACTIVE
