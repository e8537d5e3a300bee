"""Survey results on constructed data, worked by hand: shares without "don't know", small bases flagged,
the change between rounds with its two-proportion z-test, the added questions' tallies, and the CSVs.

The worked example, anti-social behaviour in Cathedral:
  Round 1: 10 very big, 10 fairly big, 10 not very big, 5 not at all, 5 don't know
           base 35 (don't know left out), 20 say a big problem: 57.1%
  Round 2: 4 very big, 6 fairly big, 15 not very big, 15 not at all
           base 40, 10 say a big problem: 25.0%
  Change: 25.0 - 57.1 = -32.1 points. Pooled p = 30/75 = 0.4;
           se = sqrt(0.4 x 0.6 x (1/35 + 1/40)) = 0.11339; z = (0.25 - 0.57143) / 0.11339 = -2.835;
           two-sided p = 0.0046: a real change.
Nunnery has 6 answers in each round: too few to rely on (the minimum is 10).
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import Action, AuditEvent
from joinedup.problems import survey_selectors
from joinedup.problems.services import surveys
from joinedup.problems.survey_figures import MEASURES, Share, change_between, share_of, two_proportion_test

from .survey_fixtures import survey, wards  # noqa: F401 (fixtures)

ROUND_1 = {"very_big": 10, "fairly_big": 10, "not_very_big": 10, "not_at_all": 5, "dont_know": 5}
ROUND_2 = {"very_big": 4, "fairly_big": 6, "not_very_big": 15, "not_at_all": 15}


def test_the_two_proportion_test_matches_the_worked_example():
    z, p = two_proportion_test(20, 35, 10, 40)
    assert z == pytest.approx(-2.835, abs=0.001)
    assert p == pytest.approx(0.0046, abs=0.0001)
    assert two_proportion_test(5, 10, 5, 10) == (0.0, 1.0)
    assert two_proportion_test(10, 10, 20, 20) == (0.0, 1.0)  # everyone, both times: no difference


def test_a_share_leaves_dont_know_out_of_its_base_and_flags_a_small_one():
    share = share_of(ROUND_1, MEASURES[0], minimum_base=10)
    assert (share.yes, share.base, share.dont_know, share.reliable) == (20, 35, 5, True)
    assert share.percent == pytest.approx(57.142857)
    small = share_of({"very_safe": 3, "bit_unsafe": 5, "dont_know": 4}, MEASURES[1], minimum_base=10)
    assert (small.yes, small.base, small.reliable) == (3, 8, False)
    assert not share_of({}, MEASURES[2], minimum_base=10).reliable


def test_a_change_is_stated_plainly_or_refused_when_a_base_is_too_small():
    change = change_between(Share(20, 35, 5, True), Share(10, 40, 0, True))
    assert change.points == pytest.approx(-32.142857)
    assert change.words == "Down 32.1 points (a real change, p = 0.005)"
    same = change_between(Share(20, 40, 0, True), Share(22, 40, 0, True))
    assert same.words.startswith("Up 5.0 points (could be chance")
    assert change_between(Share(2, 6, 0, False), Share(3, 6, 0, False)).words == "Too few answers to compare"


@pytest.fixture
def two_rounds(survey, coordinator, wards):  # noqa: F811
    """Round 1 (closed, 100 to 70 days ago) and Round 2 (open now) with the worked example's answers."""
    cathedral, nunnery, _ = wards
    today = timezone.localdate()
    first_day = today - dt.timedelta(days=100)
    first = surveys.round_add(
        by=coordinator,
        survey=survey,
        name="Round 1",
        opens_on=first_day,
        closes_on=first_day + dt.timedelta(days=30),
        today=first_day,
    )
    surveys.round_publish(by=coordinator, survey_round=first, today=first_day)
    second = surveys.round_add(
        by=coordinator, survey=survey, name="Round 2", opens_on=today, closes_on=today + dt.timedelta(days=30)
    )
    surveys.round_publish(by=coordinator, survey_round=second)
    question = survey.questions.get()

    def send(survey_round, ward, counts, day, extra):
        for answer, n in counts.items():
            for i in range(n):
                surveys.response_submit(
                    survey_round=survey_round,
                    ward=ward,
                    asb_problem=answer,
                    safe_day="very_safe",
                    safe_dark="bit_unsafe" if i % 2 else "fairly_safe",
                    answers={question.id: extra(i)},
                    today=day,
                )

    send(first, cathedral, ROUND_1, first_day, lambda i: "Every day")
    send(first, nunnery, {"very_big": 3, "not_at_all": 3}, first_day, lambda i: "")
    send(second, cathedral, ROUND_2, today, lambda i: ["Every day", "Every week", "Less often", ""][i % 4])
    send(second, nunnery, {"very_big": 2, "not_at_all": 4}, today, lambda i: "")
    surveys.response_submit(
        survey_round=second, ward=None, asb_problem="dont_know", safe_day="dont_know", safe_dark="dont_know"
    )
    return first, second


