"""Loads the Worcester demo: two partnerships, their partners, people, governance, agreements and areas.

Everything goes through the same services a user or operator would use, so the demo exercises
the real rules (membership checks, audit events) rather than bypassing them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.partners import services as partner_services
from joinedup.partners.models import DataClass, Organisation, Partnership, Team
from joinedup.places import services as place_services
from joinedup.places.gazetteer import streets_load_csv
from joinedup.places.models import Area, AreaKind

from . import (
    casereviews,
    cases,
    cases_referrals,
    cases_repeats,
    cases_risk,
    engagement,
    intelligence,
    intelligence_measures,
    plan,
    problems,
    registers,
    reporting,
    surveys,
    tasking,
)
from . import partnerships as data

DATA_DIR = Path(__file__).parent / "data"
BOUNDARIES = DATA_DIR / "boundaries"
SYSTEM = None  # the loader acts as the system; audit events say so


def is_loaded() -> bool:
    return Partnership.objects.filter(slug=data.SOUTH).exists()


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    districts = _load_areas()
    partnerships = _load_partnerships(districts)
    organisations = _load_organisations(partnerships)
    _load_groups(partnerships, organisations)
    _load_people(partnerships, organisations)
    _load_agreements(partnerships, organisations, today)
    place_services.patch_create(
        by=SYSTEM,
        partnership=partnerships[data.SOUTH],
        code="worcester-city-centre",
        name="Worcester city centre",
        geometry_geojson=json.dumps(data.CITY_CENTRE),
    )
    reporting.reporting_load()
    intelligence.intelligence_load()
    intelligence_measures.intelligence_measures_load()
    cases.cases_load()
    cases_referrals.referrals_load()
    cases_risk.cases_risk_load()
    casereviews.casereviews_load()
    cases_repeats.cases_repeats_load()
    problems.problems_load(today=today)
    engagement.engagement_load(today=today)
    surveys.surveys_load(today=today)
    tasking.tasking_load()
    plan.plan_load(today=today)
    registers.registers_load(today=today)


def _load_areas() -> dict[str, Area]:
    """Wards (2013) for the six districts, districts and the county dissolved from them, Worcester's LSOAs."""
    names = {code: name for p in data.PARTNERSHIPS for code, name in p["districts"]}
    for path in sorted((BOUNDARIES / "wards").glob("*.json")):
        place_services.boundaries_import(
            by=SYSTEM,
            path=path,
            kind=AreaKind.WARD,
            vintage="2013",
            code_property="WD13CD",
            name_property="WD13NM",
        )
    districts = {}
    for code, name in names.items():
        wards = Area.objects.filter(
            kind=AreaKind.WARD, code__in=_ward_codes(BOUNDARIES / "wards" / f"{code}.json")
        )
        districts[code] = place_services.area_dissolve(
            by=SYSTEM, kind=AreaKind.DISTRICT, code=code, name=name, vintage="2013", children=wards
        )
    place_services.area_dissolve(
        by=SYSTEM,
        kind=AreaKind.COUNTY,
        code="E10000034",
        name="Worcestershire",
        vintage="2013",
        children=Area.objects.filter(id__in=[d.id for d in districts.values()]),
    )
    worcester_lsoas_load(by=SYSTEM, worcester=districts["E07000237"])
    # Street names for reporting without a map (from police.uk's anonymised locations).
    streets_load_csv(path=DATA_DIR / "streets-worcester.csv", label="Demo")
    return districts


def _ward_codes(path: Path) -> list[str]:
    return [f["properties"]["WD13CD"] for f in json.loads(path.read_text())["features"]]


def _load_partnerships(districts: dict[str, Area]) -> dict[str, Partnership]:
    result = {}
    for spec in data.PARTNERSHIPS:
        partnership = partner_services.partnership_create(
            by=SYSTEM,
            name=spec["name"],
            slug=spec["slug"],
            short_name=spec["short_name"],
            description=spec["description"],
        )
        partnership.areas.set([districts[code] for code, _ in spec["districts"]])
        result[spec["slug"]] = partnership
    return result


