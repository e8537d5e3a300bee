"""What every tasking page shares: who may come in, and calling a service from a form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from joinedup.core.forms import attempt
from joinedup.partners.decorators import staff_required

__all__ = ["attempt", "tasking_view"]


def tasking_view(view: Any) -> Any:
    """Signed-in staff only (others are sent to sign in); selectors then decide what they may see."""

    @staff_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return never_cache(wrapper)
