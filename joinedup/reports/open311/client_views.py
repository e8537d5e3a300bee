"""Pages where a coordinator or administrator issues and revokes Open311 API keys (under /work/open311/).

A new key is shown once, on the page that made it, and never again: only its hash is kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.core.forms import add_service_errors
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.decorators import staff_required

from .. import policy
from . import selectors, services
from .forms import ClientForm


def _require_coordinator(request: HttpRequest) -> None:
    if not policy.coordinates(request.user):
        raise NotPermitted("Only coordinators and administrators can manage Open311 applications.")


@staff_required
def client_list(request: HttpRequest) -> HttpResponse:
    clients = selectors.open311_clients_visible(user=request.user).annotate(report_count=Count("reports"))
    return render(request, "reports/open311/client_list.html", {"clients": clients})


@staff_required
@never_cache  # the page that shows a new key must not be kept by any cache
def client_new(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    partnerships = partner_selectors.partnership_list(user=request.user)
    form = ClientForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        try:
            client, key = services.open311_client_create(by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "reports/open311/client_created.html", {"client": client, "key": key})
    return render(
        request, "reports/open311/client_new.html", {"form": form, "page_has_errors": bool(form.errors)}
    )


@staff_required
def client_revoke(request: HttpRequest, client_id: int) -> HttpResponse:
    client = selectors.open311_client_get(user=request.user, client_id=client_id)
    error = None
    if request.method == "POST":
        try:
            services.open311_client_revoke(by=request.user, client=client)
        except ApplicationError as failure:
            error = failure.message
        else:
            messages.success(request, f"The key for {client.name} no longer works")
            return redirect("open311-clients")
    return render(request, "reports/open311/client_revoke.html", {"client": client, "error": error})
