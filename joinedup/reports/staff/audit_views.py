"""Street audit pages: the list, setting one up, logging findings on the walk, and the review.

Thin: `joinedup.reports.audits` decides who may log and review, and turns findings into reports.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.decorators import staff_required
from joinedup.places.models import AreaKind

from .. import audits
from ..models import Category, StreetAudit
from . import forms as staff_forms
from .selectors import staff_wards
from .views import show_error


def _categories(audit: StreetAudit) -> Any:
    return Category.objects.filter(partnership=audit.partnership, active=True)


def _wards(request: HttpRequest, audit: StreetAudit) -> Any:
    return staff_wards(user=request.user).filter(parent__partnerships=audit.partnership)


@staff_required
def street_audit_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/staff/audits/list.html",
        {"audits": audits.street_audits_visible(user=request.user)},
    )


@staff_required
def street_audit_new(request: HttpRequest) -> HttpResponse:
    organiser: Any = request.user
    partnerships = partner_selectors.partnership_list(user=request.user)
    chosen = partnerships.filter(
        slug=request.GET.get("partnership") or request.POST.get("partnership")
    ).first()
    partnership = chosen or partnerships.first()
    if partnership is None:
        raise NotPermitted("You do not work in a partnership.")
    form = staff_forms.StreetAuditForm(
        request.POST or None,
        # The organiser is always on the team, so they are not offered as a choice.
        team=audits.street_audit_team_choices(partnership=partnership).exclude(pk=organiser.pk),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = audits.street_audit_create(
                partnership=partnership,
                by=request.user,
                name=data["name"],
                held_on=data["held_on"],
                route=data["route"],
                team=list(data["team"]),
            )
        except (NotPermitted, NotFound):
            raise
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, f"Street audit {audit.name} set up")
            return redirect("street-audit-detail", audit_id=audit.id)
    return render(
        request,
        "reports/staff/audits/new.html",
        {
            "form": form,
            "partnership": partnership,
            "partnerships": partnerships,
            "page_has_errors": bool(form.errors),
        },
    )


def _finding_form(request: HttpRequest, audit: StreetAudit, data: Any = None) -> staff_forms.FindingForm:
    return staff_forms.FindingForm(
        data,
        categories=_categories(audit),
        wards=_wards(request, audit),
        district_codes=list(
            audit.partnership.areas.filter(kind=AreaKind.DISTRICT).values_list("code", flat=True)
        ),
    )


@staff_required
def street_audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = audits.street_audit_get(user=request.user, audit_id=audit_id)
    can_log = audits.street_audit_can_log(request.user, audit)
    form = _finding_form(request, audit, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_log:
            raise NotPermitted("Only the audit's team can log findings.")
        if form.is_valid():
            data = form.cleaned_data
            place = data["place"]
            try:
                audits.finding_log(
                    audit=audit,
                    by=request.user,
                    category=data["category"],
                    description=data["description"],
                    longitude=place.longitude,
                    latitude=place.latitude,
                    ward=place.ward,
                    location_text=place.location_text,
                )
            except (NotPermitted, NotFound):
                raise
            except ApplicationError as error:
                show_error(form, error)
            else:
                messages.success(request, "Finding logged. Log the next one below")
                return redirect("street-audit-detail", audit_id=audit.id)
    return render(
        request,
        "reports/staff/audits/detail.html",
        {
            "audit": audit,
            "team": audit.team.select_related("organisation").order_by("full_name"),
            "findings": audits.street_audit_findings(audit=audit),
            "form": form,
            "can_log": can_log,
            "can_review": audits.street_audit_can_review(request.user, audit),
            "page_has_errors": bool(form.errors),
        },
    )


def _review_forms(request: HttpRequest, audit: StreetAudit, bound: dict[int, Any]) -> list[tuple[Any, Any]]:
    waiting = [
        f for f in audits.street_audit_findings(audit=audit) if f.report_id is None and not f.dismissed
    ]
    rows = []
    for finding in waiting:
        form = bound.get(finding.id) or staff_forms.FindingReviewForm(
            prefix=f"finding-{finding.id}",
            initial={
                "category": finding.category,
                "description": finding.description,
                "ward": audits.finding_ward_guess(finding=finding),
            },
            categories=_categories(audit),
            wards=_wards(request, audit) if finding.longitude is None else None,
        )
        rows.append((finding, form))
    return rows


@staff_required
def street_audit_review(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = audits.street_audit_get(user=request.user, audit_id=audit_id)
    if not audits.street_audit_can_review(request.user, audit):
        raise NotPermitted("Only a coordinator or the audit's organiser can review its findings.")
    return _review_page(request, audit, {})


def _review_page(request: HttpRequest, audit: StreetAudit, bound: dict[int, Any]) -> HttpResponse:
    findings = audits.street_audit_findings(audit=audit)
    return render(
        request,
        "reports/staff/audits/review.html",
        {
            "audit": audit,
            "rows": _review_forms(request, audit, bound),
            "done": [f for f in findings if f.report_id is not None or f.dismissed],
            "page_has_errors": any(f.errors for f in bound.values()),
        },
    )


@staff_required
@require_POST
def finding_review(request: HttpRequest, audit_id: int, finding_id: int) -> HttpResponse:
    audit = audits.street_audit_get(user=request.user, audit_id=audit_id)
    finding = audit.findings.select_related("audit__partnership", "category").filter(id=finding_id).first()
    if finding is None:
        raise NotFound("There is no such finding on this audit.")
    if not audits.street_audit_can_review(request.user, audit):
        raise NotPermitted("Only a coordinator or the audit's organiser can review its findings.")
    decision = request.POST.get("decision")
    form = staff_forms.FindingReviewForm(
        request.POST,
        prefix=f"finding-{finding.id}",
        categories=_categories(audit),
        wards=_wards(request, audit) if finding.longitude is None else None,
    )
    if decision == "dismiss":
        audits.finding_dismiss(finding=finding, by=request.user)
        messages.success(request, "Finding dismissed")
        return redirect("street-audit-review", audit_id=audit.id)
    if decision not in ("accept", "save"):
        raise NotFound("There is no such decision.")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if decision == "save":
                audits.finding_update(
                    finding=finding,
                    by=request.user,
                    category=data["category"],
                    description=data["description"],
                )
                message = "Finding saved"
            else:
                report = audits.finding_accept(
                    finding=finding,
                    by=request.user,
                    category=data["category"],
                    description=data["description"],
                    ward=data.get("ward"),
                )
                where = report.lead_partner.name if report.lead_partner else "the triage queue"
                message = f"Report {report.reference} made and sent to {where}"
        except (NotPermitted, NotFound):
            raise
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, message)
            return redirect("street-audit-review", audit_id=audit.id)
    return _review_page(request, audit, {finding.id: form})
