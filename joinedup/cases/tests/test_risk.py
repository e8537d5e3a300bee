"""Victim risk assessment: scoring at the thresholds, judgement that raises but never lowers, questionnaire
versions, high risk emails, who may assess and see assessments, and the reassessment queue.

The South questionnaire here: four questions weighing 5, 3, 2 and 1 (11 at most); medium from 3,
high from 7; reassess high after 7 days, medium after 28, standard after 90.
"""

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import Action, AuditEvent
from joinedup.cases import risk_selectors
from joinedup.cases.models import CaseStatus, EventKind, PersonRole, RiskAssessment, RiskQuestionnaire
from joinedup.cases.services import cases, people
from joinedup.cases.services import risk as risk_services
from joinedup.cases.services.cases import StaleEdit
from joinedup.cases.services.risk import QuestionSpec
from joinedup.core.errors import ApplicationError, NotPermitted

WEIGHTS = [5, 3, 2, 1]
THRESHOLDS = {"medium_from": 3, "high_from": 7}
REVIEW_DAYS = {"high_review_days": 7, "medium_review_days": 28, "standard_review_days": 90}


def save(by, partnership, *, based_on=0, weights=WEIGHTS, note="First version", **overrides):
    values = {**THRESHOLDS, **REVIEW_DAYS, **overrides}
    return risk_services.questionnaire_save(
        by=by,
        partnership=partnership,
        based_on=based_on,
        questions=[QuestionSpec(f"Question weighing {w}?", w) for w in weights],
        change_note=note,
        **values,
    )


@pytest.fixture
def questionnaire(coordinator, south):
    return save(coordinator, south)


@pytest.fixture
def victim(normal_case, officer_a):
    return people.case_person_add_new(
        by=officer_a, case=normal_case, role=PersonRole.VICTIM, given_name="Vera", family_name="Fictional"
    ).person


@pytest.fixture
def restricted_victim(restricted_case, officer_a):
    return people.case_person_add_new(
        by=officer_a, case=restricted_case, role=PersonRole.VICTIM, given_name="Rhi", family_name="Madeup"
    ).person


def answers_for(questionnaire, yes_weights):
    """Yes to the questions with these weights, no to the rest."""
    remaining = list(yes_weights)
    result = {}
    for question in questionnaire.questions.all():
        result[question.id] = question.weight in remaining
        if result[question.id]:
            remaining.remove(question.weight)
    return result


def assess(by, case, person, questionnaire, yes=(), **extra):
    return risk_services.risk_assess(
        by=by,
        case=case,
        person=person,
        questionnaire_id=questionnaire.id,
        answers=answers_for(questionnaire, yes),
        **extra,
    )


def form_data(questionnaire, yes=(), **extra):
    answers = answers_for(questionnaire, yes)
    data = {"questionnaire": questionnaire.id, "raise_to": "", "raise_reason": ""}
    data.update({f"q{qid}": "yes" if answer else "no" for qid, answer in answers.items()})
    data.update(extra)
    return data


# --- scoring ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "score", "level", "days"),
    [
        ((), 0, "standard", 90),
        ((2,), 2, "standard", 90),  # one below medium
        ((2, 1), 3, "medium", 28),  # exactly medium
        ((5, 1), 6, "medium", 28),  # one below high
        ((5, 2), 7, "high", 7),  # exactly high
        ((5, 3, 2, 1), 11, "high", 7),
    ],
)
def test_the_score_sets_the_level_and_reassessment_date_at_the_threshold_edges(
    normal_case, officer_a, victim, questionnaire, yes, score, level, days
):
    today = dt.date(2026, 3, 2)
    assessment = assess(officer_a, normal_case, victim, questionnaire, yes, today=today)
    assert (assessment.score, assessment.scored_level, assessment.level) == (score, level, level)
    assert assessment.review_due_on == today + dt.timedelta(days=days)
    assert sorted(a.points for a in assessment.answers.all()) == sorted([*yes, *[0] * (4 - len(yes))])


