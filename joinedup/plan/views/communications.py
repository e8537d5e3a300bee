"""Communications pages: the campaign log, press releases and their sign-off, and who signs off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core.errors import NotFound
from joinedup.core.forms import attempt

from .. import registers_forms as f
from .. import registers_policy as policy
from .. import registers_selectors as selectors
from ..models import PressSignatory, ReleaseStatus
from ..services import communications as services
from .registers_common import form_page, kept_partnerships, partnerships_of, staff_page

HOME = "Communications"


@staff_page
def communications(request: HttpRequest) -> HttpResponse:
    campaigns = policy.campaigns_with_edit_rights(
        request.user, selectors.campaign_list(user=request.user)[:200]
    )
    return render(
        request,
        "plan/registers/communications.html",
        {
            "campaigns": campaigns,
            "releases": selectors.release_list(user=request.user)[:200],
            "kept": kept_partnerships(request.user),
        },
    )


def _campaign_form(request: HttpRequest, initial: dict | None = None) -> f.CampaignForm:
    form = f.CampaignForm(request.POST or None, initial=initial)
    f.set_queryset(form, "partnership", partnerships_of(request.user))
    return form


@staff_page
def campaign_new(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        _campaign_form(request),
        title="Log a campaign",
        back=(reverse("plan:communications"), HOME),
        submit="Log the campaign",
        call=lambda data: services.campaign_save(by=request.user, **data),
        success="Campaign logged",
        done=lambda _c: reverse("plan:communications"),
    )


@staff_page
def campaign_change(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    fields = ("title", "channel", "starts_on", "ends_on", "reach", "engagements", "priority", "notes")
    form = _campaign_form(
        request, {"partnership": campaign.partnership_id, **{k: getattr(campaign, k) for k in fields}}
    )
    return form_page(
        request,
        form,
        title="Change the campaign",
        back=(reverse("plan:communications"), HOME),
        submit="Save the changes",
        call=lambda data: services.campaign_save(by=request.user, campaign=campaign, **data),
        success="Campaign changed",
        done=lambda _c: reverse("plan:communications"),
    )


def _removal_page(
    request: HttpRequest, *, thing: str, title: str, back: str, refusal: str, call: Any, success: str
) -> HttpResponse:
    """Confirm, then remove through the service; a refusal (now or when posted) is shown instead."""
    form = forms.Form(request.POST or None)
    form.cleaned_data = {}  # an unbound form can still carry a refusal to its error summary
    if request.method == "POST" and not refusal:
        ok, _ = attempt(form, call)
        if ok:
            messages.success(request, success)
            return redirect("plan:communications")
    return render(
        request,
        "plan/registers/remove.html",
        {"form": form, "thing": thing, "title": title, "back": back, "refusal": refusal},
    )


@staff_page
def campaign_remove(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    services._require_campaign_editor(request.user, campaign)
    return _removal_page(
        request,
        thing="campaign",
        title=campaign.title,
        back=reverse("plan:communications"),
        refusal="",
        call=lambda: services.campaign_remove(by=request.user, campaign=campaign),
        success=f"Campaign removed: {campaign.title}",
    )


@staff_page
def release_remove(request: HttpRequest, release_id: int) -> HttpResponse:
    release = selectors.release_get(user=request.user, release_id=release_id)
    services._require_editor(request.user, release)
    return _removal_page(
        request,
        thing="press release",
        title=release.title,
        back=_release_url(release),
        refusal=services.release_removal_refusal(release),
        call=lambda: services.release_remove(by=request.user, release=release),
        success=f"Draft removed: {release.title}",
    )


def _release_url(release: Any) -> str:
    return reverse("plan:release", args=[release.id])


def _release_form(request: HttpRequest, initial: dict | None = None) -> f.ReleaseForm:
    form = f.ReleaseForm(request.POST or None, initial=initial)
    f.set_queryset(form, "partnership", partnerships_of(request.user))
    f.set_queryset(form, "campaign", selectors.campaign_list(user=request.user))
    return form


@staff_page
def release_new(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        _release_form(request),
        title="Draft a press release",
        back=(reverse("plan:communications"), HOME),
        submit="Save the draft",
        call=lambda data: services.release_draft(by=request.user, **data),
        success="Draft saved",
        done=_release_url,
    )


@staff_page
def release_change(request: HttpRequest, release_id: int) -> HttpResponse:
    release = selectors.release_get(user=request.user, release_id=release_id)
    services._require_editor(request.user, release)
    form = _release_form(
        request,
        {
            "partnership": release.partnership_id,
            "title": release.title,
            "body": release.body,
            "campaign": release.campaign_id,
        },
    )
    form.fields.pop("partnership")
    return form_page(
        request,
        form,
        title="Change the draft",
        back=(_release_url(release), release.title),
        submit="Save the draft",
        call=lambda data: services.release_change(by=request.user, release=release, **data),
        success="Draft saved",
        done=_release_url,
    )


def _release_page(
    request: HttpRequest, release: Any, *, decision_form: Any = None, release_form: Any = None
) -> HttpResponse:
    waiting = services.WAITING.get(ReleaseStatus(release.status))
    may_sign = waiting is not None and policy.signs_off(request.user, release.partnership_id, waiting[0])
    failed = decision_form if decision_form is not None and decision_form.errors else release_form
    return render(
        request,
        "plan/registers/release_detail.html",
        {
            "release": release,
            "history": release.history.select_related("by"),
            "can_edit": policy.can_edit_release(request.user, release),
            "may_sign": may_sign,
            "waiting_for": waiting[0].label.lower() if waiting else "",
            "decision_form": decision_form or f.ReleaseDecisionForm(prefix="sign"),
            "release_form": release_form or f.ReleaseReleaseForm(prefix="out"),
            "form": failed,
            "page_has_errors": bool(failed is not None and failed.errors),
        },
    )


@staff_page
def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    return _release_page(request, selectors.release_get(user=request.user, release_id=release_id))


@staff_page
@require_POST
def release_submit(request: HttpRequest, release_id: int) -> HttpResponse:
    release = selectors.release_get(user=request.user, release_id=release_id)
    form = f.ReleaseDecisionForm(prefix="sign")
    ok, _ = attempt(form, lambda: services.release_submit(by=request.user, release=release))
    if ok:
        messages.success(request, "Sent to the community safety manager")
        return redirect(_release_url(release))
    return _release_page(request, release, decision_form=form)


@staff_page
@require_POST
def release_decide(request: HttpRequest, release_id: int) -> HttpResponse:
    release = selectors.release_get(user=request.user, release_id=release_id)
    form = f.ReleaseDecisionForm(request.POST, prefix="sign")
    if form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "approve":
            call, done = (
                (lambda: services.release_approve(by=request.user, release=release, comment=data["comment"])),
                "Approved",
            )
        else:
            call, done = (
                (lambda: services.release_return(by=request.user, release=release, comment=data["comment"])),
                "Returned to draft",
            )
        ok, _ = attempt(form, call)
        if ok:
            messages.success(request, done)
            return redirect(_release_url(release))
    return _release_page(request, release, decision_form=form)


@staff_page
@require_POST
def release_out(request: HttpRequest, release_id: int) -> HttpResponse:
    release = selectors.release_get(user=request.user, release_id=release_id)
    form = f.ReleaseReleaseForm(request.POST, prefix="out")
    if form.is_valid():
        ok, _ = attempt(
            form, lambda: services.release_release(by=request.user, release=release, **form.cleaned_data)
        )
        if ok:
            messages.success(request, "Release recorded")
            return redirect(_release_url(release))
    return _release_page(request, release, release_form=form)


# --- who signs off ------------------------------------------------------------------------------------------


def _signatories_partnership(request: HttpRequest, slug: str) -> Any:
    partnership = kept_partnerships(request.user).filter(slug=slug).first()
    if partnership is None:
        raise NotFound("There is no page at this address.")
    return partnership


@staff_page
def signatory_list(request: HttpRequest, partnership: str) -> HttpResponse:
    chosen = _signatories_partnership(request, partnership)
    form = f.SignatoryForm(request.POST or None)
    f.set_queryset(
        form,
        "user",
        partnerships_of(request.user).get(id=chosen.id).people.filter(is_active=True).order_by("full_name"),
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            form, lambda: services.signatory_name(by=request.user, partnership=chosen, **form.cleaned_data)
        )
        if ok:
            messages.success(request, f"{form.cleaned_data['user'].full_name} now signs off press releases")
            return redirect("plan:signatories", partnership=chosen.slug)
    return render(
        request,
        "plan/registers/signatories.html",
        {"partnership": chosen, "signatories": selectors.signatories(partnership=chosen), "form": form},
    )


@staff_page
@require_POST
def signatory_remove(request: HttpRequest, partnership: str, signatory_id: int) -> HttpResponse:
    chosen = _signatories_partnership(request, partnership)
    signatory = get_object_or_404(
        PressSignatory.objects.select_related("user"), id=signatory_id, partnership=chosen
    )
    services.signatory_remove(by=request.user, signatory=signatory)
    messages.success(
        request, f"{signatory.user.full_name} no longer signs off as {signatory.get_step_display().lower()}"
    )
    return redirect("plan:signatories", partnership=chosen.slug)
