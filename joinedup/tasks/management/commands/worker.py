"""`joinedup worker`: run the background task worker (huey's consumer) on the configured queue."""

import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from joinedup.tasks.queue import huey, queue_describe


class Command(BaseCommand):
    help = "Run background tasks from the queue (SQLite file by default, Redis when REDIS_URL is set)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers", type=int, help="Worker threads (default: HUEY consumer setting, JOINEDUP_WORKERS)."
        )
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="Leave periodic tasks to another worker; exactly one worker per queue should run them.",
        )

    def handle(self, *args, workers: int | None, no_periodic: bool, **options):
        if huey.immediate:
            raise CommandError("Tasks run inline in immediate mode, so there is no queue to work on.")
        self.stdout.write(f"Background tasks: {queue_describe()}")
        self.stdout.flush()
        consumer_options: dict[str, object] = {}
        if workers:
            consumer_options["workers"] = workers
        if no_periodic:
            consumer_options["periodic"] = False
        # The consumer gives huey's logger its own handler; stop each line also reaching the root's.
        logging.getLogger("huey").propagate = False
        call_command("run_huey", **consumer_options)
