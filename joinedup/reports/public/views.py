"""Public pages: report a problem (one question a page), track a report, the public map and list, and
"you said, we did".

Thin: forms check what was typed, `flow.Draft` keeps the answers between pages, services save, selectors
read. Every page works without JavaScript; the maps only add to what the lists already say.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
from calendar import monthrange
from collections import Counter
from itertools import groupby
from typing import Any, TypeVar

import orjson
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from joinedup.core.errors import ApplicationError, NotFound
from joinedup.core.forms import add_service_errors
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership
from joinedup.places.models import Area
from joinedup.reports import selectors as report_selectors
from joinedup.reports.models import Category, Report, Status
from joinedup.reports.photos import MAX_PHOTOS, photo_prepare
from joinedup.reports.services import (
    locate,
    reference_prefix,
    reopen_deadline,
    report_add_reporter,
    report_reopen,
)

from . import selectors, services
from .flow import DONE_KEY, STEPS, URL_NAMES, Draft
from .forms import (
    PERIODS,
    CategoryForm,
    CheckForm,
    ContactForm,
    DescriptionForm,
    NearbyForm,
    PartnershipForm,
    PeriodForm,
    PhotoForm,
    PointForm,
    PublicListForm,
    ReopenForm,
    StreetChoiceForm,
    StreetSearchForm,
    TrackFindForm,
    WardForm,
)
from .links import reopen_token_check

# Faster than this from the first page to "Send report" is a script, not a person.
MIN_SECONDS_TO_SUBMIT = 3
# The public map asks for reports in boxes no bigger than this, in degrees each way.
MAX_BOX_DEGREES = 1.0
PAGE_SIZE = 25
SUBMIT_RATE_GROUP = "report-submit"
F = TypeVar("F", bound=forms.Form)


def _submission_rate(group: str, request: HttpRequest) -> str | None:
    """Reports from the public, per client address; partner staff are not limited."""
    if partner_policy.is_staff_member(request.user):
        return None
    return getattr(settings, "REPORT_RATE", "10/h")


def _photo_rate(group: str, request: HttpRequest) -> str | None:
    if partner_policy.is_staff_member(request.user):
        return None
    return getattr(settings, "REPORT_PHOTO_RATE", "30/h")


def _check_rate(request: HttpRequest, *, group: str, rate: Any) -> None:
    if is_ratelimited(request, group=group, key="ip", rate=rate, method="POST", increment=True):
        raise Ratelimited()


def _error_list(*forms_: forms.Form | None, anchors: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The GOV.UK error summary's entries, each linking to its field (or to `anchors[field]`)."""
    anchors = anchors or {}
    entries: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            entries.append({"text": str(error), "href": "#" + anchors.get("__all__", "main-content")})
        for field in form:
            suffix = "_0" if field.widget_type in ("radioselect", "checkboxselectmultiple") else ""
            for error in field.errors:
                entries.append(
                    {"text": str(error), "href": "#" + anchors.get(field.name, f"{field.auto_id}{suffix}")}
                )
    return entries


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, which must show "required" errors), else None."""
    return request.POST if request.method == "POST" else None


def _page(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    context.setdefault("errors", [])
    context["page_has_errors"] = bool(context["errors"])
    return render(request, template, context, status=status)


def _submission_error(draft: Draft, form_class: type[F], data: dict[str, Any], **kwargs: Any) -> F | None:
    """If sending the report failed on this page's question: the form saying why, with the answers kept."""
    error = draft.pop_error()
    if not error:
        return None
    form = form_class(data, **kwargs)
    form.is_valid()
    add_service_errors(form, ApplicationError(error["message"], field=error["field"]))
    return form


def _partnership(draft: Draft) -> Partnership:
    return selectors.partnership_reporting_get(partnership_id=draft.get("partnership"))


def _category(draft: Draft, partnership: Partnership) -> Category:
    category = (
        report_selectors.categories_for(partnership_id=partnership.id, user=None)
        .filter(id=draft.get("category"))
        .first()
    )
    if category is None:
        draft.forget("category")
        raise NotFound("That kind of problem can no longer be reported. Start again.")
    return category


