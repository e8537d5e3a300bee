"""Domestic Homicide Review tracker pages. Anyone not named (a DHR lead of the partnership, or on the
review's panel) is told there is no such page, so they cannot learn that a review exists."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.core.errors import NotFound
from joinedup.core.forms import attempt
from joinedup.partners.models import Organisation, Partnership, User

from .. import registers_forms as f
from .. import registers_policy as policy
from .. import registers_selectors as selectors
from ..models import NEXT_STAGES, DhrAction, DhrLead, DomesticHomicideReview
from ..services import dhr as services
from .registers_common import form_page, partnerships_of, staff_page

TRACKER = "Domestic Homicide Reviews"


def _led(user: Any) -> Any:
    return Partnership.objects.filter(id__in=selectors.dhr_lead_partnership_ids(user))


def _url(review: Any) -> str:
    return reverse("plan:dhr", args=[review.id])


def _people(partnership_ids: Any) -> Any:
    return (
        User.objects.filter(is_active=True, partnerships__in=partnership_ids)
        .distinct()
        .select_related("organisation")
        .order_by("full_name")
    )


@staff_page
def dhr_list(request: HttpRequest) -> HttpResponse:
    reviews = services.dhr_list_view(by=request.user)
    today = timezone.localdate()
    return render(
        request,
        "plan/registers/dhr_list.html",
        {
            "reviews": reviews,
            "today": today,
            "can_record": _led(request.user).exists(),
            "access": [
                p for p in partnerships_of(request.user) if policy.can_name_dhr_leads(request.user, p.id)
            ],
        },
    )


@staff_page
def dhr_new(request: HttpRequest) -> HttpResponse:
    led = _led(request.user)
    if not led.exists():
        raise NotFound("There is no page at this address.")
    form = f.DhrForm(request.POST or None)
    f.set_queryset(form, "partnership", led)
    f.set_queryset(form, "panel_members", _people(led.values("id")))
    return form_page(
        request,
        form,
        title="Record a notification",
        back=(reverse("plan:dhrs"), TRACKER),
        submit="Record it",
        call=lambda data: services.dhr_record(by=request.user, **data),
        success="Review recorded",
        done=_url,
        intro="Record the review by a pseudonym, never the name of the person who died.",
    )


@staff_page
def dhr_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = services.dhr_view(by=request.user, review_id=review_id)
    return render(
        request,
        "plan/registers/dhr_detail.html",
        {
            "review": review,
            "today": timezone.localdate(),
            "is_lead": policy.is_dhr_lead(request.user, review.partnership_id),
            "history": review.history.select_related("by"),
            "actions": review.actions.select_related("owner").prefetch_related("updates__by"),
            "panel": review.panel_members.select_related("organisation"),
        },
    )


def _lead_review(request: HttpRequest, review_id: int) -> DomesticHomicideReview:
    review = selectors.dhr_get(user=request.user, review_id=review_id)
    services._require_lead(request.user, review.partnership_id)
    return review


@staff_page
def dhr_change(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _lead_review(request, review_id)
    form = f.DhrChangeForm(
        request.POST or None,
        initial={
            "pseudonym": review.pseudonym,
            "independent_chair": review.independent_chair,
            "home_office_notified_on": review.home_office_notified_on,
            "panel_first_met_on": review.panel_first_met_on,
            "imrs_requested_on": review.imrs_requested_on,
            "published_url": review.published_url,
            "panel_members": list(review.panel_members.values_list("id", flat=True)),
        },
    )
    f.set_queryset(form, "panel_members", _people([review.partnership_id]))
    return form_page(
        request,
        form,
        title="Change the review",
        caption=f"DHR {review.reference}",
        back=(_url(review), f"DHR {review.reference}"),
        submit="Save the changes",
        call=lambda data: services.dhr_change(by=request.user, review=review, **data),
        success="Review changed",
        done=_url,
    )


@staff_page
def dhr_decide(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _lead_review(request, review_id)
    return form_page(
        request,
        f.DhrDecisionForm(request.POST or None),
        title="Record the decision",
        caption=f"DHR {review.reference}",
        intro=f"The decision is due by {review.decision_due:%-d %B %Y}.",
        back=(_url(review), f"DHR {review.reference}"),
        submit="Record the decision",
        call=lambda data: services.dhr_decide(by=request.user, review=review, **data),
        success="Decision recorded",
        done=_url,
    )


@staff_page
def dhr_move(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _lead_review(request, review_id)
    return form_page(
        request,
        f.DhrMoveForm(request.POST or None, stages=NEXT_STAGES.get(review.stage, ())),
        title="Move to the next stage",
        caption=f"DHR {review.reference}: {review.get_stage_display()}",
        back=(_url(review), f"DHR {review.reference}"),
        submit="Move the review",
        call=lambda data: services.dhr_move(by=request.user, review=review, **data),
        success="Stage recorded",
        done=_url,
    )


@staff_page
def dhr_action_new(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _lead_review(request, review_id)
    form = f.DhrActionForm(request.POST or None)
    f.set_queryset(
        form,
        "owner",
        Organisation.objects.filter(memberships__partnership=review.partnership_id).order_by("name"),
    )
    return form_page(
        request,
        form,
        title="Add an action to the action plan",
        caption=f"DHR {review.reference}",
        back=(_url(review), f"DHR {review.reference}"),
        submit="Add the action",
        call=lambda data: services.dhr_action_add(by=request.user, review=review, **data),
        success="Action added",
        done=lambda _item: _url(review),
    )


@staff_page
def dhr_action_update(request: HttpRequest, review_id: int, action_id: int) -> HttpResponse:
    review = selectors.dhr_get(user=request.user, review_id=review_id)
    item = get_object_or_404(DhrAction, id=action_id, review=review)
    return form_page(
        request,
        f.DhrActionUpdateForm(request.POST or None, initial={"status": item.status}),
        title="Update the action",
        caption=item.action[:120],
        back=(_url(review), f"DHR {review.reference}"),
        submit="Save the update",
        call=lambda data: services.dhr_action_update(by=request.user, item=item, **data),
        success="Action updated",
        done=lambda _update: _url(review),
    )


# --- who is named -------------------------------------------------------------------------------------------


def _access_partnership(request: HttpRequest, slug: str) -> Partnership:
    partnership = partnerships_of(request.user).filter(slug=slug).first()
    if partnership is None or not policy.can_name_dhr_leads(request.user, partnership.id):
        raise NotFound("There is no page at this address.")
    return partnership


def _leads_page(request: HttpRequest, chosen: Partnership, form: f.PersonForm) -> HttpResponse:
    return render(
        request,
        "plan/registers/dhr_leads.html",
        {"partnership": chosen, "leads": selectors.dhr_leads(partnership=chosen), "form": form},
    )


def _person_form(request: HttpRequest, chosen: Partnership, data: Any = None) -> f.PersonForm:
    form = f.PersonForm(data)
    f.set_queryset(form, "user", _people([chosen.id]))
    return form


@staff_page
def dhr_leads(request: HttpRequest, partnership: str) -> HttpResponse:
    chosen = _access_partnership(request, partnership)
    form = _person_form(request, chosen, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        ok, _lead = attempt(
            form, lambda: services.dhr_lead_name(by=request.user, partnership=chosen, user=user)
        )
        if ok:
            messages.success(request, f"{user.full_name} is now a DHR lead")
            return redirect("plan:dhr-leads", partnership=chosen.slug)
    return _leads_page(request, chosen, form)


@staff_page
@require_POST
def dhr_lead_remove(request: HttpRequest, partnership: str, lead_id: int) -> HttpResponse:
    chosen = _access_partnership(request, partnership)
    lead = get_object_or_404(DhrLead.objects.select_related("user"), id=lead_id, partnership=chosen)
    name = lead.user.full_name
    form = _person_form(request, chosen)
    form.cleaned_data = {}  # an unbound form can still carry the refusal to its error summary
    ok, _ = attempt(form, lambda: services.dhr_lead_remove(by=request.user, lead=lead))
    if not ok:
        return _leads_page(request, chosen, form)
    messages.success(request, f"{name} is no longer a DHR lead")
    return redirect("plan:dhr-leads", partnership=chosen.slug)
