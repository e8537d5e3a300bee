"""Background work for cases: emails after a change (sent once it has committed), nightly checks that
shares are still lawful, and overdue-action nudges."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

log = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def referral_email(referral_id: int, template: str) -> bool:
    """Tell a referrer what the receiving partner decided. Only transient Notify failures are retried."""
    from joinedup.notify.backends import NotifyError

    from .services.referrals import referral_email_send

    try:
        return referral_email_send(referral_id=referral_id, template=template)
    except NotifyError as error:
        if error.is_final:
            log.warning("Not emailing the referrer of referral %s: %s", referral_id, error.message)
            return False
        raise


@db_task(retries=3, retry_delay=60)
def referral_received_email(referral_id: int, email: str) -> bool:
    """Tell one of the receiving partner's managers that a referral has arrived."""
    from joinedup.notify.backends import NotifyError

    from .services.referrals import referral_received_email as send

    try:
        return send(referral_id=referral_id, email=email)
    except NotifyError as error:
        if error.is_final:
            log.warning("Not emailing about new referral %s: %s", referral_id, error.message)
            return False
        raise


@db_task(retries=3, retry_delay=60)
def case_high_risk_email(assessment_id: int, email: str) -> bool:
    """Tell one person (lead officer or coordinator) that someone in a case is at high risk."""
    from joinedup.notify.backends import NotifyError

    from .services.risk import high_risk_email

    try:
        return high_risk_email(assessment_id=assessment_id, email=email)
    except NotifyError as error:
        if error.is_final:
            log.warning("Not emailing about risk assessment %s: %s", assessment_id, error.message)
            return False
        raise


@db_periodic_task(crontab(minute="20", hour="0"))
def cases_shares_lapse() -> int:
    """Just after midnight, when agreements end or pass their review date."""
    from .notifications import share_ended_emails
    from .services.sharing import shares_lapse

    ended, _ = shares_lapse()
    share_ended_emails(ended)
    return len(ended)


@db_periodic_task(crontab(minute="0", hour="7"))
def cases_actions_overdue() -> int:
    from .notifications import actions_overdue_emails
    from .services.work import actions_overdue_notice

    told = actions_overdue_notice()
    actions_overdue_emails(told)
    return len(told)