def _guarded(request: HttpRequest, step: str) -> tuple[Draft, HttpResponse | None]:
    draft = Draft(request.session)
    if "partnership" not in draft.done:
        partnerships = list(selectors.partnerships_reporting()[:2])
        if len(partnerships) == 1:
            draft.answer("partnership", partnership=partnerships[0].id)
    elsewhere = draft.redirect_for(step)
    return draft, (redirect(elsewhere) if elsewhere else None)


def _back(draft: Draft, step: str) -> str:
    """The page before `step` that the person actually saw (the partnership and "already reported?"
    pages are often skipped)."""
    earlier = STEPS[: STEPS.index(step)] if step in STEPS else STEPS
    for candidate in reversed(earlier):
        if candidate == "partnership" and len(selectors.partnerships_reporting()[:2]) <= 1:
            continue
        if candidate == "nearby" and not _nearby_reports(draft):
            continue
        return reverse(URL_NAMES[candidate])
    return reverse("home")


def _nearby_reports(draft: Draft) -> list[Report]:
    location = draft.get("location") or {}
    if location.get("longitude") is None or not draft.get("category"):
        return []
    category = Category.objects.filter(id=draft.get("category")).first()
    if category is None:
        return []
    return report_selectors.reports_nearby(
        category=category, longitude=location["longitude"], latitude=location["latitude"]
    )


def _finish(request: HttpRequest, draft: Draft, **done: Any) -> HttpResponse:
    for photo in draft.photos:
        services.draft_photo_delete(photo_id=photo["id"])
    draft.clear()
    request.session[DONE_KEY] = done
    return redirect("report-done")


# --- reporting: the questions --------------------------------------------------------------------------


@never_cache
@require_GET
def report_start(request: HttpRequest) -> HttpResponse:
    """Start a new report, skipping the partnership question when only one partnership takes reports."""
    partnerships = list(selectors.partnerships_reporting())
    if not partnerships:
        return _page(request, "reports/public/closed.html", {})
    draft = Draft.begin(request.session)
    if len(partnerships) == 1:
        draft.answer("partnership", partnership=partnerships[0].id)
        return redirect(draft.next_url_name())
    return redirect("report-partnership")


@never_cache
def report_partnership(request: HttpRequest) -> HttpResponse:
    draft = Draft(request.session)
    partnerships = list(selectors.partnerships_reporting())
    if len(partnerships) == 1:
        draft.answer("partnership", partnership=partnerships[0].id)
        return redirect(draft.next_url_name())
    form = PartnershipForm(
        _posted(request),
        partnerships=[(p.id, p.name) for p in partnerships],
        initial={"partnership": draft.get("partnership")},
    )
    if request.method == "POST" and form.is_valid():
        draft.answer("partnership", partnership=form.cleaned_data["partnership"])
        return redirect(draft.next_url_name())
    return _page(request, "reports/public/partnership.html", {"form": form, "errors": _error_list(form)})


@never_cache
def report_category(request: HttpRequest) -> HttpResponse:
    draft, elsewhere = _guarded(request, "category")
    if elsewhere:
        return elsewhere
    partnership = _partnership(draft)
    categories = list(
        report_selectors.categories_for(partnership_id=partnership.id, user=None).order_by(
            "group__order", "group__name", "order", "name"
        )
    )
    by_code = {c.code: c for c in categories}
    chosen_code = next((c.code for c in categories if c.id == draft.get("category")), "")
    form = CategoryForm(_posted(request), categories=categories, initial={"category": chosen_code})
    if request.method == "POST" and form.is_valid():
        draft.answer("category", category=by_code[form.cleaned_data["category"]].id)
        _settle_nearby(draft)
        return redirect(draft.next_url_name())
    if request.method == "GET":
        data = {"category": chosen_code}
        form = _submission_error(draft, CategoryForm, data, categories=categories) or form
    chosen = form["category"].value()
    groups = [(group, list(items)) for group, items in groupby(categories, key=lambda c: c.group)]
    anchors = {"category": f"category-{categories[0].code}"} if categories else {}
    return _page(
        request,
        "reports/public/category.html",
        {
            "form": form,
            "groups": groups,
            "chosen": str(chosen) if chosen else "",
            # The notice most categories share; each category's own is on its description page.
            "notice": Counter(c.urgent_notice for c in categories if c.urgent_notice).most_common(1),
            "errors": _error_list(form, anchors=anchors),
            "back": _back(draft, "category"),
        },
    )


