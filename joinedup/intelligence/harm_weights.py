"""Harm weights as the partnerships use them: published defaults, overridden where a coordinator says.

`harm_weights()` is what every harm-weighted figure reads (trends, rankings, hotspots), so a change
here shows on every page at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted

from . import policy
from .analysis.harm import DEFAULT_HARM_WEIGHTS, ONS_CSS
from .models import HarmWeight, IncidentCategory

DEFAULT_MEASURE = ONS_CSS
MAX_WEIGHT = 100_000.0


@dataclass(frozen=True)
class CategoryWeight:
    """A category's weight in use, and where it came from."""

    category: IncidentCategory
    weight: float
    source: str
    version: str
    derivation: str
    confirmed: bool
    is_default: bool
    updated_by: str = ""
    updated_at: Any = None


def harm_weights() -> dict[str, float]:
    """{category code: weight} in use: published defaults with the partnerships' own over them.

    Categories with neither (most partner categories) are absent: weigh them 0 (`unknown=0.0`).
    """
    weights = {code: entry.weight for code, entry in DEFAULT_HARM_WEIGHTS[DEFAULT_MEASURE].items()}
    weights.update(HarmWeight.objects.values_list("category__code", "weight"))
    return weights


def harm_weight_list() -> list[CategoryWeight]:
    """Every category with the weight in use: police.uk ones first, as `IncidentCategory` orders."""
    own = {w.category_id: w for w in HarmWeight.objects.select_related("updated_by")}
    defaults = DEFAULT_HARM_WEIGHTS[DEFAULT_MEASURE]
    rows = []
    for category in IncidentCategory.objects.all():
        default = defaults.get(category.code)
        if category.id in own:
            set_here = own[category.id]
            rows.append(
                CategoryWeight(
                    category=category,
                    weight=set_here.weight,
                    source=set_here.source,
                    version=set_here.version,
                    derivation=set_here.reason,
                    confirmed=True,
                    is_default=False,
                    updated_by=set_here.updated_by.full_name if set_here.updated_by else "System",
                    updated_at=set_here.updated_at,
                )
            )
        elif default is not None:
            rows.append(
                CategoryWeight(
                    category=category,
                    weight=default.weight,
                    source=default.source,
                    version=default.version,
                    derivation=default.derivation,
                    confirmed=default.confirmed,
                    is_default=True,
                )
            )
        else:
            rows.append(
                CategoryWeight(
                    category=category,
                    weight=0.0,
                    source="",
                    version="",
                    derivation="No published weight: it counts towards harm only once given one.",
                    confirmed=False,
                    is_default=True,
                )
            )
    return rows


def harm_weight_get(*, code: str) -> CategoryWeight:
    for row in harm_weight_list():
        if row.category.code == code:
            return row
    raise NotFound("There is no such category.")


def harm_weight_set(
    *, by: Any, category: IncidentCategory, weight: float, source: str, version: str, reason: str
) -> HarmWeight:
    """Set a category's weight; audited with the old and new figures."""
    if not policy.can_set_harm_weights(by):
        raise NotPermitted("Only coordinators and administrators change harm weights.")
    if not (math.isfinite(weight) and 0 <= weight <= MAX_WEIGHT):
        raise ApplicationError(f"Enter a weight from 0 to {MAX_WEIGHT:,.0f}.", field="weight")
    if not source.strip():
        raise ApplicationError("Say where the weight comes from.", field="source")
    if not reason.strip():
        raise ApplicationError("Say why the partnership uses this weight.", field="reason")
    before = harm_weights().get(category.code, 0.0)
    with transaction.atomic():
        row, _ = HarmWeight.objects.update_or_create(
            category=category,
            defaults={
                "weight": weight,
                "source": source.strip(),
                "version": version.strip(),
                "reason": reason.strip(),
                "updated_by": by,
                "updated_at": timezone.now(),
            },
        )
        audit_record(
            by=by,
            action=Action.CHANGED,
            obj=row,
            changes={"category": category.code, "weight": [before, weight], "reason": reason.strip()},
        )
    return row


def harm_weight_reset(*, by: Any, category: IncidentCategory) -> None:
    """Go back to the published default (or no weight); audited."""
    if not policy.can_set_harm_weights(by):
        raise NotPermitted("Only coordinators and administrators change harm weights.")
    before = harm_weights().get(category.code, 0.0)
    with transaction.atomic():
        row = HarmWeight.objects.filter(category=category).first()
        if row is None:
            return
        audit_record(
            by=by,
            action=Action.DELETED,
            obj=row,
            changes={"category": category.code, "weight": [before, harm_default(category.code)]},
        )
        row.delete()


def harm_default(code: str) -> float:
    default = DEFAULT_HARM_WEIGHTS[DEFAULT_MEASURE].get(code)
    return default.weight if default else 0.0
