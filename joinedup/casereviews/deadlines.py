"""Where an application stands and when its next step is due, in working days (England and Wales).

Each deadline runs from the step before it, as the procedure says (REFERENCE.md §1.3, all local):
acknowledge within N working days of receipt, decide within N of acknowledging, hold the review within N
of deciding, send the outcome within N of the meeting. Until a step is done, the next one is projected
from the step's own deadline, so the whole timetable can be shown from the start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from joinedup.reports.clock import LONDON, add_working_days

from .models import CaseReviewApplication, CaseReviewProcedure, Decision


def working_days_after(day: dt.date, days: int) -> dt.date:
    """The date `days` working days after `day`; a day that is not a working day counts from the next one."""
    # Midday is inside working hours, so a working day counts as the start and is not skipped.
    return add_working_days(dt.datetime.combine(day, dt.time(12), tzinfo=LONDON), days).date()


class Stage:
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    THRESHOLD_MET = "threshold_met"
    REVIEW_HELD = "review_held"
    NOT_MET = "not_met"
    CLOSED = "closed"
    ESCALATED = "escalated"

    LABELS = {
        RECEIVED: "Received: to acknowledge",
        ACKNOWLEDGED: "Acknowledged: threshold decision due",
        THRESHOLD_MET: "Threshold met: review meeting due",
        REVIEW_HELD: "Review held: outcome letter due",
        NOT_MET: "Closed: threshold not met",
        CLOSED: "Closed: outcome sent",
        ESCALATED: "Escalated: applicant dissatisfied",
    }
    OPEN = (RECEIVED, ACKNOWLEDGED, THRESHOLD_MET, REVIEW_HELD, ESCALATED)


def stage_of(application: CaseReviewApplication) -> str:
    a = application
    if a.escalated_on and not a.escalation_decided_on:
        return Stage.ESCALATED
    if a.outcome_sent_on:
        return Stage.CLOSED
    if a.decision == Decision.NOT_MET:
        return Stage.NOT_MET
    if a.review_held_on:
        return Stage.REVIEW_HELD
    if a.decision == Decision.MET:
        return Stage.THRESHOLD_MET
    if a.acknowledged_on:
        return Stage.ACKNOWLEDGED
    return Stage.RECEIVED


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    due_on: dt.date | None  # None when the step will not happen (no review after "not met")
    done_on: dt.date | None

    def overdue(self, today: dt.date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today

    def late(self) -> bool:
        return self.done_on is not None and self.due_on is not None and self.done_on > self.due_on


def timetable(application: CaseReviewApplication, procedure: CaseReviewProcedure) -> list[Step]:
    """Every step with its deadline and the date it was done."""
    a, p = application, procedure
    acknowledge = working_days_after(a.received_on, p.acknowledge_days)
    decide = working_days_after(a.acknowledged_on or acknowledge, p.decision_days)
    not_met = a.decision == Decision.NOT_MET
    meet = None if not_met else working_days_after(a.decided_on or decide, p.meeting_days)
    outcome = (
        None if not_met or meet is None else working_days_after(a.review_held_on or meet, p.outcome_days)
    )
    return [
        Step("acknowledge", "Acknowledge the application", acknowledge, a.acknowledged_on),
        Step("decide", "Tell the applicant the threshold decision, with reasons", decide, a.decided_on),
        Step("review", "Hold the review meeting", meet, a.review_held_on),
        Step("outcome", "Send the outcome letter", outcome, a.outcome_sent_on),
    ]


def next_step(application: CaseReviewApplication, procedure: CaseReviewProcedure) -> Step | None:
    return next((s for s in timetable(application, procedure) if s.done_on is None and s.due_on), None)
