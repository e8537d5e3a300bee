"""Staff pages for reports: the work queue, a report and the actions on it, logging a report, the routing
preview. Thin: selectors and policy decide what is shown, services make every change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.partners.decorators import staff_required

from .. import policy, selectors, services
from ..clock import TargetState
from ..configuration import routing_preview as preview_route
from ..configuration import rule_summary
from ..models import ClosedReason, Report
from . import forms as staff_forms
from .exports import FORMATS, report_queue_export, report_reporter_disclose
from .selectors import (
    queue_partners,
    report_actions,
    report_due,
    report_map_areas,
    report_map_points,
    report_partners,
    staff_categories,
    staff_district_codes,
    staff_wards,
)

PAGE_SIZE = 50
# Service errors about where a report is are shown against the street box, the first location field.
_FIELD_ALIASES = {"location": "street", "duplicate_of": "duplicate_of", "partner": "partner"}


def show_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's ApplicationError on the form: against its field when the form has one."""
    field = _FIELD_ALIASES.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def map_settings() -> dict[str, str]:
    return {"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


# --- the work queue ---------------------------------------------------------------------------------------


def _queue_filters(request: HttpRequest, *, triage: bool = False) -> tuple[staff_forms.QueueFilterForm, Any]:
    user = request.user
    partners = queue_partners(user=user)
    form = staff_forms.QueueFilterForm(
        request.GET,
        categories=staff_categories(user=user),
        wards=staff_wards(user=user),
        partners=None if triage else partners,
    )
    partner = form.value("partner") if partners is not None and not triage else ""
    filters = selectors.QueueFilters(
        status=form.value("status") or "open",
        category=form.value("category"),
        ward=form.value("ward"),
        target=form.value("target"),
        triage=triage or partner == "triage",
    )
    if not filters.triage and partner != "all":
        # By default, the queue of the person's own organisation: what it leads or supports.
        filters.partner = int(partner) if partner.isdigit() else getattr(user, "organisation_id", None)
    return form, filters


def _queue_page(request: HttpRequest, *, triage: bool) -> HttpResponse:
    form, filters = _queue_filters(request, triage=triage)
    reports = selectors.report_queue(user=request.user, filters=filters)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(report, report_due(report, now)) for report in page.object_list]
    as_map = request.GET.get("view") == "map"
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("view", None)
    return render(
        request,
        "reports/staff/queue.html",
        {
            "form": form,
            "filters": filters,
            "triage": triage,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "as_map": as_map,
            "map_points": report_map_points(reports=reports) if as_map else None,
            "map_areas": report_map_areas(reports=reports) if as_map else None,
            "filtered": any(
                request.GET.get(name) for name in ("status", "category", "ward", "target", "partner")
            ),
            "map_settings": map_settings(),
            "can_triage": policy.coordinates(request.user),
            "partner_name": _partner_name(form, filters, request.user),
        },
    )


def _partner_name(form: staff_forms.QueueFilterForm, filters: Any, user: Any) -> str:
    if filters.triage:
        return "Triage"
    if filters.partner is None:
        return "All partners"
    if filters.partner == getattr(user, "organisation_id", None):
        return user.organisation.name
    return dict(getattr(form.fields.get("partner"), "choices", [])).get(str(filters.partner), "")


@staff_required
def report_queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, triage=False)


@staff_required
def report_triage(request: HttpRequest) -> HttpResponse:
    if not policy.coordinates(request.user):
        raise NotPermitted("Only coordinators work on the triage queue.")
    return _queue_page(request, triage=True)


