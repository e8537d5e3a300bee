"""The demo ships real Worcester police.uk rows and loads them through the real import."""

from __future__ import annotations

import zipfile

from joinedup.demo.intelligence import POLICE_ARCHIVE


def test_the_demo_slice_is_the_worcester_rows_of_2025_in_the_police_uk_layout():
    with zipfile.ZipFile(POLICE_ARCHIVE) as archive:
        names = sorted(archive.namelist())
        assert names == [f"2025-{m:02d}/2025-{m:02d}-west-mercia-street.csv" for m in range(1, 13)]
        for name in names:
            lines = archive.read(name).decode().splitlines()[1:]
            assert all(",Worcester " in line for line in lines)
