"""police.uk files: street-level crime, outcomes and stop and search, checked and mapped to the store.

Each `*_frame` function takes the text frame from `reading.read_csv` and returns a frame whose
columns are the store's fields (Polars types), recording problems as it goes. Rows are never
dropped: a row that cannot be kept is an error, and an error stops the whole file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

import polars as pl
from django.utils.text import slugify

from ..categories import category_code, outcome_name, police_category_code
from ..models import FileKind
from .reading import LINE, Column, Problems, extra_json, match_columns, too_long

LONDON = "Europe/London"

# The columns street and outcomes files share, in police.uk's order.
_CRIME_COLUMNS = (
    Column("Crime ID", "crime_id", 64),
    Column("Month", "month_text"),
    Column("Reported by", "reported_by", 100),
    Column("Falls within", "falls_within", 100),
    Column("Longitude", "longitude_text"),
    Column("Latitude", "latitude_text"),
    Column("Location", "location", 300),
    Column("LSOA code", "lsoa_code", 12),
    Column("LSOA name", "lsoa_name", 200),
)
STREET_COLUMNS = (
    *_CRIME_COLUMNS,
    Column("Crime type", "category_raw", 200),
    Column("Last outcome category", "last_outcome", 200),
    Column("Context", "context"),
)
OUTCOME_COLUMNS = (*_CRIME_COLUMNS, Column("Outcome type", "outcome", 200))
STOP_SEARCH_COLUMNS = (
    Column("Type", "type", 60),
    Column("Date", "date_text"),
    Column("Part of a policing operation", "part_of_policing_operation_text"),
    Column("Policing operation", "policing_operation", 200),
    Column("Latitude", "latitude_text"),
    Column("Longitude", "longitude_text"),
    Column("Gender", "gender", 40),
    Column("Age range", "age_range", 40),
    Column("Self-defined ethnicity", "self_defined_ethnicity", 200),
    Column("Officer-defined ethnicity", "officer_defined_ethnicity", 60),
    Column("Legislation", "legislation", 200),
    Column("Object of search", "object_of_search", 200),
    Column("Outcome", "outcome", 200),
    Column("Outcome linked to object of search", "outcome_linked_to_object_of_search_text"),
    Column("Removal of more than just outer clothing", "removal_of_more_than_just_outer_clothing_text"),
)
COLUMNS = {
    FileKind.STREET: STREET_COLUMNS,
    FileKind.OUTCOMES: OUTCOME_COLUMNS,
    FileKind.STOP_AND_SEARCH: STOP_SEARCH_COLUMNS,
}
# A column only one kind of file has, to tell the kind from the header when the name does not.
_TELLING_COLUMN = {
    "crime type": FileKind.STREET,
    "outcome type": FileKind.OUTCOMES,
    "object of search": FileKind.STOP_AND_SEARCH,
}
_FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-(.+)-(street|outcomes|stop-and-search)\.csv$", re.IGNORECASE)

# Coordinates police.uk could publish: Great Britain and Northern Ireland, with a margin. police.uk
# writes zeros when it has no map point within 20 km; anything else outside is a damaged value.
LON_RANGE = (-11.0, 3.0)
LAT_RANGE = (49.0, 61.5)


@dataclass(frozen=True)
class FileName:
    kind: str | None
    force: str
    month: str  # "YYYY-MM", or "" when the name does not say


def file_name_parse(name: str) -> FileName:
    """What police.uk's own naming says: 2025-06/2025-06-west-mercia-street.csv."""
    match = _FILE_NAME.match(PurePosixPath(name).name)
    if match is None:
        return FileName(kind=None, force="", month="")
    year, month, force, kind = match.groups()
    return FileName(kind=kind.lower(), force=force.lower(), month=f"{year}-{month}")


def kind_from_header(frame: pl.DataFrame) -> str | None:
    keys = {name.strip().casefold() for name in frame.columns}
    for column, kind in _TELLING_COLUMN.items():
        if column in keys:
            return kind
    return None


def _text(mapped: dict[str, str]) -> list[pl.Expr]:
    """The plain text fields, trimmed."""
    return [
        pl.col(column).str.strip_chars().alias(name)
        for name, column in mapped.items()
        if not name.endswith("_text")
    ]


