"""A meeting's pages: the agenda and the meeting record, editing the agenda, owners' updates, the
agenda pack (page and PDF) and the action log. Thin: services make every change and record views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.core.errors import NotFound, NotPermitted
from joinedup.core.forms import add_service_errors
from joinedup.core.printing import pdf_from_html

from .. import forms as tasking_forms
from .. import policy, selectors
from ..models import AgendaItem, Meeting, MeetingStatus, TaskingAction
from ..services import actions as action_services
from ..services import meetings as meeting_services
from .common import attempt, tasking_view


def _manage(request: HttpRequest, meeting: Meeting) -> None:
    if not policy.can_manage(request.user, meeting.group):
        raise NotPermitted("Only the partnership's coordinators run tasking meetings.")


def _forms(meeting: Meeting, bound: dict[str, forms.Form]) -> dict[str, Any]:
    group = meeting.group
    organisations = selectors.group_organisations(group=group)
    people = selectors.group_people(group=group)
    return {
        "version_form": bound.get("version")
        or tasking_forms.VersionForm(initial={"version": meeting.version}),
        "free_form": bound.get("add-item")
        or tasking_forms.FreeItemForm(organisations=organisations, initial={"version": meeting.version}),
        "attendance_form": bound.get("attendance")
        or tasking_forms.AttendanceForm(organisations=organisations, people=people),
        "organisations": organisations,
        "people": people,
    }


def _item_forms(meeting: Meeting, agenda: list, bound: dict[str, forms.Form]) -> list[tuple]:
    organisations = selectors.group_organisations(group=meeting.group)
    people = selectors.group_people(group=meeting.group)
    return [
        (
            row,
            bound.get(f"minutes-{row.item.id}")
            or tasking_forms.MinutesForm(prefix=f"m{row.item.id}", initial={"minutes": row.item.minutes}),
            bound.get(f"action-{row.item.id}")
            or tasking_forms.ActionForm(prefix=f"a{row.item.id}", organisations=organisations, people=people),
            f"minutes-{row.item.id}" in bound,
        )
        for row in agenda
    ]


def _page(request: HttpRequest, meeting: Meeting, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    bound = bound or {}
    agenda = meeting_services.agenda_view(by=request.user, meeting=meeting)
    failed = next(iter(bound.values()), None)
    log = selectors.action_log(meeting=meeting)
    return render(
        request,
        "tasking/meeting_detail.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "items": _item_forms(meeting, agenda, bound),
            "attendance": selectors.meeting_attendance(meeting=meeting),
            "log": [
                (
                    action,
                    action_services.can_update_action(request.user, action),
                    bound.get(f"progress-{action.id}")
                    or tasking_forms.ActionUpdateForm(prefix=f"p{action.id}"),
                    f"progress-{action.id}" in bound,
                )
                for action in log
            ],
            "manages": policy.can_manage(request.user, meeting.group),
            "failed": next(iter(bound), None),
            "failed_form": failed,
            "page_has_errors": bool(failed and failed.errors),
            "today": timezone.localdate(),
            **_forms(meeting, bound),
        },
    )


@tasking_view
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _page(request, selectors.meeting_get(user=request.user, meeting_id=meeting_id))


def _item(meeting: Meeting, value: str) -> AgendaItem:
    item = meeting.items.filter(id=int(value) if value.isdigit() else 0).first()
    if item is None:
        raise NotFound("There is no such item on this agenda.")
    return item


def _do(request: HttpRequest, meeting: Meeting, name: str) -> tuple[str, forms.Form, str | None]:
    """Run one of the meeting's forms. Returns its key, the form, and the success message (None: failed)."""
    user = request.user
    group = meeting.group
    post = request.POST
    form: forms.Form
    if name in ("generate", "publish"):
        form = tasking_forms.VersionForm(post)
        if form.is_valid():
            version = form.cleaned_data["version"]
            if name == "generate":
                ok, items = attempt(
                    form, lambda: meeting_services.agenda_generate(by=user, meeting=meeting, version=version)
                )
                return "version", form, f"Agenda generated: {len(items or [])} items" if ok else None
            ok, asked = attempt(
                form, lambda: meeting_services.agenda_publish(by=user, meeting=meeting, version=version)
            )
            return "version", form, f"Agenda published. {asked} item owners asked for updates" if ok else None
        return "version", form, None
    if name == "add-item":
        form = tasking_forms.FreeItemForm(post, organisations=selectors.group_organisations(group=group))
        if form.is_valid():
            data = form.cleaned_data
            ok, _ = attempt(
                form,
                lambda: meeting_services.agenda_item_add(
                    by=user,
                    meeting=meeting,
                    version=data["version"],
                    title=data["title"],
                    details=data["details"],
                    owner_organisation=data["owner_organisation"],
                ),
            )
            return name, form, "Item added" if ok else None
        return name, form, None
    if name == "attendance":
        form = tasking_forms.AttendanceForm(
            post,
            organisations=selectors.group_organisations(group=group),
            people=selectors.group_people(group=group),
        )
        if form.is_valid():
            data = form.cleaned_data
            ok, _ = attempt(
                form,
                lambda: meeting_services.attendance_record(
                    by=user,
                    meeting=meeting,
                    organisation=data["organisation"],
                    person=data["person"],
                    status=data["status"],
                ),
            )
            return name, form, f"Attendance recorded: {data['organisation'].name}" if ok else None
        return name, form, None
    if name == "hold":
        form = forms.Form(post)
        form.is_valid()
        ok, _ = attempt(form, lambda: meeting_services.meeting_hold(by=user, meeting=meeting))
        return "version", form, "Meeting marked as held" if ok else None
    kind, _, number = name.partition("-")
    if kind == "minutes":
        item = _item(meeting, number)
        form = tasking_forms.MinutesForm(post, prefix=f"m{item.id}")
        if form.is_valid():
            ok, _ = attempt(
                form,
                lambda: meeting_services.minutes_save(
                    by=user, item=item, minutes=form.cleaned_data["minutes"]
                ),
            )
            return name, form, f"Minutes saved: item {item.title}" if ok else None
        return name, form, None
    if kind == "action":
        item = _item(meeting, number)
        form = tasking_forms.ActionForm(
            post,
            prefix=f"a{item.id}",
            organisations=selectors.group_organisations(group=group),
            people=selectors.group_people(group=group),
        )
        if form.is_valid():
            data = form.cleaned_data
            ok, _ = attempt(
                form,
                lambda: action_services.action_add(
                    by=user,
                    meeting=meeting,
                    item=item,
                    title=data["title"],
                    owner_organisation=data["owner_organisation"],
                    owner_officer=data["owner_officer"],
                    due_on=data["due_on"],
                ),
            )
            return name, form, f"Action agreed: {data['title']}" if ok else None
        return name, form, None
    raise NotFound("There is no such page.")


