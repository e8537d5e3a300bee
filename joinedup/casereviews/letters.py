"""Draft letters to the applicant, written from what the application records.

The coordinator edits the draft before sending; what was sent is kept as sent. The law requires the
applicant to be told the threshold decision with reasons, and the outcome and any recommendations
(REFERENCE.md §1.3). The review is not a complaints process, so the letter says where complaints go.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import CaseReviewApplication, Decision, Recommendation
from .threshold import long_date


def outcome_letter_draft(
    application: CaseReviewApplication, recommendations: Iterable[Recommendation]
) -> str:
    a = application
    held = long_date(a.review_held_on) if a.review_held_on else "(date of the review meeting)"
    attendees = ", ".join(o.name for o in a.review_attendees.order_by("name")) or "the relevant bodies"
    lines = [
        f"Dear {a.applicant_name},",
        "",
        f"ASB Case Review {a.reference}",
        "",
        f"Thank you for your application, which we received on {long_date(a.received_on)}. "
        f"The partners met to review how the problem has been dealt with on {held}. "
        f"Those at the meeting were: {attendees}.",
        "",
    ]
    if a.review_summary:
        lines += ["What the review found", "", a.review_summary, ""]
    recommendations = list(recommendations)
    if recommendations:
        lines += ["The review made these recommendations:", ""]
        for number, r in enumerate(recommendations, start=1):
            lines.append(f"{number}. {r.text} ({r.owner.name}, by {long_date(r.due_on)})")
        lines += ["", "Each organisation must have regard to the recommendations made to it.", ""]
    else:
        lines += ["The review made no recommendations.", ""]
    lines += _escalation(a)
    lines += ["Yours sincerely,", "", f"ASB Case Review single point of contact, {a.partnership.name}"]
    return "\n".join(lines)


def decision_text(application: CaseReviewApplication) -> str:
    """What the applicant is told of the threshold decision (the email carries it)."""
    a = application
    if a.decision == Decision.MET:
        opening = "The threshold for an ASB Case Review has been met, so the partners will hold a review."
    else:
        opening = "The threshold for an ASB Case Review has not been met, so no review will be held."
    return "\n\n".join(
        part for part in (opening, f"Our reasons: {a.decision_reasons}", *_escalation(a)) if part
    )


def _escalation(application: CaseReviewApplication) -> list[str]:
    route = application.procedure.escalation_route.strip()
    lines = []
    if route:
        lines += [f"If you are unhappy with how your application was dealt with: {route}", ""]
    lines += [
        "A Case Review is not a complaints process. A complaint about one organisation goes to that "
        "organisation first.",
        "",
    ]
    return lines
