"""Writes for areas: importing boundary files and best-fit lookups, dissolving areas, drawing patches.

Imports are atomic (a file with any problem imports nothing) and idempotent (areas are matched on
kind, code and vintage; running the same file again changes nothing and says so). Each service
writes one audit event in the same transaction as its change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError
from joinedup.core.freshness import touch

from .boundaries import (
    BoundaryFile,
    LookupColumns,
    LookupRow,
    boundary_file_read,
    code_problem,
    geometry_check,
    lookup_file_read,
)
from .lookup import AREAS_STAMP, areas_by_code
from .models import Area, AreaKind, BestFitLookup

# Rows per INSERT/UPDATE: boundaries are long text, and SQLite caps the parameters per statement.
_AREA_BATCH = 200
_LOOKUP_BATCH = 2000
_AREA_FIELDS = ("name", "boundary", "min_lon", "min_lat", "max_lon", "max_lat", "partnership")


@dataclass(frozen=True)
class ImportSummary:
    file: str
    kind: str
    vintage: str
    created: int
    updated: int
    unchanged: int
    repaired: list[str] = field(default_factory=list)  # codes whose invalid geometry was repaired

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        text = (
            f"{self.file}: {self.total} {self.kind} areas (vintage {self.vintage or 'none'}): "
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        )
        if self.repaired:
            text += f"; invalid geometry repaired for {', '.join(self.repaired)}"
        return text + "."


@dataclass(frozen=True)
class LookupImportSummary:
    file: str
    edition: str
    rows: int
    replaced: int  # rows of the edition there were before
    unchanged: bool  # the edition already held exactly these rows, so nothing was written

    def __str__(self) -> str:
        if self.unchanged:
            return f"{self.file}: lookup {self.edition} already has these {self.rows} rows; nothing changed."
        return f"{self.file}: lookup {self.edition}: {self.rows} rows loaded, {self.replaced} replaced."


def boundaries_import(
    *,
    by: Any,
    path: str | Path,
    kind: str,
    vintage: str,
    code_property: str,
    name_property: str,
    parent: Area | None = None,
    parent_property: str | None = None,
    partnership: Any = None,
    label: str | None = None,
) -> ImportSummary:
    """Load a boundary file as areas of `kind` and `vintage`, creating or updating by code.

    `parent` sets one parent for every area (e.g. the district of a ward file); `parent_property`
    instead names a property holding each feature's parent code, looked up among loaded areas.
    `label` names the actor in the audit trail when there is no user ("command line", "demo").
    """
    kind = _kind(kind)
    if parent is not None and parent_property:
        raise ApplicationError("Give a parent area or a parent property, not both.", field="parent")
    if (kind == AreaKind.PATCH) != (partnership is not None):
        raise ApplicationError("Patches, and only patches, belong to a partnership.", field="partnership")
    if kind != AreaKind.PATCH and not vintage.strip():
        # ONS reuses codes across editions with different boundaries, so the vintage is part of the key.
        raise ApplicationError(
            f"Say which vintage the {kind.label.lower()}s are, e.g. 2013.", field="vintage"
        )
    boundary_file = boundary_file_read(
        path=path,
        kind=kind,
        vintage=vintage,
        code_property=code_property,
        name_property=name_property,
        parent_property=parent_property,
    )
    partnership_id = partnership.pk if partnership is not None else None
    # Without a parent option, keep the parents areas already have (e.g. set by area_dissolve), so
    # re-running a plain import leaves them alone rather than counting every area as changed.
    sets_parent = parent is not None or bool(parent_property)
    fields = [*_AREA_FIELDS, "updated_at", *(["parent"] if sets_parent else [])]

    with transaction.atomic():
        parent_ids = _parent_ids(boundary_file, parent=parent, parent_property=parent_property)
        existing = _areas_existing(kind=kind, vintage=vintage, codes=[f.code for f in boundary_file.features])
        now = timezone.now()
        to_create: list[Area] = []
        to_update: list[Area] = []
        for feature in boundary_file.features:
            values = {
                "name": feature.name,
                "boundary": feature.geometry,
                "min_lon": feature.bbox[0],
                "min_lat": feature.bbox[1],
                "max_lon": feature.bbox[2],
                "max_lat": feature.bbox[3],
                "partnership_id": partnership_id,
            }
            if sets_parent:
                values["parent_id"] = parent_ids.get(feature.code)
            area = existing.get(feature.code)
            if area is None:
                to_create.append(
                    Area(kind=kind, code=feature.code, vintage=vintage, updated_at=now, **values)
                )
            elif any(getattr(area, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(area, name, value)
                area.updated_at = now  # the point-lookup cache watches this to notice the change
                to_update.append(area)
        Area.objects.bulk_create(to_create, batch_size=_AREA_BATCH)
        Area.objects.bulk_update(to_update, fields, batch_size=_AREA_BATCH)
        if to_create or to_update:
            touch(AREAS_STAMP)  # bulk writes send no signals: tell the processes holding areas
        summary = ImportSummary(
            file=boundary_file.name,
            kind=str(kind),
            vintage=vintage,
            created=len(to_create),
            updated=len(to_update),
            unchanged=len(boundary_file.features) - len(to_create) - len(to_update),
            repaired=boundary_file.repaired_codes,
        )
        audit_record(
            by=by,
            action=Action.IMPORTED,
            obj=parent,
            partnership=partnership,
            label=label,
            changes={
                "file": summary.file,
                "kind": summary.kind,
                "vintage": vintage,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "repaired": summary.repaired,
            },
            purpose=f"Boundary import: {summary.file}",
        )
    return summary


def lookup_import(
    *,
    by: Any,
    path: str | Path,
    edition: str,
    columns: LookupColumns | None = None,
    label: str | None = None,
) -> LookupImportSummary:
    """Load an ONS best-fit lookup CSV as `edition`, replacing that edition's rows in one transaction."""
    edition = edition.strip()
    if not edition:
        raise ApplicationError("Give the lookup an edition, such as LSOA11-WD19.", field="edition")
    rows = lookup_file_read(path=path, columns=columns)
    file_name = Path(path).name
    with transaction.atomic():
        editions = BestFitLookup.objects.filter(edition=edition)
        before = set(
            editions.values_list(
                "lsoa_code", "lsoa_name", "ward_code", "ward_name", "district_code", "district_name"
            ).order_by()
        )
        after = {
            (r.lsoa_code, r.lsoa_name, r.ward_code, r.ward_name, r.district_code, r.district_name)
            for r in rows
        }
        unchanged = before == after
        if not unchanged:
            editions.delete()
            BestFitLookup.objects.bulk_create(
                (_lookup_row(edition, row) for row in rows), batch_size=_LOOKUP_BATCH
            )
        summary = LookupImportSummary(
            file=file_name, edition=edition, rows=len(rows), replaced=len(before), unchanged=unchanged
        )
        audit_record(
            by=by,
            action=Action.IMPORTED,
            label=label,
            changes={"file": file_name, "edition": edition, "rows": len(rows), "replaced": len(before)},
            purpose=f"Best-fit lookup import: {file_name}",
        )
    return summary


