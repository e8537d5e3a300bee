"""Reads for Open311: which partnership is asked about, its services, and its service requests.

What an app may read is decided here, once, for XML and JSON alike:
- never who reported (no name, email or phone) and never the answers to extra questions;
- never a report of a never-public category (hate incidents), not even through its token;
- for sensitive categories (begging, drug use) only a generalised point and the ward, with no
  description or media link, which could say exactly where someone was;
- never our own photos (they are not public files): `media_url` is only a link an app sent itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
from types import SimpleNamespace
from typing import Any, cast

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.freshness import stamp, touch
from joinedup.partners.models import Partnership

from .. import policy
from ..models import OPEN_STATUSES, Category, EventKind, Open311Client, Report, ReportEvent, Status
from ..routing import routing_table
from ..selectors import public_location

MAX_REQUESTS = 1000  # the specification's default page: 1000 requests or 90 days, whichever is less
DEFAULT_DAYS = 90
MAX_DESCRIPTION = 4000  # the official request schema's maxLength
URGENT_NOTICE_CODE = "urgent-notice"

OPEN311_STATUSES = {
    "open": OPEN_STATUSES,
    "closed": (Status.RESOLVED, Status.CLOSED),
}


# --- jurisdictions and client applications ---------------------------------------------------------


def open311_jurisdiction_get(*, jurisdiction_id: str = "", default: Partnership | None = None) -> Partnership:
    """The partnership a request is about: `jurisdiction_id` is its slug.

    Without one, the API key's partnership (`default`), or the only partnership there is.
    """
    jurisdiction_id = (jurisdiction_id or "").strip()
    if default is not None and jurisdiction_id in ("", default.slug):
        return default
    if jurisdiction_id:
        partnership = Partnership.objects.filter(slug=jurisdiction_id).first()
        if partnership is None:
            raise NotFound(f"jurisdiction_id {jurisdiction_id!r} was not found", field="jurisdiction_id")
        return partnership
    only = list(Partnership.objects.all()[:2])
    if len(only) == 1:
        return only[0]
    raise ApplicationError(
        "jurisdiction_id was not provided: give the slug of the partnership whose services you want",
        field="jurisdiction_id",
    )


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


KEY_PREFIX_LENGTH = 8  # shown in lists to tell keys apart; far too short to guess the rest from


def key_prefix(key: str) -> str:
    return key[:KEY_PREFIX_LENGTH]


CLIENTS_STAMP = "reports.open311-clients"
_clients: tuple[str, dict[str, list[Open311Client]]] | None = None
_clients_lock = threading.Lock()


def _active_clients_by_prefix() -> dict[str, list[Open311Client]]:
    """Every active client application by key prefix, held by the process until a client changes.

    Every request an app sends needs its key checked; a process asks the database again only when
    a key has been issued or revoked (the stamp is touched by `connect_signals`), so a revoked key
    stops working at once in the process that revoked it and within seconds everywhere else.
    """
    global _clients
    current = stamp(CLIENTS_STAMP)
    with _clients_lock:
        held = _clients
    if held is not None and held[0] == current:
        return held[1]
    by_prefix: dict[str, list[Open311Client]] = {}
    for client in Open311Client.objects.filter(active=True).select_related("partnership"):
        by_prefix.setdefault(client.key_prefix, []).append(client)
    with _clients_lock:
        _clients = (current, by_prefix)
    return by_prefix


def open311_client_for_key(*, key: str) -> Open311Client | None:
    """The active client application holding this API key, or None.

    Candidates are found by the key's public prefix, then the hashes are compared in constant time,
    so response times say nothing about how close a guessed key was.
    """
    key = (key or "").strip()
    if not key:
        return None
    wanted = key_hash(key)
    found = None
    for client in _active_clients_by_prefix().get(key_prefix(key), []):
        if hmac.compare_digest(client.key_hash, wanted):
            found = client
    return found


def _clients_changed(sender: Any, **kwargs: Any) -> None:
    touch(CLIENTS_STAMP)


def connect_signals() -> None:
    for model in (Open311Client, Partnership):
        post_save.connect(_clients_changed, sender=model, dispatch_uid=f"open311-{model.__name__}-saved")
        post_delete.connect(_clients_changed, sender=model, dispatch_uid=f"open311-{model.__name__}-deleted")


def open311_clients_forget() -> None:
    global _clients
    with _clients_lock:
        _clients = None


def open311_clients_by_prefix(*, prefix: str) -> QuerySet[Open311Client]:
    """Active clients whose key starts with `prefix`: how an operator names a key at the command line."""
    prefix = key_prefix((prefix or "").strip())
    if not prefix:
        return Open311Client.objects.none()
    return Open311Client.objects.filter(key_prefix__startswith=prefix, active=True).select_related(
        "partnership"
    )


def open311_clients_visible(*, user: Any) -> QuerySet[Open311Client]:
    """The client applications of the partnerships a coordinator or administrator runs."""
    if not policy.coordinates(user):
        raise NotPermitted("Only coordinators and administrators can manage Open311 applications.")
    return Open311Client.objects.visible_to(user).select_related("partnership", "created_by")


def open311_client_get(*, user: Any, client_id: int) -> Open311Client:
    client = open311_clients_visible(user=user).filter(id=client_id).first()
    if client is None:
        raise NotFound("There is no Open311 application with that number in your partnerships.")
    return client


# --- services (our categories) -----------------------------------------------------------------------


def _public_categories(partnership: Partnership) -> QuerySet[Category]:
    # Hate incidents are listed: anyone may report one, even though its requests are never shown.
    return Category.objects.filter(partnership=partnership, active=True, staff_only=False).select_related(
        "group"
    )


def open311_category_get(*, partnership: Partnership, code: str) -> Category:
    code = (code or "").strip()
    # From the routing table the report will be routed with: no query per request.
    category = routing_table(partnership).categories.get(code) if code else None
    if category is None or category.staff_only:
        raise NotFound(f"service_code {code!r} was not found", field="service_code")
    return category


def _keywords(category: Category) -> str | None:
    words = []
    if category.sensitive:
        words.append("location generalised")
    if category.never_public:
        words.append("never published")
    if category.victim_support:
        words.append("victim support")
    return ", ".join(words) or None


def open311_services(*, partnership: Partnership) -> list[dict[str, Any]]:
    return [
        {
            "service_code": category.code,
            "service_name": category.name,
            "description": category.hint or None,
            "metadata": bool(category.questions),
            "type": "realtime",
            "keywords": _keywords(category),
            "group": category.group.name,
        }
        for category in _public_categories(partnership)
    ]


def open311_service_definition(*, partnership: Partnership, code: str) -> dict[str, Any]:
    """The category's extra questions as attributes; its urgent advice as an information-only one."""
    category = open311_category_get(partnership=partnership, code=code)
    attributes = []
    if category.urgent_notice:
        attributes.append(
            {
                "variable": False,
                "code": URGENT_NOTICE_CODE,
                "datatype": "text",
                "required": False,
                "datatype_description": None,
                "order": 0,
                "description": category.urgent_notice,
            }
        )
    for order, question in enumerate(category.questions, start=1):
        choices = question.get("choices") or []
        attribute = {
            "variable": True,
            "code": question["code"],
            "datatype": "singlevaluelist" if choices else "string",
            "required": bool(question.get("required")),
            "datatype_description": question.get("hint") or None,
            "order": order,
            "description": question["label"],
        }
        if choices:
            attribute["values"] = [{"key": choice, "name": choice} for choice in choices]
        attributes.append(attribute)
    return {"service_code": category.code, "attributes": attributes}