@tasking_view
@require_POST
def meeting_do(request: HttpRequest, meeting_id: int, name: str) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    _manage(request, meeting)
    key, form, message = _do(request, meeting, name)
    if message is not None:
        messages.success(request, message)
        return redirect("tasking:meeting-detail", meeting_id=meeting.id)
    meeting.refresh_from_db()
    return _page(request, meeting, {key: form})


@tasking_view
@require_POST
def item_do(request: HttpRequest, meeting_id: int, item_id: int, name: str) -> HttpResponse:
    """Minutes and actions, item by item."""
    if name not in ("minutes", "action"):
        raise NotFound("There is no such page.")
    return meeting_do(request, meeting_id=meeting_id, name=f"{name}-{item_id}")


@tasking_view
def agenda_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Reorder, annotate and remove items before publishing. A stale edit is refused, keeping the input."""
    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    _manage(request, meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise NotPermitted("The agenda is published: it can no longer be changed.")
    items = list(meeting.items.all())
    form = tasking_forms.AgendaEditForm(
        request.POST or None, items=items, initial={"version": meeting.version}
    )
    if request.method == "POST" and form.is_valid():
        positions, notes, remove = form.changes()
        try:
            meeting_services.agenda_edit(
                by=request.user,
                meeting=meeting,
                version=form.cleaned_data["version"],
                positions=positions,
                notes=notes,
                remove=remove,
            )
        except (NotPermitted, NotFound):
            raise
        except meeting_services.ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Agenda saved")
            return redirect("tasking:meeting-detail", meeting_id=meeting.id)
    return render(
        request,
        "tasking/agenda_edit.html",
        {"meeting": meeting, "form": form, "page_has_errors": bool(form.errors)},
    )


@tasking_view
def item_update(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Where an item's owner writes their update before the meeting (the link in their email)."""
    item = selectors.item_get(user=request.user, meeting_id=meeting_id, item_id=item_id)
    form = tasking_forms.UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            form,
            lambda: meeting_services.item_update_write(
                by=request.user, item=item, text=form.cleaned_data["text"]
            ),
        )
        if ok:
            messages.success(request, "Update saved. It shows on the agenda")
            if policy.can_see(request.user, item.meeting.group):
                return redirect("tasking:meeting-detail", meeting_id=item.meeting_id)
            return redirect("tasking:item-update", meeting_id=item.meeting_id, item_id=item.id)
    agenda = [
        row for row in selectors.agenda_for(user=request.user, meeting=item.meeting) if row.item.id == item.id
    ]
    return render(
        request,
        "tasking/item_update.html",
        {
            "item": item,
            "row": agenda[0],
            "meeting": item.meeting,
            "form": form,
            "page_has_errors": bool(form.errors),
        },
    )


@tasking_view
def action_progress(request: HttpRequest, meeting_id: int, action_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("tasking:meeting-detail", meeting_id=meeting_id)
    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    action: TaskingAction = selectors.action_get(user=request.user, action_id=action_id)
    if action.group_id != meeting.group_id:
        raise NotFound("That action is not in this group's action log.")
    form = tasking_forms.ActionUpdateForm(request.POST, prefix=f"p{action.id}")
    if form.is_valid():
        close = form.cleaned_data["close"]
        ok, _ = attempt(
            form,
            lambda: action_services.action_update(
                by=request.user, action=action, text=form.cleaned_data["text"], close=close, meeting=meeting
            ),
        )
        if ok:
            messages.success(request, f"Action {'closed' if close else 'updated'}: {action.title}")
            return redirect("tasking:meeting-detail", meeting_id=meeting.id)
    return _page(request, meeting, {f"progress-{action.id}": form})


def _pack_context(request: HttpRequest, meeting: Meeting, *, export: bool) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "group": meeting.group,
        "agenda": meeting_services.agenda_view(by=request.user, meeting=meeting, export=export),
        "attendance": selectors.meeting_attendance(meeting=meeting),
        "log": [(action, False, None, False) for action in selectors.action_log(meeting=meeting)],
        "members": selectors.group_organisations(group=meeting.group),
        "printed_at": timezone.localtime(),
    }


@tasking_view
def agenda_pack(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    return render(request, "tasking/pack.html", _pack_context(request, meeting, export=False))


@tasking_view
def agenda_pack_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    html = render_to_string(
        "tasking/pack_document.html", _pack_context(request, meeting, export=True), request=request
    )
    response = HttpResponse(
        pdf_from_html(html, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
    )
    stamp = timezone.localtime(meeting.scheduled_for).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="agenda-pack-{stamp}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
