"""The threshold assessment page: every complaint, whether it qualifies and why, and which rule is met.

The single point of contact adds complaints by hand, marks two as the same incident, sets aside one that
is about something else, and gathers again from reports and linked cases, until the decision is made.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from joinedup.cases.views.casework import _casework
from joinedup.core.errors import NotFound, NotPermitted
from joinedup.core.forms import attempt
from joinedup.partners.models import Organisation

from .. import forms as review_forms
from .. import policy, selectors
from ..models import CaseReviewApplication
from ..services import applications, complaints
from ..threshold import long_date

ACTIONS = ("complaint", "same-incident", "set-aside", "restore", "gather")


def _choices(application: CaseReviewApplication) -> list[tuple[int, str]]:
    return [
        (c.id, f"{c.id}: {long_date(c.incident_on)}, {c.summary or c.get_source_display()}")
        for c in selectors.complaints_of(application=application)
    ]


def _form(name: str, application: CaseReviewApplication, data: Any = None) -> forms.Form:
    if name == "complaint":
        organisations = Organisation.objects.filter(memberships__partnership_id=application.partnership_id)
        return review_forms.ComplaintForm(data, organisations=organisations.order_by("name"), prefix=name)
    if name == "same-incident":
        return review_forms.SameIncidentForm(data, complaints=_choices(application), prefix=name)
    return review_forms.SetAsideForm(data, prefix=name)


def _failed_complaint(form: forms.Form | None) -> int | None:
    value = form.data.get(form.add_prefix("complaint"), "") if form is not None else ""
    return int(value) if str(value).isdigit() else None


def _page(
    request: HttpRequest, application: CaseReviewApplication, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    assessment = selectors.assessment_of(application=application)
    failing = _failed_complaint(bound.get("set-aside"))
    rows = [
        (c, assessment.finding(c.id), c.id == failing)
        for c in selectors.complaints_of(application=application)
    ]
    failed = next(iter(bound.values()), None)
    editable = policy.can_manage(request.user) and not application.decision
    return render(
        request,
        "casereviews/assessment.html",
        {
            "application": application,
            "assessment": assessment,
            "rows": rows,
            "editable": editable,
            "complaint_form": bound.get("complaint") or _form("complaint", application),
            "same_form": bound.get("same-incident") or _form("same-incident", application),
            "set_aside_failed": bound.get("set-aside"),
            "failed_form": failed,
            "failed": next(iter(bound), None),
            "page_has_errors": bool(failed and failed.errors),
            "procedure": application.procedure,
        },
    )


@_casework
def assessment(request: HttpRequest, reference: str) -> HttpResponse:
    application = applications.application_view(
        by=request.user, reference=reference, page="threshold assessment"
    )
    return _page(request, application)


def _do(request: HttpRequest, name: str, application: CaseReviewApplication, data: dict[str, Any]) -> str:
    user = request.user
    if name == "complaint":
        complaints.complaint_add(
            by=user,
            application=application,
            reported_on=data["reported_on"],
            incident_on=data["incident_on"],
            agency=data["agency"],
            reporter=data["reporter"],
            place=data["place"],
            hate=data["hate"] == "yes",
            summary=data["summary"],
        )
        return "Complaint added"
    if name == "same-incident":
        complaints.complaint_same_incident(
            by=user, application=application, complaint_id=data["complaint"], same_as_id=data["same_as"]
        )
        return (
            "Complaint marked as the same incident"
            if data["same_as"]
            else "Complaint marked as a separate incident"
        )
    restore = name == "restore"
    complaints.complaint_set_aside(
        by=user,
        application=application,
        complaint_id=data["complaint"],
        reason=data["reason"],
        restore=restore,
    )
    return "Complaint counted again" if restore else "Complaint set aside"


@_casework
@require_POST
def assessment_change(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    if name not in ACTIONS:
        raise NotFound("There is no such page.")
    if not policy.can_manage(request.user):
        raise NotPermitted(policy.MANAGE_DENIED)
    application = selectors.application_get(user=request.user, reference=reference)
    if name == "gather":
        form = forms.Form(request.POST)
        form.is_valid()
        ok, found = attempt(
            form, lambda: complaints.complaints_gather(by=request.user, application=application)
        )
        if ok:
            messages.success(request, f"{found} new complaint{'s' if found != 1 else ''} found")
            return redirect("case-review-assessment", reference=application.reference)
        return _page(request, application, {name: form})
    form = _form("set-aside" if name == "restore" else name, application, request.POST)
    if form.is_valid():
        ok, message = attempt(form, lambda: _do(request, name, application, form.cleaned_data))
        if ok:
            messages.success(request, message)
            return redirect("case-review-assessment", reference=application.reference)
    return _page(request, application, {name: form})
