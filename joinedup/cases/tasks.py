"""Background work for cases: emails after a change, sent once the change has committed."""

import logging

from huey.contrib.djhuey import db_task

log = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def referral_email(referral_id: int, template: str) -> bool:
    """Tell a referrer what the receiving partner decided. Only transient Notify failures are retried."""
    from joinedup.notify.backends import NotifyError

    from .services.referrals import referral_email_send

    try:
        return referral_email_send(referral_id=referral_id, template=template)
    except NotifyError as error:
        status = error.extra.get("notify_status")
        if status is not None and 400 <= status < 500 and status != 429:
            log.warning("Not emailing the referrer of referral %s: %s", referral_id, error.message)
            return False
        raise