@transaction.atomic
def area_dissolve(
    *,
    by: Any,
    kind: str,
    code: str,
    name: str,
    vintage: str,
    children: QuerySet[Area] | Iterable[Area],
    parent: Area | None = None,
    label: str | None = None,
) -> Area:
    """Make (or update) an area whose boundary is the union of its children, and adopt them.

    The repository's boundary files are wards and LSOAs; districts and the force area are built
    from them, so they line up exactly with the areas inside them.
    """
    kind = _kind(kind)
    problem = code_problem(kind=kind, code=code)
    if problem:
        raise ApplicationError(f"Cannot make {name}: {problem}.", field="code")
    if kind == AreaKind.PATCH:
        raise ApplicationError("Draw a patch with patch_create; it belongs to a partnership.", field="kind")
    if isinstance(children, QuerySet):
        rows = list(children.order_by().values_list("id", "boundary"))
    else:
        rows = [(child.pk, child.boundary) for child in children]
    if not rows:
        raise ApplicationError(f"Cannot make {name}: it has no areas to be made from.", field="children")
    union = shapely.union_all(shapely.from_geojson(np.array([row[1] for row in rows], dtype=object)))
    union = union if union.is_valid else shapely.make_valid(union)
    if union.geom_type not in ("Polygon", "MultiPolygon"):
        raise ApplicationError(f"Cannot make {name}: its areas do not join into a polygon.", field="children")
    min_lon, min_lat, max_lon, max_lat = union.bounds
    values = {
        "name": name,
        "boundary": shapely.to_geojson(union),
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
        "parent": parent,
        "updated_at": timezone.now(),
    }
    area, created = Area.objects.update_or_create(kind=kind, code=code, vintage=vintage, defaults=values)
    child_ids = [row[0] for row in rows]
    if area.pk in child_ids:
        raise ApplicationError(f"{name} cannot be one of its own parts.", field="children")
    Area.objects.filter(pk__in=child_ids).update(parent=area)
    audit_record(
        by=by,
        action=Action.CREATED if created else Action.CHANGED,
        obj=area,
        label=label,
        changes={"kind": str(kind), "code": code, "vintage": vintage, "made_from": len(child_ids)},
    )
    return area


