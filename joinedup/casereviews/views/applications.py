"""Case Review application pages: the list, recording an application, and one application with its steps.

Thin: selectors decide what is shown, services make every change and record every view. Applications are
addressed by reference; nobody's name is ever in an address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.cases import selectors as case_selectors
from joinedup.cases.views.casework import _casework
from joinedup.core.errors import NotFound, NotPermitted
from joinedup.core.forms import attempt
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.models import Organisation

from .. import forms as review_forms
from .. import policy, selectors
from ..deadlines import Stage, stage_of, timetable
from ..letters import outcome_letter_draft
from ..models import CaseReviewApplication, Decision
from ..services import applications, steps


def _require_manage(request: HttpRequest) -> None:
    if not policy.can_manage(request.user):
        raise NotPermitted(policy.MANAGE_DENIED)


@_casework
def application_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    show = show if show in ("open", "closed", "all") else "open"
    rows = applications.application_list_view(by=request.user, show=show)
    return render(
        request,
        "casereviews/application_list.html",
        {
            "rows": rows,
            "show": show,
            "overdue": sum(1 for r in rows if r.overdue),
            "can_manage": policy.can_manage(request.user),
        },
    )


@_casework
def application_new(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    user: Any = request.user
    partnerships = partner_selectors.partnership_list(user=user).order_by("name")
    form = review_forms.ApplicationForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        partnership = form.cleaned_data.get("partnership") or partnerships.first()
        if partnership is None:
            raise NotPermitted("You do not work in a partnership.")
        ok, application = attempt(
            form,
            lambda: applications.application_record(
                by=user, partnership=partnership, **form.service_values()
            ),
        )
        if ok:
            messages.success(request, f"Application {application.reference} recorded")
            return redirect("case-review-detail", reference=application.reference)
    return render(
        request, "casereviews/application_form.html", {"form": form, "page_has_errors": bool(form.errors)}
    )


# --- one application --------------------------------------------------------------------------------------


def _members(application: CaseReviewApplication) -> Any:
    return Organisation.objects.filter(memberships__partnership_id=application.partnership_id).order_by(
        "name"
    )


def _step_form(name: str, application: CaseReviewApplication, data: Any = None) -> forms.Form:
    version = {"version": application.version}
    today = timezone.localdate()
    if name == "acknowledge":
        return review_forms.AcknowledgeForm(data, initial=version | {"acknowledged_on": today}, prefix=name)
    if name == "decide":
        return review_forms.DecisionForm(data, initial=version | {"decided_on": today}, prefix=name)
    if name == "review":
        return review_forms.ReviewForm(
            data, organisations=_members(application), initial=version | {"held_on": today}, prefix=name
        )
    if name == "recommend":
        return review_forms.RecommendationForm(data, organisations=_members(application), prefix=name)
    if name == "outcome":
        draft = outcome_letter_draft(application, selectors.recommendations_of(application=application))
        return review_forms.OutcomeForm(
            data, initial=version | {"sent_on": today, "letter": draft}, prefix=name
        )
    if name == "escalate":
        return review_forms.EscalationForm(data, initial=version | {"escalated_on": today}, prefix=name)
    if name == "escalation-result":
        return review_forms.EscalationResultForm(data, initial=version | {"decided_on": today}, prefix=name)
    if name in ("link-case", "link-report"):
        return review_forms.LinkForm(data, prefix=name)
    raise NotFound("There is no such page.")


# Which steps can be recorded now, in the order the page offers them, with their buttons.
STEP_LABELS = {
    "acknowledge": "Record the acknowledgement",
    "decide": "Record the threshold decision",
    "review": "Record the review meeting",
    "recommend": "Add a recommendation",
    "outcome": "Record the outcome letter as sent",
    "escalate": "Record that the applicant is unhappy",
    "escalation-result": "Record the escalation's result",
    "link-case": "Link a case",
    "link-report": "Link a report",
}
STEP_SERVICES: dict[str, tuple[Callable[..., Any], str]] = {
    "acknowledge": (steps.application_acknowledge, "Acknowledgement recorded"),
    "decide": (steps.threshold_decide, "Threshold decision recorded"),
    "review": (steps.review_record, "Review meeting recorded"),
    "recommend": (steps.recommendation_add, "Recommendation added"),
    "outcome": (steps.outcome_send, "Outcome letter recorded as sent"),
    "escalate": (steps.escalation_record, "Escalation recorded"),
    "escalation-result": (steps.escalation_decide, "Escalation result recorded"),
    "link-case": (applications.application_link_case, "Case linked and its complaints gathered"),
    "link-report": (applications.application_link_report, "Report linked and gathered as a complaint"),
}


def _steps_now(a: CaseReviewApplication) -> list[str]:
    now = {
        "acknowledge": not a.acknowledged_on,
        "decide": bool(a.acknowledged_on) and not a.decision,
        "review": a.decision == Decision.MET and not a.review_held_on,
        "recommend": bool(a.review_held_on) and not a.outcome_sent_on,
        "outcome": bool(a.review_held_on) and not a.outcome_sent_on,
        "escalate": bool(a.decided_on) and not a.escalated_on,
        "escalation-result": bool(a.escalated_on) and not a.escalation_decided_on,
        "link-case": not a.decision,
        "link-report": not a.decision,
    }
    return [name for name, open_now in now.items() if open_now]


def _detail(
    request: HttpRequest, application: CaseReviewApplication, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    user = request.user
    bound = bound or {}
    can_manage = policy.can_manage(user)
    step_forms = (
        [
            (name, STEP_LABELS[name], bound.get(name) or _step_form(name, application))
            for name in _steps_now(application)
        ]
        if can_manage
        else []
    )
    linked_cases = application.cases.select_related("lead_partner").order_by("reference")
    open_ids = set(
        case_selectors.cases_open_to(user)
        .filter(id__in=linked_cases.values("id"))
        .values_list("id", flat=True)
    )
    recommendations = [
        (
            r,
            policy.can_update_recommendation(user, r),
            bound.get(f"r{r.id}")
            or review_forms.RecommendationStatusForm(
                initial={"status": r.status, "note": r.status_note}, prefix=f"r{r.id}"
            ),
        )
        for r in selectors.recommendations_of(application=application)
    ]
    failed = next(iter(bound.values()), None)
    assessment = selectors.assessment_of(application=application)
    return render(
        request,
        "casereviews/application_detail.html",
        {
            "application": application,
            "stage": Stage.LABELS[stage_of(application)],
            "steps": timetable(application, application.procedure),
            "today": timezone.localdate(),
            "can_manage": can_manage,
            "step_forms": step_forms,
            "failed": next(iter(bound), None),
            "failed_form": failed,
            "page_has_errors": bool(failed and failed.errors),
            "linked_cases": [(c, c.id in open_ids) for c in linked_cases],
            "linked_reports": application.reports.select_related("category").order_by("-created_at"),
            "assessment": assessment,
            "complaints": application.complaints.count(),
            "recommendations": recommendations,
            "attendees": application.review_attendees.order_by("name"),
        },
    )


@_casework
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, applications.application_view(by=request.user, reference=reference))


def _do_step(
    request: HttpRequest, name: str, application: CaseReviewApplication, data: dict[str, Any]
) -> str:
    """Each step's form fields are its service's arguments."""
    service, message = STEP_SERVICES[name]
    service(by=request.user, application=application, **data)
    return message


@_casework
@require_POST
def application_step(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    if name not in STEP_LABELS:
        raise NotFound("There is no such page.")
    _require_manage(request)
    application = selectors.application_get(user=request.user, reference=reference)
    form = _step_form(name, application, request.POST)
    if form.is_valid():
        ok, message = attempt(form, lambda: _do_step(request, name, application, form.cleaned_data))
        if ok:
            messages.success(request, message)
            return redirect("case-review-detail", reference=application.reference)
        if "version" in form.fields:
            # A stale step: show the application as it now is, and let them choose again on it.
            application.refresh_from_db()
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(application.version)
            form.data = data
    return _detail(request, application, {name: form})


@_casework
@require_POST
def recommendation_update(request: HttpRequest, reference: str, recommendation_id: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, reference=reference)
    recommendation = selectors.recommendation_get(
        application=application, recommendation_id=recommendation_id
    )
    if not policy.can_update_recommendation(request.user, recommendation):
        raise NotPermitted(
            f"Only {recommendation.owner.name} or the single point of contact can update this."
        )
    prefix = f"r{recommendation.id}"
    form = review_forms.RecommendationStatusForm(request.POST, prefix=prefix)
    if form.is_valid():
        ok, _ = attempt(
            form,
            lambda: steps.recommendation_update(
                by=request.user,
                recommendation=recommendation,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            ),
        )
        if ok:
            messages.success(request, "Recommendation updated")
            return redirect("case-review-detail", reference=application.reference)
    return _detail(request, application, {prefix: form})