@staff_required
def report_queue_export_view(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in FORMATS:
        raise NotFound("There is no export in that format.")
    _form, filters = _queue_filters(request, triage=request.GET.get("triage") == "1")
    if filters.triage and not policy.coordinates(request.user):
        raise NotPermitted("Only coordinators work on the triage queue.")
    export = report_queue_export(by=request.user, filters=filters, file_format=file_format)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


# --- one report -------------------------------------------------------------------------------------------

ACTION_LABELS = {
    "acknowledge": "Acknowledge",
    "start": "Start work",
    "resolve": "Resolve",
    "close": "Close",
    "reopen": "Reopen",
    "reassign": "Reassign",
    "decline": "Decline",
    "note": "Add a note or update",
    "merge": "Merge into another report",
}


def _action_form(action: str, report: Report, data: Any = None) -> forms.Form:
    kwargs: dict[str, Any] = {"prefix": action}
    if action == "reassign":
        kwargs["partners"] = report_partners(report=report)
    form_class = {
        "acknowledge": staff_forms.AcknowledgeForm,
        "start": staff_forms.StartForm,
        "resolve": staff_forms.ResolveForm,
        "close": staff_forms.CloseForm,
        "reopen": staff_forms.ReopenForm,
        "reassign": staff_forms.ReassignForm,
        "decline": staff_forms.DeclineForm,
        "note": staff_forms.NoteForm,
        "merge": staff_forms.MergeForm,
    }[action]
    return form_class(data, **kwargs)


def _answers(report: Report) -> list[tuple[str, str]]:
    labels = {q["code"]: q["label"] for q in report.category.questions or []}
    return [(labels.get(code, code), value) for code, value in report.answers.items()]


def _other_report(request: HttpRequest, reference: str, field: str) -> Report:
    try:
        return selectors.report_get(user=request.user, reference=reference.strip().upper())
    except NotFound:
        raise ApplicationError(
            f"There is no report {reference.strip()} in your partnerships", field=field
        ) from None


def _take(request: HttpRequest, action: str, report: Report, data: dict[str, Any]) -> str:
    """Call the service for `action`; the success message."""
    user = request.user
    if action == "acknowledge":
        services.report_acknowledge(report=report, by=user)
        return f"{report.reference} acknowledged"
    if action == "start":
        services.report_start(report=report, by=user)
        return f"Work started on {report.reference}"
    if action == "resolve":
        services.report_resolve(report=report, by=user, public_note=data["public_note"])
        return f"{report.reference} resolved. The reporter has been told"
    if action == "close":
        duplicate_of = None
        if data["reason"] == ClosedReason.DUPLICATE and data["duplicate_of"].strip():
            duplicate_of = _other_report(request, data["duplicate_of"], "duplicate_of")
        services.report_close(
            report=report,
            by=user,
            reason=data["reason"],
            public_note=data["public_note"],
            duplicate_of=duplicate_of,
        )
        return f"{report.reference} closed"
    if action == "reopen":
        services.report_reopen(report=report, by=user, reason=data["reason"])
        return f"{report.reference} reopened"
    if action == "reassign":
        services.report_reassign(report=report, by=user, to=data["partner"], reason=data["reason"])
        return f"{report.reference} sent to {data['partner'].name}"
    if action == "decline":
        services.report_decline(report=report, by=user, reason=data["reason"])
        return f"{report.reference} declined and sent back to triage"
    if action == "note":
        public = data["visibility"] == "public"
        services.report_add_note(report=report, by=user, text=data["text"], public=public)
        return "Public update added" if public else "Internal note added"
    if action == "merge":
        into = _other_report(request, data["into"], "into")
        services.report_merge(duplicate=report, into=into, by=user)
        return f"{report.reference} merged into {into.reference}"
    raise NotFound("There is no such action.")


def _detail(
    request: HttpRequest, report: Report, *, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    actions = report_actions(user=user, report=report)
    bound = bound or {}
    action_forms = [
        (name, ACTION_LABELS[name], bound.get(name) or _action_form(name, report)) for name in actions
    ]
    states = selectors.report_target_states(report)
    point = None
    if report.longitude is not None and report.latitude is not None:
        point = [
            {
                "reference": report.reference,
                "category": report.category.name,
                "status": report.get_status_display(),
                "longitude": report.longitude,
                "latitude": report.latitude,
                "url": "",
            }
        ]
    return render(
        request,
        "reports/staff/report_detail.html",
        {
            "report": report,
            "states": states,
            "ack_label": TargetState.LABELS.get(states["acknowledge"] or "", ""),
            "resolve_label": TargetState.LABELS.get(states["resolve"] or "", ""),
            "due": report_due(report),
            "answers": _answers(report),
            "supporting": list(report.supporting_partners.order_by("name")),
            "photos": list(report.photos.all()),
            "reporter": report_reporter_disclose(report=report, by=user),
            "timeline": selectors.report_timeline(user=user, report=report),
            "action_forms": action_forms,
            "failed": next(iter(bound), None),
            # Shown even when the action is no longer offered (someone else acknowledged it first).
            "failed_form": next(iter(bound.values()), None),
            "page_has_errors": any(f.errors for f in bound.values()),
            "map_points": point,
            "map_areas": report_map_areas(reports=Report.objects.filter(id=report.id)) if point else None,
            "map_settings": map_settings(),
            "reopen_until": services.reopen_deadline(report) if not report.is_open else None,
        },
        status=status,
    )


@staff_required
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, reference=reference)
    return _detail(request, report)


@staff_required
@require_POST
def report_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, reference=reference)
    if action not in ACTION_LABELS:
        raise NotFound("There is no such action.")
    # Every action is for those dealing with the report; the service checks the finer rules.
    if not policy.can_work_on(request.user, report):
        raise NotPermitted("Only the partners dealing with this report, or a coordinator, can change it.")
    form = _action_form(action, report, request.POST)
    if form.is_valid():
        try:
            message = _take(request, action, report, form.cleaned_data)
        except (NotPermitted, NotFound):
            raise
        except ApplicationError as error:
            show_error(form, error)
            report.refresh_from_db()
        else:
            messages.success(request, message)
            return redirect("report-detail", reference=report.reference)
    return _detail(request, report, bound={action: form})


