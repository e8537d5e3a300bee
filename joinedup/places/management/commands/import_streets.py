"""`joinedup import-streets`: build the street gazetteer from police.uk street files.

    joinedup import-streets data/police-uk/                      # every YYYY-MM/*-street.csv below
    joinedup import-streets 2025-06/2025-06-west-mercia-street.csv 2025-07/

Load the district boundaries first; streets are kept only inside a loaded district. On any problem
in a file nothing is imported, every problem is printed and the exit status is 1.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.core.errors import ApplicationError
from joinedup.places.gazetteer import streets_import


class Command(BaseCommand):
    help = "Build the street gazetteer from police.uk street CSV files, or folders of them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="a *-street.csv file or a folder of them"
        )

    def handle(self, *args, **options) -> None:
        try:
            summary = streets_import(by=None, label="command line", paths=options["paths"])
        except ApplicationError as error:
            for problem in error.extra.get("problems", []):
                self.stderr.write(problem)
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(str(summary)))
