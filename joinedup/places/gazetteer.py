"""Street gazetteer: street names with a point on each, so someone without a map can find their street.

police.uk publishes every crime at one of a fixed set of anonymous map points, each named after
the street it sits on ("On or near Foregate Street"). A year of a force's street files therefore
names nearly every street in it. `streets_import` turns those files into one `Street` per name per
district; `street_search` finds streets from a few typed letters; `streets_load_csv` loads the
small ready-made file the demo ships with.

Imports are atomic (a file with any problem imports nothing) and idempotent (streets are matched on
district and name; running the same files again changes nothing and says so). Streets the files
do not mention are kept, so give an import every month you want counted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError

from .lookup import areas_for_points
from .models import Area, AreaKind, Street

# police.uk names some map points after what is there rather than the street. They are all over
# the force area, so they would each become one meaningless "street" per district.
GENERIC_LOCATIONS = frozenset(
    {
        "Airport/Airfield",
        "Bus/Coach Station",
        "Conference/Exhibition Centre",
        "Further/Higher Educational Building",
        "Hospital",
        "Motorway Service Area",
        "Nightclub",
        "Park/Open Space",
        "Parking Area",
        "Pedestrian Subway",
        "Petrol Station",
        "Police Station",  # "Hagley Police Station" is a named place and is kept
        "Prison",
        "Race Track",
        "Shopping Area",
        "Sports/Recreation Area",
        "Supermarket",
        "Theatre/Concert Hall",
        "Theme/Adventure Park",
    }
)
LOCATION_PREFIX = "On or near "
STREET_FILE_PATTERN = "*-street.csv"  # police.uk's layout: YYYY-MM/YYYY-MM-<force>-street.csv

# What people type for a street type whose short form is not the start of the word.
ABBREVIATIONS = {
    "ct": "court",
    "gdns": "gardens",
    "grn": "green",
    "ln": "lane",
    "mt": "mount",
    "pk": "park",
    "rd": "road",
    "sq": "square",
    "tce": "terrace",
}

_POLICE_COLUMNS = ("Longitude", "Latitude", "Location")
_CSV_COLUMNS = ("name", "longitude", "latitude", "district_code", "ward_code", "points")
_NAME_MAX = Street._meta.get_field("name").max_length
_SEARCH_TEXT_MAX = Street._meta.get_field("search_text").max_length
_UPDATE_FIELDS = ["search_text", "longitude", "latitude", "ward_code", "points"]
_BATCH = 500
# A public search box: bound the work one request can ask for.
_QUERY_MAX_CHARS = 100
_QUERY_MAX_WORDS = 6
_SEARCH_MAX_RESULTS = 50
_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class StreetImportSummary:
    files: list[str]
    rows: int
    unusable: int  # rows with no location or no coordinates
    generic: int  # rows at a place that is not a street ("Parking Area")
    outside: int  # distinct map points outside every loaded district
    streets: int
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return (
            f"{len(self.files)} file(s), {self.rows} rows: {self.streets} streets, {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged; skipped {self.unusable} rows without a "
            f"location, {self.generic} at places that are not streets and {self.outside} map points "
            "outside the loaded districts."
        )


def streets_import(*, by: Any, paths: Sequence[str | Path], label: str | None = None) -> StreetImportSummary:
    """Build streets from police.uk street CSVs: files, or folders searched for `*-street.csv`.

    Each name's distinct map points are placed in a loaded district (newest vintage); points in
    none are dropped. A street's point is the one of its points nearest their median, so it is
    always a real place on a street of that name, and its ward is the ward that point is in.
    """
    files = _street_files(paths)
    frames, problems = [], []
    for path in files:
        frame, file_problems = _police_file_read(path)
        frames.append(frame)
        problems.extend(file_problems)
    if problems:
        raise ApplicationError(
            f"Nothing was imported: {len(problems)} problem(s), the first: {problems[0]}",
            field="paths",
            extra={"problems": problems},
        )
    if not Area.objects.filter(kind=AreaKind.DISTRICT).exists():
        raise ApplicationError(
            "Load the district boundaries first: streets are kept only inside a loaded district.",
            field="paths",
        )
    rows = pl.concat(frames)
    named = rows.filter(pl.col("name").is_not_null())
    streets_named = named.filter(~pl.col("name").is_in(list(GENERIC_LOCATIONS)))
    points = streets_named.unique(["name", "lon", "lat"]).select("name", "lon", "lat")
    districts = areas_for_points(
        lons=points["lon"].to_numpy(), lats=points["lat"].to_numpy(), kinds=(AreaKind.DISTRICT,)
    )[AreaKind.DISTRICT]
    located = points.with_columns(district_code=pl.Series(districts.tolist(), dtype=pl.String)).filter(
        pl.col("district_code").is_not_null()
    )
    streets = _streets_from_points(located)

    with transaction.atomic():
        created, updated, unchanged = _streets_upsert(streets)
        summary = StreetImportSummary(
            files=[str(path) for path in files],
            rows=rows.height,
            unusable=rows.height - named.height,
            generic=named.height - streets_named.height,
            outside=points.height - located.height,
            streets=streets.height,
            created=created,
            updated=updated,
            unchanged=unchanged,
        )
        audit_record(
            by=by,
            action=Action.IMPORTED,
            label=label,
            changes={
                "files": [path.name for path in files],
                "rows": summary.rows,
                "streets": summary.streets,
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
            },
            purpose=f"Street gazetteer import: {len(files)} police.uk file(s)",
        )
    return summary


def streets_load_csv(*, path: str | Path, by: Any = None, label: str | None = None) -> StreetImportSummary:
    """Load streets from a CSV of name, longitude, latitude, district_code, ward_code, points.

    That is the shape of the demo's ready-made file, which was made by `streets_import`.
    """
    path = Path(path)
    schema = {
        "name": pl.String,
        "longitude": pl.Float64,
        "latitude": pl.Float64,
        "district_code": pl.String,
        "ward_code": pl.String,
        "points": pl.Int64,
    }
    columns = _csv_columns(path)
    missing = [name for name in _CSV_COLUMNS if name not in columns]
    if missing:
        raise ApplicationError(
            f"{path.name} is not a street file: it has no {', '.join(missing)} column.", field="path"
        )
    try:
        frame = pl.read_csv(path, columns=list(_CSV_COLUMNS), schema_overrides=schema)
    except pl.exceptions.PolarsError as error:
        raise ApplicationError(f"{path.name} could not be read: {error}", field="path") from None
    frame = frame.with_columns(pl.col("name").str.strip_chars(), pl.col("ward_code").fill_null(""))
    incomplete = frame.with_row_index("line", offset=2).filter(
        pl.any_horizontal(pl.col("name", "longitude", "latitude", "district_code", "points").is_null())
        | ~pl.col("name").str.len_chars().is_between(1, _NAME_MAX)
        | (pl.col("points") < 1)
        # A name twice in a district would be written twice in one upsert statement.
        | pl.struct("district_code", "name").is_duplicated()
    )
    if incomplete.height:
        lines = incomplete["line"].to_list()
        raise ApplicationError(
            f"Nothing was loaded: {path.name} has {len(lines)} incomplete row(s), "
            f"the first on line {lines[0]}.",
            field="path",
            extra={"problems": [f"{path.name}: line {line}: a value is missing or wrong" for line in lines]},
        )
    with transaction.atomic():
        created, updated, unchanged = _streets_upsert(frame)
        audit_record(
            by=by,
            action=Action.IMPORTED,
            label=label,
            changes={"file": path.name, "streets": frame.height, "created": created, "updated": updated},
            purpose=f"Street gazetteer load: {path.name}",
        )
    return StreetImportSummary(
        files=[str(path)],
        rows=frame.height,
        unusable=0,
        generic=0,
        outside=0,
        streets=frame.height,
        created=created,
        updated=updated,
        unchanged=unchanged,
    )


def street_search(*, query: str, district_codes: list[str] | None = None, limit: int = 10) -> list[Street]:
    """Streets whose words start with every word typed, in any order: "foregate st" finds Foregate Street.

    Case, accents and punctuation are ignored ("st johns" finds "St John's"), common short forms
    work ("rd" for Road), and names that start with what was typed come first. A query of fewer
    than two letters finds nothing. Street names are public, so there is no user to check.
    """
    words = _search_words(query[:_QUERY_MAX_CHARS])[:_QUERY_MAX_WORDS]
    if len("".join(words)) < 2 or limit < 1:
        return []
    streets = Street.objects.all()
    if district_codes is not None:
        streets = streets.filter(district_code__in=district_codes)
    for word in words:
        # search_text has a space before every word, so " word" matches the start of any word.
        matches = Q(search_text__contains=f" {word}")
        if word in ABBREVIATIONS:
            matches |= Q(search_text__contains=f" {ABBREVIATIONS[word]}")
        streets = streets.filter(matches)
    streets = streets.annotate(
        rank=Case(
            When(search_text__startswith=" " + " ".join(words), then=Value(0)),
            When(search_text__startswith=f" {words[0]}", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )
    return list(streets.order_by("rank", "name", "district_code")[: min(limit, _SEARCH_MAX_RESULTS)])


def _search_words(text: str) -> list[str]:
    """The words of a name or query as the search compares them: lower case, no accents or punctuation."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    # "John's" is one word, "johns"; other punctuation ("Ross-on-Wye", "St. John") separates words.
    return _WORD.findall(_APOSTROPHES.sub("", text))


