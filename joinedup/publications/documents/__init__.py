"""The catalogue: every document the partnership publishes, what it is about and what period it covers.

Each kind says how to find its subject (a ward, a district, a partnership) for a reader, how its period
is written, who may read it and which builder makes it. Views and the `publish` command use only this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from joinedup.core.errors import NotFound
from joinedup.partners.models import Partnership
from joinedup.places.models import Area, AreaKind

from ..document import Document
from ..periods import Months, months_parse, year_parse
from ..readers import Reader
from .annual_report import annual_report
from .case_review_figures import case_review_figures
from .strategic_assessment import strategic_assessment
from .ward_briefing import ward_briefing


def _areas(reader: Reader, kind: str) -> QuerySet[Area]:
    """Wards or districts of the reader's partnerships (any partnership's, for the system)."""
    districts = Area.objects.filter(partnerships__in=reader.partnerships(), kind=AreaKind.DISTRICT)
    found = districts if kind == AreaKind.DISTRICT else Area.objects.filter(kind=kind, parent__in=districts)
    return found.distinct().defer("boundary").order_by("name")


@dataclass(frozen=True)
class DocumentKind:
    slug: str
    title: str
    description: str
    subject_label: str  # "Ward"
    subject_hint: str
    period_label: str
    period_hint: str
    councillors: bool  # may councillors read it?
    formats: tuple[str, ...]
    choices: Callable[[Reader], list[tuple[str, str]]]
    find: Callable[[Reader, str], Any]
    parse_period: Callable[[str], Any]
    build: Callable[..., Document]

    def subject(self, reader: Reader, value: str) -> Any:
        found = self.find(reader, (value or "").strip())
        if found is None:
            raise NotFound(f"There is no {self.subject_label.lower()} {value!r} that you may publish for.")
        return found

    def make(
        self, *, reader: Reader, subject: Any, period: Any, as_of: dt.datetime, generated_at: dt.datetime
    ) -> Document:
        return self.build(reader, subject, period, as_of=as_of, generated_at=generated_at)


def _area_kind(kind: str) -> tuple[Callable, Callable]:
    def choices(reader: Reader) -> list[tuple[str, str]]:
        return [(a.code, f"{a.name} ({a.code})") for a in _areas(reader, kind)]

    def find(reader: Reader, code: str) -> Area | None:
        return _areas(reader, kind).filter(code=code).defer(None).first()

    return choices, find


def _partnership_choices(reader: Reader) -> list[tuple[str, str]]:
    return list(reader.partnerships().order_by("name").values_list("slug", "name"))


def _partnership_find(reader: Reader, slug: str) -> Partnership | None:
    return reader.partnerships().filter(slug=slug).first()


_ward_choices, _ward_find = _area_kind(AreaKind.WARD)
_district_choices, _district_find = _area_kind(AreaKind.DISTRICT)

MONTHS_HINT = "First and last month, for example 2025-01:2025-12 (at most 36 months)."


def _partnership_year(
    *, slug: str, title: str, description: str, period_label: str, period_hint: str, build: Callable
) -> DocumentKind:
    """A document about a partnership for a year, for partner staff only."""
    return DocumentKind(
        slug=slug,
        title=title,
        description=description,
        subject_label="Partnership",
        subject_hint="The partnership's short name in addresses, for example south-worcestershire.",
        period_label=period_label,
        period_hint=period_hint,
        councillors=False,
        formats=("html", "pdf", "docx"),
        choices=_partnership_choices,
        find=_partnership_find,
        parse_period=year_parse,
        build=lambda reader, partnership, year, **at: build(
            reader=reader, partnership=partnership, year=year, **at
        ),
    )


CATALOGUE: dict[str, DocumentKind] = {
    kind.slug: kind
    for kind in (
        DocumentKind(
            slug="ward-briefing",
            title="Ward councillor briefing",
            description="Hotspot map, trends, top issues, open reports, cases by kind and tasking actions "
            "for one ward.",
            subject_label="Ward",
            subject_hint="The ward's code, for example E05007883.",
            period_label="Period",
            period_hint=MONTHS_HINT,
            councillors=True,
            formats=("html", "pdf", "docx"),
            choices=_ward_choices,
            find=_ward_find,
            parse_period=months_parse,
            build=lambda reader, ward, period, **at: ward_briefing(
                reader=reader, ward=ward, period=period, **at
            ),
        ),
        DocumentKind(
            slug="strategic-assessment",
            title="Strategic assessment (draft)",
            description="Levels, trends and harm by category and area for a district, with the priorities "
            "they suggest.",
            subject_label="District",
            subject_hint="The district's code, for example E07000237.",
            period_label="Period",
            period_hint=MONTHS_HINT,
            councillors=False,
            formats=("html", "pdf", "docx"),
            choices=_district_choices,
            find=_district_find,
            parse_period=months_parse,
            build=lambda reader, district, period, **at: strategic_assessment(
                reader=reader, district=district, period=period, **at
            ),
        ),
        _partnership_year(
            slug="case-review-figures",
            title="ASB Case Review annual figures",
            description="The four statutory figures for one reporting year.",
            period_label="Reporting year",
            period_hint="The year the reporting year starts in, for example 2025.",
            build=case_review_figures,
        ),
        _partnership_year(
            slug="annual-report",
            title="Annual crime and disorder scrutiny report",
            description="A financial year for the council's crime and disorder committee: the strategic "
            "assessment, governance, PCC funding, projects and their outputs, ASB and Case Review figures, "
            "PSPOs, Domestic Homicide Reviews (counts only) and performance against the plan.",
            period_label="Financial year",
            period_hint="The year it starts in: 2025 for April 2025 to March 2026.",
            build=annual_report,
        ),
    )
}


def period_code(period: Months | int) -> str:
    return period.code if isinstance(period, Months) else str(period)
