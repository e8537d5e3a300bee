"""Working-day deadlines across weekends and England and Wales bank holidays, and the list's overdue state."""

import datetime as dt

from django.urls import reverse

from joinedup.casereviews.deadlines import Stage, next_step, stage_of, timetable, working_days_after
from joinedup.casereviews.models import CaseReviewApplication, CaseReviewProcedure

from .conftest import record, take_through

D = dt.date


def test_ten_working_days_skip_christmas_boxing_day_and_new_years_day():
    # Monday 22 December 2025: 23, 24, 29, 30, 31 December, 2, 5, 6, 7, 8 January.
    assert working_days_after(D(2025, 12, 22), 10) == D(2026, 1, 8)


def test_working_days_skip_good_friday_and_easter_monday():
    # Wednesday 1 April 2026: Good Friday is 3 April and Easter Monday 6 April.
    assert working_days_after(D(2026, 4, 1), 10) == D(2026, 4, 17)
    assert working_days_after(D(2026, 4, 2), 1) == D(2026, 4, 7)


def test_an_application_received_at_the_weekend_counts_from_monday():
    assert working_days_after(D(2026, 3, 7), 10) == D(2026, 3, 23)
    assert working_days_after(D(2026, 3, 9), 10) == D(2026, 3, 23)


def test_each_step_runs_from_the_one_before_with_the_procedures_own_timescales():
    procedure = CaseReviewProcedure(acknowledge_days=3, decision_days=15, meeting_days=20, outcome_days=5)
    application = CaseReviewApplication(received_on=D(2025, 12, 19), acknowledged_on=D(2025, 12, 23))
    acknowledge, decide, review, outcome = timetable(application, procedure)
    assert acknowledge.due_on == D(2025, 12, 24)  # 22, 23, 24 December
    assert acknowledge.done_on == D(2025, 12, 23) and not acknowledge.late()
    # 15 working days from 23 December, past Christmas and New Year: 24, 29, 30, 31 December, 2 to 16 January.
    assert decide.due_on == D(2026, 1, 16)
    # Until the decision is made, the meeting is projected from the decision's deadline.
    assert review.due_on == working_days_after(D(2026, 1, 16), 20)
    assert outcome.due_on == working_days_after(review.due_on, 5)
    assert next_step(application, procedure) == decide
    assert decide.overdue(D(2026, 1, 17)) and not decide.overdue(D(2026, 1, 16))


def test_no_review_is_due_when_the_threshold_is_not_met():
    procedure = CaseReviewProcedure()
    application = CaseReviewApplication(
        received_on=D(2026, 1, 5),
        acknowledged_on=D(2026, 1, 6),
        decision="not_met",
        decided_on=D(2026, 1, 20),
    )
    assert [s.due_on for s in timetable(application, procedure)][2:] == [None, None]
    assert next_step(application, procedure) is None
    assert stage_of(application) == Stage.NOT_MET


def test_the_list_shows_overdue_applications_first(coordinator, south, procedure, client_for, clock):
    old = record(coordinator, south, received_on=D(2026, 2, 2))  # acknowledgement was due 16 February
    new = record(coordinator, south)
    done = record(coordinator, south, received_on=D(2026, 2, 3))
    take_through(coordinator, done, decision="not_met")
    html = client_for(coordinator).get(reverse("case-review-list")).content.decode()
    assert html.index(old.reference) < html.index(new.reference)
    assert "Overdue: due 16 Feb 2026" in html
    assert "1 application has a step overdue" in html
    assert done.reference not in html  # closed: threshold not met
    closed = client_for(coordinator).get(reverse("case-review-list") + "?show=closed").content.decode()
    assert done.reference in closed and "Closed: threshold not met" in closed
