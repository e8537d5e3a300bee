import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent


@pytest.fixture
def _fresh_rate_limits(db):
    cache.clear()


def test_the_home_page_tells_the_public_what_the_service_is(anonymous, db):
    page = anonymous.get("/").content.decode()
    assert "Working together for safer communities" in page
    assert "call 999" in page
    assert "Open Government Licence" in page


def test_staff_sign_in_with_their_email_and_land_on_their_partnerships(anonymous, officer_a):
    response = anonymous.post(
        reverse("sign-in"), {"username": "Officer.A@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    page = anonymous.get("/").content.decode()
    assert "Your partnerships" in page
    assert "South Partnership" in page
    assert "North Partnership" not in page
    assert AuditEvent.objects.filter(action=Action.SIGNED_IN, actor=officer_a).exists()


def test_a_wrong_password_shows_the_error_summary_and_is_audited(anonymous, officer_a):
    response = anonymous.post(reverse("sign-in"), {"username": "officer.a@example.org", "password": "wrong"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a correct email address and password" in page
    assert "_auth_user_id" not in anonymous.session
    assert AuditEvent.objects.filter(
        action=Action.SIGN_IN_FAILED, changes__email="officer.a@example.org"
    ).exists()


def test_sign_in_ignores_a_next_address_on_another_site(anonymous, officer_a):
    response = anonymous.post(
        reverse("sign-in"),
        {
            "username": "officer.a@example.org",
            "password": "correct-horse-battery",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"


def test_repeated_guesses_at_one_account_are_refused(_fresh_rate_limits):
    client = Client()
    statuses = [
        client.post(reverse("sign-in"), {"username": "a@example.org", "password": "x"}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    assert (
        "Too many attempts" in client.post(reverse("sign-in"), {"username": "a@example.org"}).content.decode()
    )


def test_one_address_trying_many_accounts_is_refused(_fresh_rate_limits):
    client = Client()
    statuses = [
        client.post(reverse("sign-in"), {"username": f"p{n}@example.org", "password": "x"}).status_code
        for n in range(51)
    ]
    assert statuses[:50] == [200] * 50
    assert statuses[50] == 429


def test_signing_out_needs_a_post_and_ends_the_session(client_for, officer_a):
    client = client_for(officer_a)
    assert client.get(reverse("sign-out")).status_code == 405
    client.post(reverse("sign-out"))
    assert "_auth_user_id" not in client.session


def test_navigation_follows_the_role(client_for, officer_a, coordinator, administrator):
    officer_page = client_for(officer_a).get("/").content.decode()
    assert "Sharing agreements" not in officer_page
    assert "Audit" not in officer_page
    assert "Sharing agreements" in client_for(coordinator).get("/").content.decode()
    assert 'href="/audit/"' in client_for(administrator).get("/").content.decode()


def test_an_unknown_address_gets_a_govuk_styled_not_found_page(anonymous, db):
    response = anonymous.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_server_error_shows_no_internals(db, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("secret internal detail")

    import config.urls

    settings.ROOT_URLCONF = type(
        "urls",
        (),
        {
            "urlpatterns": [*config.urls.urlpatterns, path("broken/", broken)],
            "handler500": config.urls.handler500,
        },
    )
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "secret internal detail" not in page


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr


def test_production_settings_refuse_sqlite():
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:///tmp.db",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Production needs PostgreSQL" in result.stderr


def test_the_api_documents_itself(anonymous, db):
    response = anonymous.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/areas/at" in response.json()["paths"]
