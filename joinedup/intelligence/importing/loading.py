"""Writing a whole frame into a table, inside the caller's transaction.

PostgreSQL: COPY ... FROM STDIN in CSV, written by Polars in slices (psycopg 3's `cursor.copy`).
The ids are taken from the table's sequence in one step, under a lock that lets readers read
but other writers wait: a per-row sequence default costs as much as the rest of the row.
SQLite: `executemany` on the raw connection (SQLite writes one transaction at a time anyway).
"""

from __future__ import annotations

import polars as pl
from django.db import connection, models

_COPY_SLICE = 100_000  # rows per CSV slice, so a national month never sits in memory twice as text


def _column_names(model: type[models.Model], frame: pl.DataFrame) -> list[str]:
    known = {f.column for f in model._meta.concrete_fields}
    unknown = [c for c in frame.columns if c not in known]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
    return frame.columns


def bulk_insert(model: type[models.Model], frame: pl.DataFrame) -> int:
    """Insert every row of `frame` (columns named as the table's) into `model`'s table."""
    if frame.is_empty():
        return 0
    columns = _column_names(model, frame)
    if connection.vendor == "postgresql":
        _copy(model._meta.db_table, frame, columns)
    else:
        _executemany(model._meta.db_table, frame, columns)
    return frame.height


def _copy(table: str, frame: pl.DataFrame, columns: list[str]) -> None:
    with connection.cursor() as cursor:
        if "id" not in columns:
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + frame.height - 1])
            frame = frame.with_columns(pl.int_range(first, first + frame.height, dtype=pl.Int64).alias("id"))
            columns = ["id", *columns]
        frame = frame.select(columns).with_columns(
            # Written as PostgreSQL reads them whatever the session's settings.
            pl.col(pl.Datetime).dt.convert_time_zone("UTC").dt.to_string("%Y-%m-%d %H:%M:%S%.6f+00:00")
        )
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN WITH (FORMAT csv)') as copy:
            for offset in range(0, frame.height, _COPY_SLICE):
                # Empty text is written quoted ("") and null as nothing: exactly what COPY's CSV reads.
                copy.write(frame.slice(offset, _COPY_SLICE).write_csv(include_header=False))


def _executemany(table: str, frame: pl.DataFrame, columns: list[str]) -> None:
    frame = frame.select(columns).with_columns(
        # As Django's SQLite backend stores them: ISO text, naive UTC, booleans as 0/1.
        pl.col(pl.Datetime).dt.convert_time_zone("UTC").dt.to_string("%Y-%m-%d %H:%M:%S%.6f"),
        pl.col(pl.Date).dt.to_string("%Y-%m-%d"),
        pl.col(pl.Boolean).cast(pl.Int8),
    )
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    connection.ensure_connection()
    raw = connection.connection
    # Table and column names come from the model, never from the file.
    raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', frame.iter_rows())  # noqa: S608
