"""Seed the intervention catalogue (see `joinedup.problems.catalogue`)."""

from django.db import migrations


def seed(apps, schema_editor):
    from joinedup.problems.catalogue import INTERVENTIONS

    InterventionType = apps.get_model("problems", "InterventionType")
    for order, (group, code, name, description) in enumerate(INTERVENTIONS):
        InterventionType.objects.update_or_create(
            code=code, defaults={"group": group, "name": name, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
