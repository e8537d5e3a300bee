"""The demo's scorecards: Worcester's quarterly crime scorecard and the North Worcestershire plan measures.

Both use what police.uk data can answer (total recorded crime, burglary, vehicle crime, robbery,
shoplifting, violence, ASB). Worcester's targets are its average quarter in the data loaded, so the
statuses show a real spread; with no incidents loaded the measures are made without targets. The
demo's police.uk slice is Worcester's, so the North districts' counts stay at 0 until their data is
imported, and they carry no target.
"""

from __future__ import annotations

from joinedup.intelligence import measures
from joinedup.intelligence.categories import POLICE_CODES
from joinedup.intelligence.models import IncidentCategory, MeasureKind
from joinedup.partners.models import Partnership, User
from joinedup.places.models import Area, AreaKind

from . import partnerships as data

# (name, category codes); "total recorded crime" is every police.uk crime type, ASB not being a crime.
PLAN_MEASURES = (
    ("Total recorded crime", sorted(POLICE_CODES - {"anti-social-behaviour"})),
    ("Burglary", ["burglary"]),
    ("Vehicle crime", ["vehicle-crime"]),
    ("Robbery", ["robbery"]),
    ("Shoplifting", ["shoplifting"]),
    ("Violence and sexual offences", ["violent-crime"]),
    ("Anti-social behaviour", ["anti-social-behaviour"]),
)


def intelligence_measures_load() -> None:
    categories = {c.code: c for c in IncidentCategory.objects.filter(code__in=POLICE_CODES)}
    south = Partnership.objects.get(slug=data.SOUTH)
    worcester = Area.objects.get(kind=AreaKind.DISTRICT, code="E07000237")
    by = User.objects.get(email="coordinator@worcester.example.org")
    for position, (name, codes) in enumerate(PLAN_MEASURES):
        measure = measures.measure_save(
            by=by,
            partnership=south,
            name=name,
            scorecard="Worcester quarterly crime scorecard",
            kind=MeasureKind.COUNT,
            period="quarter",
            target=None,
            direction="down",
            area=worcester,
            categories=[categories[c] for c in codes],
        )
        measure.position = position
        measure.save(update_fields=["position"])
    # Each target is the measure's average complete quarter, once the scorecard can count them.
    for row in measures.scorecard(user=by, partnership=south).get("Worcester quarterly crime scorecard", []):
        counted = [v.value for v in row.values if v.value]
        if counted:
            row.measure.target = round(sum(counted) / len(counted))
            row.measure.save(update_fields=["target"])
    measures.measure_save(
        by=by,
        partnership=south,
        name="Victims satisfied with the service",
        scorecard="Worcester quarterly crime scorecard",
        kind=MeasureKind.ENTERED,
        period="quarter",
        target=80,
        direction="up",
        unit="%",
        description="Entered each quarter by Victim Support from its survey.",
    )

    north = Partnership.objects.get(slug=data.NORTH)
    by = User.objects.get(email="coordinator@bromsgrove.example.org")
    for district in north.areas.order_by("name"):
        for name, codes in PLAN_MEASURES:
            measures.measure_save(
                by=by,
                partnership=north,
                name=name,
                scorecard=f"North Worcestershire partnership plan: {district.name}",
                kind=MeasureKind.COUNT,
                period="quarter",
                target=None,
                direction="down",
                area=district,
                categories=[categories[c] for c in codes],
            )
