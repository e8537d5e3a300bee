"""Reading and checking boundary files before anything is written to the database.

Two inputs are understood:

- boundary files: a GeoJSON FeatureCollection (`.json`, `.geojson`) or GeoJSON lines (`.geojsonl`,
  `.ndjson`: one Feature per line), in WGS84 longitude/latitude;
- an ONS best-fit lookup CSV (LSOA → ward → local authority district).

Each reader checks the whole file and raises one `ApplicationError` listing every problem (in
`extra["problems"]`, each naming the file and the feature or line), so an operator fixes a file in
one pass and an import never starts on a file that would fail half way.

This module deliberately imports nothing from Django, so scripts and benchmarks can use it without
a database.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import shapely

from joinedup.core.errors import ApplicationError

# ONS GSS code prefixes, by the kinds of area in `AreaKind` (a str enum, so its members work as keys).
CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    "ward": re.compile(r"^[EW]05\d{6}$"),
    "lsoa": re.compile(r"^[EW]01\d{6}$"),
    "district": re.compile(r"^[EW]0[6-9]\d{6}$"),
    "county": re.compile(r"^E10\d{6}$"),
    "force": re.compile(r"^[EW]23\d{6}$"),
    "patch": re.compile(r"^[-a-zA-Z0-9_]+$"),
}
CODE_DESCRIPTIONS = {
    "ward": "an ONS ward code (E05 or W05 and 6 digits)",
    "lsoa": "an ONS LSOA code (E01 or W01 and 6 digits)",
    "district": "an ONS district code (E06-E09 or W06 and 6 digits)",
    "county": "an ONS county code (E10 and 6 digits)",
    "force": "an ONS police force area code (E23 or W23 and 6 digits)",
    "patch": "a slug (letters, digits, hyphens and underscores)",
}
POLYGONAL = ("Polygon", "MultiPolygon")
LINE_DELIMITED_SUFFIXES = (".geojsonl", ".ndjson", ".jsonl")
# Sizes of the `Area` columns, so a too-long value is reported here rather than failing the insert.
MAX_CODE_LENGTH = 40
MAX_NAME_LENGTH = 200
_WGS84_CRS_MARKERS = ("CRS84", "4326")


@dataclass(frozen=True, slots=True)
class BoundaryFeature:
    """One checked feature: what an `Area` row needs."""

    number: int  # 1-based position in the file, for messages
    code: str
    name: str
    geometry: str  # GeoJSON geometry text, WGS84 lon/lat
    bbox: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat
    parent_code: str | None = None
    repaired: bool = False  # the file's geometry was invalid and `shapely.make_valid` fixed it


@dataclass(frozen=True, slots=True)
class BoundaryFile:
    name: str
    kind: str
    vintage: str
    features: list[BoundaryFeature]

    @property
    def repaired_codes(self) -> list[str]:
        return [feature.code for feature in self.features if feature.repaired]


@dataclass(frozen=True, slots=True)
class LookupColumns:
    """Which CSV columns hold which field; the defaults fit the ONS LSOA (2011) → ward (2019) lookup."""

    lsoa_code: str = "LSOA11CD"
    lsoa_name: str = "LSOA11NM"
    ward_code: str = "WD19CD"
    ward_name: str = "WD19NM"
    district_code: str = "LAD19CD"
    district_name: str = "LAD19NM"


@dataclass(frozen=True, slots=True)
class LookupRow:
    lsoa_code: str
    lsoa_name: str
    ward_code: str
    ward_name: str
    district_code: str
    district_name: str


def code_problem(*, kind: str, code: str) -> str | None:
    """Why `code` cannot be the code of an area of `kind`, or None if it can."""
    pattern = CODE_PATTERNS.get(str(kind))
    if pattern is None:
        return f"unknown kind of area {kind!r}"
    if len(code) > MAX_CODE_LENGTH:
        return f"code {code!r} is longer than {MAX_CODE_LENGTH} characters"
    if not pattern.fullmatch(code):
        return f"code {code!r} is not {CODE_DESCRIPTIONS[str(kind)]}"
    return None


def boundary_file_read(
    *,
    path: str | Path,
    kind: str,
    vintage: str,
    code_property: str,
    name_property: str,
    parent_property: str | None = None,
) -> BoundaryFile:
    """Read and check a boundary file; raise one ApplicationError listing every problem in it."""
    path = Path(path)
    if str(kind) not in CODE_PATTERNS:
        raise ApplicationError(f"Unknown kind of area {kind!r}.", field="kind")
    raw_features, problems = _raw_features(path)
    features = _features_check(
        raw_features,
        file_name=path.name,
        kind=str(kind),
        code_property=code_property,
        name_property=name_property,
        parent_property=parent_property,
        problems=problems,
    )
    if not raw_features and not problems:
        problems.append((0, f"{path.name}: the file has no features"))
    if problems:
        # In file order: geometry problems are found in one vectorised pass after the properties.
        raise _problems_error(path.name, [text for _number, text in sorted(problems, key=lambda p: p[0])])
    return BoundaryFile(name=path.name, kind=str(kind), vintage=vintage, features=features)


def geometry_check(*, geometry: Any, label: str) -> tuple[str, tuple[float, float, float, float], bool]:
    """Check one GeoJSON geometry (text or parsed); return (GeoJSON text, bbox, repaired).

    For geometry that does not come from a file, such as a patch drawn on a map.
    """
    if isinstance(geometry, str | bytes):
        try:
            geometry = orjson.loads(geometry)
        except orjson.JSONDecodeError as error:
            raise ApplicationError(f"{label}: not valid JSON ({error})", field="geometry") from error
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    problems: list[tuple[int, str]] = []
    checked = _geometries_check([geometry], wheres=[(1, label)], problems=problems)
    if problems:
        texts = [text for _number, text in problems]
        raise ApplicationError(texts[0], field="geometry", extra={"problems": texts})
    return checked[0]


def lookup_file_read(*, path: str | Path, columns: LookupColumns | None = None) -> list[LookupRow]:
    """Read and check an ONS best-fit lookup CSV; raise one ApplicationError listing every problem.

    The csv module (not Polars) because it gives the true line number of every row, even with
    quoted line breaks, and lets a short or long row be reported rather than stop the read.
    """
    path = Path(path)
    columns = columns or LookupColumns()
    problems: list[str] = []
    rows: list[LookupRow] = []
    first_line_of: dict[str, int] = {}
    try:
        # utf-8-sig: ONS downloads often start with a byte-order mark, which would spoil the first name.
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise _problems_error(path.name, [f"{path.name}: the file is empty"])
            wanted = [
                columns.lsoa_code,
                columns.lsoa_name,
                columns.ward_code,
                columns.ward_name,
                columns.district_code,
                columns.district_name,
            ]
            missing = [name for name in wanted if name not in header]
            if missing:
                raise _problems_error(
                    path.name,
                    [
                        f"{path.name}: line 1: no {' or '.join(missing)} column "
                        f"(the columns are {', '.join(header)})"
                    ],
                )
            positions = [header.index(name) for name in wanted]
            line = reader.line_num
            for record in reader:
                start, line = line + 1, reader.line_num
                if not any(field.strip() for field in record):
                    continue
                where = f"{path.name}: line {start}"
                if len(record) != len(header):
                    problems.append(f"{where}: {len(record)} fields, expected {len(header)}")
                    continue
                values = [record[position].strip() for position in positions]
                row_ok = True
                for position, kind in ((0, "lsoa"), (2, "ward"), (4, "district")):
                    value = values[position]
                    if not CODE_PATTERNS[kind].fullmatch(value):
                        problems.append(
                            f"{where}: {wanted[position]} {value!r} is not {CODE_DESCRIPTIONS[kind]}"
                        )
                        row_ok = False
                for position in (1, 3, 5):
                    if not values[position]:
                        problems.append(f"{where}: {wanted[position]} is empty")
                        row_ok = False
                lsoa_code = values[0]
                if lsoa_code in first_line_of:
                    problems.append(f"{where}: LSOA {lsoa_code} is also on line {first_line_of[lsoa_code]}")
                    row_ok = False
                else:
                    first_line_of[lsoa_code] = start
                if row_ok:
                    rows.append(LookupRow(*values))
    except UnicodeDecodeError as error:
        raise _problems_error(path.name, [f"{path.name}: not UTF-8 text ({error.reason})"]) from error
    except OSError as error:
        raise ApplicationError(f"Cannot read {path}: {error.strerror}.", field="path") from error
    except csv.Error as error:
        problems.append(f"{path.name}: line {reader.line_num}: {error}")
    if not rows and not problems:
        problems.append(f"{path.name}: the file has no rows")
    if problems:
        raise _problems_error(path.name, problems)
    return rows


def _problems_error(file_name: str, problems: list[str]) -> ApplicationError:
    if len(problems) == 1:
        message = f"Nothing was imported: {problems[0]}"
    else:
        message = f"Nothing was imported: {len(problems)} problems in {file_name}, the first: {problems[0]}"
    return ApplicationError(message, field="path", extra={"file": file_name, "problems": problems})


def _raw_features(path: Path) -> tuple[list[tuple[int, str, Any]], list[tuple[int, str]]]:
    """The file's features as (number, label, parsed feature), and problems as (feature number, text)."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ApplicationError(f"Cannot read {path}: {error.strerror}.", field="path") from error
    name = path.name
    if path.suffix.lower() in LINE_DELIMITED_SUFFIXES:
        raw: list[tuple[int, str, Any]] = []
        problems: list[tuple[int, str]] = []
        for line_number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            number = len(raw) + 1
            label = f"{name}: feature {number} (line {line_number})"
            try:
                raw.append((number, label, orjson.loads(line)))
            except orjson.JSONDecodeError as error:
                problems.append((number, f"{label}: not valid JSON ({error.msg} at column {error.colno})"))
                raw.append((number, label, None))
        return raw, problems

    try:
        document = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        return [], [(0, f"{name}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})")]
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        return [], [(0, f"{name}: not a GeoJSON FeatureCollection (its type is {found!r})")]
    problems = []
    crs_name = str(((document.get("crs") or {}).get("properties") or {}).get("name", ""))
    if crs_name and not any(marker in crs_name for marker in _WGS84_CRS_MARKERS):
        problems.append(
            (0, f"{name}: coordinates are in {crs_name}; they must be WGS84 longitude/latitude (EPSG:4326)")
        )
    features = document.get("features")
    if not isinstance(features, list):
        return [], [*problems, (0, f"{name}: the FeatureCollection has no list of features")]
    return [(n, f"{name}: feature {n}", feature) for n, feature in enumerate(features, start=1)], problems


