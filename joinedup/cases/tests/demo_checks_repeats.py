"""The demo's repeat victims and tactical group list, as someone trying `make demo` finds them."""

import pytest

from joinedup.cases.models import RepeatDismissal, TacticalListEntry
from joinedup.cases.repeat_selectors import PERSON, repeat_victims
from joinedup.cases.tactical_selectors import tactical_list
from joinedup.demo.cases_repeats import EDNA, FERGUS
from joinedup.partners.models import Partnership

from .demo_checks import user

pytestmark = pytest.mark.django_db


def test_edna_emerges_from_the_demo_reports_as_a_repeat_victim_with_a_case_to_open():
    south = Partnership.objects.get(slug="south-worcestershire")
    rows = repeat_victims(user=user("coordinator@worcester.example.org"), partnership=south).rows
    edna = next(r for r in rows if EDNA in r.contact)
    assert edna.dimension == PERSON and len(edna.incidents) == 4 and edna.can_open_case
    assert not any(FERGUS in r.contact for r in rows)  # dismissed
    assert RepeatDismissal.objects.filter(partnership=south).count() == 1
    alys = next(r for r in rows if r.name == "Alys Fictional")
    assert alys.vulnerable and alys.covered_by


def test_the_tactical_list_holds_people_and_places_one_overdue():
    south = Partnership.objects.get(slug="south-worcestershire")
    rows = tactical_list(south, user=user("enforcement@worcester.example.org"))
    assert TacticalListEntry.objects.filter(partnership=south).count() == 4 == len(rows)
    assert {r.entry.subject for r in rows} == {"person", "location"}
    assert sum(r.overdue for r in rows) == 1
    # The restricted domestic abuse case does not name the council officer: that entry is locked.
    assert sum(not r.open for r in rows) == 1
