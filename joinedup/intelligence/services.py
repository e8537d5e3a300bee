"""Writes to the incident store: importing police.uk and partner files, and bringing in reports.

Each file is its own transaction: it loads whole or not at all, and a problem in one file of a
month's archive does not stop the others. A file already imported (same SHA-256) is skipped; a
police.uk month re-published with different content replaces the old file and all its rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted

from . import policy
from .categories import POLICE_LABELS
from .importing.loading import bulk_insert
from .importing.partner import partner_frame
from .importing.places import AreaFinder, place_rows
from .importing.police import (
    file_name_parse,
    force_from_rows,
    kind_from_header,
    month_from_rows,
    outcome_frame,
    stop_search_frame,
    street_frame,
)
from .importing.reading import Problems, read_csv
from .models import (
    CrimeOutcome,
    FileKind,
    ImportedFile,
    Incident,
    IncidentCategory,
    PartnerDataset,
    Source,
    StopSearch,
)

# Street files first, so that an outcomes file in the same run finds the crimes it updates.
_KIND_ORDER: dict[str, int] = {FileKind.STREET: 0, FileKind.STOP_AND_SEARCH: 1, FileKind.OUTCOMES: 2}


@dataclass(frozen=True)
class FileSource:
    """A file to import: its name as the user knows it, and how to read its bytes."""

    name: str
    read: Callable[[], bytes]


@dataclass
class ImportResult:
    name: str
    status: str  # imported, replaced, skipped or failed
    kind: str = ""
    rows: int = 0
    located: int = 0
    unlocated: int = 0
    outcomes_updated: int = 0
    message: str = ""
    problems: list[str] = field(default_factory=list)  # why it failed, line by line
    warnings: list[dict] = field(default_factory=list)
    file: ImportedFile | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def __str__(self) -> str:
        if self.status in ("skipped", "failed"):
            return f"{self.name}: {self.message}"
        text = (
            f"{self.name}: {self.rows:,} rows {self.status} ({self.located:,} located, "
            f"{self.unlocated:,} without a location)"
        )
        if self.outcomes_updated:
            text += f"; last outcome updated on {self.outcomes_updated:,} crimes"
        if self.message:
            text += f". {self.message}"
        return text + "."


# --- finding files ------------------------------------------------------------------------------------


def police_sources(paths: Iterable[str | Path]) -> list[FileSource]:
    """The CSV files in `paths`: files, folders (searched below, as police.uk lays them out) and
    monthly archive zips, in the order they should load."""
    sources: list[FileSource] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".csv", ".zip"))
            if not found:
                raise ApplicationError(f"{path} holds no CSV files or zip archives.", field="paths")
            for inner in found:
                sources.extend(_sources_of_file(inner))
        elif path.is_file():
            sources.extend(_sources_of_file(path))
        else:
            raise ApplicationError(f"{path} does not exist.", field="paths")
    return sorted(sources, key=_load_order)


def _sources_of_file(path: Path) -> list[FileSource]:
    if path.suffix.lower() != ".zip":
        return [FileSource(name=str(path), read=path.read_bytes)]
    return zip_sources(path, label=str(path))


def zip_sources(file: Any, *, label: str) -> list[FileSource]:
    """The CSV members of a police.uk archive (YYYY-MM/YYYY-MM-force-kind.csv)."""
    try:
        archive = zipfile.ZipFile(file)
        members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")]
    except zipfile.BadZipFile as error:
        raise ApplicationError(f"{label} is not a readable zip archive ({error}).", field="file") from error
    if not members:
        raise ApplicationError(f"{label} holds no CSV files.", field="file")
    return [
        FileSource(name=f"{label}:{m.filename}", read=functools.partial(archive.read, m)) for m in members
    ]


def _load_order(source: FileSource) -> tuple:
    parsed = file_name_parse(source.name.rsplit(":", 1)[-1])
    return (_KIND_ORDER.get(parsed.kind or "", 0), parsed.month, source.name)


# --- police.uk ----------------------------------------------------------------------------------------


def police_files_import(
    *,
    by: Any,
    sources: Sequence[FileSource],
    label: str | None = None,
    progress: Callable[[ImportResult], None] | None = None,
) -> list[ImportResult]:
    """Import each file in its own transaction; a failing file is reported and the rest go on."""
    _check_may_import(by, label)
    finder: AreaFinder | None = None
    results = []
    for source in sources:
        if finder is None:
            finder = AreaFinder()  # the boundaries do not change during a run
        result = police_file_import(by=by, name=source.name, data=source.read(), label=label, finder=finder)
        results.append(result)
        if progress is not None:
            progress(result)
    return results


def _check_may_import(by: Any, label: str | None) -> None:
    # The command line (by=None with a label) acts as the system; a person must be allowed to import.
    if by is None and label:
        return
    if not policy.can_import(by):
        raise NotPermitted("Only analysts and coordinators import data.")


def police_file_import(
    *, by: Any, name: str, data: bytes, label: str | None = None, finder: AreaFinder | None = None
) -> ImportResult:
    """Check, place and load one police.uk CSV (street, outcomes or stop and search)."""
    _check_may_import(by, label)
    checksum = hashlib.sha256(data).hexdigest()
    already = _already_imported(name, checksum)
    if already is not None:
        return already
    problems = Problems(_short(name))
    frame = read_csv(data, problems)
    del data  # the frame holds the rows now; a national month's bytes need not stay in memory too
    parsed = file_name_parse(name.rsplit(":", 1)[-1])
    kind = parsed.kind or (kind_from_header(frame) if frame is not None else None)
    if frame is not None and kind is None:
        problems.error(
            "This is not a police.uk street, outcomes or stop and search file: its header has none of "
            '"Crime type", "Outcome type" or "Object of search".',
            [1],
        )
    if problems.errors or frame is None or kind is None:
        return _failed(name, kind or "", problems)
    read: dict[str, Callable[[pl.DataFrame, Problems], pl.DataFrame]] = {
        FileKind.STREET: street_frame,
        FileKind.OUTCOMES: outcome_frame,
        FileKind.STOP_AND_SEARCH: stop_search_frame,
    }
    frame = read[kind](frame, problems)
    force = parsed.force or force_from_rows(frame)
    month = parsed.month or month_from_rows(frame)
    if not problems.errors and not force:
        problems.error(
            "Cannot tell which force this file is for: keep police.uk's file name (YYYY-MM-force-kind.csv)."
        )
    if not problems.errors and not month:
        problems.error(
            "Cannot tell which month this file is for: keep police.uk's file name (YYYY-MM-force-kind.csv)."
        )
    if problems.errors:
        return _failed(name, kind, problems)
    if kind != FileKind.OUTCOMES:
        frame = place_rows(frame, finder or AreaFinder(), lsoa_code=kind == FileKind.STREET)
        _note_unplaced(frame, problems)
    month_date = dt.date.fromisoformat(f"{month}-01")
    try:
        with transaction.atomic():
            replaced = _replace_month(kind=kind, force=force, month=month_date)
            record = ImportedFile.objects.create(
                kind=kind,
                name=name[-300:],
                checksum=checksum,
                force=force,
                month=month_date,
                rows=frame.height,
                located=int(frame["longitude"].is_not_null().sum()),
                unlocated=int(frame["longitude"].is_null().sum()),
                warnings=problems.warning_list(),
                replaced=replaced,
                imported_by=by if getattr(by, "is_authenticated", False) else None,
                imported_by_label=label or actor_label(by),
            )
            updated = _load_police(kind, frame, record)
            audit_record(
                by=by,
                action=Action.IMPORTED,
                obj=record,
                label=label,
                changes={
                    "rows": record.rows,
                    "checksum": checksum,
                    **({"replaced": replaced} if replaced else {}),
                },
            )
    except IntegrityError:
        # Someone imported the same file at the same moment: theirs stands.
        return _already_imported(name, checksum) or _failed(name, kind, problems)
    return ImportResult(
        name=name,
        status="replaced" if replaced else "imported",
        kind=kind,
        rows=record.rows,
        located=record.located,
        unlocated=record.unlocated,
        outcomes_updated=updated,
        message=f"It replaced {replaced}" if replaced else "",
        warnings=record.warnings,
        file=record,
    )


def actor_label(by: Any) -> str:
    """Who imported, as the file list shows it (the audit trail records the account itself)."""
    return (getattr(by, "full_name", "") or getattr(by, "email", "")) if by is not None else "System"


def _short(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit("/", 1)[-1]


def _already_imported(name: str, checksum: str) -> ImportResult | None:
    existing = ImportedFile.objects.filter(checksum=checksum).first()
    if existing is None:
        return None
    when = timezone.localtime(existing.imported_at)
    return ImportResult(
        name=name,
        status="skipped",
        kind=existing.kind,
        message=(
            f"already imported on {when:%d %B %Y at %H:%M} by {existing.imported_by_label} "
            f"(as {existing.name}); nothing changed"
        ),
        file=existing,
    )


def _failed(name: str, kind: str, problems: Problems) -> ImportResult:
    try:
        problems.check()
    except ApplicationError as error:
        return ImportResult(
            name=name,
            status="failed",
            kind=kind,
            message=error.message,
            problems=error.extra["problems"],
            warnings=problems.warning_list(),
        )
    raise AssertionError("_failed called without errors")  # pragma: no cover


def _note_unplaced(frame: pl.DataFrame, problems: Problems) -> None:
    unplaced = frame.filter(pl.col("longitude").is_not_null() & pl.col("ward_id").is_null()).height
    if unplaced:
        problems.warn(
            f"{unplaced:,} located rows are in no loaded ward (outside the boundaries loaded here)."
        )


_ROWS_OF_KIND: dict[str, Any] = {
    FileKind.STREET: Incident,
    FileKind.OUTCOMES: CrimeOutcome,
    FileKind.STOP_AND_SEARCH: StopSearch,
}


def _replace_month(*, kind: str, force: str, month: dt.date) -> str:
    """Delete the file already loaded for this month (and its rows); describe it, or "" if none."""
    old = ImportedFile.objects.select_for_update().filter(kind=kind, force=force, month=month).first()
    if old is None:
        return ""
    model = _ROWS_OF_KIND[kind]
    model.objects.filter(file=old).delete()  # one DELETE: nothing cascades from these rows
    description = (
        f"{_short(old.name)} ({old.rows:,} rows, imported {timezone.localtime(old.imported_at):%d %B %Y})"
    )
    old.delete()
    return description


def category_ids(names: dict[str, str]) -> dict[str, int]:
    """{code: id} for these codes ({code: name}), creating the categories not yet known."""
    known = dict(IncidentCategory.objects.filter(code__in=names).values_list("code", "id"))
    for code, name in names.items():
        if code not in known:
            category, _ = IncidentCategory.objects.get_or_create(
                code=code,
                defaults={"name": POLICE_LABELS.get(code, name)[:200], "police": code in POLICE_LABELS},
            )
            known[code] = category.id
    return known


def _category_column(frame: pl.DataFrame) -> pl.Expr:
    pairs = frame.select("category_code", "category_raw").unique("category_code")
    ids = category_ids(dict(zip(pairs["category_code"], pairs["category_raw"], strict=True)))
    return pl.col("category_code").replace_strict(ids, return_dtype=pl.Int64).alias("category_id")


_INCIDENT_TEXT = (
    "crime_id",
    "reference",
    "location",
    "lsoa_code",
    "lsoa_name",
    "last_outcome",
    "context",
    "reported_by",
    "falls_within",
)


def _incident_rows(
    frame: pl.DataFrame, *, source: str, file_id: int | None, partnership_id: int | None
) -> pl.DataFrame:
    """The frame as Incident columns (texts that a source lacks are blank)."""
    texts = [(pl.col(c) if c in frame.columns else pl.lit("")).fill_null("").alias(c) for c in _INCIDENT_TEXT]
    optional = [pl.col(c) for c in ("occurred_at", "report_id") if c in frame.columns]
    return frame.select(
        pl.lit(source).alias("source"),
        pl.lit(file_id, pl.Int64).alias("file_id"),
        pl.lit(partnership_id, pl.Int64).alias("partnership_id"),
        (pl.col("restricted") if "restricted" in frame.columns else pl.lit(False)).alias("restricted"),
        "month",
        *optional,
        _category_column(frame),
        "category_raw",
        "longitude",
        "latitude",
        "easting",
        "northing",
        *texts,
        "ward_id",
        "lsoa_id",
        "district_id",
        pl.col("lsoa_vintage").fill_null(""),
        "extra",
    )


def _load_police(kind: str, frame: pl.DataFrame, record: ImportedFile) -> int:
    """Write the rows; for outcomes, also the matching crimes' last outcome. Crimes updated."""
    if kind == FileKind.STREET:
        bulk_insert(
            Incident, _incident_rows(frame, source=Source.POLICE, file_id=record.id, partnership_id=None)
        )
        return _outcomes_apply_to_file(record.id)
    if kind == FileKind.STOP_AND_SEARCH:
        bulk_insert(
            StopSearch,
            frame.select(
                pl.lit(record.id, pl.Int64).alias("file_id"),
                *[
                    c.name
                    for c in StopSearch._meta.concrete_fields
                    if c.name not in ("id", "file", "ward", "lsoa", "district")
                ],
                "ward_id",
                "lsoa_id",
                "district_id",
            ).with_columns(pl.col("lsoa_vintage").fill_null("")),
        )
        return 0
    bulk_insert(
        CrimeOutcome,
        frame.select(
            pl.lit(record.id, pl.Int64).alias("file_id"),
            *[c.name for c in CrimeOutcome._meta.concrete_fields if c.name not in ("id", "file")],
        ),
    )
    return _outcomes_apply_from_file(record.id)