def test_the_case_risk_level_follows_the_assessment_and_the_timeline_records_who(
    normal_case, officer_a, victim, questionnaire
):
    assess(officer_a, normal_case, victim, questionnaire, (2, 1))
    normal_case.refresh_from_db()
    assert normal_case.risk_level == "medium"
    event = normal_case.events.get(kind=EventKind.RISK_ASSESSED)
    assert event.actor == officer_a and "Vera Fictional: Medium risk. Score 3" in event.text
    assert "Case risk level: not assessed → medium" in event.text

    assess(officer_a, normal_case, victim, questionnaire, ())
    normal_case.refresh_from_db()
    assert normal_case.risk_level == "standard"


def test_a_second_victim_at_lower_risk_does_not_hide_the_first_at_high_risk(
    normal_case, officer_a, victim, questionnaire
):
    other = people.case_person_add_new(
        by=officer_a, case=normal_case, role=PersonRole.VULNERABLE, given_name="Ola", family_name="Notreal"
    ).person
    assess(officer_a, normal_case, victim, questionnaire, (5, 2))
    assess(officer_a, normal_case, other, questionnaire, ())
    normal_case.refresh_from_db()
    assert normal_case.risk_level == "high"


def test_an_assessment_makes_an_edit_of_the_case_opened_before_it_stale(
    normal_case, officer_a, victim, questionnaire
):
    opened = normal_case.version
    assess(officer_a, normal_case, victim, questionnaire, (5, 2))
    with pytest.raises(StaleEdit):
        cases.case_update(by=officer_a, case=normal_case, version=opened, risk_level="standard")


# --- professional judgement -------------------------------------------------------------------------------


def test_judgement_raises_the_level_with_a_reason_and_sets_the_sooner_reassessment(
    normal_case, officer_a, victim, questionnaire
):
    today = dt.date(2026, 3, 2)
    assessment = assess(
        officer_a,
        normal_case,
        victim,
        questionnaire,
        (2,),
        raise_to="high",
        raise_reason="She told me she is afraid to leave the house.",
        today=today,
    )
    assert (assessment.scored_level, assessment.level) == ("standard", "high")
    assert assessment.review_due_on == today + dt.timedelta(days=7)
    assert "Raised from standard by professional judgement" in normal_case.events.latest("id").text


@pytest.mark.parametrize(("yes", "raise_to"), [((5, 2), "medium"), ((2, 1), "medium"), ((5, 2), "high")])
def test_judgement_can_never_lower_or_merely_repeat_the_scored_level(
    normal_case, officer_a, victim, questionnaire, yes, raise_to
):
    with pytest.raises(ApplicationError, match="never lower it") as error:
        assess(officer_a, normal_case, victim, questionnaire, yes, raise_to=raise_to, raise_reason="Because")
    assert error.value.field == "raise_to"
    assert not RiskAssessment.objects.exists()


def test_raising_the_level_needs_a_reason(normal_case, officer_a, victim, questionnaire):
    with pytest.raises(ApplicationError, match="Say why"):
        assess(officer_a, normal_case, victim, questionnaire, (), raise_to="medium", raise_reason="  ")


def test_lowering_the_level_on_the_page_is_refused_with_an_error_summary(
    normal_case, officer_a, victim, questionnaire, client_for
):
    url = reverse("case-risk-assess", args=[normal_case.reference, victim.public_id])
    page = (
        client_for(officer_a)
        .post(url, form_data(questionnaire, (5, 2), raise_to="medium", raise_reason="Seems fine"))
        .content.decode()
    )
    assert "govuk-error-summary" in page and "never lower it" in page
    assert not RiskAssessment.objects.exists()


# --- bad input --------------------------------------------------------------------------------------------


def test_unanswered_questions_are_listed_in_the_error_summary_and_the_answers_given_are_kept(
    normal_case, officer_a, victim, questionnaire, client_for
):
    first, _, third, _ = questionnaire.questions.all()
    url = reverse("case-risk-assess", args=[normal_case.reference, victim.public_id])
    data = {
        "questionnaire": questionnaire.id,
        f"q{first.id}": "yes",
        f"q{third.id}": "no",
        "raise_reason": "Noted for later",
    }
    response = client_for(officer_a).post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Answer question 2" in page and "Answer question 4" in page and "Answer question 1" not in page
    assert f'name="q{first.id}" type="radio" value="yes" checked' in page
    assert f'name="q{third.id}" type="radio" value="no" checked' in page
    assert "Noted for later" in page
    assert not RiskAssessment.objects.exists()


