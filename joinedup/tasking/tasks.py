"""Background work for tasking: asking item owners for their updates, one email a task."""

import logging

from huey.contrib.djhuey import db_task

log = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def tasking_update_request(item_id: int, email: str) -> bool:
    from joinedup.notify.backends import NotifyError

    from .notifications import update_request_email

    try:
        return update_request_email(item_id=item_id, email=email)
    except NotifyError as error:
        status = error.extra.get("notify_status")
        if status is not None and 400 <= status < 500 and status != 429:
            log.warning("Not asking for an update on agenda item %s: %s", item_id, error.message)
            return False
        raise
