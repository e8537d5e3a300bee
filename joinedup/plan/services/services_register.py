"""The services and outputs register: the partnership's recurring services, the figures each reports,
and the values partners enter every month or quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.intelligence.measures import period_label, period_start
from joinedup.partners.models import Organisation, Partnership

from .. import plan_policy
from ..models import Frequency, PartnershipService, ServiceFigure, ServiceFigureValue
from .plan import _required


@transaction.atomic
def service_add(
    *,
    by: Any,
    partnership: Partnership,
    name: str,
    figures: Iterable[str],
    frequency: str = Frequency.MONTHLY,
    provider: Organisation | None = None,
    description: str = "",
) -> PartnershipService:
    """A recurring service and the figures it reports (one a line, "name (unit)" for a unit)."""
    if by is not None and not plan_policy.coordinates(by, partnership.id):
        raise NotPermitted("Only the partnership's coordinators add services to its register.")
    name = _required(name, "Enter the service's name", "name")
    if frequency not in Frequency.values:
        raise ApplicationError("Choose how often the service reports", field="frequency")
    if provider is not None and not partnership.memberships.filter(organisation=provider).exists():
        raise ApplicationError(f"{provider.name} is not a member of {partnership.name}", field="provider")
    names = [f.strip() for f in figures if f.strip()]
    if not names:
        raise ApplicationError("List at least one figure the service reports", field="figures")
    if len({n.lower() for n in names}) != len(names):
        raise ApplicationError("Each figure can be listed only once", field="figures")
    try:
        with transaction.atomic():
            service = PartnershipService.objects.create(
                partnership=partnership,
                name=name,
                description=description.strip(),
                provider=provider,
                frequency=frequency,
                position=partnership_service_count(partnership) + 1,
                created_by=by,
            )
    except IntegrityError:
        raise ApplicationError("The register already has a service of this name", field="name") from None
    for position, text in enumerate(names):
        label, _, unit = text.partition("(")
        ServiceFigure.objects.create(
            service=service, name=label.strip()[:200], unit=unit.rstrip(")").strip()[:60], position=position
        )
    audit_record(by=by, action=Action.CREATED, obj=service, changes={"figures": names})
    return service


def partnership_service_count(partnership: Partnership) -> int:
    return PartnershipService.objects.filter(partnership=partnership).count()


@transaction.atomic
def figures_enter(
    *,
    by: Any,
    service: PartnershipService,
    period_start_on: dt.date | None,
    values: Mapping[ServiceFigure, Decimal | None],
    note: str = "",
    today: dt.date | None = None,
) -> list[ServiceFigureValue]:
    """The service's figures for one month or quarter; blank figures are left as they were."""
    if by is not None and not plan_policy.can_enter_service_figures(by, service):
        raise NotPermitted("Only the service's provider and the coordinators enter its figures.")
    if period_start_on is None:
        raise ApplicationError("Enter the period's first month", field="period")
    aligned = period_start(service.frequency, period_start_on)
    if aligned != period_start_on:
        raise ApplicationError(
            f"{period_start_on:%B %Y} does not start a quarter: {period_label(service.frequency, aligned)} "
            f"starts in {aligned:%B %Y}",
            field="period",
        )
    if period_start_on > (today or timezone.localdate()):
        raise ApplicationError("That period has not started yet", field="period")
    strays = [f for f in values if f.service_id != service.pk]
    if strays:
        raise ApplicationError("Enter figures for this service only")
    given = {f: v for f, v in values.items() if v is not None}
    if not given:
        raise ApplicationError("Enter at least one figure")
    for figure, value in given.items():
        if not value.is_finite() or value < 0:
            raise ApplicationError(
                f"{figure.name.capitalize()} cannot be negative", field=f"figure_{figure.pk}"
            )
    rows = []
    for figure, value in given.items():
        row, _ = ServiceFigureValue.objects.update_or_create(
            figure=figure,
            period_start=period_start_on,
            defaults={"value": value, "note": note.strip(), "entered_by": by, "entered_at": timezone.now()},
        )
        rows.append(row)
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=service,
        changes={
            "period": period_label(service.frequency, period_start_on),
            "figures": {f.name: str(v) for f, v in given.items()},
        },
    )
    return rows
