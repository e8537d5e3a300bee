"""Background work for ASB Case Reviews: emails to the applicant."""

import logging

from huey.contrib.djhuey import db_task

log = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def case_review_email(application_id: int, step: str) -> bool:
    from joinedup.notify.backends import NotifyError

    from .notifications import applicant_email

    try:
        return applicant_email(application_id=application_id, step=step)
    except NotifyError as error:
        # Notify refuses some requests for good (a bad address, a team-only key): retrying won't help.
        status = error.extra.get("notify_status")
        if status is not None and 400 <= status < 500 and status != 429:
            log.warning("Not emailing the applicant of case review %s: %s", application_id, error.message)
            return False
        raise