def test_the_round_results_by_ward_and_overall(survey, two_rounds):  # noqa: F811
    _, second = two_rounds

    results = survey_selectors.round_results(survey=survey, survey_round=second)

    by_name = {a.name: a for a in results.areas}
    assert list(by_name) == ["Cathedral", "Nunnery", "St John", "None of these areas", "All areas"]
    cathedral = by_name["Cathedral"]
    assert cathedral.responses == 40
    assert (cathedral.shares["asb_problem"].yes, cathedral.shares["asb_problem"].base) == (10, 40)
    change = cathedral.changes["asb_problem"]
    assert change.points == pytest.approx(-32.142857) and change.p_value == pytest.approx(0.0046, abs=0.0001)
    assert cathedral.shares["safe_day"].percent == 100.0
    assert (
        cathedral.shares["safe_dark"].yes == 2 + 3 + 8 + 8
    )  # the even-numbered of each group of 4, 6, 15, 15
    assert not by_name["Nunnery"].shares["asb_problem"].reliable
    assert not by_name["Nunnery"].changes["asb_problem"].comparable
    overall = by_name["All areas"]
    assert overall.responses == 47
    assert (overall.shares["asb_problem"].yes, overall.shares["asb_problem"].base) == (12, 46)
    tally = results.tallies[0]
    assert tally.answered == 32  # 8 of Cathedral's 40 left it blank; Nunnery's 6 all did
    assert tally.counts == [("Every day", 11, 34.375), ("Every week", 11, 34.375), ("Less often", 10, 31.25)]


def test_the_results_page_states_the_base_the_small_bases_and_the_change(
    survey,  # noqa: F811
    two_rounds,
    client_for,
    analyst,
):
    _, second = two_rounds

    text = (
        client_for(analyst)
        .get(reverse("problems:survey-round", args=[survey.id, second.id]))
        .content.decode()
    )

    assert "10 of 40" in text and "25%" in text
    assert "Too few" in text
    assert "57% to 25%" in text and "Down 32.1 points (a real change, p = 0.005)" in text
    assert "fewer than 10 answers" in text and "answers are left out" in text


def test_the_results_csv_has_every_round_by_area_and_its_download_is_audited(
    survey,  # noqa: F811
    two_rounds,
    client_for,
    coordinator,
):
    response = client_for(coordinator).get(reverse("problems:survey-results-csv", args=[survey.id]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"].startswith("attachment")
    row = next(
        r
        for r in rows
        if r["round"] == "Round 2" and r["area_name"] == "Cathedral" and r["measure"].startswith("Think")
    )
    assert (row["answered_yes"], row["base_excluding_dont_know"], row["percent"]) == ("10", "40", "25.0")
    assert (row["change_points_since_previous_round"], row["p_value"]) == ("-32.1", "0.0046")
    assert row["enough_to_rely_on"] == "yes"
    assert len(rows) == 2 * 5 * 3 - 3  # "none of these" only in round 2
    assert AuditEvent.objects.filter(
        action=Action.EXPORTED, actor=coordinator, object_id=str(survey.id)
    ).exists()


def test_the_responses_csv_is_anonymous_and_never_runs_a_formula(survey, coordinator, client_for, wards):  # noqa: F811
    surveys.question_add(by=coordinator, survey=survey, kind="text", text="=Anything else?")
    today = timezone.localdate()
    survey_round = surveys.round_publish(
        by=coordinator,
        survey_round=surveys.round_add(
            by=coordinator, survey=survey, name="R", opens_on=today, closes_on=today
        ),
    )
    question, text = survey.questions.all()
    surveys.response_submit(
        survey_round=survey_round,
        ward=wards[0],
        asb_problem="very_big",
        safe_day="fairly_safe",
        safe_dark="very_unsafe",
        answers={question.id: "Every day", text.id: '=HYPERLINK("http://example.com")'},
    )

    response = client_for(coordinator).get(
        reverse("problems:survey-responses-csv", args=[survey.id, survey_round.id])
    )

    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:4] == ["response", "sent_on", "area_code", "area_name"]
    assert header[-1] == "'=Anything else?"
    assert row[0] == "1" and row[3] == "Cathedral"
    assert row[4:7] == ["A very big problem", "Fairly safe", "Very unsafe"]
    assert row[-2:] == ["Every day", '\'=HYPERLINK("http://example.com")']
