"""The nightly upkeep of cases: shares end with their agreements, and overdue actions are chased."""

import datetime as dt

from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.cases import selectors, tasks
from joinedup.cases.models import EventKind
from joinedup.cases.services import sharing, work
from joinedup.partners.models import Role
from joinedup.partners.tests.factories import UserFactory

from .conftest import agreement


def _opens(user, case):
    return selectors.cases_open_to(user).filter(pk=case.pk).exists()


def test_a_share_ends_when_its_agreement_passes_review_and_the_lead_officer_is_told(
    normal_case, police_officer, police_agreement, officer_a, notify_outbox
):
    assert _opens(police_officer, normal_case)
    police_agreement.review_due_on = timezone.localdate() - dt.timedelta(days=1)
    police_agreement.save()

    assert tasks.cases_shares_lapse.call_local() == 1

    assert not _opens(police_officer, normal_case)
    event = normal_case.events.get(kind=EventKind.SHARE_ENDED)
    assert event.actor_label == "System"
    assert "no current agreement" in event.text
    assert AuditEvent.objects.filter(
        object_id=str(normal_case.pk), changes__share_ended="Shire Police"
    ).exists()
    [email] = notify_outbox
    assert email.to == officer_a.email
    assert normal_case.reference in email.subject
    assert "SOUTH-ISA-1 (review overdue)" in email.body
    # The lead can see why on the access page and share again once an agreement is current.
    assert tasks.cases_shares_lapse.call_local() == 0


def test_a_share_ends_when_its_partner_leaves_the_agreement(
    normal_case, police, police_officer, police_agreement
):
    police_agreement.signatories.remove(police)
    ended, rebased = sharing.shares_lapse()
    assert [lapse.share.organisation for lapse in ended] == [police]
    assert rebased == 0
    assert not _opens(police_officer, normal_case)


def test_a_share_another_current_agreement_covers_carries_on_under_it(
    normal_case, south, south_council, police, police_officer, police_agreement, data_classes
):
    renewed = agreement(
        south,
        "SOUTH-ISA-2",
        [south_council, police],
        [data_classes[c] for c in ("asb-case", "victim-personal", "offender-personal")],
    )
    police_agreement.ends_on = timezone.localdate() - dt.timedelta(days=1)
    police_agreement.review_due_on = police_agreement.ends_on
    police_agreement.save()

    ended, rebased = sharing.shares_lapse()

    assert (ended, rebased) == ([], 1)
    assert _opens(police_officer, normal_case)
    assert list(normal_case.shares.get().agreements.all()) == [renewed]
    assert normal_case.events.filter(
        kind=EventKind.SHARED, text__contains="now rests on SOUTH-ISA-2"
    ).exists()


def test_shares_under_current_agreements_are_left_alone(normal_case, police_officer):
    assert sharing.shares_lapse() == ([], 0)
    assert _opens(police_officer, normal_case)
    assert not normal_case.events.filter(kind=EventKind.SHARE_ENDED).exists()


def test_a_restricted_case_names_lapse_with_the_share(
    restricted_case, officer_a, police_officer, police_agreement
):
    sharing.case_name(by=officer_a, case=restricted_case, user=police_officer)
    assert _opens(police_officer, restricted_case)
    police_agreement.review_due_on = timezone.localdate() - dt.timedelta(days=1)
    police_agreement.save()
    sharing.shares_lapse()
    assert not restricted_case.named.filter(user=police_officer).exists()


def test_an_overdue_action_is_chased_once_with_its_holder(
    normal_case, officer_a, police, police_officer, south, notify_outbox
):
    today = timezone.localdate()
    work.action_set(
        by=officer_a,
        case=normal_case,
        title="Visit the complainant",
        organisation=police,
        officer=police_officer,
        due_on=today - dt.timedelta(days=1),
        today=today - dt.timedelta(days=3),
    )
    work.action_set(
        by=officer_a, case=normal_case, title="Write to the landlord", organisation=police, due_on=today
    )
    UserFactory(  # a manager of the police, who is not told about an action its officer holds
        email="sergeant@example.org", organisation=police, role=Role.MANAGER, partnerships=[south]
    )

    assert tasks.cases_actions_overdue.call_local() == 1

    [email] = notify_outbox
    assert email.to == police_officer.email
    assert normal_case.reference in email.body
    assert "Visit the complainant" not in email.body  # titles can name people: the queue shows them
    assert "/cases/actions/" in email.body
    notify_outbox.clear()
    assert tasks.cases_actions_overdue.call_local() == 0
    assert notify_outbox == []


def test_an_overdue_action_held_by_a_partner_goes_to_its_managers_and_done_ones_to_nobody(
    normal_case, officer_a, police, south, notify_outbox
):
    today = timezone.localdate()
    manager = UserFactory(
        email="sergeant@example.org", organisation=police, role=Role.MANAGER, partnerships=[south]
    )
    held = work.action_set(
        by=officer_a,
        case=normal_case,
        title="Patrol the alley",
        organisation=police,
        due_on=today - dt.timedelta(days=2),
        today=today - dt.timedelta(days=5),
    )
    done = work.action_set(
        by=officer_a,
        case=normal_case,
        title="Check CCTV",
        organisation=police,
        due_on=today - dt.timedelta(days=2),
        today=today - dt.timedelta(days=5),
    )
    work.action_complete(by=manager, action=done, note="Nothing recorded")

    told = work.actions_overdue_notice(today=today)

    assert told == {manager.email: [normal_case.reference]}
    held.refresh_from_db()
    assert held.overdue_notice_on == today
