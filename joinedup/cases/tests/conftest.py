"""Fixtures for cases, on top of the shared personas (see the root conftest.py).

In the South partnership:
  South Council   leads the cases; officer_a is the lead officer, coordinator works there too
  Shire Police    signed agreement SOUTH-ISA-1 with South Council (case, victim and offender data);
                  police_officer works in South only
  South Housing   a member with no agreement with South Council; housing_officer works there
normal_case      personal ASB led by South Council, shared with the police
restricted_case  a domestic abuse case led by South Council, shared with the police, naming officer_a only
"""

import datetime as dt

import pytest
from django.utils import timezone

from joinedup.cases.models import CaseKind
from joinedup.cases.services import cases, sharing
from joinedup.partners.models import SharingAgreement
from joinedup.partners.tests.factories import DataClassFactory, OrganisationFactory, UserFactory

CLASSES = {
    "asb-case": "ASB case data",
    "victim-personal": "Personal data of victims and witnesses",
    "offender-personal": "Personal data of alleged perpetrators",
    "special-category": "Special category data",
}


@pytest.fixture
def data_classes(db):
    return {code: DataClassFactory(code=code, name=name) for code, name in CLASSES.items()}


def agreement(partnership, reference, signatories, classes, *, starts=-300, review=60):
    today = timezone.localdate()
    made = SharingAgreement.objects.create(
        partnership=partnership,
        reference=reference,
        title=reference,
        purpose="Community safety",
        lawful_basis="Public task",
        starts_on=today + dt.timedelta(days=starts),
        review_due_on=today + dt.timedelta(days=review),
    )
    made.signatories.set(signatories)
    made.data_classes.set(classes)
    return made


@pytest.fixture
def police_agreement(south, south_council, police, data_classes):
    return agreement(
        south,
        "SOUTH-ISA-1",
        [south_council, police],
        [data_classes[c] for c in ("asb-case", "victim-personal", "offender-personal")],
    )


@pytest.fixture
def south_housing(south):
    return OrganisationFactory(name="South Housing", partnerships=[south])


@pytest.fixture
def police_officer(police, south):
    return UserFactory(
        email="pc@example.org", full_name="Pat Constable", organisation=police, partnerships=[south]
    )


@pytest.fixture
def housing_officer(south_housing):
    return UserFactory(email="housing@example.org", full_name="Hal Housing", organisation=south_housing)


@pytest.fixture
def personal_asb(db):
    return CaseKind.objects.get(code="personal-asb")


@pytest.fixture
def normal_case(officer_a, south, personal_asb, police, police_agreement):
    case = cases.case_create(
        by=officer_a,
        partnership=south,
        kind=personal_asb,
        summary="Shouting and banging at number 12 most nights.",
        address="12 Example Street",
        postcode="WR1 2AB",
    )
    sharing.case_share(by=officer_a, case=case, organisation=police, reason="Joint visits")
    return case


@pytest.fixture
def restricted_case(officer_a, south, personal_asb, police, police_agreement):
    case = cases.case_create(
        by=officer_a,
        partnership=south,
        kind=personal_asb,
        summary="Harassment by a former partner.",
        restricted=True,
        restriction_reason="domestic_abuse",
    )
    sharing.case_share(by=officer_a, case=case, organisation=police, reason="Police lead the criminal side")
    return case