def test_an_answer_to_an_older_version_of_the_questionnaire_is_refused(
    normal_case, officer_a, victim, questionnaire, coordinator, south, client_for
):
    data = form_data(questionnaire, (5,))
    save(coordinator, south, based_on=1, weights=[4, 4], note="Fewer questions")
    url = reverse("case-risk-assess", args=[normal_case.reference, victim.public_id])
    page = client_for(officer_a).post(url, data).content.decode()
    assert "The risk questionnaire was changed after you opened this page" in page
    assert not RiskAssessment.objects.exists()


def test_only_victims_and_vulnerable_people_are_assessed(normal_case, officer_a, questionnaire, client_for):
    witness = people.case_person_add_new(
        by=officer_a, case=normal_case, role=PersonRole.WITNESS, given_name="Wyn", family_name="Notreal"
    ).person
    with pytest.raises(ApplicationError, match="Only victims and vulnerable people"):
        assess(officer_a, normal_case, witness, questionnaire)
    url = reverse("case-risk-assess", args=[normal_case.reference, witness.public_id])
    assert client_for(officer_a).get(url).status_code == 404


def test_a_closed_case_is_not_assessed(normal_case, officer_a, victim, questionnaire):
    cases.case_update(
        by=officer_a,
        case=normal_case,
        version=normal_case.version,
        status=CaseStatus.CLOSED,
        outcome="resolved",
    )
    with pytest.raises(ApplicationError, match="Reopen it"):
        assess(officer_a, normal_case, victim, questionnaire)


# --- the questionnaire and its versions -------------------------------------------------------------------


def test_an_assessment_keeps_the_questions_weights_and_thresholds_it_was_scored_with(
    normal_case, officer_a, victim, questionnaire, coordinator, south
):
    before = assess(officer_a, normal_case, victim, questionnaire, (5, 2))
    newer = save(coordinator, south, based_on=1, weights=[1, 1, 1, 1], high_from=4, note="Flatter weights")
    assert newer.version == 2 and risk_selectors.questionnaire_current(partnership=south) == newer
    before.refresh_from_db()
    assert before.questionnaire == questionnaire and before.questionnaire.high_from == 7
    assert [a.question.weight for a in before.answers.all()] == WEIGHTS
    assert (before.score, before.level) == (7, "high")
    after = assess(officer_a, normal_case, victim, newer, (1, 1))
    assert (after.score, after.level, after.questionnaire.version) == (2, "standard", 2)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"medium_from": 5, "high_from": 5}, "high_from", "more than the medium risk threshold"),
        ({"medium_from": 0}, "medium_from", "1 or more"),
        ({"high_from": 12}, "high_from", "highest possible score (11)"),
        ({"high_review_days": 30}, "high_review_days", "Higher risk must be reassessed sooner"),
        ({"weights": [5, -1]}, "q_2_weight", "from 0 to 100"),
        ({"weights": []}, "q_1_text", "at least one question"),
        ({"note": " "}, "change_note", "Say what you changed"),
    ],
)
def test_a_questionnaire_with_bad_values_is_refused(coordinator, south, overrides, field, message):
    with pytest.raises(ApplicationError, match=re.escape(message)) as error:
        save(coordinator, south, **overrides)
    assert error.value.field == field
    assert not RiskQuestionnaire.objects.exists()


def test_a_change_based_on_an_older_version_is_refused_as_stale(coordinator, south, questionnaire):
    save(coordinator, south, based_on=1, note="Second")
    with pytest.raises(StaleEdit, match="Cara Coordinator saved version 2"):
        save(coordinator, south, based_on=1, note="Also based on the first")
    assert RiskQuestionnaire.objects.filter(partnership=south).count() == 2