# The newest outcome of each crime: the latest month and, within a month, the last row loaded. An
# outcomes file updates each matching crime whose last outcome is not from a later month.
_OUTCOMES_FROM_FILE = """
    UPDATE intelligence_incident SET last_outcome = latest.outcome, last_outcome_month = latest.month
    FROM (
        SELECT crime_id, outcome, month FROM (
            SELECT crime_id, outcome, month,
                   ROW_NUMBER() OVER (PARTITION BY crime_id ORDER BY month DESC, id DESC) AS newest
            FROM intelligence_crimeoutcome WHERE file_id = %s
        ) ranked WHERE newest = 1
    ) AS latest
    WHERE intelligence_incident.crime_id = latest.crime_id
      AND (intelligence_incident.last_outcome_month IS NULL
           OR intelligence_incident.last_outcome_month <= latest.month)
"""
# Crimes of a newly loaded street file take the newest outcome already loaded for them.
_OUTCOMES_TO_FILE = """
    UPDATE intelligence_incident SET last_outcome = latest.outcome, last_outcome_month = latest.month
    FROM (
        SELECT crime_id, outcome, month FROM (
            SELECT crime_id, outcome, month,
                   ROW_NUMBER() OVER (PARTITION BY crime_id ORDER BY month DESC, id DESC) AS newest
            FROM intelligence_crimeoutcome
            WHERE crime_id IN (
                SELECT crime_id FROM intelligence_incident WHERE file_id = %s AND crime_id <> ''
            )
        ) ranked WHERE newest = 1
    ) AS latest
    WHERE intelligence_incident.file_id = %s AND intelligence_incident.crime_id = latest.crime_id
"""


