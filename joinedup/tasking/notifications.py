"""Emails about tasking meetings. No personal data: the group, the date and a link to sign in."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from joinedup.notify.services import notify_email

from .models import AgendaItem


def update_request_email(*, item_id: int, email: str) -> bool:
    """Ask one owner for their update on an item. False if the item has gone."""
    item = (
        AgendaItem.objects.select_related("meeting", "meeting__group__governance_group")
        .filter(id=item_id)
        .first()
    )
    if item is None:
        return False
    meeting = item.meeting
    url = settings.SITE_URL.rstrip("/") + reverse("tasking:item-update", args=[meeting.id, item.id])
    notify_email(
        to=email,
        template="tasking_update_request",
        personalisation={
            "group": meeting.group.name,
            "date": f"{timezone.localtime(meeting.scheduled_for):%-d %B %Y}",
            "number": str(meeting.items.filter(position__lt=item.position).count() + 1),
            "update_url": url,
        },
        reference=f"meeting-{meeting.id}-item-{item.id}",
    )
    return True
