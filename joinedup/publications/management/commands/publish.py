"""`joinedup publish`: make a document for scheduled runs, as the system.

    joinedup publish ward-briefing --ward E05007883 --period 2025-01:2025-12 --format pdf -o briefing.pdf
    joinedup publish strategic-assessment --district E07000237 --period 2025-01:2025-12 -o sa.pdf
    joinedup publish case-review-figures --partnership south-worcestershire --year 2025 -o cr.pdf
    joinedup publish annual-report --partnership south-worcestershire --year 2025 --format docx -o report.docx

The system reads open police.uk data only, and counts (never records) of the partnerships' reports,
cases and tasking actions, with small counts suppressed: a scheduled document holds no personal data.
Every run is audited as made by the system.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from joinedup.core.errors import ApplicationError

from ...documents import CATALOGUE
from ...services import document_publish

SUBJECT_OPTIONS = {
    "ward-briefing": "ward",
    "strategic-assessment": "district",
    "case-review-figures": "partnership",
    "annual-report": "partnership",
}
YEARLY = {"case-review-figures", "annual-report"}


class Command(BaseCommand):
    help = (
        "Make a publication (ward briefing, strategic assessment, Case Review figures, annual scrutiny "
        "report) as HTML, PDF or DOCX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document", choices=list(CATALOGUE))
        parser.add_argument("--ward", metavar="CODE", help="ward code, for a ward briefing")
        parser.add_argument("--district", metavar="CODE", help="district code, for a strategic assessment")
        parser.add_argument(
            "--partnership", metavar="SLUG", help="partnership, for the Case Review figures or annual report"
        )
        parser.add_argument("--period", metavar="YYYY-MM:YYYY-MM", help="first and last month")
        parser.add_argument("--year", metavar="YYYY", help="the year a reporting year starts in")
        parser.add_argument("--format", dest="output", choices=["html", "pdf", "docx"], default="pdf")
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="count open records at the end of this day")
        parser.add_argument("-o", "--output", dest="path", required=True, help="file to write")

    def handle(self, *args, **options) -> None:
        slug = options["document"]
        option = SUBJECT_OPTIONS[slug]
        subject = options[option]
        if not subject:
            raise CommandError(f"Give --{option} for the {CATALOGUE[slug].title.lower()}.")
        period = options["year"] if slug in YEARLY else options["period"]
        if not period:
            raise CommandError("Give --year." if slug in YEARLY else "Give --period, e.g. 2025-01:2025-12.")
        try:
            published = document_publish(
                by=None,
                slug=slug,
                subject=subject,
                period=period,
                output=options["output"],
                as_of=_as_of(options["as_of"]),
            )
        except ApplicationError as error:
            raise CommandError(error.message) from None
        Path(options["path"]).write_bytes(published.content)
        self.stdout.write(
            f"Wrote {published.document.title}, {published.document.period_label}, to {options['path']}."
        )


def _as_of(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: write it as YYYY-MM-DD.") from None
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
