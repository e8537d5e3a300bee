"""`joinedup demo`: set up the database and load the Worcester demo once; print how to sign in."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from joinedup.demo import loader
from joinedup.demo.cases import VICTIM_SUPPORT_EMAIL
from joinedup.demo.partnerships import DEMO_PASSWORD, PEOPLE


class Command(BaseCommand):
    help = "Create the database and load the Worcester demo partnership (only the first time)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", default="8000", help="The port the server will use, for the printed URL."
        )

    def handle(self, *args, port: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if loader.is_loaded():
            self.stdout.write("The demo is already loaded; reusing the database.")
        else:
            self.stdout.write("Loading the Worcester demo partnership…")
            loader.load_demo()
            self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Joined Up: http://127.0.0.1:{port}/"))
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, name, _job_title, organisation, _team, role, _p in PEOPLE:
            self.stdout.write(f"  {email:40} {name}, {role.label} ({organisation})")
        self.stdout.write(
            f"  {VICTIM_SUPPORT_EMAIL:40} Sam Carter, Partner officer (Victim Support, no agreement)"
        )
        self.stdout.write(
            f"  {'system@joinedup.example.org':40} System administrator (system settings at /system/)"
        )
        self.stdout.write("")
