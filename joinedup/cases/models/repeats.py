"""Repeat and vulnerable victims: the partnership's rule, and suggestions someone has dismissed.

There is no national definition of a repeat victim (REFERENCE.md §7.1: one force uses 3 similar ASB
occurrences in 3 months; "3 in 12 months" is unconfirmed), so the count and the window are data a
coordinator of each partnership sets. Who counts as the same person or place is decided in
`cases.repeats`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class RepeatVictimRule(PartnershipScoped):
    """How many incidents, within how many days, make someone (or somewhere) a repeat victim."""

    incidents = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(2), MaxValueValidator(50)]
    )
    window_days = models.PositiveSmallIntegerField(
        default=365, validators=[MinValueValidator(7), MaxValueValidator(1095)]
    )
    # Reports carry a map point, not an address: points this close count as the same place.
    same_place_metres = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership"], name="one_repeat_rule_per_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.incidents} or more incidents in {self.window_days} days"


class RepeatDismissal(PartnershipScoped):
    """A repeat-victim suggestion someone decided needs no case, and why.

    `keys` are keyed hashes of what joined the incidents (an email address, a phone number, a person
    record, an address or a map point), never the values themselves. The same person or place is not
    suggested again until an incident newer than `incidents_up_to` arrives.
    """

    keys = models.JSONField(default=list)
    incidents_up_to = models.DateTimeField()
    incident_count = models.PositiveSmallIntegerField()
    reason = models.TextField()
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dismissed_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-dismissed_at", "-id"]

    def __str__(self) -> str:
        return f"Repeat-victim suggestion dismissed on {self.dismissed_at:%Y-%m-%d}"
