"""Problem profile pages. Thin: selectors decide what is shown, services make every change and record it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.forms import add_service_errors, attempt
from joinedup.intelligence.trend_selectors import month_add
from joinedup.intelligence.views.hotspots import latest_month
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.decorators import staff_required
from joinedup.partners.models import Organisation, User
from joinedup.places.models import AreaKind
from joinedup.places.selectors import area_list

from .. import charts, policy, selectors
from .. import forms as problem_forms
from ..models import ProblemProfile, ResponseAction, Stage
from ..services import assessments, profiles, sources

PAGE_SIZE = 50
SOURCES: dict[str, tuple[type[problem_forms.ProfileForm], str]] = {
    "hotspot": (problem_forms.HotspotProfileForm, "From a hotspot or area"),
    "location": (problem_forms.LocationProfileForm, "From a repeat location"),
    "reports": (problem_forms.ReportsProfileForm, "From a set of reports"),
    "case": (problem_forms.CaseProfileForm, "From a case"),
}
WORK_FORMS = {"hypothesis": "Add a hypothesis", "action": "Plan a response", "assess": "Make an assessment"}
# Each form's fields are its service's arguments.
WORK_SERVICES: dict[str, tuple[Callable[..., Any], str]] = {
    "hypothesis": (profiles.hypothesis_add, "Hypothesis added"),
    "action": (profiles.action_set, "Response planned"),
    "assess": (assessments.assessment_make, "Assessment made"),
}


def staff_page(view):
    """Signed-in partner staff only (others are sent to sign in); never cached."""
    return never_cache(staff_required(view))


# --- lists and starting -----------------------------------------------------------------------------------


@staff_page
def profile_list(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage", "open")
    page = Paginator(selectors.profile_list(user=request.user, stage=stage), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "problems/profile_list.html",
        {"page": page, "stage": stage, "stages": [("open", "Open"), *Stage.choices, ("all", "All")]},
    )


@staff_page
def profile_start(request: HttpRequest) -> HttpResponse:
    return render(
        request, "problems/profile_start.html", {"sources": [(k, v[1]) for k, v in SOURCES.items()]}
    )


def _partnerships(user: Any) -> Any:
    return partner_selectors.partnership_list(user=user).filter(
        memberships__organisation_id=user.organisation_id
    )


def _initial_period() -> dict[str, str]:
    last = latest_month()
    return {"period_from": f"{month_add(last, -11):%Y-%m}", "period_to": f"{last:%Y-%m}"}


def _create(user: Any, source: str, form: problem_forms.ProfileForm) -> ProblemProfile:
    data = form.cleaned_data
    common = {"by": user, "partnership": data["partnership"], **form.common()}
    if source == "hotspot":
        return sources.create_from_hotspot(
            **common, area=data["area"], cells=data["cells"], cell_size_m=data["cell_size"]
        )
    if source == "location":
        return sources.create_from_location(
            **common,
            longitude=data["longitude"],
            latitude=data["latitude"],
            radius_m=data["radius"],
            location_name=data["location_name"],
        )
    if source == "reports":
        return sources.create_from_reports(**common, references=data["references"], radius_m=data["radius"])
    return sources.create_from_case(**common, case_reference=data["case_reference"], radius_m=data["radius"])


@staff_page
def profile_new(request: HttpRequest, source: str) -> HttpResponse:
    if source not in SOURCES:
        raise NotFound("There is no such page.")
    user: Any = request.user
    if not policy.can_start(user):
        raise NotPermitted("Your account belongs to no partner, so it cannot own a problem profile.")
    form_class, heading = SOURCES[source]
    form = form_class(request.POST or None, partnerships=_partnerships(user), initial=_initial_period())
    if "area" in form.fields:
        form.fields["area"].queryset = area_list(user=user).filter(  # type: ignore[attr-defined]
            kind__in=[AreaKind.DISTRICT, AreaKind.WARD, AreaKind.PATCH]
        )
    if request.method == "POST" and form.is_valid():
        ok, profile = attempt(form, lambda: _create(user, source, form))
        if ok:
            messages.success(request, f"Problem profile {profile.reference} started")
            return redirect("problems:detail", reference=profile.reference)
    return render(
        request,
        "problems/profile_new.html",
        {"form": form, "heading": heading, "source": source, "page_has_errors": bool(form.errors)},
    )


# --- one profile ------------------------------------------------------------------------------------------


def _partners(profile: ProblemProfile) -> Any:
    return Organisation.objects.filter(memberships__partnership_id=profile.partnership_id).order_by("name")


def _staff_of(profile: ProblemProfile, organisations: Any) -> Any:
    return (
        User.objects.filter(
            is_active=True, organisation__in=organisations, partnerships=profile.partnership_id
        )
        .select_related("organisation")
        .order_by("full_name")
    )


def _comparison_areas(user: Any, profile: ProblemProfile) -> Any:
    return area_list(user=user, partnership=profile.partnership).filter(
        kind__in=[AreaKind.WARD, AreaKind.DISTRICT]
    )


def _work_form(name: str, user: Any, profile: ProblemProfile, data: Any = None) -> forms.Form:
    if name == "hypothesis":
        return problem_forms.HypothesisForm(data, prefix=name)
    if name == "action":
        partners = _partners(profile)
        return problem_forms.ResponseActionForm(
            data,
            partners=partners,
            officers=_staff_of(profile, partners),
            initial={"owner_partner": profile.owner_partner_id},
            prefix=name,
        )
    last = profile.period_to
    initial = {
        "before_from": f"{month_add(last, -11):%Y-%m}",
        "before_to": f"{month_add(last, -6):%Y-%m}",
        "after_from": f"{month_add(last, -5):%Y-%m}",
        "after_to": f"{last:%Y-%m}",
        "buffer_m": assessments.default_buffer_m(),
        "comparison_area": profile.area.parent_id if profile.area and profile.area.parent_id else None,
    }
    return problem_forms.AssessmentForm(
        data, areas=_comparison_areas(user, profile), initial=initial, prefix=name
    )


def _detail(
    request: HttpRequest, profile: ProblemProfile, *, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    user: Any = request.user
    bound = bound or {}
    can_edit = policy.can_edit(user, profile)
    scanning = selectors.scanning_summary(profile=profile)
    months_svg, months_text = charts.months_chart(profile, scanning)
    actions = list(selectors.profile_actions(profile=profile))
    failed = next(iter(bound.values()), None)
    return render(
        request,
        "problems/profile_detail.html",
        {
            "profile": profile,
            "can_edit": can_edit,
            "scanning": scanning,
            "scanning_rows": list(zip(scanning.months, scanning.counts, scanning.month_totals, strict=True)),
            "months_chart": months_svg,
            "months_chart_text": months_text,
            "time_charts": charts.time_charts(scanning),
            "hours_and_days": list(zip(range(24), scanning.hours, strict=True)),
            "weekdays": list(zip(selectors.WEEKDAYS, scanning.weekdays, strict=True)),
            "hypotheses": profile.hypotheses.all(),
            "actions": [
                (
                    a,
                    can_edit or a.owner_partner_id == user.organisation_id,
                    problem_forms.ActionStatusForm(initial={"status": a.status}, prefix=f"a{a.id}"),
                )
                for a in actions
            ],
            "assessments": profile.assessments.select_related("comparison_area", "created_by"),
            "patrols": profile.patrols.prefetch_related("organisations").order_by("-starts_at"),
            "timeline": selectors.profile_timeline(profile=profile),
            "work_forms": [
                (name, label, bound.get(name) or _work_form(name, user, profile))
                for name, label in WORK_FORMS.items()
            ]
            if can_edit
            else [],
            "failed": next(iter(bound), None),
            "failed_form": failed,
            "page_has_errors": bool(failed and failed.errors),
            "today": timezone.localdate(),
        },
    )


@staff_page
def profile_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, profiles.profile_view(by=request.user, reference=reference))


@staff_page
@require_POST
def profile_work(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    if name not in WORK_FORMS:
        raise NotFound("There is no such page.")
    profile = selectors.profile_get(user=request.user, reference=reference)
    profiles.require_editor(request.user, profile)
    form = _work_form(name, request.user, profile, request.POST)
    if form.is_valid():
        service, message = WORK_SERVICES[name]
        ok, _ = attempt(form, lambda: service(by=request.user, profile=profile, **form.cleaned_data))
        if ok:
            messages.success(request, message)
            return redirect("problems:detail", reference=profile.reference)
    return _detail(request, profile, bound={name: form})


@staff_page
@require_POST
def action_update(request: HttpRequest, reference: str, action_id: int) -> HttpResponse:
    profile = selectors.profile_get(user=request.user, reference=reference)
    action = (
        ResponseAction.objects.filter(profile=profile, id=action_id).select_related("owner_partner").first()
    )
    if action is None:
        raise NotFound("There is no such response in this profile.")
    action.profile = profile
    form = problem_forms.ActionStatusForm(request.POST, prefix=f"a{action.id}")
    if form.is_valid():
        ok, _ = attempt(
            form,
            lambda: profiles.action_update(
                by=request.user, action=action, status=form.cleaned_data["status"]
            ),
        )
        if ok:
            messages.success(request, f"Response updated: {action.title}")
            return redirect("problems:detail", reference=profile.reference)
    return _detail(request, profile, bound={"status": form})


@staff_page
def profile_edit(request: HttpRequest, reference: str) -> HttpResponse:
    user: Any = request.user
    profile = selectors.profile_get(user=user, reference=reference)
    profiles.require_editor(user, profile)
    officers = _staff_of(profile, Organisation.objects.filter(id=profile.owner_partner_id))
    form = problem_forms.ProfileEditForm(
        request.POST or None, officers=officers, initial=problem_forms.ProfileEditForm.initial_for(profile)
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            profiles.profile_update(
                by=user, profile=profile, version=form.cleaned_data["version"], **form.service_values()
            )
        except (NotPermitted, NotFound):
            raise
        except profiles.StaleEdit as error:
            # Keep what they typed; show the profile as it now is beside it. Saving again is a choice.
            stale = ProblemProfile.objects.select_related("owner_officer").get(pk=profile.pk)
            form.add_error(None, error.message)
            data = request.POST.copy()
            data["version"] = str(stale.version)
            form.data = data
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{profile.reference} saved")
            return redirect("problems:detail", reference=profile.reference)
    return render(
        request,
        "problems/profile_edit.html",
        {"form": form, "profile": profile, "stale": stale, "page_has_errors": bool(form.errors)},
    )


def open_profiles(user: Any) -> Any:
    """Profiles a patrol may be planned for: open ones the user can see."""
    return selectors.profiles_visible(user=user).filter(~Q(stage=Stage.CLOSED)).order_by("reference")
