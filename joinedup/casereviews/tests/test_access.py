"""Every Case Review page for every persona: what each gets, and that each view of an application is audited.

The relevant bodies (staff of member organisations who do casework) read applications; only the single
point of contact (coordinators) records them; analysts work from the figures; other partnerships see
nothing; the public is sent to sign in.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.casereviews.models import CaseReviewApplication

SIGN_IN = "sign-in"
PAGES = ["list", "new", "detail", "assessment", "procedure", "figures"]
EXPECTED = {
    "coordinator": dict.fromkeys(PAGES, 200),
    "officer": dict.fromkeys(PAGES, 200) | {"new": 403},
    "housing": dict.fromkeys(PAGES, 200) | {"new": 403},
    "analyst": dict.fromkeys(PAGES, 403) | {"figures": 200},
    "north": {"list": 200, "new": 403, "detail": 404, "assessment": 404, "procedure": 200, "figures": 200},
    "anonymous": dict.fromkeys(PAGES, SIGN_IN),
}


@pytest.fixture
def personas(coordinator, officer_a, housing_officer, analyst, officer_b):
    return {
        "coordinator": coordinator,
        "officer": officer_a,
        "housing": housing_officer,
        "analyst": analyst,
        "north": officer_b,
        "anonymous": None,
    }


def _url(page, application):
    if page in ("detail", "assessment"):
        name = "case-review-detail" if page == "detail" else "case-review-assessment"
        return reverse(name, args=[application.reference])
    return reverse(
        {
            "list": "case-review-list",
            "new": "case-review-new",
            "procedure": "case-review-procedure",
            "figures": "case-review-figures",
        }[page]
    )


def _views(user, application):
    return AuditEvent.objects.filter(
        actor=user,
        action=Action.VIEWED,
        content_type=ContentType.objects.get_for_model(CaseReviewApplication),
        object_id=str(application.pk),
    ).count()


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_what_each_persona_gets_on_each_page(persona, personas, application, client_for, anonymous):
    user = personas[persona]
    client = client_for(user) if user else anonymous
    for page in PAGES:
        response = client.get(_url(page, application))
        expected = EXPECTED[persona][page]
        if expected == SIGN_IN:
            assert response.status_code == 302 and "/sign-in/" in response["Location"], page
        else:
            assert response.status_code == expected, (persona, page)
    if user is not None:
        opened = sum(EXPECTED[persona][p] == 200 for p in ("detail", "assessment"))
        assert _views(user, application) == opened


def test_the_north_officer_sees_no_south_application_in_their_list(application, officer_b, client_for):
    html = client_for(officer_b).get(reverse("case-review-list") + "?show=all").content.decode()
    assert application.reference not in html


def test_an_officer_cannot_record_a_step(application, officer_a, client_for):
    response = client_for(officer_a).post(
        reverse("case-review-step", args=[application.reference, "acknowledge"]),
        {
            "acknowledge-version": "1",
            "acknowledge-acknowledged_on_0": "11",
            "acknowledge-acknowledged_on_1": "3",
            "acknowledge-acknowledged_on_2": "2026",
        },
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.acknowledged_on is None


def test_an_officer_reading_an_application_sees_no_step_forms(application, officer_a, client_for):
    html = (
        client_for(officer_a)
        .get(reverse("case-review-detail", args=[application.reference]))
        .content.decode()
    )
    assert "Alys Fictional" in html
    assert "Record the acknowledgement" not in html
