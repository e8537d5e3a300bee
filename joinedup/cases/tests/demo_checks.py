"""The demo's cases, as someone trying `make demo` finds them; the demo is loaded once for the module."""

import pytest

from joinedup.cases import selectors
from joinedup.cases.models import AccessRequest, Case, Person
from joinedup.demo.cases import VICTIM_SUPPORT_EMAIL
from joinedup.partners.models import User

pytestmark = pytest.mark.django_db


def user(email):
    return User.objects.get(email=email)


def test_the_repeat_victim_is_in_three_cases_one_due_for_retention_review():
    alys = Person.objects.get(given_name="Alys", family_name="Fictional")
    assert alys.roles.count() == 3
    council = user("coordinator@worcester.example.org")
    due = selectors.cases_due_for_retention_review(user=council)
    assert [c.kind.code for c in due] == ["hate-incident"]


def test_the_restricted_case_is_open_only_to_the_named_officers():
    case = Case.objects.get(restricted=True)
    assert selectors.access_level(user("pcso@westmercia.example.org"), case) == "full"
    assert selectors.access_level(user("coordinator@worcester.example.org"), case) == "full"
    assert selectors.access_level(user("enforcement@worcester.example.org"), case) == "locked"


def test_victim_support_sees_only_locked_views_and_has_asked_for_access():
    support = user(VICTIM_SUPPORT_EMAIL)
    assert not selectors.cases_open_to(support).exists()
    assert AccessRequest.objects.filter(requested_by=support, status="pending").count() == 1


def test_the_police_have_an_overdue_action_in_their_queue():
    rows = selectors.action_queue(user=user("pcso@westmercia.example.org"))
    assert any(row.overdue for row in rows)


def test_every_demo_person_is_obviously_fictional():
    assert set(Person.objects.values_list("family_name", flat=True)) <= {
        "Fictional",
        "Madeup",
        "Notreal",
        "Placeholder",
    }
    assert not Person.objects.filter(synthetic=False).exists()


def test_the_worcester_risk_questionnaire_has_two_versions_and_says_its_values_are_local(client):
    from joinedup.cases.models import RiskQuestionnaire

    versions = list(
        RiskQuestionnaire.objects.filter(partnership__slug="south-worcestershire").order_by("version")
    )
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].questions.count() == 10 and versions[1].questions.count() == 11
    client.force_login(user("coordinator@worcester.example.org"))
    page = client.get("/cases/risk/questionnaire/", follow=True).content.decode()
    assert "Has the victim considered moving home because of the ASB?" in page and "§7.1" in page


def test_the_demo_has_a_high_risk_victim_and_an_overdue_reassessment():
    from joinedup.cases import risk_selectors
    from joinedup.cases.models import RiskAssessment

    assert RiskAssessment.objects.filter(level="high", case__restricted=True).count() == 1
    rows = risk_selectors.reassessments_due(user=user("enforcement@worcester.example.org"))
    assert [(r.assessment.person.given_name, r.overdue) for r in rows] == [("Alys", True)]
