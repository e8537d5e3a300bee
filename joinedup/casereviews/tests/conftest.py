"""Fixtures for ASB Case Reviews, on top of the shared personas (root conftest.py) and the case fixtures.

South has Worcester's procedure (REFERENCE.md §1.2): 3 reports about the same problem, or 3 people
reporting it, in 6 months; written consent for an application made for someone else. The clock stands
at Wednesday 11 March 2026, and the application was received the day before.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from joinedup.casereviews.models import RuleKind
from joinedup.casereviews.services import applications, procedures, steps
from joinedup.cases.tests.conftest import (  # noqa: F401 - fixtures
    data_classes,
    housing_officer,
    normal_case,
    personal_asb,
    police_agreement,
    police_officer,
    restricted_case,
    south_housing,
)
from joinedup.reports.models import Category, CategoryGroup

NOW = dt.datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()
RECEIVED = dt.date(2026, 3, 10)
# The victim's home, and a point about 40 metres away.
HOME = (-2.2200, 52.1900)
NEAR_HOME = (-2.2204, 52.1903)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def categories(south):
    asb = CategoryGroup.objects.create(partnership=south, name="Anti-social behaviour")
    return {
        "noise": Category.objects.create(partnership=south, group=asb, code="noise", name="Noise"),
        "hate": Category.objects.create(
            partnership=south, group=asb, code="hate-incident", name="Hate incident"
        ),
        "litter": Category.objects.create(
            partnership=south,
            group=CategoryGroup.objects.create(partnership=south, name="Littering"),
            code="litter",
            name="Litter",
        ),
    }


@pytest.fixture
def procedure(south, categories):
    made = procedures.procedure_save(
        by=None,
        partnership=south,
        name="South ASB Case Review",
        requires_written_consent=True,
        escalation_route="Ask the Police and Crime Commissioner's office to review how it was handled.",
        categories=[categories["noise"], categories["hate"]],
        hate_categories=[categories["hate"]],
    )
    procedures.rule_add(by=None, procedure=made, kind=RuleKind.REPORTS, count=3, months=6)
    procedures.rule_add(by=None, procedure=made, kind=RuleKind.REPORTERS, count=3, months=6)
    return made


def record(by, partnership, **extra):
    values = {
        "received_on": RECEIVED,
        "received_by": "phone",
        "problem": "Loud music and shouting from the flat above, most nights since Christmas.",
        "victim_name": "Alys Fictional",
        "victim_address": "7 Example Terrace",
        "victim_postcode": "WR1 9ZZ",
        "victim_email": "alys@example.org",
        "longitude": HOME[0],
        "latitude": HOME[1],
    } | extra
    return applications.application_record(by=by, partnership=partnership, **values)


@pytest.fixture
def application(coordinator, south, procedure):
    return record(coordinator, south)


def take_through(
    by, application, *, decided=TODAY, decision="met", held=None, attendees=(), recommend_to=None
):
    """Acknowledge on receipt, decide, and (when `held`) record the review and a recommendation."""
    a = steps.application_acknowledge(
        by=by, application=application, version=application.version, acknowledged_on=application.received_on
    )
    a = steps.threshold_decide(
        by=by, application=a, version=a.version, decision=decision, decided_on=decided, reasons="Harm"
    )
    if held:
        a = steps.review_record(by=by, application=a, version=a.version, held_on=held, attendees=attendees)
        if recommend_to:
            steps.recommendation_add(
                by=by, application=a, text="Restart patrols", owner=recommend_to, due_on=held
            )
    return a
