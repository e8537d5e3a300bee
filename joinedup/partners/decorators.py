"""Cross-cutting HTTP concerns as small named decorators."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from . import policy


def staff_required(view):
    """Signed-in, active partner staff only; others are sent to sign in, community members refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if policy.is_community_member(request.user):
            raise PermissionDenied(
                "Community members see their engagement programmes and the asset map only."
            )
        if not policy.is_staff_member(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
