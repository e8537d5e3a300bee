"""The demo's intelligence, as someone trying `make demo` finds it: the real Worcester police.uk rows
loaded through the real import, and the quarterly scorecard counted from them. Collected, under one
loaded demo, by joinedup/demo/tests/test_demo.py."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from joinedup.intelligence.measures import AMBER, GREEN, RED
from joinedup.intelligence.models import ImportedFile, Incident, Source
from joinedup.places.models import Area, AreaKind

URL = reverse("intelligence:scorecards")


def test_the_demo_loads_worcester_incidents_and_its_reports():
    assert ImportedFile.objects.count() == 12
    police = Incident.objects.filter(source=Source.POLICE)
    assert police.count() == 12_088
    assert police.filter(ward__isnull=False).count() >= 12_080
    assert Incident.objects.filter(source=Source.REPORT).exists()


def test_the_demo_scorecards_count_worcesters_real_quarters(client_for):
    from joinedup.partners.models import User

    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    cards = client_for(coordinator).get(URL).context["cards"]
    rows = {row.measure.name: row for row in cards["Worcester quarterly crime scorecard"]}
    assert len(rows) == 8
    burglary = rows["Burglary"]
    worcester = Area.objects.get(kind=AreaKind.DISTRICT, code="E07000237")
    start = burglary.latest.start
    expected = Incident.objects.filter(
        district=worcester,
        category__code="burglary",
        month__gte=start,
        month__lt=dt.date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1),
    ).count()
    assert burglary.latest.value == expected > 0
    assert burglary.rag in {GREEN, AMBER, RED}
    officer = User.objects.get(email="coordinator@bromsgrove.example.org")
    north_cards = client_for(officer).get(URL).context["cards"]
    assert len(north_cards) == 3 and "Worcester quarterly crime scorecard" not in north_cards
