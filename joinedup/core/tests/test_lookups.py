"""`__any_of` finds the same rows as `__in`, on SQLite and PostgreSQL alike."""

import pytest

from joinedup.partners.models import Organisation

pytestmark = pytest.mark.django_db


def test_any_of_finds_exactly_the_listed_rows_and_nothing_for_an_empty_list():
    made = [Organisation.objects.create(name=f"Partner {i}", kind="voluntary") for i in range(4)]
    wanted = [made[0].id, made[2].id, made[3].id + 1000]

    assert set(Organisation.objects.filter(id__any_of=wanted)) == {made[0], made[2]}
    assert set(Organisation.objects.filter(id__any_of=wanted)) == set(
        Organisation.objects.filter(id__in=wanted)
    )
    assert not Organisation.objects.filter(id__any_of=[]).exists()
