"""PSPO register pages for partnership staff: the register, one order, and the forms that keep it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from joinedup.core.errors import NotFound, NotPermitted
from joinedup.places.models import AreaKind
from joinedup.places.selectors import area_list

from .. import registers_forms as f
from .. import registers_policy as policy
from .. import registers_selectors as selectors
from ..models import ConsultationPurpose, Pspo
from ..services import pspo as services
from ..statutory import fpn_maximum
from .registers_common import form_page, kept_partnerships, staff_page

REGISTER = "PSPO register"


def _status(pspo: Pspo, today: Any) -> tuple[str, str]:
    """The register's tag for an order: its state, and "expires in N months" within the alert period."""
    discharge = pspo.discharged
    if discharge and discharge.ends_on < today:
        return "Discharged", "govuk-tag--grey"
    if pspo.expires_on < today:
        return "Expired", "govuk-tag--grey"
    if discharge:
        return f"Discharged: ends {discharge.ends_on:%-d %B %Y}", "govuk-tag--orange"
    if pspo.in_force_from > today:
        return "Not yet in force", "govuk-tag--blue"
    months = selectors.months_left(pspo, today=today)
    if months is not None and months < settings.PSPO_EXPIRY_ALERT_MONTHS:
        text = (
            "Expires in less than a month"
            if months < 1
            else f"Expires in {months} month{'s' if months != 1 else ''}"
        )
        return text, "govuk-tag--orange"
    return "In force", "govuk-tag--green"


@staff_page
def pspo_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [
        {
            "pspo": p,
            "status": _status(p, today),
            "penalty": selectors.penalty_on(p, today),
            "terms": p.terms_on(today),
        }
        for p in selectors.pspo_list(user=request.user)
    ]
    return render(
        request,
        "plan/registers/pspo_list.html",
        {"rows": rows, "can_add": kept_partnerships(request.user).exists()},
    )


def _pspo_form(request: HttpRequest, pspo: Pspo | None = None) -> f.PspoForm:
    initial: dict[str, Any] = {}
    if pspo is not None:
        initial = {
            "partnership": pspo.partnership_id,
            "reference": pspo.reference,
            "title": pspo.title,
            "area_description": pspo.area_description,
            "areas": [a.id for a in pspo.areas.all()],
            "boundary": pspo.boundary,
            "prohibitions": "\n".join(pspo.prohibitions),
            "requirements": "\n".join(pspo.requirements),
            "made_on": pspo.made_on,
            "in_force_from": pspo.in_force_from,
            "expires_on": pspo.expires_on,
            "order_url": pspo.order_url,
        }
    form = f.PspoForm(request.POST or None, initial=initial)
    f.set_queryset(form, "partnership", kept_partnerships(request.user))
    f.set_queryset(
        form,
        "areas",
        area_list(user=request.user).filter(kind__in=[AreaKind.DISTRICT, AreaKind.WARD, AreaKind.PATCH]),
    )
    return form


def _save(request: HttpRequest, pspo: Pspo | None) -> Any:
    def call(data: dict) -> Pspo:
        return services.pspo_save(
            by=request.user,
            pspo=pspo,
            partnership=data["partnership"],
            reference=data["reference"],
            title=data["title"],
            area_description=data["area_description"],
            areas=data["areas"],
            boundary=data["boundary"],
            prohibitions=f.lines(data["prohibitions"]),
            requirements=f.lines(data["requirements"]),
            made_on=data["made_on"],
            in_force_from=data["in_force_from"],
            expires_on=data["expires_on"],
            order_url=data["order_url"],
        )

    return call


def _pspo_url(pspo: Any) -> str:
    return reverse("plan:pspo", args=[pspo.id])


@staff_page
def pspo_new(request: HttpRequest) -> HttpResponse:
    if not kept_partnerships(request.user).exists():
        raise NotPermitted(services.KEEP_DENIED)
    return form_page(
        request,
        _pspo_form(request),
        title="Add an order to the register",
        back=(reverse("plan:pspos"), REGISTER),
        submit="Add the order",
        call=_save(request, None),
        success="Order added to the register",
        done=_pspo_url,
    )


def _kept(request: HttpRequest, pspo_id: int) -> Pspo:
    pspo = selectors.pspo_get(user=request.user, pspo_id=pspo_id)
    services.require_keeper(request.user, pspo.partnership_id)
    return pspo