def _without_file_columns(frame: pl.DataFrame, mapped: dict[str, str], others: list[str]) -> pl.DataFrame:
    """Drop the columns as read, once the store's fields are made from them: a national month is
    large, and two copies of every text column would double the import's memory."""
    fields = {name for name in mapped if not name.endswith("_text")} | {"extra"}
    return frame.drop([c for c in (*mapped.values(), *others) if c not in fields and c in frame.columns])


def _coordinates(frame: pl.DataFrame, mapped: dict[str, str], problems: Problems) -> pl.DataFrame:
    """Longitude and latitude as floats; blank, zero, damaged or out-of-range ones become null."""
    lon_text = pl.col(mapped["longitude_text"]).str.strip_chars()
    lat_text = pl.col(mapped["latitude_text"]).str.strip_chars()
    frame = frame.with_columns(
        lon_text.cast(pl.Float64, strict=False).alias("_lon"),
        lat_text.cast(pl.Float64, strict=False).alias("_lat"),
    )
    blank = (lon_text == "") | (lat_text == "")
    damaged = ~blank & (
        pl.col("_lon").is_null()
        | pl.col("_lat").is_null()
        | ~pl.col("_lon").is_finite()
        | ~pl.col("_lat").is_finite()
    )
    zero = ~blank & ~damaged & (pl.col("_lon") == 0) & (pl.col("_lat") == 0)
    outside = (
        ~blank
        & ~damaged
        & ~zero
        & ~(pl.col("_lon").is_between(*LON_RANGE) & pl.col("_lat").is_between(*LAT_RANGE))
    )
    problems.warn_where(frame, blank, "No coordinates: kept without a location.")
    problems.warn_where(frame, damaged, "The coordinates are not numbers: kept without a location.")
    problems.warn_where(
        frame, zero, "Coordinates 0, 0 (police.uk had no map point): kept without a location."
    )
    problems.warn_where(
        frame,
        outside,
        "The coordinates are outside Great Britain and Northern Ireland: kept without a location.",
    )
    keep = ~(blank | damaged | zero | outside)
    return frame.with_columns(
        pl.when(keep).then(pl.col("_lon")).alias("longitude"),
        pl.when(keep).then(pl.col("_lat")).alias("latitude"),
    ).drop("_lon", "_lat")


def _month(frame: pl.DataFrame, column: str, problems: Problems) -> pl.DataFrame:
    text = pl.col(column).str.strip_chars()
    frame = frame.with_columns((text + "-01").str.to_date("%Y-%m-%d", strict=False).alias("month"))
    problems.error_where(frame, pl.col("month").is_null(), f'"{column}" is not a month written as YYYY-MM.')
    return frame


def street_frame(frame: pl.DataFrame, problems: Problems) -> pl.DataFrame:
    """A street file's rows as incidents (without areas): the store's fields plus `category_code`."""
    mapped, others = match_columns(frame, STREET_COLUMNS, problems, what="street")
    if problems.errors:
        return frame
    too_long(frame, mapped, {c.field: c.max_length for c in STREET_COLUMNS if c.max_length}, problems)
    frame = _month(frame, mapped["month_text"], problems)
    frame = _coordinates(frame, mapped, problems)
    crime_type = pl.col(mapped["category_raw"]).str.strip_chars()
    problems.error_where(frame, crime_type == "", '"Crime type" is blank.')
    frame = frame.with_columns(*_text(mapped), extra_json(frame, others).alias("extra"))
    frame = _without_file_columns(frame, mapped, others)
    codes = {raw: police_category_code(raw) for raw in frame["category_raw"].unique().to_list() if raw}
    unknown = sorted(raw for raw, code in codes.items() if code is None)
    for raw in unknown:
        problems.warn_where(
            frame,
            pl.col("category_raw") == raw,
            f'"{raw}" is not a police.uk crime type: kept under its own category.',
        )
    mapping = {raw: code or category_code(raw) for raw, code in codes.items()}
    outcomes = {raw: outcome_name(raw) for raw in frame["last_outcome"].unique().to_list()}
    return frame.with_columns(
        pl.col("category_raw").replace_strict(mapping, default="unspecified").alias("category_code"),
        pl.col("last_outcome").replace_strict(outcomes, default="").alias("last_outcome"),
    )


