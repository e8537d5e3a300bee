"""Cross-cutting HTTP concerns as small named decorators."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from . import policy


def staff_required(view):
    """Signed-in, active partner staff only; everyone else is sent to sign in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not policy.is_staff_member(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
