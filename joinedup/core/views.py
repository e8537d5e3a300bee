"""Pages that belong to no one context: home, sign-in/out, error pages, health check."""

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from joinedup.partners import policy as partner_policy
from joinedup.partners import selectors as partner_selectors
from joinedup.partners import services as partner_services
from joinedup.partners.forms import SignInForm


def home(request: HttpRequest) -> HttpResponse:
    if partner_policy.is_community_member(request.user):  # they work in no partnership, only their groups
        return redirect("problems:programmes")
    context = {}
    if request.user.is_authenticated:
        context["partnerships"] = partner_selectors.partnership_list(user=request.user)
    return render(request, "core/home.html", context)


@never_cache
@ratelimit(key="post:username", rate=settings.SIGN_IN_RATE_PER_ACCOUNT, method="POST", block=True)
@ratelimit(key="ip", rate=settings.SIGN_IN_RATE_PER_ADDRESS, method="POST", block=True)
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            login(request, user)
            partner_services.user_record_sign_in(by=user)
            return redirect(next_url or "home")
        partner_services.user_record_failed_sign_in(email=form.data.get("username", ""))
    return render(request, "core/sign_in.html", {"form": form, "next": next_url})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        partner_services.user_record_sign_out(by=request.user)
    logout(request)
    return redirect("home")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/429.html", status=429)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may be in one of them.
    from django.template import loader

    return HttpResponse(
        loader.get_template("errors/500.html").render({"service_name": settings.SERVICE_NAME}), status=500
    )
