"""Communications: the campaign log, and press releases signed off by the community safety manager, then
the partnership's chair, before release."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class Channel(models.TextChoices):
    SOCIAL = "social", "Social media"
    PRESS = "press", "Press"
    LEAFLETS = "leaflets", "Leaflets and posters"
    EVENTS = "events", "Events"
    WEBSITE = "website", "Website"


class Campaign(PartnershipScoped):
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    reach = models.PositiveIntegerField(null=True, blank=True, help_text="People who saw or received it.")
    engagements = models.PositiveIntegerField(
        null=True, blank=True, help_text="Likes, shares, replies, conversations at events."
    )
    priority = models.CharField(
        max_length=200, blank=True, help_text="The partnership plan priority it supports, if any."
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="campaign_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SignOffStep(models.TextChoices):
    MANAGER = "manager", "Community safety manager"
    CHAIR = "chair", "Chair"


class PressSignatory(models.Model):
    """A person the partnership names to approve press releases at one step."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=10, choices=SignOffStep.choices)

    class Meta:
        ordering = ["step", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user", "step"], name="press_signatory_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_step_display()})"


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    WITH_MANAGER = "with_manager", "With the community safety manager"
    WITH_CHAIR = "with_chair", "With the chair"
    SIGNED_OFF = "signed_off", "Signed off, ready to release"
    RELEASED = "released", "Released"


class PressRelease(PartnershipScoped):
    title = models.CharField(max_length=200)
    body = models.TextField()
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="releases"
    )
    status = models.CharField(max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT)
    released_on = models.DateField(null=True, blank=True)
    released_to = models.CharField(max_length=300, blank=True, help_text="Where it went, e.g. local papers.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ReleaseEventKind(models.TextChoices):
    DRAFTED = "drafted", "Drafted"
    CHANGED = "changed", "Changed"
    SUBMITTED = "submitted", "Sent for sign-off"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned to draft"
    RELEASED = "released", "Released"


class PressReleaseEvent(models.Model):
    """The release's history: who did what, at which step, when, with any comment."""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=20, choices=ReleaseEventKind.choices)
    step = models.CharField(max_length=10, choices=SignOffStep.choices, blank=True)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.by}"
