from joinedup.audit.models import Action, AuditEvent
from joinedup.partners.models import Organisation
from joinedup.partners.tests.factories import UserFactory


def test_a_change_in_the_system_screens_is_audited(client_for, south_council):
    superuser = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    response = client_for(superuser).post(
        f"/system/partners/organisation/{south_council.id}/change/",
        {
            "name": "South District Council",
            "short_name": "",
            "kind": "responsible_authority",
            "description": "",
            "website": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(id=south_council.id).name == "South District Council"
    event = AuditEvent.objects.get(action=Action.CHANGED, object_id=str(south_council.id))
    assert event.actor == superuser
    assert event.changes == {"name": "South District Council"}


def test_partner_staff_cannot_open_the_system_screens(client_for, administrator):
    response = client_for(administrator).get("/system/")
    assert response.status_code == 302
    assert "/system/login/" in response["Location"]


def test_the_system_screens_sign_in_through_the_rate_limited_sign_in_page(anonymous, db):
    response = anonymous.get("/system/login/?next=/system/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/system/"
