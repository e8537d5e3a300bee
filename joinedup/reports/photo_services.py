"""Writes for report photos: storing a photo that `photo_prepare` has already checked and cleaned."""

from __future__ import annotations

from django.db import transaction

from .models import Photo, Report
from .photos import PreparedPhoto


def photo_save(*, report: Report, prepared: PreparedPhoto) -> Photo:
    """Store the cleaned JPEG and its `Photo` row.

    The caller (report submission) records who added it on the report's timeline and keeps to
    `MAX_PHOTOS`. If the row cannot be written the file is removed again.
    """
    photo = Photo(report=report, width=prepared.width, height=prepared.height)
    photo.image.save(prepared.name, prepared.file, save=False)
    try:
        with transaction.atomic():
            photo.save()
    except BaseException:
        photo.image.delete(save=False)
        raise
    return photo
