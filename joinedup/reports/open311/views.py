"""Open311 GeoReport v2 endpoints: thin function views that parse parameters and write documents.

Every endpoint answers in the format its extension asks for (.xml or .json). Errors use the
specification's format and HTTP codes: 400 for a missing or bad parameter (named in the
description), 403 for a missing, wrong or revoked api_key, 404 for an unknown jurisdiction, service
code, request or token (and an unknown format extension, answered in XML, the required format).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from joinedup.core.errors import ApplicationError

from . import selectors, services
from .forms import RequestsQueryForm, ServiceRequestForm
from .serializers import FORMATS, errors_document, render

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"

# How service-layer fields are named in Open311 terms, so an error names the parameter to fix.
_PARAMETERS = {
    "category": "service_code",
    "location": "lat/long",
    "ward": "lat/long",
    "description": "description",
}


def _document(data, *, fmt: str, root: str, status: int = 200) -> HttpResponse:
    return HttpResponse(render(data, fmt=fmt, root=root), content_type=FORMATS[fmt], status=status)


def _errors(errors: list[tuple[int, str]], *, fmt: str, status: int | None = None) -> HttpResponse:
    return _document(errors_document(errors), fmt=fmt, root="errors", status=status or errors[0][0])


def _parameter(field: str | None) -> str | None:
    if field and field.startswith("answer_"):
        return f"attribute[{field.removeprefix('answer_')}]"
    return _PARAMETERS.get(field or "", field)


def _description(error: ApplicationError) -> str:
    parameter = _parameter(error.field)
    if parameter and not error.message.startswith(parameter.split("/")[0]):
        return f"{parameter}: {error.message}"
    return error.message


def open311_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Check the format extension and answer an ApplicationError in the Open311 error format."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, fmt: str, **kwargs) -> HttpResponse:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            return _errors([(404, f"Unknown format .{fmt}: ask for .xml or .json")], fmt="xml")
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except ApplicationError as error:
            return _errors([(error.status, _description(error))], fmt=fmt)

    return wrapper


def _jurisdiction(request: HttpRequest):
    return selectors.open311_jurisdiction_get(jurisdiction_id=request.GET.get("jurisdiction_id", ""))


@require_GET
@open311_endpoint
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    # Categories carry no change time, so the changeset is the latest midnight: apps that cache the
    # service list and definitions refresh them daily.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    base = request.build_absolute_uri(reverse("open311-root"))
    document = {
        "changeset": today,
        "contact": f"Ask the administrator of your {settings.SERVICE_NAME} partnership.",
        "key_service": "API keys are issued by the partnership's coordinator or administrator.",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": today,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _document(document, fmt=fmt, root="discovery")


@require_GET
@open311_endpoint
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    services_ = selectors.open311_services(partnership=_jurisdiction(request))
    return _document(services_, fmt=fmt, root="services")


@require_GET
@open311_endpoint
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    definition = selectors.open311_service_definition(partnership=_jurisdiction(request), code=code)
    return _document(definition, fmt=fmt, root="service_definition")


def _post_rate(group: str, request: HttpRequest) -> str:
    return getattr(settings, "OPEN311_RATE", "600/m")


@csrf_exempt  # an API with its own key; browsers' cookies play no part in it
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="post:api_key", rate=_post_rate, method="POST", block=False)
@open311_endpoint
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _request_create(request, fmt)
    query = RequestsQueryForm(request.GET)
    if not query.is_valid():
        return _errors([(400, message) for message in query.errors_as_list()], fmt=fmt)
    data = query.cleaned_data
    documents = selectors.open311_requests(
        partnership=_jurisdiction(request),
        references=data["service_request_id"],
        service_codes=data["service_code"],
        start=data["start_date"],
        end=data["end_date"],
        statuses=data["status"],
    )
    return _document(documents, fmt=fmt, root="service_requests")


def _request_create(request: HttpRequest, fmt: str) -> HttpResponse:
    if getattr(request, "limited", False):
        return _errors([(429, "Too many requests with this api_key; try again in a minute")], fmt=fmt)
    form = ServiceRequestForm(request.POST)
    # The key is checked before anything else, so nothing is said about the request to a stranger.
    client = selectors.open311_client_for_key(key=request.POST.get("api_key", ""))
    if client is None:
        return _errors([(403, "api_key is missing or not valid: ask the partnership for a key")], fmt=fmt)
    partnership = selectors.open311_jurisdiction_get(
        jurisdiction_id=request.POST.get("jurisdiction_id", ""), default=client.partnership
    )
    if partnership.id != client.partnership_id:
        return _errors([(403, f"api_key is not valid for jurisdiction_id {partnership.slug!r}")], fmt=fmt)
    if not form.is_valid():
        return _errors([(400, message) for message in form.errors_as_list()], fmt=fmt)
    data = form.cleaned_data
    category = selectors.open311_category_get(partnership=partnership, code=data["service_code"])
    report = services.open311_request_submit(
        client=client,
        category=category,
        description=data["description"],
        latitude=data["lat"],
        longitude=data["long"],
        address_string=data["address_string"],
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        phone=data["phone"],
        answers=form.attributes(),
        media_url=data["media_url"],
    )
    document = [
        {
            "service_request_id": report.reference,
            "token": report.open311_token,
            "service_notice": selectors.service_notice(report),
            "account_id": None,
        }
    ]
    return _document(document, fmt=fmt, root="service_requests")


@require_GET
@never_cache
@open311_endpoint
def request_detail(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    document = selectors.open311_request_get(partnership=_jurisdiction(request), reference=reference)
    return _document([document], fmt=fmt, root="service_requests")


@require_GET
@never_cache
@open311_endpoint
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    document = selectors.open311_token_get(partnership=_jurisdiction(request), token=token)
    return _document([document], fmt=fmt, root="service_requests")


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    """The base URL sends people and apps to service discovery."""
    return HttpResponseRedirect(reverse("open311-discovery", kwargs={"fmt": "xml"}))
