"""Service-target clocks across evenings, weekends and England and Wales bank holidays."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from joinedup.reports.clock import TargetState, due_at, is_working_day, target_state

LONDON = ZoneInfo("Europe/London")


def local(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def test_christmas_and_boxing_day_are_not_working_days():
    assert not is_working_day(dt.date(2026, 12, 25))
    assert not is_working_day(dt.date(2026, 12, 28))  # Boxing Day falls on a Saturday: the Monday is off
    assert is_working_day(dt.date(2026, 12, 29))


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        # Within a day.
        (local(2026, 11, 23, 10, 0), 4, "working_hours", local(2026, 11, 23, 14, 0)),
        # Friday afternoon runs over the weekend into Monday morning.
        (local(2026, 11, 20, 15, 0), 4, "working_hours", local(2026, 11, 23, 11, 0)),
        # Reported on Saturday: the clock starts on Monday at 9.
        (local(2026, 11, 21, 11, 0), 4, "working_hours", local(2026, 11, 23, 13, 0)),
        # Reported in the evening: the clock starts the next morning.
        (local(2026, 11, 23, 20, 0), 2, "working_hours", local(2026, 11, 24, 11, 0)),
        # Christmas Eve afternoon: 25, 26 (Sat), 27 (Sun) and 28 (Boxing Day substitute) are all off.
        (local(2026, 12, 24, 16, 0), 2, "working_hours", local(2026, 12, 29, 10, 0)),
        # Five working days from a Wednesday lands on the next Wednesday.
        (local(2026, 11, 18, 10, 30), 5, "working_days", local(2026, 11, 25, 10, 30)),
        # Working days skip the Easter bank holidays (Good Friday 3 April, Easter Monday 6 April 2026).
        (local(2026, 4, 2, 12, 0), 1, "working_days", local(2026, 4, 7, 12, 0)),
        # Plain hours and days run round the clock.
        (local(2026, 11, 21, 23, 0), 2, "hours", local(2026, 11, 22, 1, 0)),
        (local(2026, 11, 21, 23, 0), 1, "days", local(2026, 11, 22, 23, 0)),
    ],
)
def test_due_times_count_only_working_time(start, amount, unit, due):
    assert due_at(start, amount, unit) == due.astimezone(dt.UTC)


def test_working_hours_follow_british_summer_time():
    # The clocks go forward on 29 March 2026; working hours are local, so 9 to 5 is still 9 to 5.
    assert due_at(local(2026, 3, 27, 16, 0), 2, "working_hours") == local(2026, 3, 30, 10, 0).astimezone(
        dt.UTC
    )


def test_a_target_is_at_risk_three_quarters_of_the_way_through_then_breached():
    start = local(2026, 11, 23, 9, 0)
    due = local(2026, 11, 23, 17, 0)
    assert target_state(started=start, due=due, done=None, now=local(2026, 11, 23, 10)) == TargetState.ON_TIME
    assert target_state(started=start, due=due, done=None, now=local(2026, 11, 23, 15)) == TargetState.AT_RISK
    assert (
        target_state(started=start, due=due, done=None, now=local(2026, 11, 23, 18)) == TargetState.BREACHED
    )
    assert (
        target_state(started=start, due=due, done=local(2026, 11, 23, 16), now=local(2026, 11, 24)) == "met"
    )
    assert (
        target_state(started=start, due=due, done=local(2026, 11, 24, 9), now=local(2026, 11, 24)) == "missed"
    )
    assert target_state(started=start, due=None, done=None) is None
