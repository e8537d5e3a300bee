"""Reads for the services and outputs register, limited to the partnerships the user works in.

`services_register` gives the table committee reports use: each service's figures by financial quarter
(April to June is Q1) with the year's total, monthly figures added up into their quarter. It says which
query and period its figures come from, for the annual scrutiny report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from joinedup.core.errors import NotFound
from joinedup.intelligence.trend_selectors import month_add
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership

from .models import PartnershipService, ServiceFigure, ServiceFigureValue
from .models.funding import year_label


def services_visible(*, user: Any) -> QuerySet[PartnershipService]:
    if not partner_policy.is_staff_member(user):
        return PartnershipService.objects.none()
    return PartnershipService.objects.visible_to(user).select_related("partnership", "provider")


def service_get(*, user: Any, service_id: int) -> PartnershipService:
    service = services_visible(user=user).filter(id=service_id).first()
    if service is None:
        raise NotFound("There is no service at this address in your partnerships.")
    return service


def service_values(*, service: PartnershipService) -> QuerySet[ServiceFigureValue]:
    return (
        ServiceFigureValue.objects.filter(figure__service=service)
        .select_related("figure", "entered_by")
        .order_by("-period_start", "figure__position")
    )


def financial_year_of(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def current_financial_year() -> int:
    return financial_year_of(timezone.localdate())


@dataclass(frozen=True)
class FigureRow:
    service: PartnershipService
    figure: ServiceFigure
    quarters: list[Decimal | None]  # Q1 to Q4; None where nothing was entered
    total: Decimal

    @property
    def first_of_service(self) -> bool:
        return self.figure.position == min(f.position for f in self.service.figures.all())


@dataclass(frozen=True)
class RegisterTable:
    partnership: Partnership
    financial_year: int
    rows: list[FigureRow]
    source: str

    @property
    def year_label(self) -> str:
        return year_label(self.financial_year)

    @property
    def quarter_labels(self) -> list[str]:
        return [
            "Q1 April to June",
            "Q2 July to September",
            "Q3 October to December",
            "Q4 January to March",
        ]


def services_register(*, user: Any, partnership: Partnership, financial_year: int) -> RegisterTable:
    """Every service's figures for a financial year (2025 for April 2025 to March 2026), by quarter."""
    first = dt.date(financial_year, 4, 1)
    services = list(
        services_visible(user=user)
        .filter(partnership=partnership)
        .prefetch_related("figures")
        .order_by("position", "name")
    )
    values = ServiceFigureValue.objects.filter(
        figure__service__in=services, period_start__gte=first, period_start__lt=month_add(first, 12)
    ).values_list("figure_id", "period_start", "value")
    by_figure: dict[int, list[Decimal | None]] = {}
    for figure_id, start, value in values:
        quarters = by_figure.setdefault(figure_id, [None] * 4)
        q = ((start.year - first.year) * 12 + start.month - first.month) // 3
        quarters[q] = (quarters[q] or Decimal("0")) + value
    rows = [
        FigureRow(
            service=s,
            figure=f,
            quarters=by_figure.get(f.id, [None] * 4),
            total=sum((v for v in by_figure.get(f.id, []) if v is not None), Decimal("0")),
        )
        for s in services
        for f in s.figures.all()
    ]
    return RegisterTable(
        partnership=partnership,
        financial_year=financial_year,
        rows=rows,
        source=(
            f"Figures entered for {partnership.name}'s services for periods starting from "
            f"April {financial_year} to March {financial_year + 1}, added up by financial quarter."
        ),
    )
