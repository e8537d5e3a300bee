"""`joinedup import-police`: load police.uk street, outcomes and stop-and-search files.

    joinedup import-police data/police-uk/                       # every YYYY-MM/*.csv below
    joinedup import-police 2025-06.zip                           # a police.uk monthly archive
    joinedup import-police 2025-06/2025-06-west-mercia-street.csv 2025-07/

Each file loads whole or not at all. A file already imported is skipped; a month re-published with
different content replaces the old one. The summary lists every problem with its line numbers; the
exit status is 1 if any file failed.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from joinedup.core.errors import ApplicationError
from joinedup.intelligence.importing.reading import problem_text
from joinedup.intelligence.services import ImportResult, police_files_import, police_sources


class ProgressBar:
    """A one-line bar on a terminal; nothing at all when the output goes to a file or a pipe."""

    def __init__(self, stream, total: int):
        self.stream = stream
        self.total = total
        self.done = 0
        self.rows = 0
        self.started = time.perf_counter()
        self.shown = bool(getattr(stream, "isatty", lambda: False)())

    def advance(self, result: ImportResult) -> None:
        self.done += 1
        self.rows += result.rows
        if not self.shown:
            return
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        elapsed = time.perf_counter() - self.started
        self.stream.write(
            f"\r[{'#' * filled}{' ' * (width - filled)}] {self.done}/{self.total} files, "
            f"{self.rows:,} rows, {elapsed:.0f} s"
        )
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import police.uk CSV files: files, folders in the police.uk month layout, or archive zips."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a CSV file, a folder or a .zip archive")

    def handle(self, *args, **options) -> None:
        try:
            sources = police_sources(options["paths"])
            bar = ProgressBar(self.stdout._out, len(sources))
            results = police_files_import(
                by=None, label="command line", sources=sources, progress=bar.advance
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for result in results:
            self._report(result)
        failed = [r for r in results if r.failed]
        loaded = [r for r in results if r.status in ("imported", "replaced")]
        if connection.vendor == "postgresql" and loaded and not connection.in_atomic_block:
            # Counting reads the incident indexes alone once the new pages are marked all-visible;
            # autovacuum would get there in its own time, an analyst runs counts straight after.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE) intelligence_incident")
        summary = (
            f"{len(results)} file(s): {len(loaded)} loaded ({sum(r.rows for r in loaded):,} rows), "
            f"{sum(r.status == 'skipped' for r in results)} skipped, {len(failed)} failed."
        )
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _report(self, result: ImportResult) -> None:
        if result.failed:
            self.stderr.write(self.style.ERROR(str(result)))
            for problem in result.problems:
                self.stderr.write(f"  {problem}")
            return
        self.stdout.write(str(result))
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"  {problem_text(**warning)}"))
