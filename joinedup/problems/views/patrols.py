"""Patrol pages: plan a joint patrol, record what it did, raise what it found as reports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.forms import add_service_errors, attempt
from joinedup.partners.models import Organisation, Partnership, User
from joinedup.places.models import AreaKind
from joinedup.places.selectors import area_list
from joinedup.reports.staff.selectors import staff_categories

from .. import forms as problem_forms
from .. import policy, selectors
from ..models import Patrol, PatrolStatus
from ..services import patrols, profiles
from .profiles import _partnerships, open_profiles, staff_page


@staff_page
def patrol_list(request: HttpRequest) -> HttpResponse:
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    return render(
        request,
        "problems/patrol_list.html",
        {"patrols": selectors.patrol_list(user=request.user, when=when)[:200], "when": when},
    )


def _patrol_form(request: HttpRequest) -> problem_forms.PatrolForm:
    user: Any = request.user
    partnerships = Partnership.objects.filter(id__in=_partnerships(user).values("id"))
    organisations = (
        Organisation.objects.filter(memberships__partnership__in=partnerships).distinct().order_by("name")
    )
    initial: dict[str, Any] = {"organisations": [user.organisation_id]}
    if request.GET.get("profile"):
        found = open_profiles(user).filter(reference=request.GET["profile"]).first()
        if found is not None:
            initial |= {"profile": found.id, "partnership": found.partnership_id}
    return problem_forms.PatrolForm(
        request.POST or None,
        partnerships=partnerships,
        profiles=open_profiles(user),
        areas=area_list(user=user).filter(kind__in=[AreaKind.WARD, AreaKind.PATCH]),
        organisations=organisations,
        officers=User.objects.filter(
            is_active=True, organisation__in=organisations, partnerships__in=partnerships
        )
        .distinct()
        .select_related("organisation")
        .order_by("organisation__name", "full_name"),
        initial=initial,
    )


@staff_page
def patrol_new(request: HttpRequest) -> HttpResponse:
    form = _patrol_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def plan() -> Patrol:
            starts_at, ends_at = form.times()
            return patrols.patrol_plan(
                by=request.user,
                partnership=data["partnership"],
                profile=data["profile"],
                area=data["area"],
                where=data["where"],
                purpose=data["purpose"],
                starts_at=starts_at,
                ends_at=ends_at,
                organisations=data["organisations"],
                officers=data["officers"],
                others=data["others"],
            )

        ok, patrol = attempt(form, plan)
        if ok:
            messages.success(request, "Patrol planned")
            return redirect("problems:patrol", patrol_id=patrol.id)
    return render(request, "problems/patrol_new.html", {"form": form, "page_has_errors": bool(form.errors)})


def _log_form(patrol: Patrol, data: Any = None) -> problem_forms.PatrolLogForm:
    start, end = timezone.localtime(patrol.starts_at), timezone.localtime(patrol.ends_at)
    return problem_forms.PatrolLogForm(
        data,
        initial={
            "version": patrol.version,
            "status": patrol.status if patrol.status != PatrolStatus.PLANNED else None,
            "day": start.date(),
            "start_time": f"{start:%H:%M}",
            "end_time": f"{end:%H:%M}",
            "engagements": patrol.engagements,
            "engagement_notes": patrol.engagement_notes,
            "outcomes": patrol.outcomes,
        },
        prefix="log",
    )


def _detail(
    request: HttpRequest, patrol: Patrol, *, log_form: Any = None, issue_form: Any = None, stale: bool = False
) -> HttpResponse:
    user: Any = request.user
    organisations = list(patrol.organisations.all())
    can_log = policy.can_log(user, patrol, {o.id for o in organisations})
    failed = log_form if log_form is not None and log_form.errors else issue_form
    return render(
        request,
        "problems/patrol_detail.html",
        {
            "patrol": patrol,
            "organisations": organisations,
            "can_log": can_log,
            "log_form": log_form or _log_form(patrol),
            "issue_form": issue_form
            or problem_forms.PatrolIssueForm(
                categories=staff_categories(user=user).filter(partnership=patrol.partnership_id),
                prefix="issue",
            ),
            "failed_form": failed,
            "page_has_errors": bool(failed is not None and failed.errors),
            "stale": stale,
        },
    )


@staff_page
def patrol_detail(request: HttpRequest, patrol_id: int) -> HttpResponse:
    return _detail(request, selectors.patrol_get(user=request.user, patrol_id=patrol_id))


@staff_page
@require_POST
def patrol_log(request: HttpRequest, patrol_id: int) -> HttpResponse:
    patrol = selectors.patrol_get(user=request.user, patrol_id=patrol_id)
    patrols.require_logger(request.user, patrol)
    form = problem_forms.PatrolLogForm(request.POST, prefix="log")
    if form.is_valid():
        data = form.cleaned_data
        starts_at, ends_at = form.times()
        try:
            patrols.patrol_log(
                by=request.user,
                patrol=patrol,
                version=data["version"],
                status=data["status"],
                starts_at=starts_at,
                ends_at=ends_at,
                engagements=data["engagements"],
                engagement_notes=data["engagement_notes"],
                outcomes=data["outcomes"],
            )
        except (NotPermitted, NotFound):
            raise
        except profiles.StaleEdit as error:
            form.add_error(None, error.message)
            data = request.POST.copy()
            data["log-version"] = str(Patrol.objects.get(pk=patrol.pk).version)
            form.data = data
            return _detail(
                request,
                selectors.patrol_get(user=request.user, patrol_id=patrol_id),
                log_form=form,
                stale=True,
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Patrol recorded")
            return redirect("problems:patrol", patrol_id=patrol.id)
    return _detail(request, patrol, log_form=form)


@staff_page
@require_POST
def patrol_issue(request: HttpRequest, patrol_id: int) -> HttpResponse:
    patrol = selectors.patrol_get(user=request.user, patrol_id=patrol_id)
    patrols.require_logger(request.user, patrol)
    categories = staff_categories(user=request.user).filter(partnership=patrol.partnership_id)
    form = problem_forms.PatrolIssueForm(request.POST, categories=categories, prefix="issue")
    if form.is_valid():
        data = form.cleaned_data
        ok, report = attempt(
            form,
            lambda: patrols.patrol_raise_issue(
                by=request.user,
                patrol=patrol,
                category=data["category"],
                description=data["description"],
                location_text=data["location_text"],
                longitude=data["longitude"],
                latitude=data["latitude"],
            ),
        )
        if ok:
            where = report.lead_partner.name if report.lead_partner else "the triage queue"
            messages.success(request, f"Report {report.reference} raised and sent to {where}")
            return redirect("problems:patrol", patrol_id=patrol.id)
    return _detail(request, patrol, issue_form=form)
