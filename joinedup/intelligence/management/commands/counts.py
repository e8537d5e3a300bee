"""`joinedup counts`: incidents per area, month and category, as CSV on standard output.

    joinedup counts --area-kind ward --from 2025-01 --to 2025-12 > counts.csv
    joinedup counts --area-kind lsoa --from 2025-04 --to 2026-03 --category burglary --category robbery
    joinedup counts --area-kind ward --from 2025-01 --to 2025-12 --partnership south-worcestershire

One row per area code, month and category that has incidents. Open police.uk data always; with
--partnership also that partnership's partner data and reports (not restricted ones).
"""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.core.errors import ApplicationError
from joinedup.intelligence.models import Source
from joinedup.intelligence.selectors import COUNT_AREA_KINDS, incident_counts, month_parse
from joinedup.partners.models import Partnership

HEADER = ("area_code", "area_name", "month", "category", "count")


class Command(BaseCommand):
    help = "Write incident counts per area code, month and category as CSV to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area-kind", required=True, choices=[str(k) for k in COUNT_AREA_KINDS])
        parser.add_argument("--from", dest="month_from", required=True, metavar="YYYY-MM", help="first month")
        parser.add_argument("--to", dest="month_to", required=True, metavar="YYYY-MM", help="last month")
        parser.add_argument(
            "--category",
            action="append",
            dest="categories",
            metavar="CODE",
            help="e.g. burglary (repeatable)",
        )
        parser.add_argument(
            "--source", action="append", dest="sources", choices=Source.values, help="default: every source"
        )
        parser.add_argument("--partnership", metavar="SLUG", help="also count this partnership's own data")

    def handle(self, *args, **options) -> None:
        try:
            partnership = None
            if options["partnership"]:
                partnership = Partnership.objects.filter(slug=options["partnership"]).first()
                if partnership is None:
                    raise ApplicationError(f"There is no partnership {options['partnership']!r}.")
            counts = incident_counts(
                user=None,
                area_kind=options["area_kind"],
                month_from=month_parse(options["month_from"], field="from"),
                month_to=month_parse(options["month_to"], field="to"),
                categories=options["categories"],
                sources=options["sources"],
                partnership=partnership,
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(
            (c.area_code, c.area_name, f"{c.month:%Y-%m}", c.category, c.incidents) for c in counts
        )