def _features_check(
    raw_features: list[tuple[int, str, Any]],
    *,
    file_name: str,
    kind: str,
    code_property: str,
    name_property: str,
    parent_property: str | None,
    problems: list[tuple[int, str]],
) -> list[BoundaryFeature]:
    candidates: list[tuple[int, str, str, str, str | None]] = []
    geometries: list[Any] = []
    first_feature_with: dict[str, int] = {}
    for number, label, feature in raw_features:
        if feature is None:  # a line that was not JSON, already reported
            continue
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append((number, f"{label}: not a GeoJSON Feature"))
            continue
        properties = feature.get("properties") or {}
        ok = True
        where = (number, label)
        code = _text_property(properties, code_property, where=where, problems=problems)
        name = _text_property(properties, name_property, where=where, problems=problems)
        parent_code = None
        if parent_property:
            parent_code = _text_property(properties, parent_property, where=where, problems=problems)
            ok = ok and parent_code is not None
        if code is not None:
            problem = code_problem(kind=kind, code=code)
            if problem:
                problems.append((number, f"{label}: {problem}"))
                ok = False
            elif code in first_feature_with:
                problems.append(
                    (number, f"{label}: code {code} is also used by feature {first_feature_with[code]}")
                )
                ok = False
            else:
                first_feature_with[code] = number
        if name is not None and len(name) > MAX_NAME_LENGTH:
            problems.append((number, f"{label}: name is longer than {MAX_NAME_LENGTH} characters"))
            ok = False
        if code is None or name is None or not ok:
            # Still check the geometry, so one pass reports everything wrong with the feature.
            _geometries_check([feature.get("geometry")], wheres=[where], problems=problems)
            continue
        candidates.append((number, label, code, name, parent_code))
        geometries.append(feature.get("geometry"))

    checked = _geometries_check(geometries, wheres=[(c[0], c[1]) for c in candidates], problems=problems)
    return [
        BoundaryFeature(
            number=number,
            code=code,
            name=name,
            geometry=geometry,
            bbox=bbox,
            parent_code=parent_code,
            repaired=repaired,
        )
        for (number, _label, code, name, parent_code), (geometry, bbox, repaired) in zip(
            candidates, checked, strict=True
        )
        if geometry is not None
    ]


