"""The community asset map: people, organisations, places and services a neighbourhood can call on,
including Safe Places (businesses that shelter someone who feels vulnerable)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class AssetKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    PLACE = "place", "Place"
    SERVICE = "service", "Service"


class ContactSharing(models.TextChoices):
    """What the contact agreed to when they gave their details."""

    STAFF = "staff", "Partner staff of the partnership only"
    GROUPS = "groups", "Partner staff and local delivery group members"
    PUBLISHED = "published", "Anyone the asset list is shared with, including exported lists"


class CommunityAsset(PartnershipScoped):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AssetKind.choices)
    category = models.CharField(max_length=100, help_text="e.g. youth club, faith group, shop, park")
    description = models.TextField(blank=True)
    capabilities = models.JSONField(default=list, blank=True, help_text="What it can offer, e.g. first aid.")
    safe_place = models.BooleanField(default=False, help_text="Shelters people who feel vulnerable.")
    opening_hours = models.CharField(max_length=300, blank=True)
    address = models.CharField(max_length=300, blank=True)
    longitude = models.FloatField()
    latitude = models.FloatField()
    ward = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Contact details are kept only with recorded consent: who gave it, when, and for what sharing.
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    consent_given_by = models.CharField(max_length=200, blank=True)
    consent_on = models.DateField(null=True, blank=True)
    consent_sharing = models.CharField(max_length=20, choices=ContactSharing.choices, blank=True)
    consent_recorded_by = models.ForeignKey(
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
        indexes = [models.Index(fields=["partnership", "kind"], name="asset_partnership_kind")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(contact_name="") & Q(contact_email="") & Q(contact_phone=""))
                | (Q(consent_on__isnull=False) & ~Q(consent_given_by="") & ~Q(consent_sharing="")),
                name="asset_contact_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)
