"""Background work: the one task queue (huey) every app's `tasks.py` puts work on."""