# --- service requests (our reports) ------------------------------------------------------------------


# What a document is built from: never the reporter's details or answers, nor a ward's boundary.
_DOCUMENT_FIELDS = (
    "reference",
    "status",
    "public_note",
    "description",
    "location_text",
    "latitude",
    "longitude",
    "created_at",
    "updated_at",
    "resolve_by",
    "category__name",
    "category__code",
    "category__sensitive",
    "category__never_public",
    "category__victim_support",
    "lead_partner__name",
    "ward__name",
)


def _readable(partnership: Partnership) -> QuerySet[Report]:
    """Reports an app may read: as `selectors.public_reports`, plus those closed as duplicates, so an
    app that sent one learns it was closed and which report carries on (in `status_notes`)."""
    return Report.objects.filter(
        partnership=partnership, category__never_public=False, category__staff_only=False
    )


def _rows(reports: QuerySet[Report]) -> QuerySet:
    # Plain rows, not model instances: a list of 1000 builds several times faster. The first media link
    # an app sent with a report comes as a correlated subquery, in the same query. Our own photos are
    # never offered: they are not public files.
    first_media = (
        ReportEvent.objects.filter(report=OuterRef("pk"), kind=EventKind.NOTE, data__has_key="media_url")
        .order_by("id")
        .values(url=KT("data__media_url"))[:1]
    )
    return reports.values(*_DOCUMENT_FIELDS).annotate(media=Subquery(first_media))


