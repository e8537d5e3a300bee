"""Reads from the incident store. Who sees what is decided here, through `visible_to`, never in views.

Counting works on the database's integer keys (area id, month, category id) and turns them into
codes and names only for the rows it returns, so one query reads millions of incidents straight
from the counting indexes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from joinedup.core.errors import ApplicationError, NotFound
from joinedup.partners.models import Partnership
from joinedup.places.models import Area, AreaKind

from . import policy
from .models import ImportedFile, Incident, IncidentCategory, PartnerDataset, Source

COUNT_AREA_KINDS = (AreaKind.WARD, AreaKind.LSOA, AreaKind.DISTRICT)


@dataclass(frozen=True)
class AreaCount:
    area_code: str
    area_name: str
    month: dt.date
    category: str
    category_name: str
    incidents: int


def month_parse(value: str, *, field: str) -> dt.date:
    """ "2025-06" as the first day of that month, or an ApplicationError saying what is wrong."""
    try:
        year, month = value.strip().split("-")
        if len(year) != 4:
            raise ValueError(value)
        return dt.date(int(year), int(month), 1)
    except ValueError:
        raise ApplicationError(
            f"{value!r} is not a month: write it as YYYY-MM, e.g. 2025-06.", field=field
        ) from None


def incident_counts(
    *,
    user: Any,
    area_kind: str,
    month_from: dt.date,
    month_to: dt.date,
    categories: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    partnership: Partnership | None = None,
) -> list[AreaCount]:
    """Incidents per area, month and category, one row each (combinations with none are left out).

    `user` None is the system (the command line): open police.uk data, and with `partnership`
    that partnership's partner data and reports, except restricted ones. A user sees what
    `Incident.objects.visible_to` lets them. Rows with no area of the kind are not counted.
    """
    if area_kind not in COUNT_AREA_KINDS:
        raise ApplicationError(f"Count by ward, lsoa or district, not {area_kind!r}.", field="area_kind")
    if month_from > month_to:
        raise ApplicationError("The first month is after the last.", field="month_from")
    month_from, month_to = month_from.replace(day=1), month_to.replace(day=1)
    area = f"{area_kind}_id"
    wanted = Q(month__gte=month_from, month__lte=month_to, **{f"{area}__isnull": False})
    category_ids: dict[int, tuple[str, str]] = {
        row[0]: (row[1], row[2]) for row in IncidentCategory.objects.values_list("id", "code", "name")
    }
    if categories is not None:
        codes = set(categories)
        unknown = codes - {code for code, _ in category_ids.values()}
        if unknown:
            raise ApplicationError(f"There is no category {', '.join(sorted(unknown))}.", field="categories")
        wanted &= Q(category_id__in=[i for i, (code, _) in category_ids.items() if code in codes])
    sources = set(sources) if sources is not None else set(Source.values)

    totals: dict[tuple[int, dt.date, int], int] = defaultdict(int)
    parts: list[QuerySet] = []
    if Source.POLICE in sources:
        # Open data first: the partial counting index serves this query alone (see Incident.Meta).
        parts.append(Incident.objects.filter(wanted, partnership__isnull=True))
    others = sources - {Source.POLICE}
    if others:
        if user is None:
            owned = (
                Incident.objects.filter(partnership=partnership, restricted=False)
                if partnership is not None
                else Incident.objects.none()
            )
        else:
            owned = Incident.objects.visible_to(user).filter(partnership__isnull=False)
            if partnership is not None:
                owned = owned.filter(partnership=partnership)
        parts.append(owned.filter(wanted, source__in=others))
    for part in parts:
        # values() then annotate() groups in this order: month first, as the index is sorted.
        rows = part.order_by().values_list("month", area, "category_id").annotate(n=Count("*"))
        for month, area_id, category_id, n in rows:
            totals[(area_id, month, category_id)] += n

    areas = {
        row[0]: (row[1], row[2])
        for row in Area.objects.filter(id__in={key[0] for key in totals}).values_list("id", "code", "name")
    }
    counts = [
        AreaCount(
            area_code=areas[area_id][0],
            area_name=areas[area_id][1],
            month=month,
            category=category_ids[category_id][0],
            category_name=category_ids[category_id][1],
            incidents=n,
        )
        for (area_id, month, category_id), n in totals.items()
        if area_id in areas
    ]
    return sorted(counts, key=lambda c: (c.area_code, c.month, c.category))


def imported_files(*, user: Any) -> QuerySet[ImportedFile]:
    """Files imported: police.uk ones for all staff, partner files for their partnership."""
    if not policy.can_read(user):
        return ImportedFile.objects.none()
    return ImportedFile.objects.visible_to(user).select_related("dataset", "partnership")


def imported_file_get(*, user: Any, file_id: int) -> ImportedFile:
    found = imported_files(user=user).filter(id=file_id).first()
    if found is None:
        raise NotFound("There is no imported file at this address.")
    return found


def datasets_for_import(*, user: Any) -> QuerySet[PartnerDataset]:
    """Partner datasets the user may load files into."""
    if not policy.can_import(user):
        return PartnerDataset.objects.none()
    return (
        PartnerDataset.objects.visible_to(user)
        .select_related("partnership")
        .order_by("partnership__name", "name")
    )


def partnerships_for_import(*, user: Any) -> QuerySet[Partnership]:
    if not policy.can_import(user):
        return Partnership.objects.none()
    from joinedup.partners.policy import partnership_ids_for

    return Partnership.objects.filter(id__in=partnership_ids_for(user)).order_by("name")