@staff_page
def pspo_change(request: HttpRequest, pspo_id: int) -> HttpResponse:
    pspo = _kept(request, pspo_id)
    return form_page(
        request,
        _pspo_form(request, pspo),
        title="Change the order",
        caption=pspo.reference,
        back=(_pspo_url(pspo), pspo.title),
        submit="Save the changes",
        call=_save(request, pspo),
        success="Order changed",
        done=_pspo_url,
    )


@staff_page
def pspo_detail(request: HttpRequest, pspo_id: int) -> HttpResponse:
    pspo = selectors.pspo_get(user=request.user, pspo_id=pspo_id)
    today = timezone.localdate()
    consultations = list(pspo.consultations.all())
    varying = [c.starts_on for c in consultations if c.purpose == ConsultationPurpose.VARYING]
    variations = [(v, not any(start <= v.decided_on for start in varying)) for v in pspo.variations.all()]
    return render(
        request,
        "plan/registers/pspo_detail.html",
        {
            "pspo": pspo,
            "status": _status(pspo, today),
            "penalty": selectors.penalty_on(pspo, today),
            "maximum": fpn_maximum(on=today),
            "consultations": consultations,
            "extensions": pspo.extensions.all(),
            "terms": pspo.terms_on(today),
            "variations": variations,
            "discharge": pspo.discharged,
            "notices": pspo.site_notices.all(),
            "enforcement": pspo.enforcement.all(),
            "can_keep": policy.keeps_registers(request.user, pspo.partnership_id),
            "challenge_open": pspo.challenge_deadline >= today,
        },
    )


# Each of an order's records: its form, service, page title, submit button and success message.
PARTS: dict[str, tuple[type, Any, str, str, str]] = {
    "extend": (
        f.ExtensionForm,
        services.pspo_extend,
        "Extend the order",
        "Extend the order",
        "Order extended",
    ),
    "vary": (
        f.VariationForm,
        services.pspo_vary,
        "Vary the order",
        "Record the variation",
        "Variation recorded",
    ),
    "discharge": (
        f.DischargeForm,
        services.pspo_discharge,
        "Discharge the order",
        "Discharge the order",
        "Order discharged",
    ),
    "consultation": (
        f.ConsultationForm,
        services.consultation_record,
        "Record a consultation",
        "Record the consultation",
        "Consultation recorded",
    ),
    "notice": (
        f.NoticeForm,
        services.notice_record,
        "Record a site notice",
        "Record the notice",
        "Site notice recorded",
    ),
    "penalty": (
        f.PenaltyForm,
        services.penalty_set,
        "Set the fixed penalty",
        "Set the fixed penalty",
        "Fixed penalty set",
    ),
    "enforcement": (
        f.EnforcementForm,
        services.enforcement_record,
        "Record enforcement",
        "Record the figures",
        "Enforcement recorded",
    ),
}


@staff_page
def pspo_part(request: HttpRequest, pspo_id: int, part: str) -> HttpResponse:
    if part not in PARTS:
        raise NotFound("There is no page at this address.")
    pspo = _kept(request, pspo_id)
    form_class, service, title, submit, success = PARTS[part]
    intro, initial = "", {}
    if part == "penalty":
        maximum = fpn_maximum(on=timezone.localdate())
        intro = f"The most a fixed penalty can be today is £{maximum.pounds} ({maximum.source})."
    elif part == "vary":
        intro = (
            "Give the order's terms as varied, in full: they replace its terms from the day it takes effect."
        )
        terms = pspo.terms_on(pspo.expires_on)  # the latest, including a variation not yet in effect
        initial = {
            "area_description": terms.area_description,
            "prohibitions": "\n".join(terms.prohibitions),
            "requirements": "\n".join(terms.requirements),
        }
    elif part == "discharge":
        intro = "The day after the order ends it stops being in force. It cannot then be extended or varied."
    return form_page(
        request,
        form_class(request.POST or None, initial=initial),
        title=title,
        caption=f"{pspo.reference} {pspo.title}",
        intro=intro,
        back=(_pspo_url(pspo), pspo.title),
        submit=submit,
        call=lambda data: service(by=request.user, pspo=pspo, **data),
        success=success,
        done=lambda _result: _pspo_url(pspo),
    )