@transaction.atomic
def patch_create(*, by: Any, partnership: Any, code: str, name: str, geometry_geojson: str | dict) -> Area:
    """Save a partnership's own patch ("city centre", "riverside") from a drawn GeoJSON polygon."""
    code = code.strip()
    name = name.strip()
    problem = code_problem(kind=AreaKind.PATCH, code=code)
    if problem:
        raise ApplicationError(f"The patch {problem}.", field="code")
    if not name:
        raise ApplicationError("Give the patch a name.", field="name")
    geometry, bbox, _repaired = geometry_check(geometry=geometry_geojson, label=f"Patch {name}")
    if Area.objects.filter(kind=AreaKind.PATCH, partnership=partnership, code=code).exists():
        raise ApplicationError(f"{partnership} already has a patch with the code {code}.", field="code")
    area = Area.objects.create(
        kind=AreaKind.PATCH,
        code=code,
        name=name,
        vintage="",
        partnership=partnership,
        boundary=geometry,
        min_lon=bbox[0],
        min_lat=bbox[1],
        max_lon=bbox[2],
        max_lat=bbox[3],
    )
    audit_record(by=by, action=Action.CREATED, obj=area, partnership=partnership)
    return area


def _kind(kind: str) -> AreaKind:
    try:
        return AreaKind(kind)
    except ValueError:
        choices = ", ".join(AreaKind.values)
        raise ApplicationError(
            f"Unknown kind of area {kind!r}; use one of {choices}.", field="kind"
        ) from None


def _parent_ids(
    boundary_file: BoundaryFile, *, parent: Area | None, parent_property: str | None
) -> dict[str, int | None]:
    """Each feature's parent area id; ApplicationError naming every parent code that is not loaded."""
    if parent is not None:
        return {feature.code: parent.pk for feature in boundary_file.features}
    if not parent_property:
        return {}
    parents = areas_by_code(codes={f.parent_code for f in boundary_file.features if f.parent_code})
    problems = [
        f'{boundary_file.name}: feature {f.number}: parent "{parent_property}" {f.parent_code} '
        "is not a loaded area"
        for f in boundary_file.features
        if f.parent_code not in parents
    ]
    if problems:
        raise ApplicationError(
            f"Nothing was imported: {len(problems)} unknown parent code(s) in {boundary_file.name}, "
            f"the first: {problems[0]}",
            field="parent_property",
            extra={"file": boundary_file.name, "problems": problems},
        )
    return {f.code: parents[f.parent_code].pk for f in boundary_file.features if f.parent_code}


def _areas_existing(*, kind: str, vintage: str, codes: list[str]) -> dict[str, Area]:
    """The areas already loaded with these codes, fetched in chunks to stay under SQLite's parameter cap."""
    found: dict[str, Area] = {}
    chunk = 500
    for start in range(0, len(codes), chunk):
        areas = Area.objects.filter(kind=kind, vintage=vintage, code__in=codes[start : start + chunk]).only(
            "id", "code", "parent", *_AREA_FIELDS
        )
        found.update((area.code, area) for area in areas)
    return found


def _lookup_row(edition: str, row: LookupRow) -> BestFitLookup:
    return BestFitLookup(
        edition=edition,
        lsoa_code=row.lsoa_code,
        lsoa_name=row.lsoa_name,
        ward_code=row.ward_code,
        ward_name=row.ward_name,
        district_code=row.district_code,
        district_name=row.district_name,
    )
