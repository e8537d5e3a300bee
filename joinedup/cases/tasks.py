"""Background work for cases: emails queued by the services once their change has committed."""

import logging

from huey.contrib.djhuey import db_task

log = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def case_high_risk_email(assessment_id: int, email: str) -> bool:
    """Tell one person (lead officer or coordinator) that someone in a case is at high risk."""
    from joinedup.notify.backends import NotifyError

    from .services.risk import high_risk_email

    try:
        return high_risk_email(assessment_id=assessment_id, email=email)
    except NotifyError as error:
        # Notify refuses some requests for good (a bad address, a team-only key): retrying won't help.
        status = error.extra.get("notify_status")
        if status is not None and 400 <= status < 500 and status != 429:
            log.warning("Not emailing about risk assessment %s: %s", assessment_id, error.message)
            return False
        raise
