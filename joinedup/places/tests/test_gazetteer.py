"""The street gazetteer: building streets from police.uk street files, loading the demo file, searching."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError
from joinedup.places.gazetteer import street_search, streets_import, streets_load_csv
from joinedup.places.lookup import area_at_point
from joinedup.places.models import Area, Street
from joinedup.places.services import area_dissolve, boundaries_import

from .conftest import SEA, WARD_PROPERTIES, WORCESTER_WARDS

pytestmark = pytest.mark.django_db

WORCESTER = "E07000237"
ARBORETUM_WARD = "E05007880"  # Foregate Street is in it
DEMO_STREETS = Path(__file__).parents[2] / "demo" / "data" / "streets-worcester.csv"
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)
# Real police.uk map points in Worcester, except Bransford Road's, which are made up to test the
# choice of a street's point, and the last two, which are outside the district.
ROWS = [
    (-2.222198, 52.195501, "On or near Foregate Street"),
    (-2.222198, 52.195501, "On or near Foregate Street"),  # a second crime at the same point
    (-2.222100, 52.196200, "On or near Foregate Street"),
    (-2.222300, 52.194800, "On or near Foregate Street"),
    (-2.221940, 52.193650, "On or near Angel Street"),
    (-2.222798, 52.192686, "On or near Broad Street"),
    (-2.234697, 52.188141, "On or near St John'S"),
    (-2.223863, 52.197845, "On or near The Tything"),
    (-2.230000, 52.190000, "On or near Bransford Road"),
    (-2.228000, 52.194000, "On or near Bransford Road"),
    (-2.226000, 52.192000, "On or near Bransford Road"),
    (-2.221500, 52.193000, "On or near Parking Area"),
    (-2.224000, 52.196000, "On or near Supermarket"),
    (None, None, "No Location"),
    (-2.248233, 52.393469, "On or near Broad Street"),  # Kidderminster, in Wyre Forest
    (*SEA, "On or near Atlantic Way"),
]


def police_csv(path: Path, rows=ROWS) -> Path:
    lines = [HEADER]
    for number, (lon, lat, location) in enumerate(rows):
        coordinates = f"{lon},{lat}" if lon is not None else ","
        lines.append(
            f"id{number},2025-06,West Mercia Police,West Mercia Police,{coordinates},{location},"
            "E01032290,Worcester 007F,Anti-social behaviour,,"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def worcester():
    """Worcester's wards (2013), and the district dissolved from them."""
    boundaries_import(by=None, path=WORCESTER_WARDS, **WARD_PROPERTIES)
    return area_dissolve(
        by=None,
        kind="district",
        code=WORCESTER,
        name="Worcester",
        vintage="2019",
        children=Area.objects.filter(kind="ward"),
    )


@pytest.fixture
def june(tmp_path):
    return police_csv(tmp_path / "2025-06" / "2025-06-west-mercia-street.csv")


@pytest.fixture
def imported(worcester, june):
    return streets_import(by=None, paths=[june])


def names(streets) -> list[str]:
    return [street.name for street in streets]


# Importing police.uk files


def test_importing_a_street_file_makes_one_street_per_name_in_the_district(imported):
    assert set(Street.objects.values_list("name", flat=True)) == {
        "Angel Street",
        "Bransford Road",
        "Broad Street",
        "Foregate Street",
        "St John's",
        "The Tything",
    }
    assert (imported.streets, imported.created, imported.updated, imported.unchanged) == (6, 6, 0, 0)
    foregate = Street.objects.get(name="Foregate Street")
    assert (foregate.district_code, foregate.ward_code, foregate.points) == (WORCESTER, ARBORETUM_WARD, 3)
    assert (foregate.longitude, foregate.latitude) == (-2.222198, 52.195501)


def test_the_on_or_near_prefix_goes_and_police_uk_capitals_after_apostrophes_are_mended(imported):
    assert Street.objects.filter(name="St John's").exists()
    assert not Street.objects.filter(name__startswith="On or near").exists()


def test_a_streets_point_is_the_one_of_its_points_nearest_their_median(imported):
    bransford = Street.objects.get(name="Bransford Road")

    # The median of each coordinate, (-2.228, 52.192), is on none of the three points.
    assert (bransford.longitude, bransford.latitude, bransford.points) == (-2.226, 52.192, 3)
    assert bransford.ward_code == area_at_point(lon=-2.226, lat=52.192, kind="ward").code


def test_importing_the_same_file_again_changes_nothing(imported, june):
    again = streets_import(by=None, paths=[june])

    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert Street.objects.count() == 6


def test_a_later_import_with_more_points_updates_the_street_and_keeps_the_others(imported, tmp_path):
    july = police_csv(
        tmp_path / "2025-07" / "2025-07-west-mercia-street.csv",
        rows=[*ROWS[:4], (-2.222000, 52.196800, "On or near Foregate Street")],
    )

    summary = streets_import(by=None, paths=[july])

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    assert Street.objects.get(name="Foregate Street").points == 4
    assert Street.objects.count() == 6


def test_places_that_are_not_streets_are_skipped(imported):
    assert imported.generic == 2
    assert not Street.objects.filter(name__in=["Parking Area", "Supermarket"]).exists()


def test_points_outside_every_loaded_district_are_skipped(imported):
    assert imported.outside == 2
    assert Street.objects.get(name="Broad Street").points == 1
    assert not Street.objects.filter(name="Atlantic Way").exists()


