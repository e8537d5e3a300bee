"""Referrals: a person in a case referred to a partner's service, with the lawful basis for sharing.

The receiving partner sees the referral (not the case file), accepts or declines it, and later
records the outcome, which comes back to the case.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class PartnerService(PartnershipScoped):
    """A service a partner offers in a partnership, e.g. Victim Support's victim support or a tenancy
    sustainment team. Coordinators and the partner's own managers keep the list."""

    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    who_for = models.CharField("who it is for", max_length=300, blank=True)
    active = models.BooleanField(default=True, help_text="Taking referrals.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["organisation__name", "name", "id"]
        verbose_name = "service"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation", "name"], name="partner_service_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReferralConsent(models.TextChoices):
    GIVEN = "given", "Yes, they agreed to be referred"
    NOT_NEEDED = "not_needed", "No, but consent is not needed"


class ConsentExemption(models.TextChoices):
    """Why a referral may go without consent. Each still needs an agreement with the receiver."""

    SAFEGUARDING = "safeguarding", "Safeguarding a child or an adult at risk"
    CRIME = "crime", "Preventing or detecting crime (Crime and Disorder Act 1998, section 115)"
    VITAL_INTERESTS = "vital_interests", "Someone's life or safety is at immediate risk"


class ReferralStatus(models.TextChoices):
    SENT = "sent", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn by the referrer"


class Referral(PartnershipScoped):
    """One person in a case referred to one service. Addressed by `public_id` in URLs."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="referrals")
    person = models.ForeignKey("Person", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(PartnerService, on_delete=models.PROTECT, related_name="referrals")
    # The service's partner when it was sent: the queue it lands in, even if the service moves on.
    receiving_organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referring_organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(help_text="Why they are referred and what they need.")

    consent = models.CharField(max_length=20, choices=ReferralConsent.choices)
    consent_on = models.DateField(null=True, blank=True, help_text="When they agreed.")
    consent_exemption = models.CharField(max_length=20, choices=ConsentExemption.choices, blank=True)
    consent_exemption_detail = models.TextField(blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(default=timezone.now)
    # The agreements relied on (none is needed when the person consented).
    agreements = models.ManyToManyField("partners.SharingAgreement", blank=True, related_name="+")

    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, help_text="Why it was declined, or a note on accepting.")
    outcome = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # The referrer's side may withdraw a referral that is not finished (the person moved away, or no
    # longer wants the help): the receiving partner is told, and the record stays for the audit trail.
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    # Optimistic concurrency: two people deciding at once never overwrite each other.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-referred_at", "-id"]
        indexes = [
            models.Index(fields=["receiving_organisation", "status", "-referred_at"], name="referral_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(consent="given") | Q(consent_on__isnull=False), name="referral_consent_dated"
            ),
            models.CheckConstraint(
                condition=~Q(consent="not_needed")
                | (~Q(consent_exemption="") & ~Q(consent_exemption_detail="")),
                name="referral_without_consent_says_why",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_note=""), name="declined_referral_says_why"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="closed_referral_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="withdrawn_referral_says_why",
            ),
            models.UniqueConstraint(
                fields=["person", "service"],
                condition=Q(status__in=["sent", "accepted"]),
                name="one_open_referral_per_person_and_service",
            ),
        ]

    def __str__(self) -> str:
        # Never the person's name: this is what the append-only audit trail keeps.
        return f"Referral {self.public_id.hex[:8]}"

    @property
    def is_open(self) -> bool:
        return self.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
