"""Demo victim risk assessment for South Worcestershire: the Worcester questionnaire in two versions, and
assessments on the demo cases, one at high risk and one overdue for reassessment.

The questions, weights and thresholds are plausible local values, not a published scale (REFERENCE.md
§7.1). Assessments go through the services, acting as the demo's staff; demo cases email nobody.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.cases.models import Case, Person, RiskAssessment, RiskQuestionnaire
from joinedup.cases.services import risk
from joinedup.partners.models import Partnership, User

from .partnerships import SOUTH

# (question, weight of a yes)
WORCESTER_QUESTIONS = [
    ("Is the victim vulnerable due to age, disability or mental health?", 3),
    ("Has the victim been targeted because of a protected characteristic?", 3),
    ("Is the ASB affecting the victim's physical or mental health?", 3),
    ("Has the victim considered moving home because of the ASB?", 2),
    ("Does the victim live alone, or without support from family, friends or neighbours?", 2),
    ("Has the ASB happened more than three times in the last three months?", 2),
    ("Has the victim reported ASB to any partner before?", 1),
    ("Has there been violence, or a threat of violence?", 4),
    ("Is the victim afraid to leave their home, or to stay in it?", 3),
    ("Has the victim's home or property been damaged?", 1),
]
CHILDREN = ("Are children in the household affected by the ASB?", 2)
LEVELS = {"medium_from": 8, "high_from": 15}
REVIEW_DAYS = {"high_review_days": 7, "medium_review_days": 28, "standard_review_days": 90}


def _answers(questionnaire: RiskQuestionnaire, yes: set[int]) -> dict[int, bool | None]:
    """Yes to the questions at these positions, no to the rest."""
    return {q.id: q.position in yes for q in questionnaire.questions.all()}


def cases_risk_load(*, now: dt.datetime | None = None) -> int:
    """Seed the questionnaire and assessments; return how many assessments. Call after `cases_load`."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    south = Partnership.objects.get(slug=SOUTH)
    staff = {u.email: u for u in User.objects.filter(email__endswith=".example.org")}
    coordinator = staff["coordinator@worcester.example.org"]

    def save(based_on: int, questions: list[tuple[str, int]], note: str) -> RiskQuestionnaire:
        return risk.questionnaire_save(
            by=coordinator,
            partnership=south,
            based_on=based_on,
            questions=[risk.QuestionSpec(text, weight) for text, weight in questions],
            change_note=note,
            **LEVELS,
            **REVIEW_DAYS,
        )

    def assess(
        by: str, case: Case, person: Person, questionnaire: RiskQuestionnaire, yes: set, days_ago: int
    ):
        return risk.risk_assess(
            by=staff[by],
            case=case,
            person=person,
            questionnaire_id=questionnaire.id,
            answers=_answers(questionnaire, yes),
            today=today - dt.timedelta(days=days_ago),
            assessed_at=now - dt.timedelta(days=days_ago),
        )

    alys = Person.objects.get(partnership=south, given_name="Alys", family_name="Fictional")
    dana = Person.objects.get(partnership=south, given_name="Dana", family_name="Placeholder")
    neighbour_asb = Case.objects.get(partnership=south, kind__code="personal-asb", people__person=alys)
    hedge = Case.objects.get(partnership=south, kind__code="neighbour-dispute", people__person=alys)
    harassment = Case.objects.get(partnership=south, restricted=True, people__person=dana)

    first = save(0, WORCESTER_QUESTIONS, "Agreed by the ASB task group for the pilot.")
    RiskQuestionnaire.objects.filter(pk=first.pk).update(created_at=now - dt.timedelta(days=90))
    # Alys, on the first version 40 days ago: medium risk, and her reassessment is now overdue.
    assess("enforcement@worcester.example.org", neighbour_asb, alys, first, {1, 3, 6, 7}, 40)

    second = save(1, [*WORCESTER_QUESTIONS, CHILDREN], "Children in the household added, as MARAC asks.")
    RiskQuestionnaire.objects.filter(pk=second.pk).update(created_at=now - dt.timedelta(days=30))
    # Alys again, in the hedge dispute: standard risk, assessed by the housing officer last week.
    assess("housing@platform.example.org", hedge, alys, second, {7, 10}, 5)
    # Dana, in the restricted case: high risk (violence, fear, health, alone, repeated, moving).
    assess("pcso@westmercia.example.org", harassment, dana, second, {3, 4, 5, 6, 8, 9}, 2)
    return RiskAssessment.objects.filter(case__partnership=south).count()