def _outcomes_apply_from_file(file_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_OUTCOMES_FROM_FILE, [file_id])
        return cursor.rowcount


def _outcomes_apply_to_file(file_id: int) -> int:
    if not CrimeOutcome.objects.exists():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_OUTCOMES_TO_FILE, [file_id, file_id])
        return cursor.rowcount


# --- partner data -------------------------------------------------------------------------------------


DATASET_FIELDS = (
    "name",
    "organisation",
    "date_column",
    "date_format",
    "category_column",
    "reference_column",
    "location_column",
    "longitude_column",
    "latitude_column",
    "easting_column",
    "northing_column",
    "whole_log",
)


@transaction.atomic
def dataset_save(
    *, by: Any, partnership: Any, dataset: PartnerDataset | None = None, **values: Any
) -> PartnerDataset:
    """Create or change a partner dataset's column mapping; it is reused for each file of the dataset."""
    if not policy.can_import_for(by, partnership):
        raise NotPermitted(f"Only analysts and coordinators of {partnership.name} set up its partner data.")
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in DATASET_FIELDS}
    if not values.get("name"):
        raise ApplicationError("Enter a name for the dataset", field="name")
    for needed, label in (("date_column", "date"), ("category_column", "category")):
        if not values.get(needed):
            raise ApplicationError(f"Enter the name of the {label} column", field=needed)
    for first, second, label in (
        ("longitude_column", "latitude_column", "longitude and latitude"),
        ("easting_column", "northing_column", "easting and northing"),
    ):
        if bool(values.get(first)) != bool(values.get(second)):
            raise ApplicationError(
                f"Give both the {label} columns, or neither", field=first if not values.get(first) else second
            )
    if values.get("longitude_column") and values.get("easting_column"):
        raise ApplicationError(
            "Give longitude and latitude, or easting and northing, not both", field="easting_column"
        )
    duplicate = PartnerDataset.objects.filter(partnership=partnership, name=values["name"])
    if dataset is not None:
        duplicate = duplicate.exclude(id=dataset.id)
    if duplicate.exists():
        raise ApplicationError(
            f"{partnership.name} already has a dataset called {values['name']}", field="name"
        )
    created = dataset is None
    if dataset is None:
        dataset = PartnerDataset(partnership=partnership, created_by=by)
    for name, value in values.items():
        setattr(dataset, name, value)
    dataset.updated_at = timezone.now()
    dataset.save()
    audit_record(
        by=by,
        action=Action.CREATED if created else Action.CHANGED,
        obj=dataset,
        changes=values | {"organisation": str(values.get("organisation") or "")},
    )
    return dataset


