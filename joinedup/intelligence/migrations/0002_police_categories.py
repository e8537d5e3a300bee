"""The fourteen police.uk crime types, so every store starts with the same codes."""

from django.db import migrations

from joinedup.intelligence.categories import POLICE_CATEGORIES


def police_categories_add(apps, schema_editor):
    IncidentCategory = apps.get_model("intelligence", "IncidentCategory")
    for code, name in POLICE_CATEGORIES:
        IncidentCategory.objects.update_or_create(code=code, defaults={"name": name, "police": True})


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0001_incident_store")]

    operations = [migrations.RunPython(police_categories_add, migrations.RunPython.noop)]
