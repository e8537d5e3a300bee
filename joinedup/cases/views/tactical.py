"""The multi-agency tactical group list: the partnership's list, and adding, changing and taking off
entries from a case's page. Entries are addressed by their number on the case, never by name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.forms import add_service_errors, attempt

from .. import repeat_selectors, selectors, tactical_selectors
from ..models import Case, Person, TacticalListEntry
from ..repeat_forms import RepeatFilterForm
from ..services import tactical
from ..services.cases import StaleEdit
from ..tactical_forms import TacticalChangeForm, TacticalEntryForm, TacticalRemoveForm
from .casework import _casework, _open


def _case(request: HttpRequest, reference: str) -> Case:
    """The case, recorded as viewed when the page is shown; locked cases are refused either way."""
    if request.method == "GET":
        return _open(request, reference)
    return selectors.case_get_open(user=request.user, reference=reference)


def _page(request: HttpRequest, template: str, case: Case, form: forms.Form, **extra: Any) -> HttpResponse:
    return render(
        request, template, {"case": case, "form": form, "page_has_errors": bool(form.errors), **extra}
    )


@_casework
def tactical_list(request: HttpRequest) -> HttpResponse:
    partnerships = repeat_selectors.repeat_partnerships(user=request.user)
    form = RepeatFilterForm(request.GET or None, partnerships=partnerships)
    partnership = repeat_selectors.repeat_partnership_get(user=request.user, slug=form.value("partnership"))
    rows = tactical.tactical_list_view(by=request.user, partnership=partnership)
    return render(
        request,
        "cases/tactical_list.html",
        {
            "partnership": partnership,
            "partnerships": partnerships,
            "rows": rows,
            "overdue": sum(1 for r in rows if r.overdue),
            "today": timezone.localdate(),
        },
    )


@_casework
def tactical_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    people = Person.objects.filter(roles__case=case).distinct().order_by("family_name", "given_name")
    form = TacticalEntryForm(
        request.POST or None,
        people=people,
        organisations=selectors.case_partner_organisations(case=case),
        initial={"plan_owner": case.lead_partner_id},
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            form, lambda: tactical.tactical_entry_add(by=request.user, case=case, **form.cleaned_data)
        )
        if ok:
            messages.success(request, "Added to the tactical group list")
            return redirect("case-detail", reference=case.reference)
    return _page(request, "cases/tactical_add.html", case, form)


def _entry(request: HttpRequest, reference: str, entry_id: int) -> TacticalListEntry:
    entry = tactical_selectors.tactical_entry_get(case=_case(request, reference), entry_id=entry_id)
    if not entry.is_active:
        raise NotFound("This entry has been taken off the tactical list.")
    return entry


def _edit(
    request: HttpRequest, entry: TacticalListEntry, form: forms.Form, change: Any, done: str, template: str
) -> HttpResponse:
    """Run a change to an entry; a stale edit keeps what they typed and shows the entry as it now is."""
    stale = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            change(by=request.user, entry=entry, **data)
        except StaleEdit as error:
            add_service_errors(form, error)
            stale = TacticalListEntry.objects.select_related("plan_owner").get(pk=entry.pk)
            posted = request.POST.copy()
            posted["version"] = str(stale.version)
            form.data = posted
        except (NotPermitted, NotFound):
            raise
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("case-detail", reference=entry.case.reference)
    return _page(request, template, entry.case, form, entry=entry, stale=stale)


@_casework
def tactical_change(request: HttpRequest, reference: str, entry_id: int) -> HttpResponse:
    entry = _entry(request, reference, entry_id)
    initial = {
        "version": entry.version,
        "plan": entry.plan,
        "plan_owner": entry.plan_owner_id,
        "review_on": entry.review_on,
    }
    organisations = selectors.case_partner_organisations(case=entry.case)
    form = TacticalChangeForm(request.POST or None, organisations=organisations, initial=initial)
    return _edit(
        request,
        entry,
        form,
        tactical.tactical_entry_update,
        "Tactical group list entry saved",
        "cases/tactical_change.html",
    )


@_casework
def tactical_remove(request: HttpRequest, reference: str, entry_id: int) -> HttpResponse:
    entry = _entry(request, reference, entry_id)
    form = TacticalRemoveForm(request.POST or None, initial={"version": entry.version})
    return _edit(
        request,
        entry,
        form,
        tactical.tactical_entry_remove,
        "Taken off the tactical group list",
        "cases/tactical_remove.html",
    )
