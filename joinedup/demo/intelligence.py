"""The demo's incident store: the real police.uk rows for Worcester, every month of 2025.

`police-uk-worcester-2025.zip` is laid out as police.uk's monthly archive (2025-06/2025-06-west-
mercia-street.csv, ...) holding only the rows whose LSOA name starts "Worcester ", byte for byte.
It goes through the same import as an analyst's files, then the demo's reports join the store.
"""

from __future__ import annotations

from pathlib import Path

from joinedup.intelligence import services

POLICE_ARCHIVE = Path(__file__).parent / "data" / "police-uk-worcester-2025.zip"


def intelligence_load() -> None:
    results = services.police_files_import(
        by=None, label="Demo", sources=services.police_sources([POLICE_ARCHIVE])
    )
    failed = [str(r) for r in results if r.failed]
    if failed:
        raise RuntimeError("The demo's police.uk data did not import: " + "; ".join(failed))
    services.reports_into_store()
