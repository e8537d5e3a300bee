"""Partner files (a council's ASB log, a housing provider's incident list) read through a saved mapping.

A partner's columns are theirs to name; the dataset says which is the date, the category, the
reference and the location (longitude/latitude or British National Grid easting/northing). Every
other column is kept in `extra`. Times without a zone are Europe/London, as partners record them.
"""

from __future__ import annotations

import polars as pl

from ..categories import category_code
from ..models import PartnerDataset
from .places import from_grid
from .police import LAT_RANGE, LON_RANGE, LONDON
from .reading import Column, Problems, extra_json, match_columns, too_long

# Tried in order when the dataset gives no format: ISO first, then the UK day-first forms.
_DATETIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
_HAS_TIME = ("%H", "%I", "%M", "%S", "%T", "%R")


def dataset_columns(dataset: PartnerDataset) -> list[Column]:
    mapping = [
        (dataset.date_column, "date_text", None),
        (dataset.category_column, "category_raw", 200),
        (dataset.reference_column, "reference", 100),
        (dataset.location_column, "location", 300),
        (dataset.longitude_column, "x_text", None),
        (dataset.latitude_column, "y_text", None),
        (dataset.easting_column, "x_text", None),
        (dataset.northing_column, "y_text", None),
    ]
    return [Column(header, name, length) for header, name, length in mapping if header]


def _when(frame: pl.DataFrame, column: str, date_format: str, problems: Problems) -> pl.DataFrame:
    text = pl.col(column).str.strip_chars()
    formats = (date_format,) if date_format else (*_DATETIME_FORMATS, *_DATE_FORMATS)
    timed = [f for f in formats if any(t in f for t in _HAS_TIME)]
    dated = [f for f in formats if f not in timed]
    local_time = (
        pl.coalesce([text.str.to_datetime(f, strict=False) for f in timed])
        if timed
        else pl.lit(None, pl.Datetime)
    )
    local_date = (
        pl.coalesce([text.str.to_date(f, strict=False) for f in dated]) if dated else pl.lit(None, pl.Date)
    )
    frame = frame.with_columns(local_time.alias("_local_time"), local_date.alias("_local_date"))
    frame = frame.with_columns(pl.coalesce(pl.col("_local_time").dt.date(), "_local_date").alias("_day"))
    problems.error_where(
        frame,
        pl.col("_day").is_null(),
        f'"{column}" is not a date'
        + (f" in the dataset's format {date_format}." if date_format else " (use 2025-06-30 or 30/06/2025)."),
    )
    return frame.with_columns(
        pl.col("_day").dt.truncate("1mo").alias("month"),
        pl.col("_local_time")
        .dt.replace_time_zone(LONDON, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        .alias("occurred_at"),
    ).drop("_local_time", "_local_date", "_day")


def _point(frame: pl.DataFrame, mapped: dict[str, str], grid: bool, problems: Problems) -> pl.DataFrame:
    if "x_text" not in mapped:
        return frame.with_columns(
            pl.lit(None, pl.Float64).alias("longitude"), pl.lit(None, pl.Float64).alias("latitude")
        )
    x_text = pl.col(mapped["x_text"]).str.strip_chars()
    y_text = pl.col(mapped["y_text"]).str.strip_chars()
    frame = frame.with_columns(
        x_text.cast(pl.Float64, strict=False).alias("_x"), y_text.cast(pl.Float64, strict=False).alias("_y")
    )
    blank = (x_text == "") | (y_text == "")
    damaged = ~blank & (pl.col("_x").is_null() | pl.col("_y").is_null())
    problems.warn_where(frame, blank, "No location: kept without one.")
    problems.warn_where(frame, damaged, "The coordinates are not numbers: kept without a location.")
    if grid:
        x = frame["_x"].fill_null(float("nan")).to_numpy()
        y = frame["_y"].fill_null(float("nan")).to_numpy()
        lons, lats = from_grid(x, y)
        frame = frame.with_columns(pl.Series("_x", lons).fill_nan(None), pl.Series("_y", lats).fill_nan(None))
    outside = ~blank & ~damaged & ~(pl.col("_x").is_between(*LON_RANGE) & pl.col("_y").is_between(*LAT_RANGE))
    problems.warn_where(
        frame, outside, "The location is outside Great Britain and Northern Ireland: kept without one."
    )
    keep = ~(blank | damaged | outside)
    return frame.with_columns(
        pl.when(keep).then(pl.col("_x")).alias("longitude"),
        pl.when(keep).then(pl.col("_y")).alias("latitude"),
    ).drop("_x", "_y")


def partner_frame(frame: pl.DataFrame, dataset: PartnerDataset, problems: Problems) -> pl.DataFrame:
    """A partner file's rows as incidents (without areas): the store's fields plus `category_code`."""
    columns = dataset_columns(dataset)
    mapped, others = match_columns(frame, columns, problems, what=f'"{dataset.name}"')
    if problems.errors:
        return frame
    too_long(frame, mapped, {c.field: c.max_length for c in columns if c.max_length}, problems)
    frame = _when(frame, mapped["date_text"], dataset.date_format, problems)
    frame = _point(frame, mapped, bool(dataset.easting_column), problems)
    category = pl.col(mapped["category_raw"]).str.strip_chars()
    problems.error_where(frame, category == "", f'"{mapped["category_raw"]}" is blank.')
    texts = [
        (pl.col(mapped[name]).str.strip_chars() if name in mapped else pl.lit("")).alias(name)
        for name in ("reference", "location")
    ]
    frame = frame.with_columns(
        category.alias("category_raw"), *texts, extra_json(frame, others).alias("extra")
    )
    codes = {raw: category_code(raw) for raw in frame["category_raw"].unique().to_list()}
    return frame.with_columns(
        pl.col("category_raw").replace_strict(codes, default="unspecified").alias("category_code"),
        pl.lit("").alias("lsoa_code"),
    )