def _location_answer(
    draft: Draft,
    partnership: Partnership,
    *,
    method: str,
    longitude: float | None = None,
    latitude: float | None = None,
    ward: Area | None = None,
    location_text: str = "",
    place: str = "",
) -> None:
    """Check the place is in the partnership's area (ApplicationError if not), then keep it."""
    found_ward, _, _ = locate(partnership=partnership, longitude=longitude, latitude=latitude, ward=ward)
    ward_name = f"{found_ward.name} ward" if found_ward else ""
    summary = ", ".join(part for part in (place, location_text, ward_name) if part)
    draft.answer(
        "location",
        location={
            "method": method,
            "longitude": longitude,
            "latitude": latitude,
            "ward": ward.id if ward else None,
            "location_text": ", ".join(part for part in (place, location_text) if part),
            "summary": summary,
        },
    )
    _settle_nearby(draft)


def _settle_nearby(draft: Draft) -> None:
    """With a place and a problem chosen and nothing like it reported close by, skip "already reported?"."""
    if "location" in draft.done and "nearby" not in draft.done and not _nearby_reports(draft):
        draft.answer("nearby")


def _map_settings(partnership: Partnership, **extra: Any) -> dict[str, Any]:
    return {
        "bounds": selectors.partnership_bounds(partnership=partnership),
        "outline": selectors.partnership_outline(partnership=partnership),
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        **extra,
    }


@never_cache
def report_location(request: HttpRequest) -> HttpResponse:
    """Where the problem is: a pin on the map (with JavaScript), else a street search or a ward."""
    draft, elsewhere = _guarded(request, "location")
    if elsewhere:
        return elsewhere
    partnership = _partnership(draft)
    category = _category(draft, partnership)
    point = PointForm(_posted(request))
    if request.method == "POST" and point.is_valid():
        try:
            _location_answer(
                draft,
                partnership,
                method="point",
                longitude=point.cleaned_data["longitude"],
                latitude=point.cleaned_data["latitude"],
                place="Point on the map",
            )
        except ApplicationError as error:
            point.add_error(None, error.message)
        else:
            return redirect(draft.next_url_name())
    location = draft.get("location") or {}
    if request.method == "GET" and location.get("method") == "point":
        point = PointForm(initial={"longitude": location["longitude"], "latitude": location["latitude"]})
    # Sending failed on the place (say, outside the area): say so by the street search everyone can see.
    failed = draft.pop_error() if request.method == "GET" else None
    errors = _error_list(point, anchors={"__all__": "id_q"})
    if failed:
        errors.append({"text": failed["message"], "href": "#id_q"})
    return _page(
        request,
        "reports/public/location.html",
        {
            "category": category,
            "point": point,
            "search": StreetSearchForm(),
            "location_error": failed["message"] if failed else "",
            "errors": errors,
            "map_settings": _map_settings(partnership),
            "back": _back(draft, "location"),
        },
    )


@never_cache
def report_location_street(request: HttpRequest) -> HttpResponse:
    """The streets matching a search, as radios; choosing one places the report on it."""
    draft, elsewhere = _guarded(request, "location")
    if elsewhere:
        return elsewhere
    partnership = _partnership(draft)
    search = StreetSearchForm(request.POST if request.method == "POST" else request.GET)
    streets: list[Any] = []
    if search.is_valid():
        streets = selectors.streets_find(partnership=partnership, query=search.cleaned_data["q"])
    names = selectors.ward_names(codes=[s.ward_code for s in streets if s.ward_code])
    options = [
        (str(s.pk), f"{s.name}, {names[s.ward_code]}" if s.ward_code in names else s.name) for s in streets
    ]
    choice = StreetChoiceForm(request.POST if request.method == "POST" else None, streets=options)
    if request.method == "POST" and search.is_valid() and choice.is_valid():
        street = next(s for s in streets if str(s.pk) == choice.cleaned_data["street"])
        try:
            _location_answer(
                draft,
                partnership,
                method="street",
                longitude=street.longitude,
                latitude=street.latitude,
                place=street.name,
                location_text=choice.cleaned_data["location_text"].strip(),
            )
        except ApplicationError as error:
            choice.add_error("street", error.message)
        else:
            return redirect(draft.next_url_name())
    return _page(
        request,
        "reports/public/location_street.html",
        {
            "search": search,
            "choice": choice,
            "options": options,
            "errors": _error_list(search, choice if search.is_valid() and options else None),
            "back": reverse("report-location"),
        },
    )


