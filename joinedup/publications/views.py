"""Publications pages: the catalogue, the chooser for one document, and the document itself.

Thin: `services.document_publish` checks access, builds, renders and audits. An unknown or another
partnership's ward is not found (404); the public are sent to sign in.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.forms import add_service_errors
from joinedup.intelligence.trend_selectors import loaded_months, month_add
from joinedup.partners.decorators import staff_required
from joinedup.plan.models.funding import year_label
from joinedup.plan.services_register_selectors import financial_year_of

from . import policy, services
from .documents import CATALOGUE, DocumentKind
from .forms import DocumentForm
from .periods import year_parse
from .readers import Reader

ANNUAL = "annual-report"


@require_GET
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    kinds = [kind for kind in CATALOGUE.values() if policy.can_read(request.user, kind)]
    year = last_full_financial_year()
    # The last full year's scrutiny report for each of the reader's partnerships, one click away.
    annual = (
        [
            {"subject": slug, "name": name, "year": year, "label": year_label(year)}
            for slug, name in CATALOGUE[ANNUAL].choices(Reader(request.user))
        ]
        if CATALOGUE[ANNUAL] in kinds
        else []
    )
    return render(request, "publications/index.html", {"kinds": kinds, "annual": annual})


def last_full_financial_year() -> int:
    return financial_year_of(timezone.localdate()) - 1


def _kind(request: HttpRequest, slug: str) -> DocumentKind:
    kind = CATALOGUE.get(slug)
    if kind is None:
        raise Http404("There is no such document.")
    if not policy.can_read(request.user, kind):
        raise NotPermitted(f"Your role cannot make the {kind.title.lower()}.")
    return kind


def _default_period(request: HttpRequest, kind: DocumentKind) -> str:
    if kind.slug == ANNUAL:
        return str(last_full_financial_year())
    if kind.parse_period is year_parse:
        return str(timezone.localdate().year - 1)
    loaded = loaded_months(user=request.user)
    last = loaded[1] if loaded else timezone.localdate().replace(day=1)
    return f"{month_add(last, -11):%Y-%m}:{last:%Y-%m}"


@require_GET
@staff_required
def choose(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(request, slug)
    initial = {"period": _default_period(request, kind), "format": "page", **request.GET.dict()}
    form = DocumentForm(initial=initial, kind=kind, reader=Reader(request.user))
    return render(request, "publications/choose.html", {"kind": kind, "form": form})


@never_cache
@require_GET
@staff_required
def document(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(request, slug)
    form = DocumentForm(request.GET, kind=kind, reader=Reader(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            published = services.document_publish(
                by=request.user,
                slug=slug,
                subject=data["subject"],
                period=data["period"],
                output=data["format"],
            )
        except (NotFound, NotPermitted):
            raise
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            if data["format"] == "page":
                return _page(request, kind, published, data)
            response = HttpResponse(published.content, content_type=published.content_type)
            response["Content-Disposition"] = f'attachment; filename="{published.filename}"'
            response["Cache-Control"] = "private, no-store"
            return response
    return render(request, "publications/choose.html", {"kind": kind, "form": form}, status=400)


def _page(
    request: HttpRequest, kind: DocumentKind, published: services.Published, data: dict
) -> HttpResponse:
    document = published.document
    return render(
        request,
        "publications/document.html",
        {
            "kind": kind,
            "document": document,
            "sources": document.sources,
            "subject": data["subject"],
            "period": data["period"],
            "downloads": [f for f in kind.formats if f != "html"],
        },
    )
