"""Seed the kinds of case. They are data: a coordinator can rename them or add more in the admin."""

from django.db import migrations

# (code, name, description, extra data classes a share needs, restricted by default)
KINDS = [
    ("personal-asb", "Personal anti-social behaviour", "ASB aimed at a person or a household.", [], False),
    ("nuisance-asb", "Nuisance anti-social behaviour", "ASB that troubles a community rather than one person.", [], False),
    ("environmental-asb", "Environmental anti-social behaviour", "ASB that harms the surroundings: graffiti, fly-tipping, noise.", [], False),
    ("hate-incident", "Hate incident", "An incident perceived as motivated by hostility to who someone is.", ["special-category"], False),
    ("neighbour-dispute", "Neighbour dispute", "A dispute between neighbours that is causing harm.", [], False),
    ("vulnerable-person", "Vulnerable person", "A person at risk of harm who needs a joined-up response.", ["special-category"], False),
    ("problem-location", "Problem location", "A place that draws repeated ASB or crime.", [], False),
    ("youth-asb", "Youth anti-social behaviour", "ASB by children or young people.", [], False),
    ("exploitation", "Exploitation concern", "Criminal or sexual exploitation, county lines, cuckooing.", ["special-category", "criminal-offence"], True),
]


def seed(apps, schema_editor):
    CaseKind = apps.get_model("cases", "CaseKind")
    for order, (code, name, description, classes, restricted) in enumerate(KINDS):
        CaseKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "data_classes": classes,
                "restricted_by_default": restricted,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
