"""The demo ships real Worcester police.uk rows and loads them through the real import."""

from __future__ import annotations

import zipfile

from joinedup.demo.intelligence import POLICE_ARCHIVE
from joinedup.demo.loader import load_demo
from joinedup.intelligence.models import ImportedFile, Incident, Source


def test_the_demo_slice_is_the_worcester_rows_of_2025_in_the_police_uk_layout():
    with zipfile.ZipFile(POLICE_ARCHIVE) as archive:
        names = sorted(archive.namelist())
        assert names == [f"2025-{m:02d}/2025-{m:02d}-west-mercia-street.csv" for m in range(1, 13)]
        for name in names:
            lines = archive.read(name).decode().splitlines()[1:]
            assert all(",Worcester " in line for line in lines)


def test_the_demo_loads_worcester_incidents_and_its_reports(db):
    load_demo()

    assert ImportedFile.objects.count() == 12
    police = Incident.objects.filter(source=Source.POLICE)
    assert police.count() == 12_088
    assert police.filter(ward__isnull=False).count() >= 12_080
    assert Incident.objects.filter(source=Source.REPORT).exists()
