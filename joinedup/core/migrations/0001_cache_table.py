"""The database cache table (rate limits, change stamps) comes with `migrate`, so a database made
by `joinedup migrate` alone is ready to serve; with Redis configured this creates nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Idempotent: an existing table (made by an earlier `createcachetable`) is left as it is.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
