"""Settings shared by every environment. Secrets and hosts come from the environment."""

import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("JOINEDUP_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "joinedup.core",
    "joinedup.partners",
    "joinedup.places",
    "joinedup.audit",
    "joinedup.reports",
    "joinedup.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "joinedup.core.middleware.ApplicationErrorMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "joinedup.core.context_processors.service",
            ],
        },
    },
]


def database_from_env(env: dict[str, str]) -> dict[str, Any]:
    """PostgreSQL in production via DATABASE_URL; an SQLite file under var/ otherwise."""
    url = env.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'joinedup.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    if config["ENGINE"].endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        # WAL lets the web server read while an import writes.
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    return config


DATABASES = {"default": database_from_env(dict(os.environ))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every worker (no per-process state): rate limits and cached map layers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "joinedup_cache",
    }
}

AUTH_USER_MODEL = "partners.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Service targets count working time in these local hours, Monday to Friday, outside bank holidays.
WORKING_DAY_START = int(os.environ.get("JOINEDUP_WORKING_DAY_START", "9"))
WORKING_DAY_END = int(os.environ.get("JOINEDUP_WORKING_DAY_END", "17"))
# The public address of this installation, for links in emails.
SITE_URL = os.environ.get("JOINEDUP_SITE_URL", "http://127.0.0.1:8000")
# A resolved report can be reopened by its reporter for this many days.
REPORT_REOPEN_DAYS = 28

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"  # shown to people; everything is stored in UTC
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "joinedup" / "static"]  # vendored front-end packages
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

RATELIMIT_VIEW = "joinedup.core.views.rate_limited"
# Sign-in attempts: per account (guessing one password) and per client address (trying many).
SIGN_IN_RATE_PER_ACCOUNT = os.environ.get("JOINEDUP_SIGN_IN_RATE_PER_ACCOUNT", "10/5m")
SIGN_IN_RATE_PER_ADDRESS = os.environ.get("JOINEDUP_SIGN_IN_RATE_PER_ADDRESS", "50/5m")

# The service's name and the attributions every page footer carries.
SERVICE_NAME = "Joined Up"
# Optional base map tiles, e.g. "https://tile.example.org/{z}/{x}/{y}.png"; maps work without.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