@never_cache
def report_location_ward(request: HttpRequest) -> HttpResponse:
    draft, elsewhere = _guarded(request, "location")
    if elsewhere:
        return elsewhere
    partnership = _partnership(draft)
    wards = {w.id: w for w in selectors.partnership_wards(partnership=partnership)}
    location = draft.get("location") or {}
    form = WardForm(
        _posted(request),
        wards=[(w.id, w.name) for w in wards.values()],
        initial={"ward": location.get("ward"), "location_text": location.get("location_text", "")}
        if location.get("method") == "ward"
        else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _location_answer(
                draft,
                partnership,
                method="ward",
                ward=wards[form.cleaned_data["ward"]],
                location_text=form.cleaned_data["location_text"].strip(),
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return redirect(draft.next_url_name())
    return _page(
        request,
        "reports/public/location_ward.html",
        {"form": form, "errors": _error_list(form), "back": reverse("report-location")},
    )


@never_cache
def report_nearby(request: HttpRequest) -> HttpResponse:
    """Is it one of these? Open reports of the same problem close by, so we hear of it once."""
    draft, elsewhere = _guarded(request, "nearby")
    if elsewhere:
        return elsewhere
    nearby = _nearby_reports(draft)
    if not nearby:
        draft.answer("nearby")
        return redirect(draft.next_url_name())
    form = NearbyForm(_posted(request), references=[r.reference for r in nearby])
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["choice"] == NearbyForm.NONE:
            draft.answer("nearby")
            return redirect(draft.next_url_name())
        _check_rate(request, group=SUBMIT_RATE_GROUP, rate=_submission_rate)
        report = next(r for r in nearby if r.reference == form.cleaned_data["choice"])
        try:
            report_add_reporter(report=report, email=form.cleaned_data["email"], by=None)
        except ApplicationError as error:
            form.add_error("choice", error.message)
        else:
            return _finish(
                request,
                draft,
                reference=report.reference,
                added=True,
                email=bool(form.cleaned_data["email"]),
                category=report.category.name,
                partner=report.lead_partner.name if report.lead_partner else "",
                trackable=True,
            )
    return _page(
        request,
        "reports/public/nearby.html",
        {
            "form": form,
            "nearby": nearby,
            "chosen": form["choice"].value() or "",
            "errors": _error_list(form, anchors={"choice": "choice-0"}),
            "back": reverse("report-location"),
        },
    )


@never_cache
def report_description(request: HttpRequest) -> HttpResponse:
    draft, elsewhere = _guarded(request, "description")
    if elsewhere:
        return elsewhere
    partnership = _partnership(draft)
    category = _category(draft, partnership)
    initial = {"description": draft.get("description", "")}
    initial.update({f"answer_{code}": value for code, value in (draft.get("answers") or {}).items()})
    form = DescriptionForm(_posted(request), category=category, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.spam():
            draft.mark_spam()
        draft.answer("description", description=form.cleaned_data["description"], answers=form.answers())
        return redirect(draft.next_url_name())
    if request.method == "GET":
        form = _submission_error(draft, DescriptionForm, initial, category=category) or form
    return _page(
        request,
        "reports/public/description.html",
        {
            "form": form,
            "category": category,
            "errors": _error_list(form),
            "back": _back(draft, "description"),
        },
    )


@never_cache
def report_photos(request: HttpRequest) -> HttpResponse:
    """Up to three photos, each checked and cleaned as it is uploaded; the page works without JavaScript."""
    draft, elsewhere = _guarded(request, "photos")
    if elsewhere:
        return elsewhere
    photos = draft.photos
    form = PhotoForm(_posted(request), request.FILES or None)
    if request.method == "POST":
        action = request.POST.get("action", "continue")
        if action.startswith("remove:"):
            photo_id = action.removeprefix("remove:")
            if any(p["id"] == photo_id for p in photos):
                services.draft_photo_delete(photo_id=photo_id)
                draft.set_photos([p for p in photos if p["id"] != photo_id])
            return redirect("report-photos")
        upload = request.FILES.get("photo")
        if form.is_valid() and upload is not None:
            if len(photos) >= MAX_PHOTOS:
                form.add_error("photo", f"You can add up to {MAX_PHOTOS} photos. Remove one to add another")
            else:
                _check_rate(request, group="report-photo", rate=_photo_rate)
                try:
                    prepared = photo_prepare(upload=upload)
                except ApplicationError as error:
                    add_service_errors(form, error)
                else:
                    draft.set_photos([*photos, services.draft_photo_store(prepared=prepared)])
                    if action == "upload":
                        return redirect("report-photos")
        elif form.is_valid() and action == "upload":
            form.add_error("photo", "Select a photo to upload")
        if form.is_valid() and action != "upload":
            draft.answer("photos")
            return redirect(draft.next_url_name())
    if request.method == "GET":
        form = _submission_error(draft, PhotoForm, {}) or form
    return _page(
        request,
        "reports/public/photos.html",
        {
            "form": form,
            "photos": draft.photos,
            "can_add": len(draft.photos) < MAX_PHOTOS,
            "max_photos": MAX_PHOTOS,
            "errors": _error_list(form),
            "back": reverse("report-description"),
        },
    )


@never_cache
@require_GET
def report_photo_preview(request: HttpRequest, photo_id: str) -> HttpResponse:
    """A photo the person added to the report they are writing, and nobody else's."""
    draft = Draft(request.session)
    if not any(p["id"] == photo_id for p in draft.photos):
        raise Http404
    content = services.draft_photo_read(photo_id=photo_id)
    if content is None:
        raise Http404
    return HttpResponse(content, content_type="image/jpeg")


@never_cache
def report_contact(request: HttpRequest) -> HttpResponse:
    draft, elsewhere = _guarded(request, "contact")
    if elsewhere:
        return elsewhere
    contact = draft.get("contact")
    initial = {}
    if contact:
        initial = {"how": "anonymous" if contact["anonymous"] else "contact", **contact}
    form = ContactForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft.answer(
            "contact",
            contact={
                "anonymous": data["how"] == "anonymous",
                "name": data["name"].strip(),
                "email": data["email"].strip().lower(),
                "phone": data["phone"].strip(),
            },
        )
        return redirect(draft.next_url_name())
    if request.method == "GET":
        form = _submission_error(draft, ContactForm, initial) or form
    return _page(
        request,
        "reports/public/contact.html",
        {
            "form": form,
            "how": form["how"].value() or "",
            "errors": _error_list(form),
            "back": reverse("report-photos"),
        },
    )


def _fake_reference(partnership: Partnership) -> str:
    return f"{reference_prefix(partnership)}-{timezone.now().year}-{secrets.randbelow(10**6):06d}"


@never_cache
@ratelimit(group=SUBMIT_RATE_GROUP, key="ip", rate=_submission_rate, method="POST", block=True)
def report_check(request: HttpRequest) -> HttpResponse:
    """Check your answers, then send: the report is saved for good before the confirmation is shown."""
    draft, elsewhere = _guarded(request, "check")
    if elsewhere:
        return elsewhere
    partnership = _partnership(draft)
    category = _category(draft, partnership)
    form = CheckForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if form.spam() or draft.get("spam"):
            # Look exactly like success, so whoever sent it learns nothing; nothing is saved.
            return _finish(
                request,
                draft,
                reference=_fake_reference(partnership),
                category=category.name,
                partner="",
                email=False,
                trackable=True,
            )
        if draft.seconds_since_start < MIN_SECONDS_TO_SUBMIT:
            form.add_error(None, "Your report was not sent. Check your answers, then send your report again.")
        else:
            location = draft.get("location")
            contact = draft.get("contact")
            ward = Area.objects.filter(id=location["ward"]).first() if location.get("ward") else None
            try:
                report = services.report_submit_public(
                    partnership=partnership,
                    category=category,
                    description=draft.get("description", ""),
                    longitude=location.get("longitude"),
                    latitude=location.get("latitude"),
                    ward=ward,
                    location_text=location.get("location_text", ""),
                    answers=draft.get("answers") or {},
                    reporter_name=contact["name"],
                    reporter_email=contact["email"],
                    reporter_phone=contact["phone"],
                    photos=draft.photos,
                )
            except ApplicationError as error:
                return redirect(draft.set_error(message=error.message, field=error.field))
            return _finish(
                request,
                draft,
                reference=report.reference,
                category=category.name,
                partner=report.lead_partner.name if report.lead_partner else "",
                resolve_by=report.resolve_by.isoformat() if report.resolve_by else "",
                email=bool(report.reporter_email),
                trackable=not category.never_public,
                victim_support=category.victim_support,
            )
    if request.method == "GET":
        form = _submission_error(draft, CheckForm, {}) or form
    return _page(
        request,
        "reports/public/check.html",
        {
            "form": form,
            "partnership": partnership,
            "show_partnership": len(selectors.partnerships_reporting()) > 1,
            "category": category,
            "location": draft.get("location"),
            "description": draft.get("description", ""),
            "answers": _answer_rows(category, draft.get("answers") or {}),
            "photos": draft.photos,
            "contact": draft.get("contact"),
            "errors": _error_list(form, anchors={"__all__": "send-report"}),
            "back": reverse("report-contact"),
        },
    )


def _answer_rows(category: Category, answers: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": q["label"], "value": answers.get(q["code"], "")}
        for q in category.questions
        if answers.get(q["code"]) or q.get("required")
    ]


@never_cache
@require_GET
def report_done(request: HttpRequest) -> HttpResponse:
    done = request.session.get(DONE_KEY)
    if not done:
        return redirect("report-start")
    resolve_by = dt.datetime.fromisoformat(done["resolve_by"]) if done.get("resolve_by") else None
    return _page(request, "reports/public/done.html", {"done": done, "resolve_by": resolve_by})


# --- tracking ------------------------------------------------------------------------------------------


@require_GET
def report_track_find(request: HttpRequest) -> HttpResponse:
    form = TrackFindForm(request.GET if "reference" in request.GET else None)
    if form.is_bound and form.is_valid():
        try:
            report = report_selectors.report_public_get(reference=form.cleaned_data["reference"])
        except NotFound as error:
            form.add_error("reference", error.message)
        else:
            return redirect("report-track", report.reference)
    return _page(request, "reports/public/track_find.html", {"form": form, "errors": _error_list(form)})


def _public_events(report: Report) -> list[dict[str, Any]]:
    """The public timeline, naming partner organisations but never people."""
    events = report_selectors.report_public_timeline(report=report).select_related("actor__organisation")
    return [
        {
            "at": event.at,
            "title": event.get_kind_display(),
            "text": event.text,
            "by": event.actor.organisation.name if event.actor and event.actor.organisation else "",
        }
        for event in events
    ]


def report_track(request: HttpRequest, reference: str) -> HttpResponse:
    report = report_selectors.report_public_get(reference=reference)
    if report.reference != reference:
        return redirect("report-track", report.reference)
    return _page(
        request,
        "reports/public/track.html",
        {
            "report": report,
            "events": _public_events(report),
            "approximate": report.category.sensitive,
        },
    )


@never_cache
def report_reopen_view(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    """Reopen from the link in the resolution email: "why is the problem not fixed?"."""
    report = report_selectors.report_public_get(reference=reference)
    try:
        reopen_token_check(report=report, token=token)
    except ApplicationError as error:
        return _page(
            request,
            "reports/public/reopen_invalid.html",
            {"report": report, "message": error.message},
            status=400,
        )
    form = ReopenForm(_posted(request))
    if request.method == "POST" and not report.is_open and form.is_valid():
        try:
            report_reopen(report=report, reason=form.cleaned_data["reason"], by=None)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Report {report.reference} has been reopened")
            return redirect("report-track", report.reference)
    return _page(
        request,
        "reports/public/reopen.html",
        {"report": report, "form": form, "deadline": reopen_deadline(report), "errors": _error_list(form)},
    )


# --- the public map and list ---------------------------------------------------------------------------


def _chosen_partnership(request: HttpRequest) -> tuple[list[Partnership], Partnership | None]:
    partnerships = list(selectors.partnerships_reporting())
    slug = request.GET.get("partnership", "")
    chosen = next((p for p in partnerships if p.slug == slug), partnerships[0] if partnerships else None)
    return partnerships, chosen


@require_GET
def reports_public(request: HttpRequest) -> HttpResponse:
    """Open and recently resolved reports: a map with JavaScript, and a list that needs none."""
    partnerships, partnership = _chosen_partnership(request)
    if partnership is None:
        return _page(request, "reports/public/closed.html", {})
    categories = selectors.public_categories(partnership=partnership)
    wards = selectors.partnership_wards(partnership=partnership)
    form = PublicListForm(
        request.GET,
        categories=[(c.code, c.name) for c in categories],
        wards=list(wards.values_list("code", "name")),
    )
    # A filter that does not apply (an old link, a typo) is dropped, not refused.
    filters = {name: form.data.get(name, "") for name in ("category", "ward")}
    form.is_valid()
    filters = {name: value if name not in form.errors else "" for name, value in filters.items()}
    reports = selectors.public_report_list(
        filters=selectors.PublicListFilters(partnership=partnership, **filters)
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(
        request,
        "reports/public/reports.html",
        {
            "partnerships": partnerships,
            "partnership": partnership,
            "form": form,
            "filtered": any(filters.values()),
            "page": page,
            "resolved_days": selectors.RECENTLY_RESOLVED_DAYS,
            "map_settings": _map_settings(
                partnership,
                geojson=reverse("reports-public-geojson"),
                max_degrees=MAX_BOX_DEGREES,
            ),
        },
    )


BBOX_NUMBERS = "bbox must be four numbers: min longitude, min latitude, max longitude, max latitude"


def _geojson_error(message: str) -> HttpResponse:
    return HttpResponse(orjson.dumps({"error": message}), status=400, content_type="application/json")


@require_GET
def reports_public_geojson(request: HttpRequest) -> HttpResponse:
    """Reports in a map box as GeoJSON points; sensitive ones on a coarse grid, never who reported."""
    raw = request.GET.get("bbox", "")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in raw.split(","))
    except ValueError:
        return _geojson_error(BBOX_NUMBERS)
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        return _geojson_error(BBOX_NUMBERS)
    if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
        return _geojson_error("bbox must run from south-west to north-east, in longitude and latitude")
    if max_lon - min_lon > MAX_BOX_DEGREES or max_lat - min_lat > MAX_BOX_DEGREES:
        return _geojson_error(f"bbox must be at most {MAX_BOX_DEGREES} degrees each way: zoom in")
    rows = report_selectors.reports_public_in_box(
        min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat
    )
    track = reverse("report-track", args=["REF"]).removesuffix("REF/")
    labels: dict[str, str] = dict(Status.choices)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {
                "reference": row["reference"],
                "category": row["category"],
                "status": labels.get(row["status"], row["status"]),
                "open": row["status"] in (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS),
                "ward": row["ward"],
                "reported": row["reported"],
                "approximate": row["generalised"],
                "url": f"{track}{row['reference']}/",
            },
        }
        for row in rows
    ]
    response = HttpResponse(
        orjson.dumps({"type": "FeatureCollection", "features": features}), content_type="application/geo+json"
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


# --- you said, we did ----------------------------------------------------------------------------------


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return dt.date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@require_GET
def you_said_we_did(request: HttpRequest) -> HttpResponse:
    partnerships, partnership = _chosen_partnership(request)
    if partnership is None:
        return _page(request, "reports/public/closed.html", {})
    form = PeriodForm(request.GET)
    months_key = form.cleaned_data.get("months") if form.is_valid() else ""
    months = PERIODS.get(months_key or "3", 3)
    since = _months_before(timezone.localdate(), months)
    wards = selectors.ward_figures(partnership=partnership, since=since)
    totals = {name: sum(row[name] for row in wards) for name in ("reported", "resolved", "open")}
    # A big partnership has dozens of wards; those with nothing reported are counted, not listed.
    rows = [row for row in wards if row["reported"]]
    return _page(
        request,
        "reports/public/you_said_we_did.html",
        {
            "partnerships": partnerships,
            "partnership": partnership,
            "form": form,
            "months": str(months),
            "since": since,
            "rows": rows,
            "quiet_wards": len(wards) - len(rows),
            "totals": totals,
            "notes": selectors.resolution_notes(partnership=partnership, since=since),
        },
    )
