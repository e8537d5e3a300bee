"""Repeat and vulnerable victims: the list, its rule, dismissing a suggestion and opening a case from one.

A row is addressed by an opaque token (a keyed hash), sent by POST; opening a case goes on through a
random key held in the session. Nobody's name, contact details or address travels in an address.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.forms import add_service_errors, attempt
from joinedup.partners.models import Partnership

from .. import repeat_selectors
from ..models import CaseKind
from ..repeat_forms import DismissForm, RepeatCaseForm, RepeatFilterForm, RepeatRuleForm
from ..services import repeats
from ..services.cases import StaleEdit
from .casework import _case_form, _casework

SESSION_KEY = "repeat-victim-open"


def _partnership(request: HttpRequest, source: Any) -> Partnership:
    return repeat_selectors.repeat_partnership_get(user=request.user, slug=source.get("partnership", ""))


def _list_page(
    request: HttpRequest,
    partnership: Partnership,
    show: str,
    *,
    failed: tuple[str, DismissForm] | None = None,
) -> HttpResponse:
    found = repeats.repeat_victims_view(by=request.user, partnership=partnership, show=show)
    failed_token, failed_form = failed or ("", None)
    rows = [
        (row, failed_form if row.token == failed_token else DismissForm(prefix=row.token))
        for row in found.rows
    ]
    filters = RepeatFilterForm(
        {"partnership": partnership.slug, "show": show},
        partnerships=repeat_selectors.repeat_partnerships(user=request.user),
    )
    return render(
        request,
        "cases/repeat_victims.html",
        {
            "found": found,
            "rows": rows,
            "filters": filters,
            "show": show,
            "show_label": repeat_selectors.SHOW.get(show, ""),
            "can_set_rule": repeat_selectors.can_set_rule(request.user, partnership),
            "failed_token": failed_token,
            "failed_form": failed_form,
            "page_has_errors": bool(failed_form and failed_form.errors),
        },
    )


@_casework
def repeat_victim_list(request: HttpRequest) -> HttpResponse:
    partnerships = repeat_selectors.repeat_partnerships(user=request.user)
    form = RepeatFilterForm(request.GET or None, partnerships=partnerships)
    partnership = repeat_selectors.repeat_partnership_get(user=request.user, slug=form.value("partnership"))
    return _list_page(request, partnership, form.value("show") or "current")


@_casework
@require_POST
def repeat_victim_dismiss(request: HttpRequest) -> HttpResponse:
    partnership = _partnership(request, request.POST)
    token = request.POST.get("token", "")
    show = request.POST.get("show", "current")
    form = DismissForm(request.POST, prefix=token)
    if form.is_valid():
        ok, _ = attempt(
            form,
            lambda: repeats.repeat_dismiss(
                by=request.user, partnership=partnership, token=token, reason=form.cleaned_data["reason"]
            ),
        )
        if ok:
            messages.success(request, "Suggestion dismissed. It comes back if a new incident is reported")
            return redirect(f"{reverse('case-repeat-victims')}?partnership={partnership.slug}&show={show}")
    return _list_page(request, partnership, show, failed=(token, form))


@_casework
@require_POST
def repeat_victim_open(request: HttpRequest) -> HttpResponse:
    """Start a case from a suggestion: remember which, under a random key, and show the filled-in form."""
    partnership = _partnership(request, request.POST)
    token = request.POST.get("token", "")
    row = repeat_selectors.repeat_victim_get(user=request.user, partnership=partnership, token=token)
    if not row.can_open_case:
        raise NotFound("A case can no longer be opened from this suggestion.")
    key = secrets.token_urlsafe(12)
    held = request.session.get(SESSION_KEY, {})
    held = dict(list(held.items())[-4:])  # a few at most: one per tab an officer might have open
    held[key] = [partnership.id, token]
    request.session[SESSION_KEY] = held
    return redirect("case-repeat-victim-case", key=key)


@_casework
def repeat_victim_case(request: HttpRequest, key: str) -> HttpResponse:
    held = request.session.get(SESSION_KEY, {}).get(key)
    if held is None:
        raise NotFound("This suggestion has expired. Choose it again from the list of repeat victims.")
    partnership = repeat_selectors.repeat_partnerships(user=request.user).filter(id=held[0]).first()
    if partnership is None:
        raise NotFound("There is no such partnership of yours.")
    token = held[1]
    row = repeats.repeat_victim_view(by=request.user, partnership=partnership, token=token)
    if not row.can_open_case:
        raise NotFound("A case can no longer be opened from this suggestion: it is covered or dismissed.")
    choices = [(i.reference, f"{i.reference}: {i.what}, {i.at:%-d %b %Y}") for i in row.reports]
    form = _case_form(request, RepeatCaseForm, reports=choices)
    if request.method == "GET":
        prefill = repeats.repeat_case_prefill(
            row=row, rule=repeat_selectors.repeat_rule(partnership=partnership)
        )
        kind = CaseKind.objects.filter(code=prefill.pop("kind"), active=True).first()
        form.initial.update(prefill, kind=kind, reports=[c for c, _ in choices])
    elif form.is_valid():
        ok, case = attempt(
            form,
            lambda: repeats.repeat_case_open(
                by=request.user,
                partnership=partnership,
                token=token,
                reports=form.cleaned_data["reports"],
                **form.service_values(),
            ),
        )
        if ok:
            request.session[SESSION_KEY] = {
                k: v for k, v in request.session.get(SESSION_KEY, {}).items() if k != key
            }
            messages.success(request, f"Case {case.reference} opened")
            return redirect("case-detail", reference=case.reference)
    return render(
        request,
        "cases/repeat_case_form.html",
        {"form": form, "row": row, "partnership": partnership, "page_has_errors": bool(form.errors)},
    )


@_casework
def repeat_rule(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    partnership = _partnership(request, source)
    if not repeat_selectors.can_set_rule(request.user, partnership):
        raise NotPermitted(f"Only a coordinator of {partnership.name} can change the repeat-victim rule.")
    rule = repeat_selectors.repeat_rule(partnership=partnership)
    initial = {
        "version": rule.version,
        "incidents": rule.incidents,
        "window_days": rule.window_days,
        "same_place_metres": rule.same_place_metres,
    }
    form = RepeatRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            repeats.repeat_rule_set(by=request.user, partnership=partnership, **form.cleaned_data)
        except StaleEdit as error:
            # Keep what they typed; show the rule as it now is beside it. Saving again is a deliberate choice.
            add_service_errors(form, error)
            rule = repeat_selectors.repeat_rule(partnership=partnership)
            data = request.POST.copy()
            data["version"] = str(rule.version)
            form.data = data
        except (NotPermitted, NotFound):
            raise
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Repeat-victim rule saved")
            return redirect(f"{reverse('case-repeat-victims')}?partnership={partnership.slug}")
    return render(
        request,
        "cases/repeat_rule.html",
        {"form": form, "rule": rule, "partnership": partnership, "page_has_errors": bool(form.errors)},
    )
