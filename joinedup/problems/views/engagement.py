"""Engagement programme pages: the list, a programme with its 40-week timeline, its steps, its local
delivery group and its training. Partner staff and the group's community members use them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError
from joinedup.core.forms import add_service_errors, attempt
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership, User
from joinedup.places.models import AreaKind
from joinedup.places.selectors import area_list

from .. import engagement_forms as forms
from .. import engagement_policy as policy
from .. import engagement_selectors as selectors
from ..models import EngagementProgramme
from ..services import engagement


def engagement_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Partner staff and community members; others are sent to sign in. Never cached."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.may_use_engagement(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _runner(request: HttpRequest, programme_id: int) -> EngagementProgramme:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    if not policy.can_run(request.user, programme):
        raise PermissionDenied(
            "Only the partnership's coordinators and the programme lead can change this programme."
        )
    return programme


def _coordinated(user: Any) -> Any:
    """The partnerships a coordinator works in (`can_start` has checked the role)."""
    return Partnership.objects.filter(id__in=partner_policy.partnership_ids_for(user)).order_by("name")


def _programme_form(request: HttpRequest, partnerships: Any, **kwargs: Any) -> forms.ProgrammeForm:
    user: Any = request.user
    return forms.ProgrammeForm(
        request.POST or None,
        partnerships=partnerships,
        areas=area_list(user=user).filter(kind__in=[AreaKind.WARD, AreaKind.PATCH]).order_by("kind", "name"),
        leads=User.objects.filter(is_active=True, partnerships__in=partnerships)
        .exclude(role="community")
        .distinct()
        .order_by("full_name"),
        **kwargs,
    )


def _place(form: forms.ProgrammeForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "purpose": data["purpose"],
        "starts_on": data["starts_on"],
        "area": data["area"],
        "location_name": data["location_name"],
        "point": form.point(),
        "lead": data["lead"],
    }


@engagement_page
def programme_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.programme_partnerships(user=request.user)
    chosen = partnerships.filter(slug=request.GET.get("partnership")).first()
    return render(
        request,
        "problems/programme_list.html",
        {
            "rows": selectors.programme_list(user=request.user, partnership=chosen),
            "partnerships": partnerships,
            "chosen": chosen,
            "can_start": policy.can_start(request.user),
            "community": partner_policy.is_community_member(request.user),
        },
    )


@engagement_page
def programme_new(request: HttpRequest) -> HttpResponse:
    if not policy.can_start(request.user):
        raise PermissionDenied("Only coordinators can start an engagement programme.")
    form = _programme_form(request, _coordinated(request.user))
    if request.method == "POST" and form.is_valid():
        ok, programme = attempt(
            form,
            lambda: engagement.programme_create(
                by=request.user, partnership=form.cleaned_data["partnership"], **_place(form)
            ),
        )
        if ok:
            messages.success(request, "Programme started: its eight steps are planned five weeks each")
            return redirect("problems:programme", programme_id=programme.id)
    return render(request, "problems/programme_form.html", {"form": form, "programme": None})


@engagement_page
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _runner(request, programme_id)
    partnerships = Partnership.objects.filter(id=programme.partnership_id)
    initial = {
        "partnership": programme.partnership_id,
        "name": programme.name,
        "purpose": programme.purpose,
        "starts_on": programme.starts_on,
        "area": programme.area_id,
        "location_name": programme.location_name,
        "latitude": programme.latitude,
        "longitude": programme.longitude,
        "lead": programme.lead_id,
    }
    form = _programme_form(request, partnerships, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            form, lambda: engagement.programme_update(by=request.user, programme=programme, **_place(form))
        )
        if ok:
            messages.success(request, "Programme changed")
            return redirect("problems:programme", programme_id=programme.id)
    return render(request, "problems/programme_form.html", {"form": form, "programme": programme})


@engagement_page
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    steps = list(programme.steps.all())
    timeline = selectors.timeline(programme=programme)
    return render(
        request,
        "problems/programme_detail.html",
        {
            "programme": programme,
            "steps": steps,
            "current": selectors.current_step(steps),
            "timeline": timeline,
            "late_ids": {row.step.id for row in timeline.rows if row.late},
            "can_run": policy.can_run(request.user, programme),
            "members": [m for m in programme.members.all() if m.left_on is None],
            "training": list(programme.training.all()),
        },
    )


def _step_page(
    request: HttpRequest, programme: EngagementProgramme, step: Any, **forms_: Any
) -> HttpResponse:
    step_form = forms_.get("step_form") or forms.StepForm(
        initial={
            "planned_start": step.planned_start,
            "planned_end": step.planned_end,
            "status": step.status,
            "blocked_reason": step.blocked_reason,
            "notes": step.notes,
        },
        prefix="step",
    )
    deliverable_form = forms_.get("deliverable_form") or forms.DeliverableForm(prefix="new")
    failed = step_form if step_form.errors else deliverable_form if deliverable_form.errors else None
    return render(
        request,
        "problems/step_edit.html",
        {
            "programme": programme,
            "step": step,
            "step_form": step_form,
            "deliverable_form": deliverable_form,
            "failed_form": failed,
            "page_has_errors": failed is not None,
            "error": forms_.get("error", ""),
        },
    )


@engagement_page
def step_edit(request: HttpRequest, programme_id: int, step: str) -> HttpResponse:
    programme = _runner(request, programme_id)
    found = selectors.step_get(programme=programme, step=step)
    if request.method != "POST":
        return _step_page(request, programme, found)
    action = request.POST.get("action", "step")
    if action == "step":
        form = forms.StepForm(request.POST, prefix="step")
        if form.is_valid():
            ok, _ = attempt(
                form, lambda: engagement.step_update(by=request.user, step=found, **form.cleaned_data)
            )
            if ok:
                messages.success(request, f"{found.get_step_display()} updated")
                return redirect("problems:programme", programme_id=programme.id)
        return _step_page(request, programme, found, step_form=form)
    if action == "add":
        new = forms.DeliverableForm(request.POST, prefix="new")
        if new.is_valid():
            ok, _ = attempt(
                new,
                lambda: engagement.deliverable_add(
                    by=request.user, step=found, text=new.cleaned_data["text"]
                ),
            )
            if ok:
                messages.success(request, "Deliverable added")
                return redirect("problems:step", programme_id=programme.id, step=step)
        return _step_page(request, programme, found, deliverable_form=new)
    deliverable = next(
        (d for d in found.deliverables.all() if str(d.id) == request.POST.get("deliverable")), None
    )
    if deliverable is None or action not in ("done", "not-done", "remove"):
        return redirect("problems:step", programme_id=programme.id, step=step)
    try:
        if action == "remove":
            engagement.deliverable_remove(by=request.user, deliverable=deliverable)
        else:
            engagement.deliverable_tick(by=request.user, deliverable=deliverable, done=action == "done")
    except ApplicationError as error:
        if error.status != 400:
            raise
        return _step_page(request, programme, found, error=error.message)
    messages.success(request, "Deliverable removed" if action == "remove" else "Deliverable updated")
    return redirect("problems:step", programme_id=programme.id, step=step)


@engagement_page
def programme_members(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The group with contact details (recorded as a view of personal data); coordinators add members."""
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    if not policy.sees_member_contacts(request.user, programme):
        raise PermissionDenied("You cannot see this group's contact details.")
    can_run = policy.can_run(request.user, programme)
    form = forms.MemberForm(request.POST or None)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied(
                "Only the partnership's coordinators and the programme lead can add members."
            )
        if form.is_valid():
            ok, member = attempt(
                form, lambda: engagement.member_add(by=request.user, programme=programme, **form.cleaned_data)
            )
            if ok:
                messages.success(request, f"{member.name} added to the group")
                return redirect("problems:members", programme_id=programme.id)
    members = list(programme.members.all())
    if any(m.email or m.phone for m in members):
        engagement.member_contacts_viewed(by=request.user, programme=programme)
    return render(
        request,
        "problems/programme_members.html",
        {
            "programme": programme,
            "members": members,
            "form": form,
            "can_run": can_run,
            "page_has_errors": bool(form.errors),
        },
    )


@engagement_page
@require_POST
def member_leave(request: HttpRequest, programme_id: int, member_id: int) -> HttpResponse:
    programme = _runner(request, programme_id)
    member = next((m for m in programme.members.all() if m.id == member_id and m.left_on is None), None)
    if member is not None:
        engagement.member_leave(by=request.user, member=member)
        messages.success(request, f"{member.name} has left the group; their contact details are erased")
    return redirect("problems:members", programme_id=programme.id)


@engagement_page
def training_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _runner(request, programme_id)
    members = programme.members.filter(left_on__isnull=True).order_by("name")
    form = forms.TrainingForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            engagement.training_record(by=request.user, programme=programme, **form.cleaned_data)
        except ApplicationError as error:
            if error.status != 400:
                raise
            add_service_errors(form, error)
        else:
            messages.success(request, "Training recorded")
            return redirect("problems:programme", programme_id=programme.id)
    return render(
        request,
        "problems/training_new.html",
        {"programme": programme, "form": form, "page_has_errors": bool(form.errors)},
    )