def outcome_frame(frame: pl.DataFrame, problems: Problems) -> pl.DataFrame:
    mapped, others = match_columns(frame, OUTCOME_COLUMNS, problems, what="outcomes")
    if problems.errors:
        return frame
    too_long(frame, mapped, {c.field: c.max_length for c in OUTCOME_COLUMNS if c.max_length}, problems)
    frame = _month(frame, mapped["month_text"], problems)
    frame = _coordinates(frame, mapped, problems)
    problems.error_where(frame, pl.col(mapped["crime_id"]).str.strip_chars() == "", '"Crime ID" is blank.')
    problems.error_where(frame, pl.col(mapped["outcome"]).str.strip_chars() == "", '"Outcome type" is blank.')
    frame = frame.with_columns(*_text(mapped), extra_json(frame, others).alias("extra"))
    frame = _without_file_columns(frame, mapped, others)
    outcomes = {raw: outcome_name(raw) for raw in frame["outcome"].unique().to_list()}
    return frame.with_columns(pl.col("outcome").replace_strict(outcomes, default=""))


_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def _flag(frame: pl.DataFrame, column: str, name: str, problems: Problems) -> tuple[pl.DataFrame, pl.Expr]:
    """A True/False column as a nullable boolean; anything else is null, warned, and kept raw in `extra`."""
    text = pl.col(column).str.strip_chars().str.to_lowercase()
    frame = frame.with_columns(
        pl.when(text.is_in(list(_TRUE)))
        .then(True)
        .when(text.is_in(list(_FALSE)))
        .then(False)
        .otherwise(None)
        .alias(name)
    )
    odd = (text != "") & pl.col(name).is_null()
    problems.warn_where(frame, odd, f'"{column}" is neither True nor False: kept as written, under extra.')
    return frame, pl.when(odd).then(pl.col(column))


def stop_search_frame(frame: pl.DataFrame, problems: Problems) -> pl.DataFrame:
    """Stops and searches: UTC times, bucketed by the Europe/London month they happened in."""
    mapped, others = match_columns(frame, STOP_SEARCH_COLUMNS, problems, what="stop and search")
    if problems.errors:
        return frame
    too_long(frame, mapped, {c.field: c.max_length for c in STOP_SEARCH_COLUMNS if c.max_length}, problems)
    frame = _coordinates(frame, mapped, problems)
    date = pl.col(mapped["date_text"]).str.strip_chars()
    frame = frame.with_columns(
        pl.coalesce(
            date.str.to_datetime("%Y-%m-%dT%H:%M:%S%z", time_zone="UTC", strict=False),
            date.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%z", time_zone="UTC", strict=False),
            # Without an offset the time is UTC, as police.uk publishes it.
            date.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False).dt.replace_time_zone("UTC"),
        ).alias("occurred_at")
    )
    problems.error_where(frame, pl.col("occurred_at").is_null(), '"Date" is not a date and time (ISO 8601).')
    problems.error_where(frame, pl.col(mapped["type"]).str.strip_chars() == "", '"Type" is blank.')
    odd_values: list[pl.Expr] = []
    for field_name in (
        "part_of_policing_operation",
        "outcome_linked_to_object_of_search",
        "removal_of_more_than_just_outer_clothing",
    ):
        column = mapped[f"{field_name}_text"]
        frame, odd = _flag(frame, column, field_name, problems)
        if frame.select(odd.is_not_null().any()).item():
            odd_values.append(odd.alias(column))
    extra = (
        pl.struct([*(pl.col(c) for c in others), *odd_values]).struct.json_encode()
        if odd_values
        else extra_json(frame, others)
    )
    return frame.with_columns(
        *_text(mapped),
        pl.col("occurred_at").dt.convert_time_zone(LONDON).dt.truncate("1mo").dt.date().alias("month"),
        extra.alias("extra"),
    )


def force_from_rows(frame: pl.DataFrame) -> str:
    """The force a street or outcomes file is for, from its "Falls within" column."""
    if "falls_within" not in frame.columns or frame.is_empty():
        return ""
    name, _ = Counter(frame["falls_within"].to_list()).most_common(1)[0]
    return slugify(name.removesuffix(" Police").removesuffix(" Constabulary")) if name else ""


def month_from_rows(frame: pl.DataFrame) -> str:
    if "month" not in frame.columns or frame.is_empty():
        return ""
    month, _ = Counter(frame["month"].drop_nulls().to_list()).most_common(1)[0]
    return f"{month:%Y-%m}"


__all__ = ["COLUMNS", "LINE", "outcome_frame", "stop_search_frame", "street_frame"]
