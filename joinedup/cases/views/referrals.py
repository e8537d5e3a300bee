"""Referral pages: the queue of referrals received and sent, one referral and its decisions, making a
referral from a case, and the partnership's directory of partner services.

Thin: selectors decide who sees what, services make every change and record every view. Referrals are
addressed by random ids, services by number: neither says anything about a person.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.forms import add_service_errors, attempt
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.models import Organisation

from .. import referral_forms, referral_policy, referral_selectors, selectors
from ..models import Referral
from ..services import referrals
from ..services.cases import StaleEdit
from .casework import _casework, _open


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST, even an empty one (which is bad input, not a first visit)."""
    return request.POST if request.method == "POST" else None


# --- the queue --------------------------------------------------------------------------------------------


@_casework
def referral_queue(request: HttpRequest) -> HttpResponse:
    received, sent = referrals.referral_queue_view(by=request.user)
    return render(
        request,
        "cases/referral_queue.html",
        {
            "waiting": [r for r in received if r.status == "sent"],
            "received": [r for r in received if r.status != "sent"],
            "sent": sent,
        },
    )


# --- one referral -----------------------------------------------------------------------------------------


def _referral_page(
    request: HttpRequest, view: referral_selectors.ReferralView, failed: forms.Form | None = None
) -> HttpResponse:
    referral = view.referral
    user = request.user
    version = {"version": referral.version}
    decide = referral_policy.can_decide(user, referral)
    close = referral_policy.can_close(user, referral)
    withdraw = referral_policy.can_withdraw(user, referral, on_case=view.on_case)
    return render(
        request,
        "cases/referral_detail.html",
        {
            "referral": referral,
            "on_case": view.on_case,
            "decision_form": (
                failed if decide and isinstance(failed, referral_forms.ReferralDecisionForm) else None
            )
            or (referral_forms.ReferralDecisionForm(initial=version) if decide else None),
            "outcome_form": (
                failed if close and isinstance(failed, referral_forms.ReferralOutcomeForm) else None
            )
            or (referral_forms.ReferralOutcomeForm(initial=version) if close else None),
            "withdraw_form": (
                failed if withdraw and isinstance(failed, referral_forms.ReferralWithdrawForm) else None
            )
            or (referral_forms.ReferralWithdrawForm(initial=version) if withdraw else None),
            "failed_form": failed,
            "page_has_errors": bool(failed and failed.errors),
        },
    )


@_casework
def referral_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _referral_page(request, referrals.referral_view(by=request.user, public_id=public_id))


def _decided(request: HttpRequest, public_id: str, form: forms.Form, call: Any, message: str) -> HttpResponse:
    """Run a decision; a stale one shows the referral as it now is, with why nothing was saved."""
    view = referral_selectors.referral_get(user=request.user, public_id=public_id)
    if form.is_valid():
        try:
            call(view.referral, form.cleaned_data)
        except (NotPermitted, NotFound):
            raise
        except StaleEdit as error:
            view = referral_selectors.referral_get(user=request.user, public_id=public_id)
            form.add_error(None, error.message)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("referral-detail", public_id=public_id)
    return _referral_page(request, view, form)


@_casework
@require_POST
def referral_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    form = referral_forms.ReferralDecisionForm(request.POST)
    accept = request.POST.get("decision") == "accept"

    def call(referral: Referral, data: dict[str, Any]) -> None:
        decide = referrals.referral_accept if data["decision"] == "accept" else referrals.referral_decline
        text = {"note": data["note"]} if data["decision"] == "accept" else {"reason": data["note"]}
        decide(by=request.user, referral=referral, version=data["version"], **text)

    return _decided(request, public_id, form, call, "Referral accepted" if accept else "Referral declined")


def _written_step(
    request: HttpRequest, public_id: str, form_class: type[forms.Form], service: Any, field: str, message: str
) -> HttpResponse:
    """A step that needs one written field (the outcome, the reason for withdrawing), then `_decided`."""
    form = form_class(request.POST)

    def call(referral: Referral, data: dict[str, Any]) -> None:
        service(by=request.user, referral=referral, version=data["version"], **{field: data[field]})

    return _decided(request, public_id, form, call, message)


