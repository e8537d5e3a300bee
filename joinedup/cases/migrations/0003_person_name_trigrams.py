"""On PostgreSQL, a trigram index on people's normalised names for the likely-duplicate search.

pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+), so a database owner can
create it. Where it is not available the search falls back to the phonetic and exact keys, which
SQLite always uses; nothing else changes.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS cases_person_name_trgm "
            "ON cases_person USING gin (name_key gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_person_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_kinds")]
    operations = [migrations.RunPython(forwards, backwards)]
