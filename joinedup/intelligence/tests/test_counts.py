"""Counts by area, month and category: the selector, who sees partner data, and `joinedup counts`."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.core.errors import ApplicationError
from joinedup.intelligence import selectors, services
from joinedup.intelligence.categories import police_category_code
from joinedup.intelligence.models import PartnerDataset
from joinedup.places.lookup import areas_for_points

from .conftest import write_zip

JAN, DEC = dt.date(2025, 1, 1), dt.date(2025, 12, 1)


@pytest.fixture
def loaded(worcester, demo_files, tmp_path):
    archive = write_zip(tmp_path / "worcester.zip", demo_files)
    services.police_files_import(by=None, label="test", sources=services.police_sources([archive]))
    return demo_files


def _expected_ward_counts(files: dict[str, bytes]) -> Counter:
    """Independently: each row's ward by point-in-polygon (LSOA lookup where it has no point)."""
    rows = [row for data in files.values() for row in csv.DictReader(io.StringIO(data.decode()))]
    located = [r for r in rows if r["Longitude"]]
    import numpy as np

    wards = areas_for_points(
        lons=np.array([float(r["Longitude"]) for r in located]),
        lats=np.array([float(r["Latitude"]) for r in located]),
        kinds=("ward",),
    )["ward"]
    return Counter(
        (ward, row["Month"], police_category_code(row["Crime type"]))
        for row, ward in zip(located, wards, strict=True)
        if ward is not None
    )


def test_ward_counts_equal_an_independent_count_of_the_files(loaded, analyst):
    counts = selectors.incident_counts(user=analyst, area_kind="ward", month_from=JAN, month_to=DEC)

    found = Counter({(c.area_code, f"{c.month:%Y-%m}", c.category): c.incidents for c in counts})
    expected = _expected_ward_counts(loaded)
    assert not expected - found
    # The store also places the odd point outside every ward polygon by its LSOA code.
    assert sum((found - expected).values()) <= 5
    assert len({c.area_code for c in counts}) == 15
    assert counts == sorted(counts, key=lambda c: (c.area_code, c.month, c.category))


def test_categories_and_months_narrow_the_counts(loaded, analyst):
    counts = selectors.incident_counts(
        user=analyst,
        area_kind="district",
        month_from=dt.date(2025, 6, 1),
        month_to=dt.date(2025, 6, 1),
        categories=["burglary", "robbery"],
    )
    june = csv.DictReader(io.StringIO(loaded["2025-06/2025-06-west-mercia-street.csv"].decode()))
    expected = Counter(
        police_category_code(r["Crime type"]) for r in june if r["Crime type"] in ("Burglary", "Robbery")
    )
    assert {c.category: c.incidents for c in counts} == dict(expected)
    assert {c.area_code for c in counts} == {"E07000237"}


def test_partner_data_counts_only_for_its_partnership(worcester, south, coordinator, analyst, officer_b):
    dataset = PartnerDataset.objects.create(
        partnership=south,
        name="ASB log",
        date_column="Date",
        category_column="Type",
        longitude_column="Lon",
        latitude_column="Lat",
    )
    data = b"Date,Type,Lon,Lat\n2025-06-03,Noise,-2.2205,52.1917\n2025-06-04,Noise,-2.2205,52.1917\n"
    services.partner_file_import(by=coordinator, dataset=dataset, name="asb.csv", data=data)
    june = {"month_from": dt.date(2025, 6, 1), "month_to": dt.date(2025, 6, 1), "area_kind": "ward"}

    mine = selectors.incident_counts(user=coordinator, **june)
    assert [(c.area_code, c.category, c.incidents) for c in mine] == [("E05007883", "noise", 2)]
    assert selectors.incident_counts(user=officer_b, **june) == []  # North sees none of South's log
    assert selectors.incident_counts(user=None, **june) == []  # the command line: open data only
    assert len(selectors.incident_counts(user=None, partnership=south, **june)) == 1


def test_bad_arguments_are_refused(db, analyst):
    with pytest.raises(ApplicationError, match="ward, lsoa or district"):
        selectors.incident_counts(user=analyst, area_kind="county", month_from=JAN, month_to=DEC)
    with pytest.raises(ApplicationError, match="after the last"):
        selectors.incident_counts(user=analyst, area_kind="ward", month_from=DEC, month_to=JAN)
    with pytest.raises(ApplicationError, match="no category shoplifing"):
        selectors.incident_counts(
            user=analyst, area_kind="ward", month_from=JAN, month_to=DEC, categories=["shoplifing"]
        )


def test_the_command_writes_one_csv_row_per_area_month_and_category(loaded, analyst):
    out = io.StringIO()
    call_command("counts", "--area-kind", "ward", "--from", "2025-01", "--to", "2025-12", stdout=out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    expected = selectors.incident_counts(user=analyst, area_kind="ward", month_from=JAN, month_to=DEC)
    assert list(rows[0]) == ["area_code", "area_name", "month", "category", "count"]
    assert [(r["area_code"], r["month"], r["category"], int(r["count"])) for r in rows] == [
        (c.area_code, f"{c.month:%Y-%m}", c.category, c.incidents) for c in expected
    ]
    assert len({(r["area_code"], r["month"], r["category"]) for r in rows}) == len(rows)
    assert sum(int(r["count"]) for r in rows) > 11_000


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2025-13", "--to", "2025-12"], "not a month"),
        (["--from", "Jan 2025", "--to", "2025-12"], "not a month"),
        (["--from", "2025-12", "--to", "2025-01"], "after the last"),
        (["--from", "2025-01", "--to", "2025-12", "--partnership", "atlantis"], "no partnership"),
        (["--from", "2025-01", "--to", "2025-12", "--category", "fraud-and-forgery"], "no category"),
    ],
)
def test_the_command_explains_bad_arguments_and_fails(db, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("counts", "--area-kind", "ward", *arguments, stdout=io.StringIO())


def test_the_command_refuses_an_unknown_area_kind(db):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command(
            "counts", "--area-kind", "county", "--from", "2025-01", "--to", "2025-02", stdout=io.StringIO()
        )
