"""Every case page, for every persona, on a normal and a restricted case: what each sees, and that each view
is written to the audit trail."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.cases.models import Case
from joinedup.cases.services import work

FULL, LOCKED, DENIED, MISSING, SIGN_IN = "full", "locked", 403, 404, "sign-in"

PERSONAS = ["lead", "shared", "outsider", "coordinator", "analyst", "north", "anonymous"]
PAGES = ["detail", "change", "access", "people/add", "delete", "document"]

# What each persona gets on each page of a normal case.
NORMAL = {
    "lead": {
        "detail": FULL,
        "change": 200,
        "access": 200,
        "people/add": 200,
        "delete": DENIED,
        "document": 200,
    },
    "shared": {
        "detail": FULL,
        "change": DENIED,
        "access": DENIED,
        "people/add": 200,
        "delete": DENIED,
        "document": 200,
    },
    "outsider": dict.fromkeys(PAGES, DENIED) | {"detail": LOCKED},
    # The coordinator works for the lead partner: they see and manage its cases, and may delete.
    "coordinator": {
        "detail": FULL,
        "change": 200,
        "access": 200,
        "people/add": 200,
        "delete": 200,
        "document": 200,
    },
    "analyst": dict.fromkeys(PAGES, DENIED),
    "north": dict.fromkeys(PAGES, MISSING),
    "anonymous": dict.fromkeys(PAGES, SIGN_IN),
}
# A restricted case names only officer_a: everyone else in the partners sees the locked view.
RESTRICTED = NORMAL | {
    "shared": dict.fromkeys(PAGES, DENIED) | {"detail": LOCKED},
    "coordinator": dict.fromkeys(PAGES, DENIED) | {"detail": LOCKED},
}


@pytest.fixture
def personas(officer_a, police_officer, housing_officer, coordinator, analyst, officer_b):
    return {
        "lead": officer_a,
        "shared": police_officer,
        "outsider": housing_officer,
        "coordinator": coordinator,
        "analyst": analyst,
        "north": officer_b,
        "anonymous": None,
    }


def _url(case: Case, page: str) -> str:
    if page == "detail":
        return reverse("case-detail", args=[case.reference])
    if page == "document":
        document = case.documents.get()
        return reverse("case-document", args=[case.reference, document.public_id])
    return reverse("case-detail", args=[case.reference]) + page + "/"


def _views(user, obj) -> int:
    return AuditEvent.objects.filter(
        actor=user,
        action=Action.VIEWED,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
    ).count()


@pytest.mark.parametrize("restricted", [False, True], ids=["normal", "restricted"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_what_the_sharing_rules_allow_and_each_view_is_audited(
    persona, page, restricted, personas, normal_case, restricted_case, officer_a, client_for, anonymous
):
    case = restricted_case if restricted else normal_case
    work.document_add(
        by=officer_a, case=case, upload=SimpleUploadedFile("notes.txt", b"Visit notes"), description="Notes"
    )
    user = personas[persona]
    client = client_for(user) if user else anonymous
    expected = (RESTRICTED if restricted else NORMAL)[persona][page]
    target = case.documents.get() if page == "document" else case

    response = client.get(_url(case, page))

    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))
        return
    if expected in (FULL, LOCKED):
        assert response.status_code == 200
        body = response.content.decode()
        assert (case.summary in body) == (expected == FULL)
        assert case.lead_partner.name in body
        assert ("Ask for access" in body) == (expected == LOCKED)
        event = AuditEvent.objects.filter(actor=user, action=Action.VIEWED, object_id=str(case.pk)).latest(
            "id"
        )
        assert event.changes == {"view": expected}
        return
    assert response.status_code == expected
    if expected == 200:
        assert _views(user, target) >= 1, f"{persona} viewed {page} without an audit event"
    if expected in (DENIED, MISSING) and page != "document":
        assert case.summary not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "case-list",
        "case-new",
        "case-search",
        "case-action-queue",
        "case-retention",
        "referral-queue",
        "referral-services",
        "case-repeat-victims",
        "case-tactical-list",
    ],
)
def test_case_pages_are_for_caseworkers_only(name, personas, client_for, anonymous):
    for persona, user in personas.items():
        response = (client_for(user) if user else anonymous).get(reverse(name))
        if persona == "anonymous":
            assert response.status_code == 302
        elif persona == "analyst":
            assert response.status_code == 403
        else:
            assert response.status_code == 200, persona


def test_the_case_list_shows_only_cases_the_viewer_may_open(
    normal_case, restricted_case, police_officer, housing_officer, officer_a, client_for
):
    lead = client_for(officer_a).get(reverse("case-list")).content.decode()
    assert normal_case.reference in lead and restricted_case.reference in lead
    shared = client_for(police_officer).get(reverse("case-list")).content.decode()
    assert normal_case.reference in shared and restricted_case.reference not in shared
    outsider = client_for(housing_officer).get(reverse("case-list")).content.decode()
    assert normal_case.reference not in outsider
    assert AuditEvent.objects.filter(
        actor=housing_officer, action=Action.VIEWED, changes__page="case list"
    ).exists()


def test_casework_navigation_is_offered_only_to_caseworkers(officer_a, analyst, client_for):
    assert 'href="/cases/"' in client_for(officer_a).get(reverse("home")).content.decode()
    assert 'href="/cases/"' not in client_for(analyst).get(reverse("home")).content.decode()