def _search_text(name: str) -> str:
    return (" " + " ".join(_search_words(name)))[:_SEARCH_TEXT_MAX]


def _street_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(path.rglob(STREET_FILE_PATTERN))
            if not found:
                raise ApplicationError(
                    f"There are no police.uk street files ({STREET_FILE_PATTERN}) in {path}.", field="paths"
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ApplicationError(f"There is no file or folder {path}.", field="paths")
    if not files:
        raise ApplicationError("Give at least one police.uk street file or folder.", field="paths")
    return list(dict.fromkeys(files))


def _csv_columns(path: Path) -> list[str]:
    try:
        return pl.read_csv(path, n_rows=0, infer_schema=False).columns
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError):
        raise ApplicationError(f"{path.name} is empty or is not a CSV file.", field="paths") from None
    except OSError as error:
        raise ApplicationError(f"{path.name} could not be read: {error.strerror}.", field="paths") from None


def _police_file_read(path: Path) -> tuple[pl.DataFrame, list[str]]:
    """A police.uk street file's rows as name, lon, lat (name null where unusable), and its problems."""
    missing = [name for name in _POLICE_COLUMNS if name not in _csv_columns(path)]
    if missing:
        return pl.DataFrame(), [f"{path.name}: not a police.uk street file: no {', '.join(missing)} column"]
    try:
        # Read as text, so a bad coordinate can be reported with its line rather than stop the read.
        raw = pl.read_csv(path, columns=list(_POLICE_COLUMNS), infer_schema=False)
    except pl.exceptions.PolarsError as error:
        return pl.DataFrame(), [f"{path.name}: could not be read: {error}"]
    frame = raw.with_row_index("line", offset=2).with_columns(
        lon=pl.col("Longitude").str.strip_chars().cast(pl.Float64, strict=False),
        lat=pl.col("Latitude").str.strip_chars().cast(pl.Float64, strict=False),
        name=pl.col("Location")
        .str.strip_chars()
        .str.strip_prefix(LOCATION_PREFIX)
        .str.replace_all(r"\s+", " ")
        # police.uk capitalises after an apostrophe: "St John'S".
        .str.replace_all(r"'S\b", "'s"),
    )
    problems = [
        f"{path.name}: line {line}: {column.lower()} {value!r} is not a number"
        for column, key in (("Longitude", "lon"), ("Latitude", "lat"))
        for line, value in frame.filter(
            pl.col(key).is_null() & (pl.col(column).str.strip_chars().str.len_chars() > 0)
        )
        .select("line", column)
        .iter_rows()
    ]
    usable = (
        pl.col("lon").is_not_null()
        & pl.col("lat").is_not_null()
        & (pl.col("name").str.len_chars().is_between(1, _NAME_MAX))
        & (pl.col("Location") != "No Location")
    )
    frame = frame.select(pl.when(usable).then(pl.col("name")).alias("name"), "lon", "lat")
    return frame, problems


