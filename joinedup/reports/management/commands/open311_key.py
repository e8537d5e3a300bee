"""`joinedup open311-key NAME --partnership SLUG`: issue an Open311 API key and print it (once).

`joinedup open311-key --revoke PREFIX` stops the key that starts with PREFIX from working.
"""

from django.core.management.base import BaseCommand, CommandError

from joinedup.core.errors import ApplicationError
from joinedup.partners.models import Partnership
from joinedup.reports.open311 import selectors, services


class Command(BaseCommand):
    help = "Create an Open311 client application and print its API key, or revoke one with --revoke."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="The application's name, e.g. 'FixMyStreet'.")
        parser.add_argument("--partnership", help="The partnership's slug (optional if there is only one).")
        parser.add_argument("--revoke", metavar="PREFIX", help="Revoke the active key starting with PREFIX.")

    def handle(self, *args, name: str | None, partnership: str | None, revoke: str | None, **options):
        try:
            if revoke:
                self._revoke(revoke)
            elif name:
                self._create(name, partnership)
            else:
                raise CommandError("Give the application's name, or --revoke PREFIX.")
        except ApplicationError as error:
            raise CommandError(error.message) from None

    def _create(self, name: str, slug: str | None) -> None:
        try:
            partnership = selectors.open311_jurisdiction_get(jurisdiction_id=slug or "")
        except ApplicationError:
            slugs = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"Choose the partnership with --partnership SLUG (one of: {slugs}).") from None
        client, key = services.open311_client_create(by=None, partnership=partnership, name=name)
        # The key alone on stdout, so scripts can capture it; the explanation goes to stderr.
        self.stderr.write(
            f"API key for {client.name} ({client.partnership.slug}). It is shown only now; keep it safe."
        )
        self.stdout.write(key)

    def _revoke(self, prefix: str) -> None:
        clients = list(selectors.open311_clients_by_prefix(prefix=prefix))
        if not clients:
            raise CommandError(f"No active key starts with {prefix!r}.")
        if len(clients) > 1:
            raise CommandError(
                f"More than one active key starts with {prefix!r}; revoke it in the web pages."
            )
        client = services.open311_client_revoke(by=None, client=clients[0])
        self.stdout.write(f"Revoked the key for {client.name} ({client.partnership.slug}).")
