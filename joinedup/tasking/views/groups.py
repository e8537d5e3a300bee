"""Tasking groups: the list, one group with its meetings, setting one up and scheduling a meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from joinedup.core.errors import NotPermitted
from joinedup.partners.models import GovernanceGroup, User
from joinedup.partners.policy import partnership_ids_for

from .. import forms as tasking_forms
from .. import policy, selectors
from ..models import ActionStatus
from ..services import groups as group_services
from .common import attempt, tasking_view


@tasking_view
def group_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.groups_visible(user=request.user)
    return render(
        request,
        "tasking/group_list.html",
        {"groups": groups, "coordinates": policy.coordinates(request.user)},
    )


def _people(partnership_ids: Any) -> Any:
    return (
        User.objects.filter(is_active=True, partnerships__in=partnership_ids)
        .select_related("organisation")
        .distinct()
        .order_by("full_name")
    )


@tasking_view
def group_new(request: HttpRequest) -> HttpResponse:
    if not policy.coordinates(request.user):
        raise NotPermitted("Only the partnership's coordinators set up tasking groups.")
    ids = partnership_ids_for(request.user)
    free = GovernanceGroup.objects.filter(partnership_id__in=ids, tasking__isnull=True).order_by("name")
    form = tasking_forms.GroupForm(request.POST or None, groups=free, people=_people(ids))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, group = attempt(
            form,
            lambda: group_services.group_create(
                by=request.user,
                governance_group=data["governance_group"],
                terms_of_reference=data["terms_of_reference"],
                cycle_every=data["cycle_every"],
                cycle_unit=data["cycle_unit"],
                people=list(data["people"]),
                agenda_sources=list(data["agenda_sources"]),
            ),
        )
        if ok:
            messages.success(request, f"{group.name} is set up as a tasking group")
            return redirect("tasking:group-detail", group_id=group.id)
    return render(request, "tasking/group_form.html", {"form": form, "group": None})


@tasking_view
def group_edit(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_get(user=request.user, group_id=group_id)
    if not policy.can_manage(request.user, group):
        raise NotPermitted("Only the partnership's coordinators change tasking groups.")
    initial = {
        "terms_of_reference": group.terms_of_reference,
        "cycle_every": group.cycle_every,
        "cycle_unit": group.cycle_unit,
        "people": list(group.people.all()),
        "agenda_sources": group.agenda_sources,
        "version": group.version,
    }
    form = tasking_forms.GroupForm(
        request.POST or None, people=_people([group.partnership_id]), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            form,
            lambda: group_services.group_update(
                by=request.user,
                group=group,
                version=data["version"],
                terms_of_reference=data["terms_of_reference"],
                cycle_every=data["cycle_every"],
                cycle_unit=data["cycle_unit"],
                people=list(data["people"]),
                agenda_sources=list(data["agenda_sources"]),
            ),
        )
        if ok:
            messages.success(request, f"{group.name} saved")
            return redirect("tasking:group-detail", group_id=group.id)
    return render(request, "tasking/group_form.html", {"form": form, "group": group})


def _detail(request: HttpRequest, group: Any, form: Any = None) -> HttpResponse:
    suggested = selectors.next_meeting_suggested(group=group)
    return render(
        request,
        "tasking/group_detail.html",
        {
            "group": group,
            "members": selectors.group_organisations(group=group),
            "people": group.people.select_related("organisation").order_by("full_name"),
            "meetings": selectors.group_meetings(group=group),
            "open_actions": group.actions.filter(status=ActionStatus.OPEN).count(),
            "suggested": suggested,
            "manages": policy.can_manage(request.user, group),
            "form": form or tasking_forms.MeetingForm(initial={"day": suggested, "time": dt.time(10, 0)}),
        },
    )


@tasking_view
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    return _detail(request, selectors.group_get(user=request.user, group_id=group_id))


@tasking_view
def meeting_new(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_get(user=request.user, group_id=group_id)
    if not policy.can_manage(request.user, group):
        raise NotPermitted("Only the partnership's coordinators schedule meetings.")
    if request.method != "POST":
        return redirect("tasking:group-detail", group_id=group.id)
    form = tasking_forms.MeetingForm(request.POST)
    if form.is_valid():
        when = timezone.make_aware(dt.datetime.combine(form.cleaned_data["day"], form.cleaned_data["time"]))
        ok, meeting = attempt(
            form,
            lambda: group_services.meeting_schedule(
                by=request.user, group=group, scheduled_for=when, location=form.cleaned_data["location"]
            ),
        )
        if ok:
            messages.success(request, f"Meeting scheduled for {timezone.localtime(when):%-d %B %Y at %H:%M}")
            return redirect("tasking:meeting-detail", meeting_id=meeting.id)
    return _detail(request, group, form)
