"""`joinedup serve`: run Joined Up under gunicorn, the production WSGI server.

With the embedded queue (no REDIS_URL) the background task worker runs beside gunicorn, so
`make demo` needs no other server; JOINEDUP_NO_WORKER=1 leaves it out (run `joinedup worker`).
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand
from huey.storage import SqliteStorage

from joinedup.tasks.queue import huey, queue_describe


class Command(BaseCommand):
    help = "Serve the app with gunicorn on 127.0.0.1 (PORT or --port), with the task worker if embedded."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "3"))

    def handle(self, *args, port: str, host: str, workers: str, **options):
        self.stdout.write(self.style.SUCCESS(f"Serving Joined Up on http://{host}:{port}/ (Ctrl+C to stop)"))
        server = [
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
        # Each child is stopped with its own graceful signal: gunicorn's is TERM, huey's is INT.
        children = [(server, signal.SIGTERM)]
        if isinstance(huey.storage, SqliteStorage) and os.environ.get("JOINEDUP_NO_WORKER") != "1":
            self.stdout.write(f"Running background tasks alongside: {queue_describe()}")
            children.append(([sys.executable, "-m", "joinedup.cli", "worker"], signal.SIGINT))
        self.stdout.flush()
        sys.exit(supervise(children))


def supervise(children: list[tuple[list[str], signal.Signals]]) -> int:
    """Run the commands together until one exits or we are told to stop; then stop the rest."""
    running: list[tuple[subprocess.Popen, signal.Signals]] = []
    stopping: set[int] = set()

    def stop_all(*_) -> None:
        for process, stop_signal in running:
            # Once only: a second INT tells huey to abandon the tasks it is running.
            if process.poll() is None and process.pid not in stopping:
                stopping.add(process.pid)
                process.send_signal(stop_signal)

    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, stop_all)
    # Their own process group, so Ctrl+C reaches them once, from here, as their graceful signal.
    running.extend((subprocess.Popen(argv, process_group=0), stop) for argv, stop in children)  # noqa: S603
    while all(process.poll() is None for process, _ in running):
        time.sleep(0.2)
    stop_all()
    codes = []
    for process, _ in running:
        try:
            codes.append(process.wait(timeout=60))
        except subprocess.TimeoutExpired:
            process.kill()
            codes.append(process.wait())
    return next((code for code in codes if code), 0)
