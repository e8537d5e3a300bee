"""The case file: what kind of case, who leads it, where, and everything that happened to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class CaseKind(models.Model):
    """A kind of case, e.g. personal ASB or a problem location. Data, seeded by a migration.

    `data_classes` are the codes of the `partners.DataClass`es that sharing a case of this kind
    needs an agreement for, on top of those its people bring (see `cases.policy`).
    """

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    data_classes = models.JSONField(default=list, blank=True)
    restricted_by_default = models.BooleanField(
        default=False, help_text="New cases of this kind start restricted to named people."
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    UNDER_REVIEW = "under_review", "Under review"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved: the behaviour stopped"
    ENFORCEMENT = "enforcement", "Enforcement action taken"
    SUPPORT = "support", "Support in place, no further action needed"
    MOVED = "moved", "A party moved away"
    NO_FURTHER_ACTION = "no_further_action", "No further action possible"
    MERGED = "merged", "Merged into another case"


class RiskLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RestrictionReason(models.TextChoices):
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    EXPLOITATION = "exploitation", "Exploitation"
    OTHER = "other", "Other sensitive case"


class Case(PartnershipScoped):
    reference = models.CharField(max_length=30, unique=True)
    kind = models.ForeignKey(CaseKind, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    lead_partner = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="led_cases"
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="led_cases"
    )
    summary = models.TextField()

    # Where: an address, a point (WGS84) and the area it is in; any may be blank.
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    address_key = models.CharField(max_length=80, blank=True, db_index=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    reports = models.ManyToManyField("reports.Report", blank=True, related_name="cases")
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    review_on = models.DateField(null=True, blank=True)
    restricted = models.BooleanField(default=False, help_text="Only named people may see it.")
    restriction_reason = models.CharField(max_length=20, choices=RestrictionReason.choices, blank=True)

    opened_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: every change bumps it; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["lead_partner", "status", "-updated_at"], name="case_lead_status_updated"),
            models.Index(fields=["partnership", "status", "closed_at"], name="case_partnership_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="closed_case_has_outcome"
            ),
            models.CheckConstraint(
                condition=Q(restricted=False) | ~Q(restriction_reason=""), name="restricted_case_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class EventKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    CHANGED = "changed", "Case details changed"
    STATUS = "status", "Status changed"
    PERSON_ADDED = "person_added", "Person added"
    PERSON_REMOVED = "person_removed", "Person removed"
    REPORT_LINKED = "report_linked", "Report linked"
    SHARED = "shared", "Shared"
    SHARE_ENDED = "share_ended", "Sharing ended"
    NAMED = "named", "Access given"
    UNNAMED = "unnamed", "Access removed"
    ACCESS_REQUESTED = "access_requested", "Access requested"
    ACCESS_GRANTED = "access_granted", "Access request granted"
    ACCESS_REFUSED = "access_refused", "Access request refused"
    ACTION_SET = "action_set", "Action set"
    ACTION_DONE = "action_done", "Action completed"
    NOTE = "note", "Note"
    CONTACT = "contact", "Contact"
    DOCUMENT = "document", "Document added"
    REFERRAL_SENT = "referral_sent", "Referral sent"
    REFERRAL_ACCEPTED = "referral_accepted", "Referral accepted"
    REFERRAL_DECLINED = "referral_declined", "Referral declined"
    REFERRAL_CLOSED = "referral_closed", "Referral closed"
    REFERRAL_WITHDRAWN = "referral_withdrawn", "Referral withdrawn"
    RISK_ASSESSED = "risk_assessed", "Risk assessed"


class CaseEvent(models.Model):
    """One entry in a case's timeline. Only ever added to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    text = models.TextField(blank=True)
    # A note's entry shows the note only to those its sensitivity allows (see selectors).
    note = models.ForeignKey("CaseNote", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"