def test_rows_without_a_location_are_counted_and_skipped(imported):
    assert (imported.rows, imported.unusable) == (len(ROWS), 1)


def test_a_folder_in_the_police_uk_month_layout_is_searched_for_street_files(worcester, june, tmp_path):
    (june.parent / "2025-06-west-mercia-outcomes.csv").write_text("Crime ID,Month\n")

    summary = streets_import(by=None, paths=[tmp_path])

    assert summary.files == [str(june)]
    assert summary.streets == 6


def test_the_import_is_recorded_in_the_audit_trail(worcester, june):
    streets_import(by=None, paths=[june], label="command line")

    event = AuditEvent.objects.get(action=Action.IMPORTED, purpose__startswith="Street gazetteer")
    assert event.actor_label == "command line"
    assert event.changes["created"] == 6


def test_a_file_with_a_bad_coordinate_imports_nothing_and_names_the_line(worcester, june, tmp_path):
    bad = police_csv(
        tmp_path / "bad-street.csv", rows=[ROWS[0], ("west", 52.19, "On or near Foregate Street")]
    )

    with pytest.raises(ApplicationError, match=r"bad-street\.csv: line 3: longitude 'west' is not a number"):
        streets_import(by=None, paths=[june, bad])
    assert not Street.objects.exists()


def test_a_file_that_is_not_a_police_uk_street_file_is_refused(worcester, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("Longitude,Latitude\n-2.2,52.1\n")

    with pytest.raises(ApplicationError, match="no Location column"):
        streets_import(by=None, paths=[other])


def test_a_path_that_does_not_exist_is_refused(worcester, tmp_path):
    with pytest.raises(ApplicationError, match="There is no file or folder"):
        streets_import(by=None, paths=[tmp_path / "missing.csv"])


def test_streets_cannot_be_imported_before_a_district_is_loaded(june):
    with pytest.raises(ApplicationError, match="Load the district boundaries first"):
        streets_import(by=None, paths=[june])


def test_the_import_streets_command_imports_and_reports(worcester, june, capsys):
    call_command("import_streets", str(june.parent))

    assert "6 streets, 6 created" in capsys.readouterr().out
    assert Street.objects.count() == 6


def test_the_import_streets_command_prints_every_problem_and_fails(worcester, tmp_path, capsys):
    bad = police_csv(tmp_path / "bad-street.csv", rows=[("x", "y", "On or near Foregate Street")])

    with pytest.raises(CommandError, match="Nothing was imported: 2 problem"):
        call_command("import_streets", str(bad))
    assert "latitude 'y' is not a number" in capsys.readouterr().err


# Searching


@pytest.mark.parametrize("query", ["foregate st", "STREET foregate", "Foregate Street", "fore"])
def test_a_search_finds_a_street_from_words_or_their_starts_in_any_order_and_case(imported, query):
    assert names(street_search(query=query)) == ["Foregate Street"]


def test_streets_that_start_with_what_was_typed_come_first(imported):
    # "St John's" starts with "st"; the others only have a word that does.
    assert names(street_search(query="st")) == [
        "St John's",
        "Angel Street",
        "Broad Street",
        "Foregate Street",
    ]


@pytest.mark.parametrize("query", ["st johns", "St. John's", "ST JOHN'S", "johns"])
def test_a_search_ignores_punctuation_and_apostrophes(imported, query):
    assert names(street_search(query=query)) == ["St John's"]


def test_a_short_form_like_rd_finds_road(imported):
    assert names(street_search(query="bransford rd")) == ["Bransford Road"]


def test_a_word_must_start_a_word_of_the_name_not_sit_inside_one(imported):
    assert street_search(query="gate") == []


@pytest.mark.parametrize("query", ["", " ", "f", "'", "s."])
def test_a_query_of_fewer_than_two_letters_finds_nothing(imported, query):
    assert street_search(query=query) == []


def test_a_search_can_be_kept_to_some_districts(imported):
    assert names(street_search(query="angel", district_codes=[WORCESTER])) == ["Angel Street"]
    assert street_search(query="angel", district_codes=["E07000238"]) == []


def test_a_search_returns_at_most_the_limit(imported):
    assert len(street_search(query="street", limit=2)) == 2


# The demo's ready-made file


def test_the_demo_street_file_loads_and_can_be_searched():
    summary = streets_load_csv(path=DEMO_STREETS)

    assert summary.created == Street.objects.count() > 500
    assert set(Street.objects.values_list("district_code", flat=True)) == {WORCESTER}
    foregate = street_search(query="foregate st")[0]
    assert (foregate.name, foregate.ward_code) == ("Foregate Street", ARBORETUM_WARD)


def test_loading_the_demo_street_file_again_changes_nothing():
    streets_load_csv(path=DEMO_STREETS)

    again = streets_load_csv(path=DEMO_STREETS)

    assert again.created == again.updated == 0
    assert again.unchanged == Street.objects.count()


def test_a_street_file_with_a_missing_value_loads_nothing_and_names_the_line(tmp_path):
    path = tmp_path / "streets.csv"
    path.write_text(
        "name,longitude,latitude,district_code,ward_code,points\n"
        "Foregate Street,-2.2222,52.1955,E07000237,E05007883,3\n"
        "Angel Street,,52.1936,E07000237,E05007883,1\n"
    )

    with pytest.raises(ApplicationError, match="the first on line 3"):
        streets_load_csv(path=path)
    assert not Street.objects.exists()
