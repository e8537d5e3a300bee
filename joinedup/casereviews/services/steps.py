"""The steps of an ASB Case Review, each recorded once by the single point of contact (REFERENCE.md §1.3).

Acknowledge → threshold decision (told to the applicant with reasons) → review meeting → recommendations
→ outcome letter; and, at any point after the decision, the applicant's dissatisfaction and its result
(Sch. 4 para 3). Every step carries the version it was based on, so two coordinators cannot record the
same step twice or over each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Organisation

from .. import policy, selectors
from ..models import CaseReviewApplication, Decision, Recommendation, RecommendationStatus
from ..notifications import applicant_email_queue
from .applications import lock, require_date, require_manage, save_step


def _members(application: CaseReviewApplication, organisations: Iterable[Organisation], field: str) -> None:
    for organisation in organisations:
        if not organisation.memberships.filter(partnership_id=application.partnership_id).exists():
            raise ApplicationError(f"{organisation.name} is not a member of the partnership.", field=field)


@dataclass(frozen=True)
class _Step:
    field: str  # the date this step records
    form_field: str  # what the form calls it
    label: str  # "the date {label}"
    after: str  # the date of the step it follows
    after_label: str
    needs: str  # said when the step before has not happened
    done: str  # "{done} was recorded on ..."


ACKNOWLEDGE = _Step(
    "acknowledged_on",
    "acknowledged_on",
    "it was acknowledged",
    "received_on",
    "the date it was received",
    "",
    "The acknowledgement",
)
DECIDE = _Step(
    "decided_on",
    "decided_on",
    "of the decision",
    "acknowledged_on",
    "the acknowledgement",
    "Acknowledge the application before deciding on the threshold.",
    "The threshold decision",
)
REVIEW = _Step(
    "review_held_on",
    "held_on",
    "of the meeting",
    "decided_on",
    "the threshold decision",
    "A review meeting follows a decision that the threshold is met.",
    "The review meeting",
)
OUTCOME = _Step(
    "outcome_sent_on",
    "sent_on",
    "the letter was sent",
    "review_held_on",
    "the review meeting",
    "The outcome letter follows the review meeting.",
    "The outcome letter",
)
ESCALATE = _Step(
    "escalated_on",
    "escalated_on",
    "the applicant asked",
    "decided_on",
    "the threshold decision",
    "An applicant can ask for an escalation once the threshold decision is made.",
    "The escalation",
)
ESCALATION_RESULT = _Step(
    "escalation_decided_on",
    "decided_on",
    "of the result",
    "escalated_on",
    "the escalation",
    "There is no escalation to record a result for.",
    "The escalation's result",
)


def _begin(
    step: _Step,
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    on: dt.date | None,
    today: dt.date | None,
) -> CaseReviewApplication:
    """Lock the application for one step: the step before it done, this one not yet, its date in order."""
    require_manage(by)
    current = lock(application, version)
    if not getattr(current, step.after):
        raise ApplicationError(step.needs)
    recorded = getattr(current, step.field)
    if recorded:
        raise ApplicationError(f"{step.done} on {current.reference} was recorded on {recorded:%-d %B %Y}.")
    require_date(
        on,
        field=step.form_field,
        label=step.label,
        today=today or timezone.localdate(),
        after=getattr(current, step.after),
        after_label=step.after_label,
    )
    return current


def _text(value: str, *, field: str, message: str) -> str:
    if not value.strip():
        raise ApplicationError(message, field=field)
    return value.strip()


@transaction.atomic
def application_acknowledge(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    acknowledged_on: dt.date | None,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    current = _begin(
        ACKNOWLEDGE, by=by, application=application, version=version, on=acknowledged_on, today=today
    )
    current = save_step(current, by=by, step="acknowledged", acknowledged_on=acknowledged_on)
    applicant_email_queue(current, "acknowledged")
    return current


@transaction.atomic
def threshold_decide(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    decision: str,
    decided_on: dt.date | None,
    reasons: str,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    """Decide the threshold on the assessment, and keep the assessment as it stood.

    When a rule is met the decision must be "met": the procedure and, for three complaints, the law say
    so (§1.2). When none is, the bodies may still decide it is met on persistence, harm or the adequacy
    of the response, and say why.
    """
    current = _begin(DECIDE, by=by, application=application, version=version, on=decided_on, today=today)
    if decision not in Decision.values:
        raise ApplicationError("Choose whether the threshold is met", field="decision")
    reasons = _text(reasons, field="reasons", message="Give the reasons the applicant will be told")
    assessment = selectors.assessment_of(application=current)
    if decision == Decision.NOT_MET and assessment.met:
        raise ApplicationError(
            f"The threshold is met ({assessment.met_by[0]}), so a review must be held.", field="decision"
        )
    current = save_step(
        current,
        by=by,
        step="threshold decision",
        decision=decision,
        decided_on=decided_on,
        decision_reasons=reasons,
        decision_rule=assessment.met_by[0] if assessment.met else "",
        assessment=assessment.as_record(),
    )
    applicant_email_queue(current, "decided")
    return current


@transaction.atomic
def review_record(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    held_on: dt.date | None,
    attendees: Iterable[Organisation],
    summary: str = "",
    today: dt.date | None = None,
) -> CaseReviewApplication:
    current = _begin(REVIEW, by=by, application=application, version=version, on=held_on, today=today)
    if current.decision != Decision.MET:
        raise ApplicationError(REVIEW.needs)
    attendees = list(attendees)
    if not attendees:
        raise ApplicationError("Choose the organisations at the meeting", field="attendees")
    _members(current, attendees, "attendees")
    current = save_step(
        current, by=by, step="review meeting", review_held_on=held_on, review_summary=summary.strip()
    )
    current.review_attendees.set(attendees)
    return current


@transaction.atomic
def recommendation_add(
    *,
    by: Any,
    application: CaseReviewApplication,
    text: str,
    owner: Organisation,
    due_on: dt.date | None,
) -> Recommendation:
    require_manage(by)
    if not application.review_held_on:
        raise ApplicationError("Record the review meeting before its recommendations.")
    if application.outcome_sent_on:
        raise ApplicationError("The outcome letter has been sent with the recommendations it listed.")
    text = _text(text, field="text", message="Enter the recommendation")
    _members(application, [owner], "owner")
    if due_on is None:
        raise ApplicationError("Enter the date it is due", field="due_on")
    if due_on < application.review_held_on:
        raise ApplicationError("The due date must be on or after the review meeting", field="due_on")
    recommendation = Recommendation.objects.create(
        application=application, text=text, owner=owner, due_on=due_on, created_by=by
    )
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=application,
        changes={
            "recommendation_added": recommendation.id,
            "owner": owner.name,
            "due_on": due_on.isoformat(),
        },
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *, by: Any, recommendation: Recommendation, status: str, note: str = ""
) -> Recommendation:
    if not policy.can_update_recommendation(by, recommendation):
        raise NotPermitted(
            f"Only {recommendation.owner.name} or the single point of contact can update this."
        )
    if status not in RecommendationStatus.values:
        raise ApplicationError("Choose where the recommendation stands", field="status")
    if status == RecommendationStatus.NOT_ACCEPTED and not note.strip():
        raise ApplicationError("Say why the recommendation was not accepted", field="note")
    before = recommendation.status
    recommendation.status = status
    recommendation.status_note = note.strip()
    recommendation.updated_at = timezone.now()
    recommendation.save(update_fields=["status", "status_note", "updated_at"])
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=recommendation.application,
        changes={"recommendation": recommendation.id, "status": [before, status]},
    )
    return recommendation


@transaction.atomic
def outcome_send(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    sent_on: dt.date | None,
    letter: str,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    """Record the outcome letter as sent (and email it when the applicant gave an address)."""
    current = _begin(OUTCOME, by=by, application=application, version=version, on=sent_on, today=today)
    letter = _text(letter, field="letter", message="Enter the letter sent to the applicant")
    current = save_step(current, by=by, step="outcome letter", outcome_sent_on=sent_on, outcome_letter=letter)
    applicant_email_queue(current, "outcome")
    return current


@transaction.atomic
def escalation_record(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    escalated_on: dt.date | None,
    reason: str,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    """The applicant is unhappy with the handling or the review, and asks to take the escalation route."""
    current = _begin(ESCALATE, by=by, application=application, version=version, on=escalated_on, today=today)
    reason = _text(reason, field="reason", message="Say what the applicant is unhappy about")
    return save_step(current, by=by, step="escalated", escalated_on=escalated_on, escalation_reason=reason)


@transaction.atomic
def escalation_decide(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    decided_on: dt.date | None,
    result: str,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    current = _begin(
        ESCALATION_RESULT, by=by, application=application, version=version, on=decided_on, today=today
    )
    result = _text(result, field="result", message="Enter the result of the escalation")
    return save_step(
        current, by=by, step="escalation result", escalation_decided_on=decided_on, escalation_result=result
    )
