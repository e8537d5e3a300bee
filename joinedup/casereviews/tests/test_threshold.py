"""Threshold assessment worked examples (REFERENCE.md §1.2), with the edges: exactly 1 month, exactly 6
months, and one incident reported twice."""

import datetime as dt

from joinedup.casereviews.threshold import ComplaintFacts, RuleFacts, Window, add_months, assess

D = dt.date
RECEIVED = D(2026, 3, 10)
# Worcester's rules (§1.2 table): 3 reports about the same problem, or 3 people reporting it, in 6 months.
WORCESTER = [
    RuleFacts("reports", 3, 6, "3 or more reports about the same problem in 6 months"),
    RuleFacts("reporters", 3, 6, "3 or more people or groups reporting the same problem in 6 months"),
]


def complaint(id, reported, incident=None, **extra):
    return ComplaintFacts(id=id, reported_on=reported, incident_on=incident or reported, **extra)


def _rule(result, label_start):
    return next(r for r in result.rules if r.label.startswith(label_start))


def test_months_are_added_on_the_same_day_or_the_last_day_of_a_shorter_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 3, 10), -6) == D(2025, 9, 10)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)


def test_three_separate_incidents_in_six_months_meet_worcesters_first_rule():
    result = assess(
        received_on=RECEIVED,
        rules=WORCESTER,
        complaints=[
            complaint(1, D(2026, 1, 5), reporter="Alys"),
            complaint(2, D(2026, 2, 1), reporter="Alys"),
            complaint(3, D(2026, 3, 1), reporter="Alys"),
        ],
    )
    assert result.met
    assert result.met_by[0] == "3 or more reports about the same problem in 6 months"
    reporters = _rule(result, "3 or more people")
    assert (reporters.found, reporters.met) == (1, False)
    assert all(f.qualifies and f.counted for f in result.complaints)


def test_a_complaint_made_exactly_one_month_after_the_behaviour_qualifies_and_a_day_later_does_not():
    result = assess(
        received_on=RECEIVED,
        rules=WORCESTER,
        complaints=[
            complaint(1, D(2026, 2, 15), incident=D(2026, 1, 15)),
            complaint(2, D(2026, 2, 16), incident=D(2026, 1, 15)),
        ],
    )
    on_the_day, day_late = result.complaints
    assert on_the_day.qualifies
    assert not day_late.qualifies
    assert day_late.reason == (
        "Made more than 1 month after the behaviour (behaviour 15 January 2026, complaint 16 February 2026)"
    )


def test_a_complaint_made_exactly_six_months_before_the_application_qualifies_and_a_day_earlier_does_not():
    result = assess(
        received_on=RECEIVED,
        rules=WORCESTER,
        complaints=[complaint(1, D(2025, 9, 10)), complaint(2, D(2025, 9, 9))],
    )
    by_id = {f.complaint_id: f for f in result.complaints}
    assert by_id[1].qualifies
    assert not by_id[2].qualifies
    assert by_id[2].reason == (
        "Made on 9 September 2025, more than 6 months before the application (10 March 2026)"
    )
    assert _rule(result, "3 or more reports").found == 1


def test_one_incident_reported_to_the_police_and_the_council_counts_once():
    # The same evening, the same street: reported to both; a third and fourth complaint on other days.
    result = assess(
        received_on=RECEIVED,
        rules=WORCESTER,
        complaints=[
            complaint(1, D(2026, 2, 1), place="Example Terrace", reporter="Alys"),
            complaint(2, D(2026, 2, 2), incident=D(2026, 2, 1), place="example terrace.", reporter="Alys"),
            complaint(3, D(2026, 2, 20), reporter="Alys"),
        ],
    )
    assert not result.met
    first, second, third = result.complaints
    assert first.incident == second.incident != third.incident
    assert first.counted and not second.counted and second.qualifies
    assert "counted once" in second.reason
    assert result.qualifying_incidents == 2
    assert _rule(result, "3 or more reports").found == 2