def _notice(
    *, lead_partner: str | None, never_public: bool, victim_support: bool, resolve_by: dt.datetime | None
) -> str:
    if never_public:
        notice = "This report will never be published. "
        if lead_partner:
            notice += f"{lead_partner} will deal with it."
        else:
            notice += "The partnership's coordinator will send it to the partner best placed to deal with it."
        if victim_support:
            notice += (
                " Free, confidential support for victims is available: the partnership can put you in touch."
            )
        return notice
    if lead_partner is None:
        return (
            "The partnership's coordinator will send this report to the partner best placed to deal with it."
        )
    notice = f"{lead_partner} will deal with this report."
    if resolve_by is not None:
        notice += f" They aim to resolve it by {timezone.localtime(resolve_by):%-d %B %Y}."
    return notice


def service_notice(report: Report) -> str:
    """What the app can tell the person who reported it about what happens next."""
    return _notice(
        lead_partner=report.lead_partner.name if report.lead_partner else None,
        never_public=report.category.never_public,
        victim_support=report.category.victim_support,
        resolve_by=report.resolve_by if report.is_open else None,
    )


def _location(row: dict[str, Any]) -> tuple[float, float] | None:
    # The one generalisation rule of the public pages (selectors.public_location), applied to a row.
    category = SimpleNamespace(sensitive=row["category__sensitive"])
    report = SimpleNamespace(latitude=row["latitude"], longitude=row["longitude"], category=category)
    return public_location(cast(Report, report))


def _request_document(row: dict[str, Any]) -> dict[str, Any]:
    sensitive = row["category__sensitive"]
    is_open = row["status"] in OPEN_STATUSES
    location = _location(row)
    ward_name = row["ward__name"]
    # A picture of a sensitive report could show exactly where someone was.
    media_url = None if sensitive else row["media"]
    return {
        "service_request_id": row["reference"],
        "status": "open" if is_open else "closed",
        "status_notes": row["public_note"] or None,
        "service_name": row["category__name"],
        "service_code": row["category__code"],
        "description": None if sensitive else row["description"][:MAX_DESCRIPTION],
        "agency_responsible": row["lead_partner__name"],
        # The expected date is in expected_datetime; a list leaves it out of the notice.
        "service_notice": _notice(
            lead_partner=row["lead_partner__name"],
            never_public=row["category__never_public"],
            victim_support=row["category__victim_support"],
            resolve_by=None,
        ),
        "requested_datetime": row["created_at"],
        "updated_datetime": row["updated_at"],
        "expected_datetime": row["resolve_by"],
        "address": ward_name if sensitive else (row["location_text"] or ward_name),
        "address_id": None,
        "zipcode": None,
        "lat": location[1] if location else None,
        "long": location[0] if location else None,
        "media_url": media_url,
    }


def open311_requests(
    *,
    partnership: Partnership,
    references: list[str] | None = None,
    service_codes: list[str] | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    statuses: list[str] | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """GET requests: by reference (which overrides every other filter), or newest first within a window
    of at most 90 days (the last 90 by default), at most 1000."""
    reports = _readable(partnership)
    if references:
        reports = reports.filter(reference__in=references[:MAX_REQUESTS])
    else:
        now = now or timezone.now()
        if start and end and end - start > dt.timedelta(days=DEFAULT_DAYS):
            raise ApplicationError(
                f"start_date and end_date may be at most {DEFAULT_DAYS} days apart", field="end_date"
            )
        if start and end and end < start:
            raise ApplicationError("end_date must be after start_date", field="end_date")
        if start is None:
            start = (end or now) - dt.timedelta(days=DEFAULT_DAYS)
        reports = reports.filter(created_at__gte=start)
        if end is not None:
            reports = reports.filter(created_at__lte=end)
        if service_codes:
            known = set(
                _public_categories(partnership).filter(code__in=service_codes).values_list("code", flat=True)
            )
            if unknown := [code for code in service_codes if code not in known]:
                raise ApplicationError(
                    f"service_code {unknown[0]!r} is not a service here", field="service_code"
                )
            reports = reports.filter(category__code__in=service_codes)
        if statuses:
            reports = reports.filter(status__in=[s for name in statuses for s in OPEN311_STATUSES[name]])
    rows = _rows(reports.order_by("-created_at", "-id")[:MAX_REQUESTS])
    return [_request_document(row) for row in rows]


def open311_request_get(*, partnership: Partnership, reference: str) -> dict[str, Any]:
    row = next(iter(_rows(_readable(partnership).filter(reference=(reference or "").strip()))), None)
    if row is None:
        raise NotFound(f"service_request_id {reference!r} was not found", field="service_request_id")
    return _request_document(row)


def open311_token_get(*, partnership: Partnership, token: str) -> dict[str, Any]:
    token = (token or "").strip()
    reference = (
        _readable(partnership).filter(open311_token=token).values_list("reference", flat=True).first()
        if token
        else None
    )
    if reference is None:
        raise NotFound(f"token {token!r} was not found", field="token")
    return {"service_request_id": reference, "token": token}
