"""Perception surveys as people use them: a coordinator builds and runs one, the public answer it once each,
and only the partnership's staff read the results."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.problems.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from joinedup.problems.services import surveys

from .survey_fixtures import answer_all, open_round, page, survey, wards  # noqa: F401 (fixtures)

TODAY = timezone.localdate


def body(response):
    return response.content.decode()


# --- building ---------------------------------------------------------------------------------------------


def test_a_coordinator_builds_a_survey_through_the_form(client_for, coordinator, south, wards):  # noqa: F811
    client = client_for(coordinator)
    response = client.post(
        reverse("problems:survey-new"),
        {
            "partnership": south.id,
            "title": "Feeling safe in St John",
            "introduction": "Tell us how safe you feel.",
            "wards": [w.id for w in wards],
        },
    )

    made = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("problems:survey", args=[made.id])
    assert sorted(w.name for w in made.wards.all()) == ["Cathedral", "Nunnery", "St John"]
    page_text = body(client.get(response["Location"]))
    assert "How safe do you feel walking alone in your area after dark?" in page_text
    assert AuditEvent.objects.filter(
        action=Action.CREATED, object_id=str(made.id), actor=coordinator
    ).exists()


def test_a_survey_without_areas_or_title_is_refused_with_the_reasons_and_the_typing_kept(
    client_for,
    coordinator,
    south,
    wards,  # noqa: F811
):
    response = client_for(coordinator).post(
        reverse("problems:survey-new"),
        {"partnership": south.id, "title": "", "introduction": "Kept introduction", "wards": []},
    )

    text = body(response)
    assert response.status_code == 200 and not Survey.objects.exists()
    assert "govuk-error-summary" in text
    assert "Give the survey a title" in text and "Choose the areas the survey covers" in text
    assert "Kept introduction" in text


def test_a_ward_outside_the_partnership_is_refused(coordinator, north, south, wards):  # noqa: F811
    with pytest.raises(NotPermitted):
        surveys.survey_create(by=coordinator, partnership=north, title="T", introduction="I", wards=wards)


def test_questions_of_your_own_are_checked(survey, coordinator):  # noqa: F811
    with pytest.raises(ApplicationError, match="at least 2 answers"):
        surveys.question_add(by=coordinator, survey=survey, kind="single", text="Pick", options=["Only one"])
    with pytest.raises(ApplicationError, match="must be different"):
        surveys.question_add(by=coordinator, survey=survey, kind="multiple", text="Pick", options=["A", "a"])
    made = surveys.question_add(
        by=coordinator, survey=survey, kind="text", text="Anything else?", options=["x"]
    )
    assert made.options == [] and made.order == 2


def test_only_coordinators_build_and_run_surveys(client_for, officer_a, survey, open_round):  # noqa: F811
    client = client_for(officer_a)
    assert client.get(reverse("problems:survey-new")).status_code == 403
    assert client.get(reverse("problems:survey-question-new", args=[survey.id])).status_code == 403
    assert client.post(reverse("problems:survey-close", args=[survey.id, open_round.id])).status_code == 403
    assert client.get(reverse("problems:survey", args=[survey.id])).status_code == 200  # staff still read it


def test_questions_lock_when_the_first_answer_arrives_and_the_page_says_so(
    client_for,
    coordinator,
    survey,  # noqa: F811
    open_round,  # noqa: F811
    answer_all,  # noqa: F811
    wards,  # noqa: F811
):
    client = client_for(coordinator)
    question = survey.questions.get()
    change = reverse("problems:survey-question", args=[survey.id, question.id])
    assert "Save the question" in body(client.get(change))

    answer_all(Client(), open_round, ward=wards[0])

    detail = body(client.get(reverse("problems:survey", args=[survey.id])))
    assert "its questions and areas are locked" in detail
    response = client.post(change, {"text": "Changed?", "kind": "text", "required": "no"})
    assert "questions are locked" in body(response)
    assert SurveyQuestion.objects.get().text == "How often do you visit the city centre?"
    with pytest.raises(ApplicationError, match="locked"):
        surveys.question_add(by=coordinator, survey=survey, kind="text", text="Another?")
    with pytest.raises(ApplicationError, match="locked"):
        surveys.survey_update(by=coordinator, survey=survey, title="T", introduction="I", wards=wards[:1])
    surveys.survey_update(by=coordinator, survey=survey, title="New title", introduction="I", wards=wards)
    assert Survey.objects.get().title == "New title"  # the words can still change


def test_a_round_must_close_after_it_opens_and_not_in_the_past(survey, coordinator):  # noqa: F811
    today = TODAY()
    with pytest.raises(ApplicationError, match="close on or after"):
        surveys.round_add(
            by=coordinator, survey=survey, name="R", opens_on=today, closes_on=today - dt.timedelta(1)
        )
    with pytest.raises(ApplicationError, match="today or later"):
        surveys.round_add(
            by=coordinator,
            survey=survey,
            name="R",
            opens_on=today - dt.timedelta(9),
            closes_on=today - dt.timedelta(1),
        )


def test_publishing_gives_a_link_and_a_short_code_and_overlapping_rounds_are_refused(
    client_for,
    coordinator,
    survey,  # noqa: F811
    open_round,  # noqa: F811
):
    assert len(open_round.token) >= 32 and len(open_round.short_code) == 8
    client = client_for(coordinator)
    detail = body(client.get(reverse("problems:survey", args=[survey.id])))
    assert open_round.token in detail and f"/s/{open_round.short_code}/" in detail

    short = Client().get(reverse("survey-short", args=[open_round.short_code.lower()]))
    assert short.status_code == 302 and short["Location"] == page(open_round, "start")

    second = surveys.round_add(
        by=coordinator, survey=survey, name="Round 2", opens_on=TODAY(), closes_on=TODAY() + dt.timedelta(5)
    )
    response = client.post(reverse("problems:survey-publish", args=[survey.id, second.id]))
    assert response.status_code == 400 and "Round 1 is open on some of the same days" in body(response)


def test_a_draft_round_and_an_unknown_link_are_not_found(survey, coordinator):  # noqa: F811
    draft = surveys.round_add(by=coordinator, survey=survey, name="R", opens_on=TODAY(), closes_on=TODAY())
    assert Client().get(page(draft, "start")).status_code == 404
    assert Client().get(reverse("survey-start", args=["no-such-token"])).status_code == 404
    assert Client().get(reverse("survey-short", args=["ABCDEFGH"])).status_code == 404


# --- answering --------------------------------------------------------------------------------------------


def test_someone_answers_page_by_page_checks_and_sends_anonymously(open_round, wards):  # noqa: F811
    client = Client()
    start = body(client.get(page(open_round, "start")))
    assert "Feeling safe in Worcester" in start and "anonymous" in start

    assert client.get(page(open_round, "dark"))["Location"] == page(open_round, "area")  # in order
    client.post(page(open_round, "area"), {"ward": str(wards[2].id)})
    client.post(page(open_round, "asb"), {"asb_problem": "very_big"})
    client.post(page(open_round, "day"), {"safe_day": "fairly_safe"})
    client.post(page(open_round, "dark"), {"safe_dark": "very_unsafe"})
    response = client.post(page(open_round, "question", 1), {"answer": "Every day"})
    assert response["Location"] == page(open_round, "check")
    check = body(client.get(page(open_round, "check")))
    assert "St John" in check and "A very big problem" in check and "Every day" in check

    sent = client.post(page(open_round, "check"))

    assert sent["Location"] == page(open_round, "done")
    assert "Your answers have been sent" in body(client.get(sent["Location"]))
    response = SurveyResponse.objects.get()
    assert (response.ward, response.asb_problem, response.safe_day, response.safe_dark) == (
        wards[2],
        "very_big",
        "fairly_safe",
        "very_unsafe",
    )
    assert response.submitted_on == TODAY()
    assert list(SurveyAnswer.objects.values_list("value", flat=True)) == ["Every day"]


def test_a_missing_answer_is_explained_and_the_earlier_answers_are_kept(open_round, wards):  # noqa: F811
    client = Client()
    client.post(page(open_round, "area"), {"ward": str(wards[0].id)})

    response = client.post(page(open_round, "asb"), {})

    text = body(response)
    assert "govuk-error-summary" in text
    assert (
        'href="#id_asb_problem_0"' in text and "Choose how much of a problem anti-social behaviour is" in text
    )
    back = body(client.get(page(open_round, "area")))
    assert f'value="{wards[0].id}" checked' in back


def test_free_text_warns_against_personal_details(survey, coordinator, open_round):  # noqa: F811
    surveys.question_add(by=coordinator, survey=survey, kind="text", text="Anything else?")
    client = Client()
    client.post(page(open_round, "area"), {"ward": "elsewhere"})
    for name, field, value in (("asb", "asb_problem", "dont_know"), ("day", "safe_day", "very_safe")):
        client.post(page(open_round, name), {field: value})
    client.post(page(open_round, "dark"), {"safe_dark": "very_safe"})
    client.post(page(open_round, "question", 1), {"answer": ""})

    text = body(client.get(page(open_round, "question", 2)))

    assert "Do not include personal details" in text


def test_a_closed_round_says_so_and_takes_no_answers(client_for, coordinator, survey, open_round, wards):  # noqa: F811
    client = Client()
    client.post(page(open_round, "area"), {"ward": str(wards[0].id)})
    client_for(coordinator).post(reverse("problems:survey-close", args=[survey.id, open_round.id]))

    for url in (page(open_round, "start"), page(open_round, "asb"), page(open_round, "check")):
        assert "This survey has closed" in body(client.get(url))
    assert "This survey has closed" in body(client.post(page(open_round, "check")))
    assert not SurveyResponse.objects.exists()
    with pytest.raises(ApplicationError, match="closed"):
        surveys.response_submit(
            survey_round=open_round,
            ward=None,
            asb_problem="dont_know",
            safe_day="dont_know",
            safe_dark="dont_know",
        )


def test_a_browser_answers_each_round_once_and_a_second_attempt_records_nothing(
    open_round,  # noqa: F811
    answer_all,  # noqa: F811
    wards,  # noqa: F811
):
    client = Client()
    answer_all(client, open_round, ward=wards[0])
    assert SurveyResponse.objects.count() == 1

    again = answer_all(client, open_round, ward=wards[1])

    assert again.status_code == 200 and "You have already answered this survey" in body(again)
    assert "You have already answered this survey" in body(client.get(page(open_round, "start")))
    assert SurveyResponse.objects.count() == 1
    answer_all(Client(), open_round, ward=wards[1])  # another browser may
    assert SurveyResponse.objects.count() == 2


@override_settings(SURVEY_RESPONSE_RATE="2/h")
def test_sending_is_limited_per_address_and_nothing_is_recorded_past_the_limit(
    open_round,  # noqa: F811
    answer_all,  # noqa: F811
    wards,  # noqa: F811
):
    cache.clear()
    for _ in range(2):
        answer_all(Client(REMOTE_ADDR="203.0.113.9"), open_round, ward=wards[0])

    refused = answer_all(Client(REMOTE_ADDR="203.0.113.9"), open_round, ward=wards[0])

    assert refused.status_code == 429 and "Too many attempts" in body(refused)
    assert SurveyResponse.objects.count() == 2
    answer_all(Client(REMOTE_ADDR="198.51.100.7"), open_round, ward=wards[0])  # another address may
    assert SurveyResponse.objects.count() == 3


def test_a_question_added_while_someone_answers_sends_them_to_it_with_their_answers_kept(
    survey,  # noqa: F811
    coordinator,
    open_round,  # noqa: F811
    wards,  # noqa: F811
):
    client = Client()
    client.post(page(open_round, "area"), {"ward": str(wards[0].id)})
    for name, field in (("asb", "asb_problem"), ("day", "safe_day"), ("dark", "safe_dark")):
        client.post(page(open_round, name), {field: "dont_know"})
    client.post(page(open_round, "question", 1), {"answer": "Every week"})
    surveys.question_add(by=coordinator, survey=survey, kind="text", text="What would help?", required=True)

    response = client.get(page(open_round, "check"))

    assert response["Location"] == page(open_round, "question", 2)
    client.post(page(open_round, "question", 2), {"answer": "Better lighting"})
    client.post(page(open_round, "check"))
    assert sorted(SurveyAnswer.objects.values_list("value", flat=True)) == ["Better lighting", "Every week"]


# --- who sees the results ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), [("coordinator", 200), ("analyst", 200), ("officer_b", 404)])
def test_results_are_for_the_partnerships_staff_only(
    persona,
    status,
    survey,  # noqa: F811
    open_round,  # noqa: F811
    client_for,
    request,
):
    client = client_for(request.getfixturevalue(persona))
    for url in (
        reverse("problems:survey", args=[survey.id]),
        reverse("problems:survey-round", args=[survey.id, open_round.id]),
        reverse("problems:survey-results-csv", args=[survey.id]),
        reverse("problems:survey-responses-csv", args=[survey.id, open_round.id]),
    ):
        assert client.get(url).status_code == status
    listed = body(client.get(reverse("problems:surveys")))
    assert ("Feeling safe in Worcester" in listed) == (status == 200)


def test_the_public_are_sent_to_sign_in_for_results(survey, open_round, anonymous):  # noqa: F811
    for url in (
        reverse("problems:surveys"),
        reverse("problems:survey-round", args=[survey.id, open_round.id]),
        reverse("problems:survey-responses-csv", args=[survey.id, open_round.id]),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))
