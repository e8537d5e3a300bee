"""What the applicant is told, by email through GOV.UK Notify, when they gave an address.

Emails are queued once the step is saved (decision 8 of docs/decisions.md): a step that is rolled back
never emails anyone.
"""

from __future__ import annotations

from django.db import transaction

from joinedup.notify.services import notify_email

from .deadlines import working_days_after
from .letters import decision_text
from .models import CaseReviewApplication
from .threshold import long_date

TEMPLATES = {
    "acknowledged": "case_review_acknowledged",
    "decided": "case_review_decision",
    "outcome": "case_review_outcome",
}


def applicant_email_queue(application: CaseReviewApplication, step: str) -> bool:
    """Queue the email for this step, after the transaction commits; False when there is no address."""
    if not application.applicant_email:
        return False
    from .tasks import case_review_email

    transaction.on_commit(lambda: case_review_email(application.id, step))
    return True


def applicant_email(*, application_id: int, step: str) -> bool:
    """Send one step's email to the applicant. False if the application or its address has gone."""
    application = (
        CaseReviewApplication.objects.select_related("partnership", "procedure")
        .filter(id=application_id)
        .first()
    )
    if application is None or not application.applicant_email:
        return False
    values = {"reference": application.reference, "name": application.applicant_name}
    if step == "acknowledged":
        assert application.acknowledged_on is not None
        due = working_days_after(application.acknowledged_on, application.procedure.decision_days)
        values |= {
            "received_on": long_date(application.received_on),
            "partnership": application.partnership.name,
            "decision_due": long_date(due),
        }
    elif step == "decided":
        values["decision"] = decision_text(application)
    else:
        values["letter"] = application.outcome_letter
    notify_email(
        to=application.applicant_email,
        template=TEMPLATES[step],
        personalisation=values,
        reference=application.reference,
    )
    return True
