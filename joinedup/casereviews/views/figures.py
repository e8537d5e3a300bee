"""The four figures every area must publish (2014 Act s.104, REFERENCE.md §1.4), for staff and the public.

Counts only, no personal data: any member of staff reads them, and the public page publishes them.
"""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.spreadsheets import spreadsheet_safe
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.decorators import staff_required

from .. import selectors

HEADINGS = [
    "Reporting year",
    "From",
    "To",
    "Applications received",
    "Threshold not met",
    "Case reviews carried out",
    "Case reviews that led to recommendations",
]


@never_cache
@staff_required
def figures(request: HttpRequest) -> HttpResponse:
    partnership = selectors.figures_partnership(user=request.user, slug=request.GET.get("partnership", ""))
    return render(
        request,
        "casereviews/figures.html",
        {
            "partnership": partnership,
            "years": selectors.figures(partnership=partnership),
            "partnerships": partner_selectors.partnership_list(user=request.user).order_by("name"),
            "public": False,
        },
    )


@never_cache
@staff_required
def figures_csv(request: HttpRequest) -> HttpResponse:
    partnership = selectors.figures_partnership(user=request.user, slug=request.GET.get("partnership", ""))
    years = selectors.figures(partnership=partnership)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="asb-case-reviews-{partnership.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(HEADINGS)
    for y in years:
        writer.writerow(
            [
                spreadsheet_safe(y.label),
                y.starts_on.isoformat(),
                y.ends_on.isoformat(),
                y.received,
                y.not_met,
                y.reviews,
                y.with_recommendations,
            ]
        )
    audit_record(
        by=request.user,
        action=Action.EXPORTED,
        partnership=partnership,
        changes={"export": "ASB Case Review figures", "years": len(years)},
    )
    return response


def figures_public(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.public_partnership(slug=slug)
    return render(
        request,
        "casereviews/figures.html",
        {"partnership": partnership, "years": selectors.figures(partnership=partnership), "public": True},
    )