def partner_file_import(
    *, by: Any, dataset: PartnerDataset, name: str, data: bytes, finder: AreaFinder | None = None
) -> ImportResult:
    """Load a partner's file through its dataset's saved mapping, as incidents of its partnership."""
    if not policy.can_import_for(by, dataset.partnership):
        raise NotPermitted(
            f"Only analysts and coordinators of {dataset.partnership.name} import its partner data."
        )
    checksum = hashlib.sha256(data).hexdigest()
    already = _already_imported(name, checksum)
    if already is not None:
        return already
    problems = Problems(_short(name))
    frame = read_csv(data, problems)
    if frame is not None and not problems.errors:
        frame = partner_frame(frame, dataset, problems)
    if problems.errors or frame is None:
        return _failed(name, FileKind.PARTNER, problems)
    frame = place_rows(frame, finder or AreaFinder(), lsoa_code=False)
    _note_unplaced(frame, problems)
    months = frame["month"].drop_nulls()
    try:
        with transaction.atomic():
            replaced = _replace_dataset(dataset) if dataset.whole_log else ""
            record = ImportedFile.objects.create(
                kind=FileKind.PARTNER,
                name=name[-300:],
                checksum=checksum,
                month=months.max() if len(months) else None,  # type: ignore[misc]
                partnership=dataset.partnership,
                dataset=dataset,
                rows=frame.height,
                located=int(frame["longitude"].is_not_null().sum()),
                unlocated=int(frame["longitude"].is_null().sum()),
                warnings=problems.warning_list(),
                replaced=replaced,
                imported_by=by,
                imported_by_label=actor_label(by),
            )
            bulk_insert(
                Incident,
                _incident_rows(
                    frame, source=Source.PARTNER, file_id=record.id, partnership_id=dataset.partnership_id
                ),
            )
            audit_record(
                by=by,
                action=Action.IMPORTED,
                obj=record,
                changes={"rows": record.rows, "dataset": dataset.name},
            )
    except IntegrityError:
        return _already_imported(name, checksum) or _failed(name, FileKind.PARTNER, problems)
    return ImportResult(
        name=name,
        status="replaced" if replaced else "imported",
        kind=FileKind.PARTNER,
        rows=record.rows,
        located=record.located,
        unlocated=record.unlocated,
        message=f"It replaced {replaced}" if replaced else "",
        warnings=record.warnings,
        file=record,
    )


