"""Writes for public reporting: photos kept between pages, and submitting the finished report.

A photo is checked and cleaned (`photo_prepare`) on the page it is uploaded on, then kept as its clean
JPEG in the default storage under a random name until the report is sent; the session holds only that
name. Web workers share the storage, so any of them can finish the report.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from joinedup.partners.models import Partnership
from joinedup.places.models import Area
from joinedup.reports.models import Category, EventKind, Report, ReportEvent, Source, Visibility
from joinedup.reports.photo_services import photo_save
from joinedup.reports.photos import MAX_PHOTOS, PreparedPhoto
from joinedup.reports.services import report_submit

logger = logging.getLogger(__name__)

DRAFT_PHOTO_DIR = "report-drafts"
_PHOTO_ID = re.compile(r"^[0-9a-f]{32}$")


def _draft_photo_path(photo_id: str) -> str:
    if not _PHOTO_ID.match(photo_id):
        raise ValueError("Not a draft photo id")
    return f"{DRAFT_PHOTO_DIR}/{photo_id}.jpg"


def draft_photo_store(*, prepared: PreparedPhoto) -> dict[str, Any]:
    """Keep a cleaned photo until the report is sent; returns what the session needs to find it."""
    photo_id = secrets.token_hex(16)
    default_storage.save(_draft_photo_path(photo_id), ContentFile(prepared.content))
    return {"id": photo_id, "width": prepared.width, "height": prepared.height}


def draft_photo_read(*, photo_id: str) -> bytes | None:
    path = _draft_photo_path(photo_id)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as file:
        return file.read()


def draft_photo_delete(*, photo_id: str) -> None:
    path = _draft_photo_path(photo_id)
    if default_storage.exists(path):
        default_storage.delete(path)


def draft_photos_purge(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Remove photos of reports that were never sent. Returns how many went."""
    if not default_storage.exists(DRAFT_PHOTO_DIR):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in default_storage.listdir(DRAFT_PHOTO_DIR)[1]:
        path = f"{DRAFT_PHOTO_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed


def report_submit_public(
    *,
    partnership: Partnership,
    category: Category,
    description: str,
    longitude: float | None = None,
    latitude: float | None = None,
    ward: Area | None = None,
    location_text: str = "",
    answers: dict[str, str] | None = None,
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    photos: list[dict[str, Any]] | None = None,
) -> Report:
    """A member of the public's report, with its photos, saved in one transaction.

    When this returns the report is committed: the confirmation page may be shown.
    """
    photos = (photos or [])[:MAX_PHOTOS]
    with transaction.atomic():
        report = report_submit(
            partnership=partnership,
            category=category,
            description=description,
            by=None,
            longitude=longitude,
            latitude=latitude,
            ward=ward,
            location_text=location_text,
            answers=answers,
            reporter_name=reporter_name,
            reporter_email=reporter_email,
            reporter_phone=reporter_phone,
            source=Source.WEB,
        )
        attached = 0
        for photo in photos:
            content = draft_photo_read(photo_id=photo["id"])
            if content is None:  # purged while the person was still filling in the form
                logger.warning("Draft photo %s of %s had gone", photo["id"], report.reference)
                continue
            prepared = PreparedPhoto(
                content=content,
                width=photo["width"],
                height=photo["height"],
                file=ContentFile(content, name=f"{uuid.uuid4().hex}.jpg"),
            )
            photo_save(report=report, prepared=prepared)
            attached += 1
        if attached:
            ReportEvent.objects.create(
                report=report,
                at=report.created_at,
                actor=None,
                actor_label="Member of the public",
                kind=EventKind.NOTE,
                visibility=Visibility.PARTNERS,
                text=f"{attached} photo{'s' if attached > 1 else ''} added by the reporter",
                data={"photos": attached},
            )
    for photo in photos:
        draft_photo_delete(photo_id=photo["id"])
    return report
