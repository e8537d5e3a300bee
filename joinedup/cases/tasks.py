"""Background work for cases: nightly checks that shares are still lawful, and overdue-action nudges."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


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
