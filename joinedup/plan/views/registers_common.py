"""What every register and communications page shares: staff-only, and one way to run a form's service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from joinedup.core.forms import attempt
from joinedup.partners import policy as partner_policy
from joinedup.partners.decorators import staff_required
from joinedup.partners.models import Partnership

from .. import registers_policy as policy


def staff_page(view):
    """Signed-in partner staff only (others are sent to sign in); never cached."""
    return never_cache(staff_required(view))


def kept_partnerships(user: Any) -> Any:
    """The partnerships whose registers this user keeps."""
    if not (user.is_superuser or user.role in policy.KEEPING_ROLES):
        return Partnership.objects.none()
    return partnerships_of(user)


def partnerships_of(user: Any) -> Any:
    return Partnership.objects.filter(id__in=partner_policy.partnership_ids_for(user))


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    back: tuple[str, str],
    submit: str,
    call: Callable[[dict], Any],
    success: str,
    done: Callable[[Any], str],
    caption: str = "",
    intro: str = "",
) -> HttpResponse:
    """Show `form`; on a valid post run `call(cleaned_data)` (a service), then go to `done(result)`. A refusal
    the service explains goes on the form's error summary and beside its field; nothing typed is lost."""
    if request.method == "POST" and form.is_valid():
        ok, result = attempt(form, lambda: call(form.cleaned_data))
        if ok:
            messages.success(request, success)
            return redirect(done(result))
    return render(
        request,
        "plan/registers/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "back_href": back[0],
            "back_text": back[1],
            "submit": submit,
        },
    )