@_casework
@require_POST
def referral_outcome(request: HttpRequest, public_id: str) -> HttpResponse:
    return _written_step(
        request,
        public_id,
        referral_forms.ReferralOutcomeForm,
        referrals.referral_close,
        "outcome",
        "Outcome recorded and the referral closed",
    )


@_casework
@require_POST
def referral_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    return _written_step(
        request,
        public_id,
        referral_forms.ReferralWithdrawForm,
        referrals.referral_withdraw,
        "reason",
        "Referral withdrawn and the receiving partner told",
    )


# --- referring someone from a case ------------------------------------------------------------------------


@_casework
def referral_new(request: HttpRequest, reference: str) -> HttpResponse:
    user = request.user
    case = (
        _open(request, reference)
        if request.method == "GET"
        else selectors.case_get_open(user=user, reference=reference)
    )
    services = referral_selectors.services_for_case(case=case)
    form = referral_forms.ReferralForm(
        _posted(request), people=referral_selectors.people_in_case(case=case), services=services
    )
    if request.method == "POST" and form.is_valid():
        ok, referral = attempt(form, lambda: referrals.referral_send(by=user, case=case, **form.cleaned_data))
        if ok:
            to = f"{referral.service.name}, {referral.receiving_organisation.name}"
            messages.success(request, f"{referral.person.full_name} referred to {to}")
            return redirect("case-detail", reference=case.reference)
    return render(
        request,
        "cases/referral_new.html",
        {"case": case, "form": form, "has_services": services.exists(), "page_has_errors": bool(form.errors)},
    )


# --- the partnership's services ---------------------------------------------------------------------------


@_casework
def service_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    services = referral_selectors.services_visible(user=user).order_by("organisation__name", "name")
    return render(
        request,
        "cases/service_list.html",
        {
            "rows": [(s, referral_policy.can_change_service(user, s)) for s in services],
            "can_add": referral_policy.can_maintain_services(user),
        },
    )


@_casework
def service_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not referral_policy.can_maintain_services(user):
        raise NotPermitted("Only coordinators and partner managers keep the list of services.")
    partnerships = partner_selectors.partnership_list(user=user)
    organisations = Organisation.objects.filter(memberships__partnership__in=partnerships).distinct()
    if not (user.is_superuser or user.role in referral_policy.MAINTAINS_ALL):
        organisations = organisations.filter(id=user.organisation_id)
    form = referral_forms.ServiceNewForm(
        _posted(request),
        partnerships=partnerships,
        organisations=organisations,
        initial={"organisation": user.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, service = attempt(
            form,
            lambda: referrals.service_create(
                by=user,
                partnership=data["partnership"],
                organisation=data["organisation"],
                **form.service_values(),
            ),
        )
        if ok:
            messages.success(request, f"{service.name} added")
            return redirect("referral-services")
    return _service_page(request, form, None)


@_casework
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    user = request.user
    service = referral_selectors.services_visible(user=user).filter(id=service_id).first()
    if service is None:
        raise NotFound("There is no such service in your partnerships.")
    if not referral_policy.can_change_service(user, service):
        raise NotPermitted(f"Only coordinators, or managers of {service.organisation.name}, can change it.")
    initial = {
        "name": service.name,
        "description": service.description,
        "who_for": service.who_for,
        "active": "yes" if service.active else "no",
        "version": service.version,
    }
    form = referral_forms.ServiceEditForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            form,
            lambda: referrals.service_update(
                by=user, service=service, version=form.cleaned_data["version"], **form.service_values()
            ),
        )
        if ok:
            messages.success(request, f"{form.cleaned_data['name']} saved")
            return redirect("referral-services")
    return _service_page(request, form, service)


def _service_page(request: HttpRequest, form: forms.Form, service: Any) -> HttpResponse:
    return render(
        request,
        "cases/service_form.html",
        {"form": form, "service": service, "page_has_errors": bool(form.errors)},
    )
