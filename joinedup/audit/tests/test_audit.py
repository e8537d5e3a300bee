import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.audit.services import audit_record


def test_the_audit_trail_cannot_be_rewritten(officer_a):
    event = audit_record(by=officer_a, action=Action.VIEWED, obj=officer_a, purpose="checking")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(purpose="nothing to see")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.purpose == "checking"


def test_an_event_names_the_actor_as_they_were(officer_a):
    event = audit_record(by=officer_a, action=Action.VIEWED, obj=officer_a)
    assert event.actor_label == "Alice South <officer.a@example.org>"
    assert event.object_repr == "Alice South"


def test_an_administrator_reads_a_records_trail(client_for, administrator, officer_a):
    audit_record(by=officer_a, action=Action.VIEWED, obj=officer_a, purpose="case review")
    page = (
        client_for(administrator)
        .get(reverse("audit-trail", args=["partners.user", officer_a.id]))
        .content.decode()
    )
    assert "case review" in page
    assert "Viewed" in page


def test_an_officer_cannot_read_the_audit_trail(client_for, officer_a):
    response = client_for(officer_a).get(reverse("audit-trail", args=["partners.user", officer_a.id]))
    assert response.status_code == 403
    assert client_for(officer_a).get(reverse("audit-recent")).status_code == 403


def test_an_administrator_does_not_see_another_partnerships_events(
    client_for, administrator, officer_b, north
):
    audit_record(
        by=officer_b, action=Action.VIEWED, obj=officer_b, partnership=north, purpose="north business"
    )
    page = client_for(administrator).get(reverse("audit-recent")).content.decode()
    assert "north business" not in page


def test_an_unknown_record_kind_is_not_found(client_for, administrator):
    assert client_for(administrator).get(reverse("audit-trail", args=["nope.nothing", 1])).status_code == 404


def test_a_recorded_change_reads_old_then_new(client_for, administrator):
    audit_record(
        by=administrator, action=Action.CHANGED, obj=administrator, changes={"title": ["Old", "New"]}
    )
    page = client_for(administrator).get(reverse("audit-recent")).content.decode()
    assert "Old → New" in page