def _streets_from_points(points: pl.DataFrame) -> pl.DataFrame:
    """One row per district and name: its point nearest the median of its points, and their count."""
    keys = ["district_code", "name"]
    nearest = ["distance", "lon", "lat"]  # the coordinates break ties, so reruns pick the same point
    streets = (
        points.with_columns(
            mid_lon=pl.col("lon").median().over(keys), mid_lat=pl.col("lat").median().over(keys)
        )
        # Squared distance in degrees, with longitude shrunk as it is on the ground at this latitude.
        .with_columns(
            distance=((pl.col("lon") - pl.col("mid_lon")) * pl.col("mid_lat").radians().cos()) ** 2
            + (pl.col("lat") - pl.col("mid_lat")) ** 2
        )
        .group_by(keys)
        .agg(
            points=pl.len(),
            longitude=pl.col("lon").sort_by(nearest).first(),
            latitude=pl.col("lat").sort_by(nearest).first(),
        )
        .sort(keys)
    )
    if not streets.height:
        return streets.with_columns(ward_code=pl.lit("", dtype=pl.String))
    wards = areas_for_points(
        lons=streets["longitude"].to_numpy(), lats=streets["latitude"].to_numpy(), kinds=(AreaKind.WARD,)
    )[AreaKind.WARD]
    return streets.with_columns(ward_code=pl.Series([code or "" for code in wards], dtype=pl.String))


def _streets_upsert(streets: pl.DataFrame) -> tuple[int, int, int]:
    """Create or update streets by (district_code, name); the counts created, updated and unchanged."""
    columns = streets.select("name", "longitude", "latitude", "district_code", "ward_code", "points")
    existing = {
        (district_code, name): values
        for district_code, name, *values in Street.objects.filter(
            district_code__in=columns["district_code"].unique().to_list()
        )
        .order_by()
        .values_list("district_code", "name", "search_text", "longitude", "latitude", "ward_code", "points")
    }
    to_write = []
    created = 0
    for name, longitude, latitude, district_code, ward_code, points in columns.iter_rows():
        search_text = _search_text(name)
        before = existing.get((district_code, name))
        if before == [search_text, longitude, latitude, ward_code, points]:
            continue
        created += before is None
        to_write.append(
            Street(
                name=name,
                search_text=search_text,
                longitude=longitude,
                latitude=latitude,
                district_code=district_code,
                ward_code=ward_code,
                points=points,
            )
        )
    Street.objects.bulk_create(
        to_write,
        batch_size=_BATCH,
        update_conflicts=True,
        unique_fields=["district_code", "name"],
        update_fields=_UPDATE_FIELDS,
    )
    updated = len(to_write) - created
    return created, updated, columns.height - len(to_write)
