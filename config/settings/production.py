"""Production: fails closed. Missing secrets or hosts stop start-up rather than run insecurely."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (see .env.example).")
    return value


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]
if not _required("DATABASE_URL").startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("Production needs PostgreSQL: DATABASE_URL must be a postgres:// URL.")

# Links in emails must point at the real service, never at a development default.
SITE_URL = _required("JOINEDUP_SITE_URL")

# Behind a proxy every client would count as the proxy for rate limits: name the header your proxy
# sets to the client's address (and make sure the proxy overwrites, never appends to, it).
RATELIMIT_IP_META_KEY = os.environ.get("JOINEDUP_CLIENT_IP_HEADER", "REMOTE_ADDR")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True


# Email through GOV.UK Notify: sending for real needs a well-formed API key and every template's ID.
def _notify_api_key() -> str:
    import uuid  # only this check needs it

    key = _required("NOTIFY_API_KEY")
    try:
        # "{key name}-{service ID}-{secret}": the client takes the two UUIDs by position.
        uuid.UUID(key[-73:-37])
        uuid.UUID(key[-36:])
    except ValueError:
        raise ImproperlyConfigured(
            "NOTIFY_API_KEY is not a GOV.UK Notify API key (key name, service ID, secret)."
        ) from None
    return key


if NOTIFY_BACKEND == "joinedup.notify.backends.NotifyBackend":  # noqa: F405
    from joinedup.notify import templates as notify  # lower case: not a setting (TEMPLATES is)

    NOTIFY_API_KEY = _notify_api_key()
    if missing := sorted(set(notify.TEMPLATES) - set(NOTIFY_TEMPLATES)):  # noqa: F405
        raise ImproperlyConfigured(
            f"NOTIFY_TEMPLATE_IDS lacks the Notify template ID for: {', '.join(missing)}."
        )
