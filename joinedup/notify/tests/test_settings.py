"""Production settings fail closed when email is to go through GOV.UK Notify."""

import json
import os
import subprocess
import sys
import uuid

from joinedup.notify.templates import TEMPLATES

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "joinedup.example.gov.uk",
    "JOINEDUP_SITE_URL": "https://joinedup.example.gov.uk",
    "DATABASE_URL": "postgres://joinedup@127.0.0.1:5432/joinedup",
    "NOTIFY_BACKEND": "joinedup.notify.backends.NotifyBackend",
    "NOTIFY_TEMPLATE_IDS": json.dumps({name: str(uuid.uuid4()) for name in TEMPLATES}),
}
API_KEY = f"joinedup_live-{uuid.uuid4()}-{uuid.uuid4()}"


def start_up(**env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("NOTIFY_")}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.NOTIFY_BACKEND, settings.TEMPLATES)",
        ],
        env=environment | PRODUCTION | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_a_notify_api_key_and_every_template_id():
    started = start_up(NOTIFY_API_KEY=API_KEY)

    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("joinedup.notify.backends.NotifyBackend")
    assert "django.template.backends.django.DjangoTemplates" in started.stdout  # Django's TEMPLATES kept


def test_production_will_not_start_without_the_notify_api_key():
    started = start_up()

    assert started.returncode != 0
    assert "Set the NOTIFY_API_KEY environment variable" in started.stderr


def test_production_will_not_start_with_something_that_is_not_a_notify_api_key():
    started = start_up(NOTIFY_API_KEY="not-a-key-but-a-secret")

    assert started.returncode != 0
    assert "NOTIFY_API_KEY is not a GOV.UK Notify API key" in started.stderr
    assert "not-a-key-but-a-secret" not in started.stderr


def test_production_will_not_start_while_a_template_has_no_notify_id():
    ids = json.loads(PRODUCTION["NOTIFY_TEMPLATE_IDS"])
    del ids["report_escalation"]

    started = start_up(NOTIFY_API_KEY=API_KEY, NOTIFY_TEMPLATE_IDS=json.dumps(ids))

    assert started.returncode != 0
    assert "NOTIFY_TEMPLATE_IDS lacks the Notify template ID for: report_escalation." in started.stderr


def test_settings_will_not_start_when_the_template_ids_are_not_json():
    started = start_up(NOTIFY_API_KEY=API_KEY, NOTIFY_TEMPLATE_IDS="report_received=abc")

    assert started.returncode != 0
    assert "NOTIFY_TEMPLATE_IDS is not valid JSON" in started.stderr
