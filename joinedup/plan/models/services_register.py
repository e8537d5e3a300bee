"""The services and outputs register: the partnership's recurring services (street pastors, CCTV, bike
marking, ...) and the figures each reports every month or quarter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class Frequency(models.TextChoices):
    MONTHLY = "month", "Monthly"
    QUARTERLY = "quarter", "Quarterly (financial quarters)"


class PartnershipService(PartnershipScoped):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    provider = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="service_name_once_in_partnership")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceFigure(models.Model):
    """One figure a service reports, e.g. "people helped" for street pastors."""

    service = models.ForeignKey(PartnershipService, on_delete=models.CASCADE, related_name="figures")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["service", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="figure_name_once_in_service")
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.name}"


class ServiceFigureValue(models.Model):
    figure = models.ForeignKey(ServiceFigure, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(help_text="The first day of the month or quarter.")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["figure", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["figure", "period_start"], name="figure_value_once_a_period"),
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.figure}: {self.value} ({self.period_start:%Y-%m})"
