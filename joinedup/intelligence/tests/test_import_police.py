"""Importing police.uk files: round trips on real files, idempotence, replacement, atomicity, bad input."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.audit.models import Action, AuditEvent
from joinedup.intelligence import services
from joinedup.intelligence.categories import police_category_code
from joinedup.intelligence.models import CrimeOutcome, FileKind, ImportedFile, Incident, StopSearch
from joinedup.places.models import Area, AreaKind

from .conftest import OUTCOMES_HEADER, SHARED_POLICE, STOP_SEARCH_HEADER, STREET_HEADER, ward_point, write_zip

JUNE = "2025-06/2025-06-west-mercia-street.csv"


def _import(name: str, data: bytes) -> services.ImportResult:
    return services.police_file_import(by=None, label="test", name=name, data=data)


def _csv_counts(data: bytes) -> Counter:
    """An independent count of a street file: (month, police.uk code) → rows, with the csv module."""
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    return Counter((row["Month"], police_category_code(row["Crime type"])) for row in rows)


def _store_counts() -> Counter:
    return Counter(
        {
            (f"{month:%Y-%m}", code): n
            for month, code, n in _grouped(Incident.objects.values_list("month", "category__code"))
        }
    )


def _grouped(pairs) -> list[tuple]:
    return [(*key, n) for key, n in Counter(pairs).items()]


def _street(rows: list[str], header: str = STREET_HEADER, newline: str = "\n") -> bytes:
    return newline.join([header, *rows, ""]).encode("utf-8")


def _row(
    crime_type="Burglary", lon="-2.220500", lat="52.191700", month="2025-06", crime_id="", lsoa="E01032296"
):
    return (
        f"{crime_id},{month},West Mercia Police,West Mercia Police,{lon},{lat},On or near High Street,"
        f"{lsoa},Worcester 001A,{crime_type},,"
    )


# --- round trips --------------------------------------------------------------------------------------


def test_the_demo_archive_loads_every_row_with_counts_equal_to_the_csv(worcester, demo_files, tmp_path):
    archive = write_zip(tmp_path / "worcester-2025.zip", demo_files)
    results = services.police_files_import(by=None, label="test", sources=services.police_sources([archive]))

    assert [r.status for r in results] == ["imported"] * 12
    expected = sum((_csv_counts(data) for data in demo_files.values()), Counter())
    assert _store_counts() == expected
    assert Incident.objects.count() == 12_088
    # Every Worcester row with a location is placed in a Worcester ward, LSOA and the district.
    located = Incident.objects.filter(longitude__isnull=False)
    assert located.filter(ward__isnull=True).count() <= 2  # SOURCES.md: a point or two sits on the edge
    assert located.filter(district=worcester).count() >= located.count() - 2
    assert set(Incident.objects.exclude(lsoa_vintage="").values_list("lsoa_vintage", flat=True)) <= {
        "2011",
        "2021",
    }


def test_rows_carry_british_national_grid_metres_and_every_column(worcester, demo_files):
    _import(JUNE, demo_files[JUNE])
    guildhall = Incident.objects.filter(easting__isnull=False).first()
    # Worcester is around 385,000 E, 255,000 N on the National Grid.
    assert 380_000 < guildhall.easting < 390_000 and 250_000 < guildhall.northing < 260_000
    first = next(csv.DictReader(io.StringIO(demo_files[JUNE].decode())))
    stored = Incident.objects.order_by("id").first()
    assert stored.crime_id == first["Crime ID"]
    assert stored.location == first["Location"]
    assert stored.lsoa_code == first["LSOA code"] and stored.lsoa_name == first["LSOA name"]
    assert stored.reported_by == "West Mercia Police" and stored.falls_within == "West Mercia Police"
    assert stored.category_raw == first["Crime type"]
    assert stored.last_outcome == first["Last outcome category"]


@pytest.mark.skipif(not SHARED_POLICE.exists(), reason="the shared police.uk data is not on this machine")
def test_all_twenty_three_west_mercia_months_round_trip(worcester):
    results = services.police_files_import(
        by=None, label="test", sources=services.police_sources([SHARED_POLICE])
    )

    assert len(results) == 23 and not [r for r in results if r.failed]
    expected = sum(
        (_csv_counts(p.read_bytes()) for p in sorted(SHARED_POLICE.glob("*/*-street.csv"))), Counter()
    )
    assert _store_counts() == expected
    assert Incident.objects.count() == 214_084
    # The 2022 files are CRLF, the 2025 files LF: both read the same way.
    assert ImportedFile.objects.filter(month__year=2022).count() == 11


# --- idempotence and replacement ---------------------------------------------------------------------


def test_the_same_file_twice_is_skipped_and_nothing_is_doubled(worcester, demo_files):
    first = _import(JUNE, demo_files[JUNE])
    again = _import("copy-of-june.csv", demo_files[JUNE])

    assert first.status == "imported"
    assert again.status == "skipped" and "already imported" in again.message
    assert Incident.objects.count() == first.rows
    assert ImportedFile.objects.count() == 1


def test_a_republished_month_replaces_the_old_file_and_its_rows(worcester, demo_files):
    original = demo_files[JUNE]
    _import(JUNE, original)
    lines = original.decode().splitlines()
    corrected = ("\n".join(lines[:-100]) + "\n").encode()  # police.uk withdrew 100 rows

    result = _import(JUNE, corrected)

    assert result.status == "replaced" and "2025-06-west-mercia-street.csv" in result.message
    assert Incident.objects.count() == len(lines) - 101
    assert ImportedFile.objects.get().checksum == result.file.checksum
    events = AuditEvent.objects.filter(action=Action.IMPORTED, object_repr__endswith="street.csv")
    assert events.count() == 2 and "replaced" in events.first().changes


# --- atomicity and bad input --------------------------------------------------------------------------


def test_a_file_with_one_bad_row_loads_nothing_and_names_the_line(worcester, demo_files):
    lines = demo_files[JUNE].decode().splitlines()
    lines[500] = lines[500].replace(",2025-06,", ",June 2025,", 1)
    result = _import(JUNE, ("\n".join(lines) + "\n").encode())

    assert result.failed
    assert any(p.startswith("Line 501: ") and "YYYY-MM" in p for p in result.problems)
    assert Incident.objects.count() == 0 and ImportedFile.objects.count() == 0


def test_a_renamed_column_is_named_in_the_error(worcester):
    header = STREET_HEADER.replace("Crime type", "Crime Category")
    result = _import(JUNE, _street([_row()], header=header))

    assert result.failed
    assert '"Crime type"' in result.message and '"Crime Category"' in result.message
    assert "2025-06-west-mercia-street.csv" in result.message
    assert Incident.objects.count() == 0


def test_a_row_with_missing_fields_is_an_error(worcester):
    result = _import(JUNE, _street([_row(), "abc,2025-06,West Mercia Police", _row()]))
    assert result.failed and result.problems == [
        "Line 3: This row has a different number of fields from the header."
    ]


def test_a_cut_short_file_is_reported_as_such_and_loads_nothing(worcester, demo_files):
    data = demo_files[JUNE]
    result = _import(JUNE, data[: len(data) // 2])

    assert result.failed and "cut short" in result.message
    assert Incident.objects.count() == 0


def test_windows_1252_text_is_read_with_a_warning(worcester):
    data = _street([_row().replace("High Street", "Café Row")]).decode().encode("cp1252")
    result = _import(JUNE, data)

    assert result.status == "imported"
    assert Incident.objects.get().location == "On or near Café Row"
    assert "Windows-1252" in result.warnings[0]["message"] and result.warnings[0]["lines"] == [2]


def test_a_binary_file_is_refused(worcester):
    result = _import(JUNE, b"PK\x03\x04\x00\x00binary")
    assert result.failed and "not a CSV text file" in result.message


def test_crlf_and_lf_files_load_the_same(worcester):
    rows = [_row(), _row(crime_type="Robbery")]
    lf = _import(JUNE, _street(rows))
    assert lf.rows == 2
    crlf = _import("2025-06/2025-06-west-mercia-street.csv", _street([*rows, _row()], newline="\r\n"))
    assert crlf.status == "replaced" and crlf.rows == 3
    assert sorted(Incident.objects.values_list("category__code", flat=True)) == [
        "burglary",
        "burglary",
        "robbery",
    ]
    assert Incident.objects.filter(context="").count() == 3  # no stray carriage return in the last column


def test_blank_zero_and_out_of_range_coordinates_are_kept_unlocated_with_their_lines(worcester):
    rows = [
        _row(),
        _row(lon="", lat=""),
        _row(lon="0", lat="0"),
        _row(lon="-200.5", lat="52.1"),
        _row(lon="west"),
    ]
    result = _import(JUNE, _street(rows))

    assert result.rows == 5 and result.located == 1 and result.unlocated == 4
    lines = {w["message"]: w["lines"] for w in result.warnings}
    assert lines["No coordinates: kept without a location."] == [3]
    assert lines["Coordinates 0, 0 (police.uk had no map point): kept without a location."] == [4]
    assert [4 + 1] in lines.values() and [6] in lines.values()
    assert Incident.objects.filter(longitude__isnull=True, easting__isnull=True).count() == 4


def test_an_unknown_category_is_kept_with_a_warning(worcester):
    result = _import(JUNE, _street([_row(crime_type="Fraud"), _row()]))

    assert result.status == "imported"
    assert result.warnings[0]["lines"] == [2] and '"Fraud"' in result.warnings[0]["message"]
    fraud = Incident.objects.get(category_raw="Fraud")
    assert fraud.category.code == "fraud" and not fraud.category.police


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Violent crime", "violent-crime"),
        ("Public disorder and weapons", "public-order"),
        ("violence and sexual offences", "violent-crime"),
        ("  ANTI-SOCIAL   BEHAVIOUR ", "anti-social-behaviour"),
        ("criminal-damage-arson", "criminal-damage-arson"),
    ],
)
def test_legacy_and_differently_written_categories_map_to_current_ones(worcester, raw, code):
    result = _import(JUNE, _street([_row(crime_type=raw)]))
    assert result.warnings == []
    incident = Incident.objects.get()
    assert incident.category.code == code and incident.category_raw == raw.strip()


def test_a_row_without_a_point_is_placed_by_its_lsoa_code(worcester):
    _import(JUNE, _street([_row(lon="", lat="", lsoa="E01032296")]))
    incident = Incident.objects.get()
    assert incident.lsoa.code == "E01032296" and incident.lsoa_vintage == "2011"
    assert incident.ward.code == "E05007884"  # Claines, by the ONS best-fit lookup
    assert incident.district == worcester


def test_a_2021_lsoa_point_gets_the_2021_area(worcester):
    lsoa = Area.objects.get(kind=AreaKind.LSOA, code="E01034323")
    import shapely

    point = shapely.point_on_surface(shapely.from_geojson(lsoa.boundary))
    _import(JUNE, _street([_row(lon=f"{point.x:.6f}", lat=f"{point.y:.6f}", lsoa="E01034323")]))
    incident = Incident.objects.get()
    assert incident.lsoa == lsoa and incident.lsoa_vintage == "2021"


# --- outcomes -----------------------------------------------------------------------------------------


def test_an_outcomes_file_updates_the_last_outcome_of_matching_crimes(worcester, demo_files):
    _import(JUNE, demo_files[JUNE])
    crimes = list(Incident.objects.exclude(crime_id="").order_by("id")[:3])
    lines = [
        f"{crimes[0].crime_id},2025-08,West Mercia Police,West Mercia Police,,,,,,offender FINED",
        f"{crimes[1].crime_id},2025-08,West Mercia Police,West Mercia Police,,,,,,Local resolution",
        f"{'f' * 64},2025-08,West Mercia Police,West Mercia Police,,,,,,Under investigation",
    ]
    result = _import(
        "2025-08/2025-08-west-mercia-outcomes.csv", "\n".join([OUTCOMES_HEADER, *lines, ""]).encode()
    )

    assert result.status == "imported" and result.kind == FileKind.OUTCOMES
    assert result.outcomes_updated == 2
    crimes = [Incident.objects.get(id=c.id) for c in crimes]
    assert crimes[0].last_outcome == "Offender fined"  # known outcomes written as police.uk does
    assert crimes[0].last_outcome_month.isoformat() == "2025-08-01"
    assert crimes[1].last_outcome == "Local resolution"
    assert crimes[2].last_outcome_month is None  # untouched
    assert CrimeOutcome.objects.count() == 3  # the unmatched outcome is kept too

    # An older month's outcomes file arriving later does not overwrite a newer outcome.
    older = f"{crimes[0].crime_id},2025-07,West Mercia Police,West Mercia Police,,,,,,Under investigation"
    _import("2025-07/2025-07-west-mercia-outcomes.csv", f"{OUTCOMES_HEADER}\n{older}\n".encode())
    assert Incident.objects.get(id=crimes[0].id).last_outcome == "Offender fined"


def test_crimes_loaded_after_their_outcomes_take_them(worcester, demo_files):
    crime_id = next(
        r["Crime ID"] for r in csv.DictReader(io.StringIO(demo_files[JUNE].decode())) if r["Crime ID"]
    )
    outcome = f"{crime_id},2025-09,West Mercia Police,West Mercia Police,,,,,,Offender sent to prison"
    _import("2025-09/2025-09-west-mercia-outcomes.csv", f"{OUTCOMES_HEADER}\n{outcome}\n".encode())
    _import(JUNE, demo_files[JUNE])
    assert Incident.objects.get(crime_id=crime_id).last_outcome == "Offender sent to prison"


# --- stop and search ----------------------------------------------------------------------------------


def test_stop_and_search_is_bucketed_by_the_local_month(worcester):
    lon, lat = ward_point()
    rows = [
        # 30 June 23:30 UTC is 00:30 on 1 July in British Summer Time: a July search.
        f"Person search,2025-06-30T23:30:00+00:00,False,,{lat},{lon},Male,18-24,,White,"
        "Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,True,False",
        # 22:59:59 UTC is still 30 June locally.
        f"Person search,2025-06-30T22:59:59+00:00,,,{lat},{lon},Female,over 34,,,,Stolen goods,"
        "A no further action disposal,,",
        # Clocks went forward on 30 March 2025: 23:30 UTC on 31 March is 1 April locally.
        "Vehicle search,2025-03-31T23:30:00+00:00,True,Operation Nightjar,,,,,,,,Firearms,Arrest,Maybe,False",
        # In winter (GMT) UTC and local agree: 23:30 on 31 December stays in December.
        f"Person and Vehicle search,2025-12-31T23:30:00+00:00,False,,{lat},{lon},Male,10-17,,,,"
        "Offensive weapons,Arrest,False,False",
    ]
    result = _import(
        "2025-06/2025-06-west-mercia-stop-and-search.csv", "\n".join([STOP_SEARCH_HEADER, *rows, ""]).encode()
    )

    assert result.status == "imported" and result.kind == FileKind.STOP_AND_SEARCH
    months = [f"{s.month:%Y-%m}" for s in StopSearch.objects.order_by("id")]
    assert months == ["2025-07", "2025-06", "2025-04", "2025-12"]
    first, _, vehicle, _ = StopSearch.objects.order_by("id")
    assert first.occurred_at.isoformat() == "2025-06-30T23:30:00+00:00"
    assert first.outcome_linked_to_object_of_search is True and first.part_of_policing_operation is False
    assert first.ward.code == "E05007883" and first.easting is not None
    assert vehicle.policing_operation == "Operation Nightjar" and vehicle.longitude is None
    # "Maybe" is neither True nor False: kept as written, with a warning naming line 4.
    assert vehicle.outcome_linked_to_object_of_search is None
    assert vehicle.extra == {"Outcome linked to object of search": "Maybe"}
    assert any(w["lines"] == [4] for w in result.warnings)


# --- the command --------------------------------------------------------------------------------------


def test_the_command_imports_folders_and_zips_and_prints_a_summary(worcester, demo_files, tmp_path):
    folder = tmp_path / "police-uk"
    (folder / "2025-06").mkdir(parents=True)
    (folder / JUNE).write_bytes(demo_files[JUNE])
    july = "2025-07/2025-07-west-mercia-street.csv"
    archive = write_zip(tmp_path / "2025-07.zip", {july: demo_files[july]})
    out, err = io.StringIO(), io.StringIO()

    call_command("import_police", str(folder), str(archive), stdout=out, stderr=err)

    assert "2 file(s): 2 loaded" in out.getvalue()
    assert "rows imported" in out.getvalue() and "[#" not in out.getvalue()  # no progress bar in a pipe
    assert Incident.objects.count() == 1_099 + 1_115


def test_the_command_fails_with_the_problems_and_keeps_the_good_files(worcester, demo_files, tmp_path):
    (tmp_path / "good.csv").write_bytes(demo_files[JUNE])
    (tmp_path / "2025-07-west-mercia-street.csv").write_bytes(b"Crime ID,Month\nx,2025-07\n")
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 failed"):
        call_command("import_police", str(tmp_path), stdout=io.StringIO(), stderr=err)

    assert '"Crime type"' in err.getvalue()
    assert Incident.objects.count() == 1_099


def test_the_command_says_when_a_path_does_not_exist(db):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_police", str(Path("/nowhere/2025-06.zip")), stdout=io.StringIO())