def test_the_officer_can_say_two_complaints_are_the_same_incident_and_duplicate_reports_are_one():
    result = assess(
        received_on=RECEIVED,
        rules=WORCESTER,
        complaints=[
            complaint(1, D(2026, 1, 10), report_id=101),
            complaint(2, D(2026, 1, 12), incident=D(2026, 1, 11), report_id=102, duplicate_of_report=101),
            complaint(3, D(2026, 2, 10)),
            complaint(4, D(2026, 2, 12), incident=D(2026, 2, 9), same_as=3),
        ],
    )
    assert result.qualifying_incidents == 2
    assert [f.incident for f in result.complaints] == [1, 1, 2, 2]


def test_reports_close_together_on_the_same_day_are_one_incident_but_far_apart_are_two():
    near = (-2.2200, 52.1900)
    beside = (-2.2201, 52.1902)  # about 25 metres away
    across_town = (-2.2500, 52.2100)
    result = assess(
        received_on=RECEIVED,
        rules=WORCESTER,
        complaints=[
            complaint(1, D(2026, 2, 1), point=near),
            complaint(2, D(2026, 2, 1), point=beside),
            complaint(3, D(2026, 2, 1), point=across_town),
        ],
    )
    assert [f.incident for f in result.complaints] == [1, 1, 2]


def test_three_different_people_meet_the_second_rule_even_about_one_incident():
    result = assess(
        received_on=RECEIVED,
        rules=[WORCESTER[1]],
        complaints=[
            complaint(1, D(2026, 2, 1), place="The Square", reporter="Alys Fictional"),
            complaint(2, D(2026, 2, 1), place="The Square", reporter="alys  fictional"),
            complaint(3, D(2026, 2, 1), place="The Square", reporter="Corner Shop Ltd"),
            complaint(4, D(2026, 2, 1), place="The Square", reporter="Residents' Association"),
            complaint(5, D(2026, 2, 1), place="The Square"),  # anonymous: cannot be told apart
        ],
    )
    assert result.met_by == ["3 or more people or groups reporting the same problem in 6 months"]
    assert _rule(result, "3 or more people").found == 3


def test_one_hate_incident_meets_a_hate_rule_only_within_its_own_months():
    shropshire = [RuleFacts("hate", 1, 3, "1 or more hate incidents in 3 months")]
    recent = assess(
        received_on=RECEIVED, rules=shropshire, complaints=[complaint(1, D(2026, 1, 20), hate=True)]
    )
    assert recent.met_by == ["1 or more hate incidents in 3 months"]
    older = assess(
        received_on=RECEIVED, rules=shropshire, complaints=[complaint(1, D(2025, 11, 20), hate=True)]
    )
    assert not older.met
    assert older.complaints[0].qualifies  # it qualifies; it is outside the rule's 3 months


def test_three_qualifying_complaints_always_meet_the_threshold_whatever_the_local_rules():
    stricter_by_mistake = [RuleFacts("reporters", 3, 6, "3 or more people")]
    result = assess(
        received_on=RECEIVED,
        rules=stricter_by_mistake,
        complaints=[complaint(i, D(2026, 1, i * 5)) for i in (1, 2, 3)],
    )
    assert result.met_by == ["The law: 3 qualifying complaints about the behaviour (2014 Act s.104)"]


def test_a_complaint_set_aside_or_made_after_the_application_does_not_count():
    result = assess(
        received_on=RECEIVED,
        rules=WORCESTER,
        complaints=[
            complaint(1, D(2026, 2, 1), excluded=True, excluded_reason="About a different address"),
            complaint(2, D(2026, 3, 11)),
        ],
    )
    set_aside, after = result.complaints
    assert set_aside.reason == "Set aside by the officer: About a different address"
    assert after.reason == "Made on 11 March 2026, after the application was received"
    assert result.qualifying_incidents == 0


def test_a_thirty_day_window_is_counted_in_days():
    result = assess(
        received_on=RECEIVED,
        rules=WORCESTER,
        window=Window(30, "days"),
        complaints=[
            complaint(1, D(2026, 3, 3), incident=D(2026, 2, 1)),  # 30 days
            complaint(2, D(2026, 3, 4), incident=D(2026, 2, 1)),  # 31 days
        ],
    )
    assert [f.qualifies for f in result.complaints] == [True, False]
    assert "more than 30 days after" in result.complaints[1].reason