def _load_organisations(partnerships: dict[str, Partnership]) -> dict[str, Organisation]:
    result = {}
    for name, short_name, kind, member_of, teams in data.ORGANISATIONS:
        organisation = partner_services.organisation_create(
            by=SYSTEM,
            name=name,
            short_name=short_name,
            kind=kind,
            partnerships=[partnerships[slug] for slug in member_of],
        )
        for team in teams:
            partner_services.team_create(by=SYSTEM, organisation=organisation, name=team)
        result[name] = organisation
    return result


def _load_groups(partnerships: dict[str, Partnership], organisations: dict[str, Organisation]) -> None:
    groups: dict = {}
    for key, parent, slug, name, kind, meets, chair, members in data.GROUPS:
        groups[key] = partner_services.group_create(
            by=SYSTEM,
            partnership=partnerships[slug] if slug else None,
            name=name,
            kind=kind,
            parent=groups[parent] if parent else None,
            meets=meets,
            chair=organisations[chair],
            members=[organisations[m] for m in members],
        )


def _load_people(partnerships: dict[str, Partnership], organisations: dict[str, Organisation]) -> None:
    for email, name, job_title, organisation, team, role, member_of in data.PEOPLE:
        org = organisations[organisation]
        partner_services.user_create(
            by=SYSTEM,
            email=email,
            full_name=name,
            job_title=job_title,
            organisation=org,
            role=role,
            team=Team.objects.get(organisation=org, name=team) if team else None,
            partnerships=[partnerships[slug] for slug in member_of],
            password=data.DEMO_PASSWORD,
        )
    from joinedup.partners.models import User

    User.objects.create_superuser(
        "system@joinedup.example.org", data.DEMO_PASSWORD, full_name="System Administrator"
    )


def _load_agreements(
    partnerships: dict[str, Partnership], organisations: dict[str, Organisation], today: dt.date
) -> None:
    for code, name, description, special in data.DATA_CLASSES:
        DataClass.objects.create(code=code, name=name, description=description, special_category=special)
    for slug, reference, title, purpose, classes, signatories, started_days_ago, review_in in data.AGREEMENTS:
        partner_services.agreement_save(
            by=SYSTEM,
            partnership=partnerships[slug],
            reference=reference,
            title=title,
            purpose=purpose,
            lawful_basis=data.LAWFUL_BASIS,
            signatories=[organisations[s] for s in signatories],
            data_classes=DataClass.objects.filter(code__in=classes),
            starts_on=today - dt.timedelta(days=started_days_ago),
            review_due_on=today + dt.timedelta(days=review_in),
            retention="Kept for 6 years after the case closes, then destroyed",
        )


def worcester_lsoas_load(*, by: Any, worcester: Area) -> None:
    """Worcester's 2011 LSOAs, the two 2021 LSOAs that replaced one of them, and the LSOA → ward
    best-fit lookup (the demo's and the tests' Worcester are the same)."""
    place_services.boundaries_import(
        by=by,
        path=BOUNDARIES / "lsoa" / "E07000237.json",
        kind=AreaKind.LSOA,
        vintage="2011",
        code_property="LSOA11CD",
        name_property="LSOA11NM",
        parent=worcester,
    )
    for path in sorted((BOUNDARIES / "lsoa").glob("*.geojsonl")):
        place_services.boundaries_import(
            by=by,
            path=path,
            kind=AreaKind.LSOA,
            vintage="2021",
            code_property="LSOA21CD",
            name_property="LSOA21NM",
            parent=worcester,
        )
    place_services.lookup_import(
        by=by, path=BOUNDARIES / "lsoa11-ward19-worcestershire.csv", edition="LSOA11-WD19"
    )
