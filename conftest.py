"""Persona fixtures shared by every app's tests.

Two partnerships, South and North. The police are a member of both; each council of one.
  officer_a      partner officer, South council          (South only)
  officer_b      partner officer, North council          (North only)
  coordinator    community safety coordinator, South council
  analyst        analyst, police, works in both
  administrator  partnership administrator, South council
  anonymous      a member of the public (no account)
"""

import pytest
from django.test import Client

from joinedup.partners.models import Role
from joinedup.partners.tests.factories import OrganisationFactory, PartnershipFactory, UserFactory

pytest_plugins = ["joinedup.core.testing.browser", "joinedup.notify.testing"]


@pytest.fixture(autouse=True)
def _fresh_routing_tables():
    """Each test starts without another test's held tables (SQLite reuses rolled-back ids)."""
    from joinedup.core.freshness import forget
    from joinedup.reports.open311.selectors import open311_clients_forget
    from joinedup.reports.routing import routing_tables_forget

    forget()
    routing_tables_forget()
    open311_clients_forget()


@pytest.fixture
def south(db):
    return PartnershipFactory(name="South Partnership", slug="south", short_name="South")


@pytest.fixture
def north(db):
    return PartnershipFactory(name="North Partnership", slug="north", short_name="North")


@pytest.fixture
def south_council(south):
    return OrganisationFactory(name="South Council", partnerships=[south])


@pytest.fixture
def north_council(north):
    return OrganisationFactory(name="North Council", partnerships=[north])


@pytest.fixture
def police(south, north):
    return OrganisationFactory(name="Shire Police", partnerships=[south, north])


@pytest.fixture
def officer_a(south_council):
    return UserFactory(email="officer.a@example.org", full_name="Alice South", organisation=south_council)


@pytest.fixture
def officer_b(north_council):
    return UserFactory(email="officer.b@example.org", full_name="Bob North", organisation=north_council)


@pytest.fixture
def coordinator(south_council):
    return UserFactory(
        email="coordinator@example.org",
        full_name="Cara Coordinator",
        organisation=south_council,
        role=Role.COORDINATOR,
    )


@pytest.fixture
def analyst(police):
    return UserFactory(
        email="analyst@example.org", full_name="Ann Analyst", organisation=police, role=Role.ANALYST
    )


@pytest.fixture
def administrator(south_council):
    return UserFactory(
        email="admin@example.org", full_name="Adam Admin", organisation=south_council, role=Role.ADMINISTRATOR
    )


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def client_for():
    """A test client signed in as the given user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
