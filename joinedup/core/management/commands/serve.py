"""`joinedup serve`: run Joined Up under gunicorn, the production WSGI server."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the app with gunicorn on 127.0.0.1 (PORT or --port)."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "3"))

    def handle(self, *args, port: str, host: str, workers: str, **options):
        self.stdout.write(self.style.SUCCESS(f"Serving Joined Up on http://{host}:{port}/ (Ctrl+C to stop)"))
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        os.execvp(argv[0], argv)  # noqa: S606 - replaces this process with the server