@staff_required
def report_photo(request: HttpRequest, reference: str, photo_id: int) -> FileResponse:
    """A report's photo, for staff who can see the report (photos are not public files)."""
    report = selectors.report_get(user=request.user, reference=reference)
    photo = report.photos.filter(id=photo_id).first()
    if photo is None:
        raise NotFound("There is no such photo.")
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"  # never kept by a shared cache
    return response


# --- logging a report -------------------------------------------------------------------------------------


@staff_required
def report_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    categories = staff_categories(user=user)
    form = staff_forms.ReportLogForm(
        request.POST or None,
        initial={"category": request.GET.get("category") or None, "source": "phone"},
        categories=categories,
        wards=staff_wards(user=user),
        district_codes=staff_district_codes(user=user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = data["place"]
        try:
            report = services.report_submit(
                partnership=data["category"].partnership,
                category=data["category"],
                description=data["description"],
                by=user,
                longitude=place.longitude,
                latitude=place.latitude,
                ward=place.ward,
                location_text=place.location_text,
                answers=form.answers,
                reporter_name=data["reporter_name"],
                reporter_email=data["reporter_email"],
                reporter_phone=data["reporter_phone"],
                source=data["source"],
            )
        except (NotPermitted, NotFound):
            raise
        except ApplicationError as error:
            show_error(form, error)
        else:
            where = report.lead_partner.name if report.lead_partner else "the triage queue"
            messages.success(request, f"Report {report.reference} logged and sent to {where}")
            return redirect("report-detail", reference=report.reference)
    return render(
        request,
        "reports/staff/report_log.html",
        {"form": form, "page_has_errors": bool(form.errors)},
    )


# --- routing preview --------------------------------------------------------------------------------------


@staff_required
def routing_preview(request: HttpRequest) -> HttpResponse:
    user = request.user
    asked = "category" in request.GET
    form = staff_forms.RoutingPreviewForm(
        request.GET if asked else None,
        categories=staff_categories(user=user),
        wards=staff_wards(user=user),
        district_codes=staff_district_codes(user=user),
    )
    preview = None
    if asked and form.is_valid():
        place = form.cleaned_data["place"]
        try:
            preview = preview_route(
                user=user,
                category=form.cleaned_data["category"],
                longitude=place.longitude,
                latitude=place.latitude,
                ward=place.ward,
                when=form.when(timezone.now()),
            )
        except (NotPermitted, NotFound):
            raise
        except ApplicationError as error:
            show_error(form, error)
    return render(
        request,
        "reports/staff/routing_preview.html",
        {
            "form": form,
            "preview": preview,
            "rule_summary": rule_summary(preview.rule) if preview and preview.rule else "",
            "page_has_errors": bool(form.errors),
            "can_configure": policy.coordinates(user),
            "config_url": reverse("reporting-settings"),
        },
    )
