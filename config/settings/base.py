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
    "huey.contrib.djhuey",
    "joinedup.core",
    "joinedup.tasks",
    "joinedup.partners",
    "joinedup.places",
    "joinedup.audit",
    "joinedup.reports",
    "joinedup.intelligence",
    "joinedup.cases",
    "joinedup.casereviews",
    "joinedup.tasking",
    "joinedup.problems",
    "joinedup.plan",
    "joinedup.publications",
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
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Take the write lock at BEGIN and wait for it: a deferred transaction that has to turn
            # from reader into writer fails at once with "database is locked" under concurrent writes.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {"default": database_from_env(dict(os.environ))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every worker (no per-process state): rate limits and cached map layers. A database table
# in the embedded default; Redis when REDIS_URL is set (production), which spares the database a
# write transaction on every rate-limited request.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "joinedup_cache",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        # django-redis keeps one client per process; Django's own backend builds one per call.
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("JOINEDUP_QUEUE_NAME", "joinedup"),
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
# Reports from the public, per client address (django-ratelimit); partner staff are not limited.
REPORT_RATE = os.environ.get("JOINEDUP_REPORT_RATE", "10/h")
REPORT_PHOTO_RATE = os.environ.get("JOINEDUP_REPORT_PHOTO_RATE", "30/h")
# Perception survey answers from the public, per client address (django-ratelimit); a browser may also
# answer each round only once. A share with fewer answers than the minimum is shown as too few to rely on.
SURVEY_RESPONSE_RATE = os.environ.get("JOINEDUP_SURVEY_RESPONSE_RATE", "20/h")
SURVEY_MINIMUM_BASE = int(os.environ.get("JOINEDUP_SURVEY_MINIMUM_BASE", "10"))
# Open311 report submissions per client application key.
OPEN311_RATE = os.environ.get("JOINEDUP_OPEN311_RATE", "600/m")
REPORT_PHOTO_MAX_BYTES = 10 * 1024 * 1024  # a bigger photo is refused with a clear message
# Shared cases. Closed cases older than this are flagged for a retention review (6 years by default).
CASE_RETENTION_DAYS = int(os.environ.get("JOINEDUP_CASE_RETENTION_DAYS", str(6 * 365)))
CASE_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# The ring round a problem's target area where displaced crime would show (a local choice, REFERENCE.md §6).
PROBLEMS_DISPLACEMENT_BUFFER_M = int(os.environ.get("JOINEDUP_DISPLACEMENT_BUFFER_M", "250"))
# The codes of the partners.DataClass a share of a case needs an agreement for: the case itself,
# victims' and witnesses' personal data, alleged perpetrators', special category data.
CASE_DATA_CLASSES = {
    "case": "asb-case",
    "victim": "victim-personal",
    "offender": "offender-personal",
    "special": "special-category",
}

# Statutory registers (joinedup.plan), dated: the law and guidance behind them change (REFERENCE.md §3-4).
# The highest fixed penalty for breaching a PSPO, from the date each limit applies: (from, pounds, source).
# £100 under the 2014 Act s.68. The Crime and Policing Act 2026 raises it (the Bill said £500) from a
# commencement date not yet confirmed: add that row when it is, e.g. JOINEDUP_PSPO_FPN_MAXIMUMS=
# "2014-10-20:100:ASB, Crime and Policing Act 2014 s.68;2026-10-01:500:Crime and Policing Act 2026".
PSPO_FPN_MAXIMUMS = os.environ.get(
    "JOINEDUP_PSPO_FPN_MAXIMUMS", "2014-10-20:100:Anti-social Behaviour, Crime and Policing Act 2014 s.68"
)
# Coordinators are told this many months before a PSPO expires, so there is time to consult on extending it.
PSPO_EXPIRY_ALERT_MONTHS = int(os.environ.get("JOINEDUP_PSPO_EXPIRY_ALERT_MONTHS", "6"))
# Domestic Homicide Review timescales, from the date each applies: (from, months to decide whether to hold a
# review after the police notify, months to complete it after deciding, source). Unconfirmed (§11.1).
DHR_TIMESCALES = os.environ.get(
    "JOINEDUP_DHR_TIMESCALES", "2011-04-13:1:6:Multi-agency statutory guidance for DHRs (2016)"
)

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
# Uploaded photos are private: kept under var/ and served only by views that check who is asking.
MEDIA_ROOT = Path(os.environ.get("JOINEDUP_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

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

# Publications show counts below this as "fewer than N" (cases, reports), so no one can be singled out.
PUBLICATIONS_SMALL_COUNT = int(os.environ.get("JOINEDUP_PUBLICATIONS_SMALL_COUNT", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}


# Email through GOV.UK Notify
# joinedup.notify sends our templates (joinedup/notify/templates.py). Development writes them to
# files; production sends through Notify with NOTIFY_BACKEND = "joinedup.notify.backends.NotifyBackend".
NOTIFY_BACKEND = os.environ.get("NOTIFY_BACKEND", "joinedup.notify.backends.FileBackend")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_OUTBOX_DIR = Path(os.environ.get("NOTIFY_OUTBOX_DIR", VAR_DIR / "outbox"))


def notify_template_ids_from_env(raw: str) -> dict[str, str]:
    """NOTIFY_TEMPLATE_IDS: a JSON object of our template name -> the Notify template ID."""
    import json  # only this setting needs it

    from django.core.exceptions import ImproperlyConfigured

    try:
        ids = json.loads(raw or "{}")
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"NOTIFY_TEMPLATE_IDS is not valid JSON ({error}).") from None
    if not isinstance(ids, dict) or not all(isinstance(value, str) for value in ids.values()):
        raise ImproperlyConfigured(
            'NOTIFY_TEMPLATE_IDS must be a JSON object like {"report_received": "<Notify template ID>"}.'
        )
    return ids


NOTIFY_TEMPLATES = notify_template_ids_from_env(os.environ.get("NOTIFY_TEMPLATE_IDS", ""))

# Background tasks
# Each app's tasks.py defines them (@db_task, @db_periodic_task); `joinedup worker` runs them.
# Embedded default: the queue is an SQLite file, so no server is needed. Production: Redis (REDIS_URL).
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY: dict[str, Any] = {
    "name": os.environ.get("JOINEDUP_QUEUE_NAME", "joinedup"),
    "immediate": False,  # djhuey would otherwise run tasks inline whenever DEBUG is on
    "consumer": {
        # SQLite takes one writer at a time, so the embedded queue gets fewer workers.
        "workers": int(os.environ.get("JOINEDUP_WORKERS") or (4 if REDIS_URL else 2)),
        "worker_type": "thread",
    },
}
if REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "tasks.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite creates the file but not its folder
