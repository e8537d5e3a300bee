"""The register of Public Spaces Protection Orders (Anti-social Behaviour, Crime and Policing Act 2014
ss.59-75; REFERENCE.md §3): each order, its extensions, consultations, site notices, fixed penalties and
enforcement figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped

# s.66: an interested person may challenge an order in the High Court within 6 weeks of its making.
CHALLENGE_WEEKS = 6
# s.60: an order has effect for at most 3 years; each extension adds at most 3 more.
MAX_YEARS = 3
# A local choice: how long the public page keeps listing an order after a discharge ended it early.
DISCHARGE_SHOWN_DAYS = 90


def in_force_between(start: dt.date, end: dt.date) -> Q:
    """Orders in force on any day from `start` to `end`: started, not expired, not ended by a discharge."""
    return Q(in_force_from__lte=end, expires_on__gte=start) & (
        Q(discharge__isnull=True) | Q(discharge__ends_on__gte=start)
    )


@dataclass(frozen=True)
class Terms:
    """What an order says on a day: as made, or as its latest variation in effect by then left it."""

    area_description: str
    prohibitions: list[str]
    requirements: list[str]
    varied_from: dt.date | None = None


class Pspo(PartnershipScoped):
    """One order. `expires_on` is the last day it has effect, moved on by each extension (each keeps the
    date it replaced). Its area is wards, districts or patches, a drawn boundary, or both."""

    reference = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    area_description = models.CharField(
        max_length=300, help_text="Where it applies, in words, as the order says, e.g. the city centre."
    )
    areas = models.ManyToManyField("places.Area", blank=True, related_name="+")
    boundary = models.TextField(blank=True, help_text="A drawn boundary: GeoJSON geometry in WGS84.")
    prohibitions = models.JSONField(default=list, blank=True)
    requirements = models.JSONField(default=list, blank=True)
    made_on = models.DateField()
    in_force_from = models.DateField()
    expires_on = models.DateField()
    order_url = models.URLField(blank=True, help_text="The published order on the council's website.")
    expiry_alert_for = models.DateField(
        null=True, blank=True, help_text="The expiry date coordinators were last told of (once per date)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["expires_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="pspo_reference_unique"),
            models.CheckConstraint(
                condition=Q(in_force_from__gte=F("made_on")), name="pspo_in_force_after_made"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("in_force_from")), name="pspo_expires_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def challenge_deadline(self) -> dt.date:
        return self.made_on + dt.timedelta(weeks=CHALLENGE_WEEKS)

    @property
    def discharged(self) -> PspoDischarge | None:
        return getattr(self, "discharge", None)

    @property
    def last_day(self) -> dt.date:
        """The last day it has effect: its expiry, or the end a discharge gave it."""
        return min(self.expires_on, self.discharged.ends_on) if self.discharged else self.expires_on

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day <= self.last_day

    def terms_on(self, day: dt.date) -> Terms:
        """The terms in effect on `day` (uses prefetched variations)."""
        applied = [v for v in self.variations.all() if v.takes_effect_on <= day]
        if not applied:
            return Terms(self.area_description, self.prohibitions, self.requirements)
        latest = max(applied, key=lambda v: v.takes_effect_on)
        return Terms(
            latest.area_description, latest.prohibitions, latest.requirements, latest.takes_effect_on
        )


class PspoExtension(models.Model):
    """s.60(2): before it expires an order may be extended by up to 3 years; extensions may be repeated."""

    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="extensions")
    decided_on = models.DateField()
    previous_expires_on = models.DateField()
    new_expires_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_expires_on__gt=F("previous_expires_on")), name="pspo_extension_extends"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pspo.reference} extended to {self.new_expires_on}"


class PspoVariation(models.Model):
    """s.61: a variation, from the day it takes effect, replaces the order's terms (the area in words, what it
    prohibits and requires); the order as made and each earlier variation stay on the register."""

    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="variations")
    decided_on = models.DateField()
    takes_effect_on = models.DateField()
    summary = models.TextField(help_text="What changed, in words.")
    area_description = models.CharField(max_length=300)
    prohibitions = models.JSONField(default=list, blank=True)
    requirements = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["takes_effect_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pspo", "takes_effect_on"], name="pspo_variation_one_per_day"),
            models.CheckConstraint(
                condition=Q(takes_effect_on__gte=F("decided_on")), name="pspo_variation_effect_after_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pspo.reference} varied from {self.takes_effect_on}"


class PspoDischarge(models.Model):
    """s.61: the order is discharged; `ends_on` is the last day it has effect. Once discharged it cannot be
    extended or varied."""

    pspo = models.OneToOneField(Pspo, on_delete=models.CASCADE, related_name="discharge")
    decided_on = models.DateField()
    ends_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("decided_on")), name="pspo_discharge_ends_after_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pspo.reference} discharged, ends {self.ends_on}"


class Consultee(models.TextChoices):
    """s.72: who must be consulted (the first three) or notified before an order is made or changed."""

    POLICE = "police", "The chief officer of police"
    PCC = "pcc", "The police and crime commissioner"
    COMMUNITY = "community", "Community representatives"
    OWNERS = "owners", "Owners or occupiers of the land"
    COUNTY = "county", "The county council"
    PARISH = "parish", "The parish or community council"


STATUTORY_CONSULTEES = (Consultee.POLICE, Consultee.PCC, Consultee.COMMUNITY)


class ConsultationPurpose(models.TextChoices):
    MAKING = "making", "Making the order"
    EXTENDING = "extending", "Extending it"
    VARYING = "varying", "Varying it"
    DISCHARGING = "discharging", "Discharging it"


class PspoConsultation(models.Model):
    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="consultations")
    purpose = models.CharField(max_length=20, choices=ConsultationPurpose.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    responses = models.PositiveIntegerField(default=0)
    consultees = models.JSONField(default=list, blank=True, help_text="Consultee codes.")
    other_consultees = models.TextField(blank=True, help_text="Anyone else consulted, one per line.")
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="pspo_consultation_dates")
        ]

    def __str__(self) -> str:
        return f"{self.pspo.reference} consultation from {self.starts_on}"

    @property
    def statutory_missing(self) -> list[str]:
        """The statutory consultees s.72 names that this consultation does not record."""
        return [c.label for c in STATUTORY_CONSULTEES if c.value not in self.consultees]

    @property
    def consultee_labels(self) -> list[str]:
        labels = dict(Consultee.choices)
        return [labels[c] for c in self.consultees if c in labels] + [
            line.strip() for line in self.other_consultees.splitlines() if line.strip()
        ]


class PspoSiteNotice(models.Model):
    """SI 2014/2591: notices on or next to the place when an order is made, extended, varied or discharged."""

    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="site_notices")
    put_up_on = models.DateField()
    location = models.CharField(max_length=300)
    notes = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["put_up_on", "id"]

    def __str__(self) -> str:
        return f"Notice at {self.location}"


class PspoPenalty(models.Model):
    """The fixed penalty (s.68) for breaching the order from a date; a later row replaces an earlier one."""

    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="penalties")
    applies_from = models.DateField()
    amount = models.PositiveIntegerField(help_text="Pounds.")
    early_payment_amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="Pounds, if paid early (some councils offer a discount)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["applies_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pspo", "applies_from"], name="pspo_penalty_one_per_date"),
            models.CheckConstraint(
                condition=Q(early_payment_amount__isnull=True) | Q(early_payment_amount__lt=F("amount")),
                name="pspo_early_payment_is_less",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} from {self.applies_from}"


class PspoEnforcement(models.Model):
    """What was done to enforce the order in one period."""

    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="enforcement")
    period_start = models.DateField()
    period_end = models.DateField()
    warnings = models.PositiveIntegerField(default=0)
    fpns_issued = models.PositiveIntegerField(default=0)
    fpns_paid = models.PositiveIntegerField(default=0)
    prosecutions = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pspo", "period_start"], name="pspo_enforcement_one_per_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="pspo_enforcement_period"
            ),
            models.CheckConstraint(
                condition=Q(fpns_paid__lte=F("fpns_issued")), name="pspo_fpns_paid_of_issued"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pspo.reference} {self.period_start} to {self.period_end}"
