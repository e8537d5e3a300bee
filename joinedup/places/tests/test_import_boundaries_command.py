"""`joinedup import-boundaries`: a thin shell over the import services."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from joinedup.audit.models import AuditEvent
from joinedup.places.models import Area, BestFitLookup
from joinedup.places.services import area_dissolve

from .conftest import DATA, WORCESTER_LOOKUP, WORCESTER_LSOAS, WORCESTER_WARDS

pytestmark = pytest.mark.django_db
REPO_ROOT = Path(__file__).resolve().parents[3]
WARD_OPTIONS = [
    "--kind",
    "ward",
    "--vintage",
    "2013",
    "--code-property",
    "WD13CD",
    "--name-property",
    "WD13NM",
]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_boundaries", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_ward_file_and_prints_the_counts():
    out, _ = run(str(WORCESTER_WARDS), *WARD_OPTIONS)

    assert "15 created, 0 updated, 0 unchanged" in out
    assert Area.objects.filter(kind="ward").count() == 15
    assert AuditEvent.objects.get().actor_label == "command line"


def test_it_sets_the_parent_named_by_code():
    run(str(WORCESTER_WARDS), *WARD_OPTIONS)
    area_dissolve(
        by=None,
        kind="district",
        code="E07000237",
        name="Worcester",
        vintage="2019",
        children=Area.objects.filter(kind="ward"),
    )

    run(
        str(WORCESTER_LSOAS),
        "--kind",
        "lsoa",
        "--vintage",
        "2011",
        "--code-property",
        "LSOA11CD",
        "--name-property",
        "LSOA11NM",
        "--parent-code",
        "E07000237",
    )

    assert Area.objects.filter(kind="lsoa", parent__code="E07000237").count() == 63


def test_it_prints_every_problem_and_fails_importing_nothing():
    with pytest.raises(CommandError) as caught:
        out, err = StringIO(), StringIO()
        call_command(
            "import_boundaries", str(DATA / "wards_many_problems.json"), *WARD_OPTIONS, stdout=out, stderr=err
        )

    assert "Nothing was imported" in str(caught.value)
    assert len(err.getvalue().splitlines()) == 4
    assert "wards_many_problems.json: feature 5: coordinates are outside" in err.getvalue()
    assert not Area.objects.exists()


def test_an_unknown_parent_code_fails_before_reading_the_file():
    with pytest.raises(CommandError, match="no area with the code E07000999"):
        run(str(WORCESTER_WARDS), *WARD_OPTIONS, "--parent-code", "E07000999")


def test_a_boundary_import_needs_its_property_names():
    with pytest.raises(CommandError, match="--code-property, --name-property"):
        run(str(WORCESTER_WARDS), "--kind", "ward")


def test_it_imports_a_lookup_with_default_or_renamed_columns():
    out, _ = run("--lookup", str(WORCESTER_LOOKUP), "--edition", "LSOA11-WD19")
    run(
        "--lookup",
        str(DATA / "lookup_wrong_columns.csv"),
        "--edition",
        "LSOA21-WD22",
        "--lsoa-code-column",
        "LSOA21CD",
        "--lsoa-name-column",
        "LSOA21NM",
        "--ward-code-column",
        "WD22CD",
        "--ward-name-column",
        "WD22NM",
        "--district-code-column",
        "LAD22CD",
        "--district-name-column",
        "LAD22NM",
    )

    assert "63 rows loaded" in out
    assert BestFitLookup.objects.filter(edition="LSOA11-WD19").count() == 63
    assert BestFitLookup.objects.filter(edition="LSOA21-WD22").count() == 1


def test_from_the_shell_a_bad_file_exits_with_status_1_and_lists_its_problems(tmp_path):
    # The file is rejected before the database is touched, so an empty database will do.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "joinedup.cli",
            "import-boundaries",
            str(DATA / "wards_duplicate_code.json"),
            *WARD_OPTIONS,
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "wards_duplicate_code.json: feature 3: code E05000001 is also used by feature 1" in result.stderr
