"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # type: ignore[assignment] # served from the apps by the finders, no collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Email goes to an in-memory outbox (joinedup.notify.backends.outbox); tasks run inline.
NOTIFY_BACKEND = "joinedup.notify.backends.OutboxBackend"
HUEY = {**HUEY, "immediate": True}  # noqa: F405
