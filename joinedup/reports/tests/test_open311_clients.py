"""Open311 client applications and their API keys: the pages under /work/open311/ and the command."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import NotPermitted
from joinedup.partners.models import Role
from joinedup.partners.tests.factories import UserFactory
from joinedup.reports.models import Open311Client, Report
from joinedup.reports.open311 import selectors, services

from .conftest import GUILDHALL


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def reporting(south, worcester, litter_rule):
    return south


@pytest.fixture
def coordinator_in_south(coordinator, south):
    coordinator.partnerships.add(south)
    return coordinator


@pytest.fixture
def north_coordinator(north_council, north):
    user = UserFactory(
        email="north.coordinator@example.org", organisation=north_council, role=Role.COORDINATOR
    )
    user.partnerships.add(north)
    return user


def post_report(key: str):
    return Client().post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "general-litter",
            "lat": GUILDHALL[1],
            "long": GUILDHALL[0],
            "description": "Overflowing bin",
        },
    )


def create_in_ui(client_for, user, south, name="FixMyStreet"):
    return client_for(user).post("/work/open311/new/", {"name": name, "partnership": south.id})


# --- the pages ---------------------------------------------------------------------------------------


def test_a_coordinator_creates_a_key_and_sees_it_only_once(client_for, coordinator_in_south, reporting):
    response = create_in_ui(client_for, coordinator_in_south, reporting)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    key = response.context["key"]
    page = response.content.decode()
    assert key in page and "It will not be shown again" in page
    assert "south" in page  # the jurisdiction_id the app must send

    listing = client_for(coordinator_in_south).get("/work/open311/").content.decode()
    client = Open311Client.objects.get()
    assert "FixMyStreet" in listing and client.key_prefix in listing
    assert key not in listing
    assert client.created_by == coordinator_in_south
    assert AuditEvent.objects.filter(action=Action.CREATED, object_repr="FixMyStreet").exists()


def test_the_key_made_on_the_page_lets_the_app_post_reports(client_for, coordinator_in_south, reporting):
    key = create_in_ui(client_for, coordinator_in_south, reporting).context["key"]
    response = post_report(key)
    assert response.status_code == 200
    assert Report.objects.get().open311_client.name == "FixMyStreet"


def test_an_application_needs_a_name(client_for, coordinator_in_south, reporting):
    response = create_in_ui(client_for, coordinator_in_south, reporting, name="  ")
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the application&#x27;s name" in page
    assert page.count("<title>") == 1 and "Error -" in page.split("<title>")[1].split("</title>")[0]
    assert not Open311Client.objects.exists()


def test_a_coordinator_cannot_make_a_key_for_a_partnership_they_do_not_work_in(
    client_for, coordinator_in_south, reporting, north
):
    response = client_for(coordinator_in_south).post(
        "/work/open311/new/", {"name": "X", "partnership": north.id}
    )
    assert "Choose one of your partnerships" in response.content.decode()
    assert not Open311Client.objects.exists()


def test_officers_cannot_see_or_manage_keys(client_for, officer_a, south, reporting):
    officer_a.partnerships.add(south)
    client, _ = services.open311_client_create(by=None, partnership=south, name="FixMyStreet")
    officer = client_for(officer_a)
    assert officer.get("/work/open311/").status_code == 403
    assert officer.get("/work/open311/new/").status_code == 403
    assert officer.post("/work/open311/new/", {"name": "Mine", "partnership": south.id}).status_code == 403
    assert officer.post(f"/work/open311/{client.id}/revoke/").status_code == 403
    assert Open311Client.objects.get().active


def test_the_public_are_asked_to_sign_in(anonymous, db):
    response = anonymous.get("/work/open311/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_coordinator_of_another_partnership_cannot_see_or_revoke_a_key(
    client_for, north_coordinator, reporting
):
    client, _ = services.open311_client_create(by=None, partnership=reporting, name="Shambles Reporter")
    north = client_for(north_coordinator)
    page = north.get("/work/open311/").content.decode()
    assert "Shambles Reporter" not in page and client.key_prefix not in page
    assert north.post(f"/work/open311/{client.id}/revoke/").status_code == 404
    assert Open311Client.objects.get().active


def test_revoking_a_key_stops_it_working_at_once(client_for, coordinator_in_south, reporting):
    client, key = services.open311_client_create(by=None, partnership=reporting, name="FixMyStreet")
    assert post_report(key).status_code == 200
    coordinator = client_for(coordinator_in_south)
    assert (
        "Revoke the key for FixMyStreet?"
        in coordinator.get(f"/work/open311/{client.id}/revoke/").content.decode()
    )
    response = coordinator.post(f"/work/open311/{client.id}/revoke/", follow=True)
    assert "The key for FixMyStreet no longer works" in response.content.decode()
    assert "Revoked" in response.content.decode()
    response = post_report(key)
    assert response.status_code == 403
    assert json.loads(response.content)[0]["code"] == 403
    assert Report.objects.count() == 1  # what it sent before is kept
    assert AuditEvent.objects.filter(action=Action.CHANGED, purpose="Open311 API key revoked").exists()
    # Revoking twice explains itself rather than failing.
    again = coordinator.post(f"/work/open311/{client.id}/revoke/")
    assert "already been revoked" in again.content.decode()


# --- the keys themselves ---------------------------------------------------------------------------


def test_a_key_is_stored_only_as_its_hash(reporting):
    client, key = services.open311_client_create(by=None, partnership=reporting, name="FixMyStreet")
    assert len(key) >= 40
    assert client.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(client.key_prefix) and len(client.key_prefix) < len(key) // 4
    stored = json.dumps(list(Open311Client.objects.values()), default=str)
    assert key not in stored


def test_only_an_active_known_key_finds_its_application(reporting):
    client, key = services.open311_client_create(by=None, partnership=reporting, name="FixMyStreet")
    other, other_key = services.open311_client_create(by=None, partnership=reporting, name="Other app")
    assert selectors.open311_client_for_key(key=key) == client
    assert selectors.open311_client_for_key(key=other_key) == other
    assert selectors.open311_client_for_key(key=key[:-2]) is None
    assert selectors.open311_client_for_key(key="") is None
    services.open311_client_revoke(by=None, client=client)
    assert selectors.open311_client_for_key(key=key) is None


def test_an_officer_cannot_issue_a_key_through_the_service(officer_a, south):
    officer_a.partnerships.add(south)
    with pytest.raises(NotPermitted):
        services.open311_client_create(by=officer_a, partnership=south, name="Mine")


# --- the command -------------------------------------------------------------------------------------


def test_the_command_prints_a_key_that_works(reporting, north):
    out, err = io.StringIO(), io.StringIO()
    call_command("open311_key", "Resident app", "--partnership", "south", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert "shown only now" in err.getvalue()
    assert post_report(key).status_code == 200
    assert Report.objects.get().open311_client.name == "Resident app"


def test_the_command_asks_which_partnership_when_there_are_several(reporting, north):
    with pytest.raises(CommandError, match="--partnership"):
        call_command("open311_key", "Resident app", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--partnership"):
        call_command("open311_key", "Resident app", "--partnership", "atlantis", stdout=io.StringIO())
    with pytest.raises(CommandError, match="name"):
        call_command("open311_key", "--partnership", "south", stdout=io.StringIO())
    assert not Open311Client.objects.exists()


def test_the_command_revokes_a_key_by_its_first_characters(reporting):
    _, key = services.open311_client_create(by=None, partnership=reporting, name="FixMyStreet")
    out = io.StringIO()
    call_command("open311_key", f"--revoke={key[:6]}", stdout=out)
    assert "Revoked the key for FixMyStreet" in out.getvalue()
    assert post_report(key).status_code == 403
    with pytest.raises(CommandError, match="No active key"):
        call_command("open311_key", f"--revoke={key[:6]}", stdout=io.StringIO())
