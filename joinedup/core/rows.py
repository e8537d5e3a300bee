"""New rows written in one round trip, for the busiest write there is: a report arriving.

A report writes half a dozen rows (the report, its supporting partners, timeline entries, the
reporter's subscription, the audit entry). Through the ORM each INSERT is compiled afresh and sent
on its own, which costs the web server more than the database spends storing the rows. Here each
model's INSERT is built once per process, every value still comes from its field's own
`pre_save` and `get_db_prep_save` (so the model stays the one definition of how a value is
stored), and PostgreSQL receives all the rows in one message. As with `bulk_create`, no signals are
sent: use this only for models nothing listens to.

Ids come first (`allocate_id`), so rows that point at a new row can go in the same message.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import connections, models, router


def _connection(model: type[models.Model]):
    return connections[router.db_for_write(model)]


@cache
def _insert(model: type[models.Model], alias: str, with_id: bool) -> tuple[str, tuple[models.Field, ...]]:
    """The INSERT statement for one row of `model` and the fields its parameters come from."""
    quote = connections[alias].ops.quote_name
    fields = tuple(f for f in model._meta.concrete_fields if with_id or not f.primary_key)
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", fields  # noqa: S608 (names from the model)


@cache
def _sequence(model: type[models.Model], alias: str) -> str:
    """The PostgreSQL sequence behind the model's id column (looked up once per process)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column])
        return cursor.fetchone()[0]


def allocate_id(obj: models.Model) -> int:
    """Give a new, unsaved row its id now, inside the transaction that will write it.

    PostgreSQL takes it from the table's sequence. SQLite keeps the last id of each AUTOINCREMENT
    table in `sqlite_sequence` (ordinary rows, which SQLite documents may be updated), so the id is
    reserved there, under the write lock our SQLite transactions take when they begin (IMMEDIATE,
    see the settings). Either way an id is never given twice, even after its row is deleted.
    """
    model = type(obj)
    connection = _connection(model)
    if not connection.in_atomic_block:
        raise RuntimeError("allocate_id must run inside the transaction that writes the row")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(%s)", [_sequence(model, connection.alias)])
        else:
            table, quote = model._meta.db_table, connection.ops.quote_name
            newest = f"SELECT coalesce(max({quote(model._meta.pk.column)}), 0) FROM {quote(table)}"  # noqa: S608
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0 "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
                [table, table],
            )
            cursor.execute(
                f"UPDATE sqlite_sequence SET seq = max(seq, ({newest})) + 1 WHERE name = %s RETURNING seq",  # noqa: S608
                [table],
            )
        obj.pk = cursor.fetchone()[0]
    return obj.pk


def insert(rows: Sequence[models.Model]) -> None:
    """Write new rows (in the order given, so a row comes after any row it points at).

    A row whose id is already set (`allocate_id`) is written with it; others take one from the
    database (and on PostgreSQL are not told it: give an id first to any row you will refer to).
    The rows are then marked as saved, like rows the ORM wrote.
    """
    if not rows:
        return
    connection = _connection(type(rows[0]))
    statements = []
    for row in rows:
        sql, fields = _insert(type(row), connection.alias, row.pk is not None)
        statements.append((sql, [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]))
    if connection.vendor == "postgresql":
        _pipelined(connection, statements)
    else:
        with connection.cursor() as cursor:
            for row, (sql, params) in zip(rows, statements, strict=True):
                cursor.execute(sql, params)
                if row.pk is None:
                    row.pk = cursor.lastrowid
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias


def _pipelined(connection, statements: list[tuple[str, list]]) -> None:
    """PostgreSQL: every statement in one round trip (psycopg's pipeline mode), each bound on the
    server and prepared once it recurs, so neither side parses the same INSERT again."""
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    # Errors reach the caller as Django's (IntegrityError and so on), as through the ORM.
    with connection.wrap_database_errors, raw.pipeline(), psycopg.Cursor(raw) as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