def _replace_dataset(dataset: PartnerDataset) -> str:
    old = list(ImportedFile.objects.select_for_update().filter(dataset=dataset))
    if not old:
        return ""
    Incident.objects.filter(file__in=old).delete()
    rows = sum(f.rows for f in old)
    ImportedFile.objects.filter(id__in=[f.id for f in old]).delete()
    return f"{len(old)} earlier file(s) of {dataset.name} ({rows:,} rows)"


# --- reports ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSyncSummary:
    created: int
    updated: int
    removed: int

    def __str__(self) -> str:
        return (
            f"Reports in the incident store: {self.created} added, {self.updated} updated, "
            f"{self.removed} removed."
        )


def reports_into_store(*, finder: AreaFinder | None = None) -> ReportSyncSummary:
    """Bring reports from the front door into the store as "report" incidents; idempotent.

    A report merged as a duplicate is the same incident as the one it duplicates, so it leaves the
    store. Reports in never-public categories (hate incidents) arrive restricted, visible only to
    the partnership's coordinators, as they are at the front door. Run by a periodic task (see
    tasks.py) rather than from `report_submit`: the front door's write stays short, and analysis
    works in months, so a few minutes' delay costs nothing.
    """
    from joinedup.reports.models import ClosedReason, Report

    wanted: dict[int, tuple] = {}
    details: dict[int, dict] = {}
    for row in (
        Report.objects.exclude(closed_reason=ClosedReason.DUPLICATE)
        .values(
            "id",
            "partnership_id",
            "reference",
            "category__code",
            "category__name",
            "category__never_public",
            "created_at",
            "longitude",
            "latitude",
            "location_text",
            "lsoa_code",
        )
        .order_by("id")
        .iterator(chunk_size=5000)
    ):
        wanted[row["id"]] = (
            row["partnership_id"],
            row["category__code"],
            row["category__never_public"],
            row["created_at"],
            row["longitude"],
            row["latitude"],
            row["location_text"][:300],
        )
        details[row["id"]] = row
    held = {
        row[0]: (row[1:8], row[8])
        for row in Incident.objects.filter(source=Source.REPORT).values_list(
            "report_id",
            "partnership_id",
            "category__code",
            "restricted",
            "occurred_at",
            "longitude",
            "latitude",
            "location",
            "id",
        )
    }
    stale = [
        incident_id for report_id, (values, incident_id) in held.items() if wanted.get(report_id) != values
    ]
    fresh = [report_id for report_id, values in wanted.items() if held.get(report_id, (None,))[0] != values]
    with transaction.atomic():
        Incident.objects.filter(id__in=stale).delete()
        if fresh:
            rows = [details[i] for i in fresh]
            frame = pl.DataFrame(
                {
                    "report_id": [r["id"] for r in rows],
                    "partnership_id": [r["partnership_id"] for r in rows],
                    "reference": [r["reference"] for r in rows],
                    "category_code": [r["category__code"] for r in rows],
                    "category_raw": [r["category__name"] for r in rows],
                    "restricted": [r["category__never_public"] for r in rows],
                    "occurred_at": [r["created_at"] for r in rows],
                    "longitude": [r["longitude"] for r in rows],
                    "latitude": [r["latitude"] for r in rows],
                    "location": [r["location_text"][:300] for r in rows],
                    "lsoa_code": [r["lsoa_code"] or "" for r in rows],
                },
                schema_overrides={
                    "longitude": pl.Float64,
                    "latitude": pl.Float64,
                    "occurred_at": pl.Datetime("us", "UTC"),
                },
            ).with_columns(
                pl.col("occurred_at")
                .dt.convert_time_zone("Europe/London")
                .dt.truncate("1mo")
                .dt.date()
                .alias("month"),
                pl.lit("{}").alias("extra"),
            )
            frame = place_rows(frame, finder or AreaFinder(), lsoa_code=True)
            by_partnership = frame.partition_by("partnership_id", as_dict=True)
            for (partnership_id,), part in by_partnership.items():
                bulk_insert(
                    Incident,
                    _incident_rows(
                        part, source=Source.REPORT, file_id=None, partnership_id=int(partnership_id)
                    ),
                )
    updated = len(set(fresh) & set(held))
    return ReportSyncSummary(created=len(fresh) - updated, updated=updated, removed=len(stale) - updated)