def test_only_coordinators_change_the_questionnaire(officer_a, coordinator, south, client_for):
    with pytest.raises(NotPermitted):
        save(officer_a, south)
    url = reverse("case-risk-questionnaire-change", args=[south.slug])
    assert client_for(officer_a).get(url).status_code == 403
    assert client_for(coordinator).get(url).status_code == 200


def test_a_coordinator_saves_a_new_version_on_the_page_and_may_add_and_remove_questions(
    coordinator, south, questionnaire, client_for
):
    url = reverse("case-risk-questionnaire-change", args=[south.slug])
    client = client_for(coordinator)
    page = client.get(url).content.decode()
    assert "There is no national scale for ASB victim risk" in page and "§7.1" in page
    data = {
        "version": 1,
        "rows": 5,
        "q_1_text": "Is the victim vulnerable due to age, disability or mental health?",
        "q_1_weight": 4,
        "q_2_text": "",  # removed
        "q_2_weight": 3,
        "q_3_text": "Question weighing 2?",
        "q_3_weight": 2,
        "q_4_text": "Question weighing 1?",
        "q_4_weight": 1,
        "q_5_text": "Has the victim considered moving?",
        "q_5_weight": 2,
        **THRESHOLDS,
        **REVIEW_DAYS,
        "change_note": "Vulnerability weighs less; moving added",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    current = risk_selectors.questionnaire_current(partnership=south)
    assert current.version == 2
    assert [(q.position, q.weight) for q in current.questions.all()] == [(1, 4), (2, 2), (3, 1), (4, 2)]
    assert AuditEvent.objects.filter(
        actor=coordinator, action=Action.CREATED, object_id=str(current.pk)
    ).exists()
    shown = client.get(reverse("case-risk-questionnaire", args=[south.slug]) + "?version=1").content.decode()
    assert "no longer in use" in shown and "Question weighing 5?" in shown


def test_a_question_without_a_weight_is_shown_as_an_error_and_the_typing_kept(coordinator, south, client_for):
    url = reverse("case-risk-questionnaire-change", args=[south.slug])
    data = {"version": 0, "rows": 3, "q_1_text": "Has the victim considered moving?", **THRESHOLDS}
    page = client_for(coordinator).post(url, data).content.decode()
    assert "govuk-error-summary" in page and "Enter the weight of question 1" in page
    assert "Has the victim considered moving?" in page
    assert "Say what you changed and why" in page
    assert not RiskQuestionnaire.objects.exists()


# --- high risk emails -------------------------------------------------------------------------------------


def test_high_risk_emails_the_lead_officer_and_the_coordinators_with_no_personal_data(
    normal_case,
    officer_a,
    victim,
    questionnaire,
    coordinator,
    north,
    notify_outbox,
    django_capture_on_commit_callbacks,
):
    from joinedup.partners.models import Role
    from joinedup.partners.tests.factories import UserFactory

    UserFactory(email="north.coord@example.org", role=Role.COORDINATOR, partnerships=[north])
    with django_capture_on_commit_callbacks(execute=True):
        assess(officer_a, normal_case, victim, questionnaire, (5, 2))
    assert sorted(e.to for e in notify_outbox) == ["coordinator@example.org", "officer.a@example.org"]
    email = notify_outbox[0]
    assert email.template == "case_high_risk"
    assert normal_case.reference in email.subject
    assert reverse("case-detail", args=[normal_case.reference]) in email.body
    assert "Vera" not in email.subject + email.body and "Fictional" not in email.subject + email.body


def test_high_risk_on_a_restricted_case_emails_only_the_coordinators_named_on_it(
    restricted_case,
    officer_a,
    restricted_victim,
    questionnaire,
    coordinator,
    notify_outbox,
    django_capture_on_commit_callbacks,
):
    from joinedup.cases.services import sharing

    with django_capture_on_commit_callbacks(execute=True):
        assess(officer_a, restricted_case, restricted_victim, questionnaire, (5, 2))
    assert [e.to for e in notify_outbox] == ["officer.a@example.org"]

    notify_outbox.clear()
    sharing.case_name(by=officer_a, case=restricted_case, user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assess(officer_a, restricted_case, restricted_victim, questionnaire, (5, 2))
    assert sorted(e.to for e in notify_outbox) == ["coordinator@example.org", "officer.a@example.org"]


@pytest.mark.parametrize("yes", [(), (2, 1), (5, 1)], ids=["standard", "medium", "just-below-high"])
def test_standard_and_medium_risk_email_nobody(
    normal_case, officer_a, victim, questionnaire, notify_outbox, django_capture_on_commit_callbacks, yes
):
    with django_capture_on_commit_callbacks(execute=True):
        assess(officer_a, normal_case, victim, questionnaire, yes)
    assert notify_outbox == []


def test_judgement_raising_to_high_emails_too(
    normal_case, officer_a, victim, questionnaire, notify_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assess(
            officer_a, normal_case, victim, questionnaire, (), raise_to="high", raise_reason="Threats to kill"
        )
    assert len(notify_outbox) == 2


# --- who may assess and see ------------------------------------------------------------------------------


def test_an_officer_of_a_partner_without_access_can_neither_assess_nor_see_assessments(
    normal_case, officer_a, victim, questionnaire, housing_officer, analyst, officer_b, client_for
):
    assessment = assess(officer_a, normal_case, victim, questionnaire, (5,))
    assess_url = reverse("case-risk-assess", args=[normal_case.reference, victim.public_id])
    detail_url = reverse("case-risk-assessment", args=[normal_case.reference, assessment.id])
    for user, status in ((housing_officer, 403), (analyst, 403), (officer_b, 404)):
        client = client_for(user)
        assert client.get(assess_url).status_code == status
        assert client.post(assess_url, form_data(questionnaire, (5, 2))).status_code == status
        response = client.get(detail_url)
        assert response.status_code == status and b"Vera" not in response.content
    with pytest.raises(NotPermitted):
        assess(housing_officer, normal_case, victim, questionnaire)
    assert RiskAssessment.objects.count() == 1


def test_a_partner_the_case_is_shared_with_may_assess(
    normal_case, police_officer, victim, questionnaire, client_for
):
    url = reverse("case-risk-assess", args=[normal_case.reference, victim.public_id])
    response = client_for(police_officer).post(url, form_data(questionnaire, (2, 1)))
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get()
    assert assessment.assessed_by == police_officer and assessment.level == "medium"


def test_a_restricted_case_is_assessed_and_seen_only_by_the_people_named_on_it(
    restricted_case, officer_a, restricted_victim, questionnaire, police_officer, coordinator, client_for
):
    assessment = assess(officer_a, restricted_case, restricted_victim, questionnaire, (5, 2))
    detail_url = reverse("case-risk-assessment", args=[restricted_case.reference, assessment.id])
    assert client_for(officer_a).get(detail_url).status_code == 200
    for user in (police_officer, coordinator):
        with pytest.raises(NotPermitted):
            assess(user, restricted_case, restricted_victim, questionnaire)
        assert client_for(user).get(detail_url).status_code == 403
        page = client_for(user).get(reverse("case-detail", args=[restricted_case.reference])).content.decode()
        assert "Rhi Madeup" not in page and "Risk assessment" not in page


def test_assessing_and_viewing_an_assessment_are_audited(
    normal_case, officer_a, victim, questionnaire, client_for
):
    assessment = assess(officer_a, normal_case, victim, questionnaire, (5, 2))
    of_assessment = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(RiskAssessment),
        object_id=str(assessment.pk),
        actor=officer_a,
    )
    created = of_assessment.get(action=Action.CREATED)
    assert created.changes["score"] == 7 and created.changes["level"] == "high"
    assert created.changes["person"] == str(victim) and "Vera" not in str(created.changes)
    assert AuditEvent.objects.filter(
        action=Action.CHANGED, object_id=str(normal_case.pk), changes__risk_level=["", "high"]
    ).exists()
    page = client_for(officer_a).get(
        reverse("case-risk-assessment", args=[normal_case.reference, assessment.id])
    )
    assert "Question weighing 5?" in page.content.decode()
    assert AuditEvent.objects.filter(
        action=Action.VIEWED, object_id=str(assessment.pk), actor=officer_a
    ).exists()


# --- the case page and the reassessment queue -------------------------------------------------------------


def test_the_case_page_shows_each_victims_level_and_every_assessment(
    normal_case, officer_a, victim, questionnaire, client_for
):
    page = client_for(officer_a).get(reverse("case-detail", args=[normal_case.reference])).content.decode()
    assert "Not assessed yet" in page and "Assess risk" in page
    assess(officer_a, normal_case, victim, questionnaire, (2, 1))
    assess(officer_a, normal_case, victim, questionnaire, (5, 2))
    page = client_for(officer_a).get(reverse("case-detail", args=[normal_case.reference])).content.decode()
    assert "Every assessment (2)" in page and "Reassess" in page
    assert reverse("case-risk-assess", args=[normal_case.reference, victim.public_id]) in page


def test_overdue_and_due_reassessments_surface_in_the_lead_officers_queue(
    normal_case, officer_a, victim, questionnaire, police_officer, client_for
):
    today = timezone.localdate()
    first = assess(officer_a, normal_case, victim, questionnaire, (5, 2), today=today - dt.timedelta(days=10))
    rows = risk_selectors.reassessments_due(user=officer_a, today=today)
    assert [(r.assessment, r.overdue) for r in rows] == [(first, True)]
    assert risk_selectors.reassessments_due(user=police_officer, today=today) == []  # not the lead
    page = client_for(officer_a).get(reverse("case-action-queue")).content.decode()
    assert "Risk reassessments due (1)" in page and "Vera Fictional" in page and "Overdue" in page
    assert AuditEvent.objects.filter(actor=officer_a, changes__page="risk reassessments due").exists()

    # Reassessed: the new one is latest, due in 7 days (soon), and the old one is history.
    second = assess(officer_a, normal_case, victim, questionnaire, (5, 2), today=today)
    rows = risk_selectors.reassessments_due(user=officer_a, today=today)
    assert [(r.assessment, r.overdue) for r in rows] == [(second, False)]
    assess(officer_a, normal_case, victim, questionnaire, (), today=today)  # standard: 90 days away
    assert risk_selectors.reassessments_due(user=officer_a, today=today) == []


def test_a_closed_case_leaves_the_reassessment_queue(normal_case, officer_a, victim, questionnaire):
    today = timezone.localdate()
    assess(officer_a, normal_case, victim, questionnaire, (5, 2), today=today - dt.timedelta(days=10))
    normal_case.refresh_from_db()
    cases.case_update(
        by=officer_a,
        case=normal_case,
        version=normal_case.version,
        status=CaseStatus.CLOSED,
        outcome="resolved",
    )
    assert risk_selectors.reassessments_due(user=officer_a, today=today) == []


@pytest.mark.parametrize("name", ["case-risk-questionnaires", "case-risk-questionnaire"])
def test_the_questionnaire_pages_are_for_caseworkers_only(
    name, south, officer_a, analyst, anonymous, client_for, questionnaire
):
    url = reverse(name, args=[south.slug] if name == "case-risk-questionnaire" else [])
    assert client_for(officer_a).get(url, follow=True).status_code == 200
    assert client_for(analyst).get(url).status_code == 403
    assert anonymous.get(url).status_code == 302


def test_the_queue_page_lists_actions_with_and_without_a_team_beside_the_reassessments(
    normal_case, officer_a, police, victim, questionnaire, client_for
):
    from joinedup.cases.services import work

    today = timezone.localdate()
    work.action_set(
        by=officer_a, case=normal_case, title="Letter", organisation=normal_case.lead_partner, due_on=today
    )
    work.action_set(
        by=officer_a,
        case=normal_case,
        title="Visit",
        organisation=normal_case.lead_partner,
        officer=officer_a,
        due_on=today,
    )
    assess(officer_a, normal_case, victim, questionnaire, (5, 2), today=today - dt.timedelta(days=10))
    response = client_for(officer_a).get(reverse("case-action-queue"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Letter" in page and "Visit" in page and "Risk reassessments due (1)" in page