def _text_property(
    properties: Any, key: str, *, where: tuple[int, str], problems: list[tuple[int, str]]
) -> str | None:
    number, label = where
    value = properties.get(key) if isinstance(properties, dict) else None
    if value is None:
        problems.append((number, f'{label}: no "{key}" property'))
        return None
    text = str(value).strip()
    if not text:
        problems.append((number, f'{label}: the "{key}" property is empty'))
        return None
    return text


def _geometries_check(
    geometries: list[Any], *, wheres: list[tuple[int, str]], problems: list[tuple[int, str]]
) -> list[tuple[Any, Any, bool]]:
    """Check geometries in bulk; return (GeoJSON text, bbox, repaired), with None text for a bad one.

    Parsing, validity and bounds are vectorised with Shapely; only the few bad geometries are
    looked at one by one, to say what is wrong with them.
    """
    results: list[tuple[Any, Any, bool]] = [(None, None, False)] * len(geometries)
    texts: list[str] = []
    positions: list[int] = []
    for position, (geometry, (number, label)) in enumerate(zip(geometries, wheres, strict=True)):
        if not isinstance(geometry, dict):
            problems.append((number, f"{label}: no geometry"))
        elif geometry.get("type") not in POLYGONAL:
            kind = geometry.get("type")
            problems.append((number, f"{label}: geometry is a {kind}, not a Polygon or MultiPolygon"))
        else:
            texts.append(orjson.dumps(geometry).decode())
            positions.append(position)
    if not texts:
        return results

    def report(index: int | np.integer, text: str) -> None:
        number, label = wheres[positions[index]]
        problems.append((number, f"{label}: {text}"))

    shapes = shapely.from_geojson(np.array(texts, dtype=object), on_invalid="ignore")
    unreadable = shapely.is_missing(shapes)
    for index in np.flatnonzero(unreadable):
        report(index, f"geometry cannot be read ({_reason(texts[index])})")
    empty = ~unreadable & shapely.is_empty(shapes)
    for index in np.flatnonzero(empty):
        report(index, "geometry is empty")

    usable = ~unreadable & ~empty
    invalid = usable & ~shapely.is_valid(shapes)
    repaired = np.zeros(len(texts), dtype=bool)
    for index in np.flatnonzero(invalid):
        fixed = shapely.make_valid(shapes[index])
        if fixed.geom_type in POLYGONAL and not fixed.is_empty:
            shapes[index] = fixed
            texts[index] = shapely.to_geojson(fixed)
            repaired[index] = True
        else:
            report(
                index,
                f"geometry is not valid ({shapely.is_valid_reason(shapes[index])}) and cannot be repaired",
            )
            usable[index] = False

    bounds = shapely.bounds(shapes)
    out_of_range = usable & (
        (bounds[:, 0] < -180) | (bounds[:, 2] > 180) | (bounds[:, 1] < -90) | (bounds[:, 3] > 90)
    )
    for index in np.flatnonzero(out_of_range):
        report(
            index,
            f"coordinates are outside longitude/latitude range (bounds {_bounds_text(bounds[index])}); "
            "is the file in British National Grid, not WGS84?",
        )
    usable &= ~out_of_range

    for index in np.flatnonzero(usable):
        bbox = tuple(float(value) for value in bounds[index])
        results[positions[index]] = (texts[index], bbox, bool(repaired[index]))
    return results


def _reason(text: str) -> str:
    try:
        shapely.from_geojson(text)
    except shapely.errors.GEOSException as error:
        return str(error).split(": ", 1)[-1]
    return "unknown reason"


def _bounds_text(bounds: np.ndarray) -> str:
    return ", ".join(f"{value:.6g}" for value in bounds)
