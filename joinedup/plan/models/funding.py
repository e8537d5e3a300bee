"""Funding: funds (such as the Police and Crime Commissioner's annual grant), the bids made to them and
the projects they fund, with spend and the outputs and outcomes the projects report.

Money is Decimal pounds and pence. The sum of a fund's allocations never passes its total: the
funding services refuse such an allocation and say why.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


def money_field(**kwargs: object) -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)  # type: ignore[arg-type]


def year_label(first_year: int) -> str:
    """A financial year as committee reports write it: 2025/26 runs April 2025 to March 2026."""
    return f"{first_year}/{(first_year + 1) % 100:02d}"


class Fund(PartnershipScoped):
    name = models.CharField(max_length=200, help_text='For example "PCC Community Safety Grant 2025/26".')
    funder = models.CharField(max_length=200)
    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts in: 2025 for 2025/26.")
    total = money_field()
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-financial_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="fund_name_once_in_partnership"),
            models.CheckConstraint(condition=Q(total__gte=0), name="fund_total_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def year_label(self) -> str:
        return year_label(self.financial_year)


class FundingType(models.TextChoices):
    TOP_SLICED = "top_sliced", "Top-sliced"
    LOCAL = "local", "Local"


class ProjectStatus(models.TextChoices):
    SUBMITTED = "submitted", "Bid awaiting decision"
    FUNDED = "funded", "Funded"
    DEFERRED = "deferred", "Deferred"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Project(models.Model):
    """A bid to a fund; once money is allocated to it, a funded project."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    lead_partner = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    amount_requested = money_field()
    amount_allocated = money_field(default=Decimal("0"))
    funding_type = models.CharField(max_length=12, choices=FundingType.choices, default=FundingType.LOCAL)
    priorities: models.ManyToManyField = models.ManyToManyField(
        "Priority", blank=True, related_name="projects"
    )
    status = models.CharField(max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.SUBMITTED)
    deferred_from = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="An earlier round."
    )
    deferral_reason = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["fund", "title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gte=0), name="project_request_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_allocated__gte=0), name="project_allocation_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status="funded") | Q(amount_allocated=0), name="project_only_funded_has_money"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectComment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.project}"


class Spend(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="spend")
    spent_on = models.DateField()
    amount = money_field()
    description = models.CharField(max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["spent_on", "id"]
        verbose_name_plural = "spend"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="spend_more_than_nothing")]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.project} ({self.spent_on})"


class OutputKind(models.TextChoices):
    OUTPUT = "output", "Output (what was done)"
    OUTCOME = "outcome", "Outcome (what changed)"


class ProjectOutput(models.Model):
    """A figure a project reports for a period, e.g. 94 individuals supported in 2025/26."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=10, choices=OutputKind.choices, default=OutputKind.OUTPUT)
    measure = models.CharField(max_length=200, help_text='What is counted, e.g. "individuals supported".')
    unit = models.CharField(max_length=60, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    value = money_field()
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project", "period_start", "measure", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="output_period_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="output_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.value.normalize():f} {self.measure}"
