"""Administrators read the audit trail: recent events, and one record's whole history."""

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.core.errors import NotFound
from joinedup.partners.decorators import staff_required

from . import selectors


@staff_required
def audit_recent(request: HttpRequest) -> HttpResponse:
    events = selectors.audit_recent(user=request.user)
    return render(request, "audit/event_list.html", {"events": events, "title": "Recent activity"})


@staff_required
def audit_trail(request: HttpRequest, model: str, object_id: str) -> HttpResponse:
    try:
        model_class = apps.get_model(model)
    except (LookupError, ValueError):
        raise NotFound("There is no such kind of record.") from None
    obj = model_class._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise NotFound("There is no such record.")
    events = selectors.audit_trail_for(user=request.user, obj=obj)
    return render(request, "audit/event_list.html", {"events": events, "title": f"Audit trail: {obj}"})
