"""`joinedup import-boundaries`: load a boundary file, or an ONS best-fit lookup, from the command line.

    joinedup import-boundaries wards.json --kind ward --vintage 2013 \\
        --code-property WD13CD --name-property WD13NM [--parent-code E07000237 | --parent-property LAD13CD]
    joinedup import-boundaries --lookup 135.csv --edition LSOA11-WD19 [--ward-code-column WD19CD ...]

On any problem in the file nothing is imported, every problem is printed and the exit status is 1.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.core.errors import ApplicationError
from joinedup.places.boundaries import LookupColumns
from joinedup.places.lookup import area_by_code
from joinedup.places.models import AreaKind
from joinedup.places.services import boundaries_import, lookup_import

_COLUMN_OPTIONS = {
    "lsoa_code": "LSOA code",
    "lsoa_name": "LSOA name",
    "ward_code": "ward code",
    "ward_name": "ward name",
    "district_code": "district code",
    "district_name": "district name",
}
_ACTOR_LABEL = "command line"


class Command(BaseCommand):
    help = "Import a GeoJSON boundary file as areas, or (with --lookup) an ONS LSOA best-fit lookup CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", help="GeoJSON FeatureCollection, or .geojsonl (a Feature a line)"
        )
        parser.add_argument("--kind", choices=AreaKind.values, help="what the features are")
        parser.add_argument(
            "--vintage", default="", help='edition of the geography, e.g. "2013" (not for patches)'
        )
        parser.add_argument("--code-property", help="feature property holding the code, e.g. WD13CD")
        parser.add_argument("--name-property", help="feature property holding the name, e.g. WD13NM")
        parents = parser.add_mutually_exclusive_group()
        parents.add_argument("--parent-code", help="code of the loaded area every feature sits in")
        parents.add_argument("--parent-property", help="feature property holding each one's parent code")

        parser.add_argument("--lookup", metavar="FILE", help="import an ONS best-fit lookup CSV instead")
        parser.add_argument("--edition", help='the lookup edition, e.g. "LSOA11-WD19"')
        defaults = LookupColumns()
        for name, description in _COLUMN_OPTIONS.items():
            parser.add_argument(
                f"--{name.replace('_', '-')}-column",
                dest=f"{name}_column",
                default=getattr(defaults, name),
                help=f"lookup column holding the {description} (default %(default)s)",
            )

    def handle(self, *args, **options) -> None:
        try:
            summary = self._lookup(options) if options["lookup"] else self._boundaries(options)
        except ApplicationError as error:
            for problem in error.extra.get("problems", []):
                self.stderr.write(problem)
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(str(summary)))

    def _boundaries(self, options: dict):
        if options["file"] is None:
            raise CommandError("Give a boundary FILE, or --lookup FILE.")
        missing = [
            f"--{n.replace('_', '-')}" for n in ("kind", "code_property", "name_property") if not options[n]
        ]
        if missing:
            raise CommandError(f"A boundary import needs {', '.join(missing)}.")
        parent = area_by_code(code=options["parent_code"]) if options["parent_code"] else None
        return boundaries_import(
            by=None,
            label=_ACTOR_LABEL,
            path=options["file"],
            kind=options["kind"],
            vintage=options["vintage"],
            code_property=options["code_property"],
            name_property=options["name_property"],
            parent=parent,
            parent_property=options["parent_property"],
        )

    def _lookup(self, options: dict):
        if options["file"]:
            raise CommandError("Give either a boundary FILE or --lookup FILE, not both.")
        if not options["edition"]:
            raise CommandError("A lookup import needs --edition, e.g. --edition LSOA11-WD19.")
        columns = LookupColumns(**{name: options[f"{name}_column"] for name in _COLUMN_OPTIONS})
        return lookup_import(
            by=None, label=_ACTOR_LABEL, path=options["lookup"], edition=options["edition"], columns=columns
        )
