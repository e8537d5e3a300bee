"""Background work for cases: emails after a change (sent once it has committed), nightly checks that
shares are still lawful, and overdue-action nudges."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task(retries=3, retry_delay=60)
def referral_email(referral_id: int, template: str) -> bool:
    """Tell a referrer what the receiving partner decided."""
    from joinedup.notify.services import unless_refused

    from .services.referrals import referral_email_send

    about = f"the referrer of referral {referral_id}"
    return unless_refused(referral_email_send, about, referral_id=referral_id, template=template)


@db_task(retries=3, retry_delay=60)
def referral_received_email(referral_id: int, email: str, template: str = "referral_received") -> bool:
    """Tell one of the receiving partner's people that a referral has arrived (or been withdrawn)."""
    from joinedup.notify.services import unless_refused

    from .services.referrals import referral_received_email as send

    about = f"about referral {referral_id} ({template})"
    return unless_refused(send, about, referral_id=referral_id, email=email, template=template)


@db_task(retries=3, retry_delay=60)
def case_high_risk_email(assessment_id: int, email: str) -> bool:
    """Tell one person (lead officer or coordinator) that someone in a case is at high risk."""
    from joinedup.notify.services import unless_refused

    from .services.risk import high_risk_email

    about = f"about risk assessment {assessment_id}"
    return unless_refused(high_risk_email, about, assessment_id=assessment_id, email=email)


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
