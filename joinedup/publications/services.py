"""Making a document: check who asks, build it, render it, and record that it was made.

Every generation is audited (who, which document, which subject and period, which format), whether
from a page or from the `publish` command, where the actor is the system.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership

from . import policy
from .document import Document
from .documents import CATALOGUE, DocumentKind, period_code
from .readers import Reader
from .rendering import RENDERERS

CONTENT_TYPES = {
    "page": "text/html; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_kind(slug: str) -> DocumentKind:
    kind = CATALOGUE.get(slug)
    if kind is None:
        raise ApplicationError(
            f"There is no document {slug!r}: choose one of {', '.join(CATALOGUE)}.", field="document"
        )
    return kind


@dataclass(frozen=True)
class Published:
    document: Document
    content: bytes
    content_type: str
    filename: str


def document_publish(
    *,
    by: Any,
    slug: str,
    subject: str,
    period: str,
    output: str = "html",
    as_of: dt.datetime | None = None,
) -> Published:
    """Build the document for `subject` and `period` as `by` may see it (None: the system), render it
    in `output` (html, pdf or docx) and audit it. `as_of` fixes the point in time of "open" figures
    in a period that is not yet over (default: now)."""
    kind = document_kind(slug)
    reader = Reader(by)
    if by is not None and not policy.can_read(by, kind):
        raise NotPermitted(f"Your role cannot make the {kind.title.lower()}.")
    if output != "page" and output not in kind.formats:
        raise ApplicationError(
            f"The {kind.title.lower()} comes as {', '.join(kind.formats)}.", field="format"
        )
    found = kind.subject(reader, subject)
    parsed = kind.parse_period(period)
    generated_at = timezone.now()
    document = kind.make(
        reader=reader, subject=found, period=parsed, as_of=as_of or generated_at, generated_at=generated_at
    )
    # "page": the web page renders the document itself, inside the service's layout.
    content = b"" if output == "page" else RENDERERS[output](document)
    audit_record(
        by=by,
        action=Action.VIEWED if output == "page" else Action.EXPORTED,
        partnership=found if isinstance(found, Partnership) else None,
        changes={
            "document": kind.title,
            "subject": subject,
            "period": period_code(parsed),
            "format": output,
        },
        purpose="publication",
    )
    return Published(
        document=document,
        content=content,
        content_type=CONTENT_TYPES[output],
        filename=f"{slug}-{subject}-{period_code(parsed).replace(':', '-to-')}.{output}",
    )
