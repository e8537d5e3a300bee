"""Referrals to partner services: consent, the agreement rule, what the receiving partner sees, and the
accept / decline / outcome flow with its emails, timeline entries and audit trail.

On top of the cases fixtures (see conftest.py): Shire Victim Support is a member of South with no
agreement with anyone; its case worker receives referrals. The police have SOUTH-ISA-1 with the council.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import Action, AuditEvent
from joinedup.cases.models import EventKind, PersonRole, Referral, ReferralStatus, Vulnerability
from joinedup.cases.services import people, referrals
from joinedup.cases.services.cases import StaleEdit
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Role
from joinedup.partners.tests.factories import OrganisationFactory, UserFactory

from . import test_records

ada = test_records.ada  # a victim in normal_case, with a phone number
REASON = "She is frightened to go out and would like someone to talk to."


@pytest.fixture
def support_org(south):
    return OrganisationFactory(name="Shire Victim Support", partnerships=[south])


def _support_staff(name: str, role: str, org, south):
    email = f"{name.split()[0].lower()}@support.example.org"
    return UserFactory(email=email, full_name=name, organisation=org, partnerships=[south], role=role)


@pytest.fixture
def support_worker(support_org, south):
    return _support_staff("Sam Support", Role.OFFICER, support_org, south)


@pytest.fixture
def support_manager(support_org, south):
    return _support_staff("Mo Manager", Role.MANAGER, support_org, south)


@pytest.fixture
def victim_support(coordinator, south, support_org):
    return referrals.service_create(
        by=coordinator, partnership=south, organisation=support_org, name="Victim support", who_for="Victims"
    )


@pytest.fixture
def police_mentoring(coordinator, south, police):
    return referrals.service_create(
        by=coordinator, partnership=south, organisation=police, name="Youth mentoring"
    )


def send(by, case, person, service, **extra):
    values = {"reason": REASON, "consent": "given", "consent_on": timezone.localdate()} | extra
    return referrals.referral_send(by=by, case=case, person=person, service=service, **values)


@pytest.fixture
def referral(officer_a, normal_case, ada, victim_support):
    return send(officer_a, normal_case, ada, victim_support)


# --- consent and the agreement rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("consent", "field"),
    [
        ({"consent": ""}, "consent"),
        ({"consent": "given", "consent_on": None}, "consent_on"),
        ({"consent": "not_needed", "consent_on": None}, "consent_exemption"),
        (
            {"consent": "not_needed", "consent_on": None, "consent_exemption": "safeguarding"},
            "consent_exemption_detail",
        ),
    ],
    ids=["no-answer", "given-undated", "not-needed-no-reason", "not-needed-unexplained"],
)
def test_consent_is_required_unless_a_reason_is_given(
    consent, field, officer_a, normal_case, ada, police_mentoring
):
    with pytest.raises(ApplicationError) as refused:
        send(officer_a, normal_case, ada, police_mentoring, **consent)
    assert refused.value.field == field
    assert not Referral.objects.exists()


def test_a_referral_without_consent_to_a_partner_with_no_agreement_is_refused_with_the_reason(
    officer_a, normal_case, ada, victim_support
):
    with pytest.raises(ApplicationError) as refused:
        send(
            officer_a,
            normal_case,
            ada,
            victim_support,
            consent="not_needed",
            consent_on=None,
            consent_exemption="safeguarding",
            consent_exemption_detail="She is at risk of serious harm.",
        )
    assert refused.value.message == (
        "Ada Lovelace cannot be referred to Shire Victim Support without their consent: no current "
        "information sharing agreement between South Council and Shire Victim Support covers Personal data "
        "of victims and witnesses. Ask them for their consent first."
    )
    assert not Referral.objects.exists()


def test_with_consent_a_referral_needs_no_agreement(referral, support_org):
    assert referral.status == ReferralStatus.SENT
    assert referral.receiving_organisation == support_org
    assert not referral.agreements.exists()


def test_without_consent_an_agreement_covering_the_person_is_enough_and_is_recorded(
    officer_a, normal_case, ada, police_mentoring, police_agreement
):
    made = send(
        officer_a,
        normal_case,
        ada,
        police_mentoring,
        consent="not_needed",
        consent_on=None,
        consent_exemption="crime",
        consent_exemption_detail="Diversion agreed at the tasking meeting.",
    )
    assert list(made.agreements.all()) == [police_agreement]


def test_a_vulnerable_persons_referral_without_consent_needs_special_category_cover(
    officer_a, south, personal_asb, police_mentoring, police_agreement
):
    from joinedup.cases.services import cases

    case = cases.case_create(
        by=officer_a, partnership=south, kind=personal_asb, summary="Exploitation concern"
    )
    child = people.case_person_add_new(
        by=officer_a,
        case=case,
        role=PersonRole.VICTIM,
        given_name="Vi",
        family_name="Examplechild",
        vulnerabilities=[Vulnerability.CHILD],
    ).person
    with pytest.raises(ApplicationError, match="covers Special category data"):
        send(
            officer_a,
            case,
            child,
            police_mentoring,
            consent="not_needed",
            consent_on=None,
            consent_exemption="safeguarding",
            consent_exemption_detail="At risk of exploitation.",
        )


def test_only_people_in_the_case_and_active_services_can_be_chosen(
    officer_a, normal_case, ada, victim_support, restricted_case, coordinator
):
    stranger = people.case_person_add_new(
        by=officer_a, case=restricted_case, role=PersonRole.WITNESS, given_name="Wyn", family_name="Elsewhere"
    ).person
    with pytest.raises(ApplicationError) as refused:
        send(officer_a, normal_case, stranger, victim_support)
    assert refused.value.field == "person"
    referrals.service_update(
        by=coordinator, service=victim_support, version=victim_support.version, active=False
    )
    victim_support.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        send(officer_a, normal_case, ada, victim_support)
    assert refused.value.field == "service"


def test_the_same_person_cannot_be_referred_twice_to_a_service_while_the_first_is_open(
    referral, officer_a, normal_case, ada, victim_support
):
    with pytest.raises(ApplicationError, match="already has a referral to Victim support"):
        send(officer_a, normal_case, ada, victim_support)


def test_someone_who_cannot_open_the_case_cannot_refer_from_it(
    housing_officer, normal_case, ada, victim_support
):
    with pytest.raises(NotPermitted):
        send(housing_officer, normal_case, ada, victim_support)


# --- who sees a referral ----------------------------------------------------------------------------------


def test_the_receiver_sees_the_referral_but_not_the_case(referral, normal_case, support_worker, client_for):
    client = client_for(support_worker)

    queue = client.get(reverse("referral-queue")).content.decode()
    assert "Ada Lovelace" in queue and normal_case.reference in queue

    page = client.get(reverse("referral-detail", args=[referral.public_id])).content.decode()
    for shared in (
        "Ada Lovelace",
        "01905 123456",
        REASON,
        normal_case.reference,
        "South Council",
        "Alice South",
    ):
        assert shared in page
    assert normal_case.summary not in page
    assert "Accept the referral" in page

    case_page = client.get(reverse("case-detail", args=[normal_case.reference])).content.decode()
    assert normal_case.summary not in case_page and "Ask for access" in case_page


@pytest.mark.parametrize("persona", ["outsider", "north"])
def test_other_partners_see_nothing_of_a_referral(persona, referral, housing_officer, officer_b, client_for):
    client = client_for({"outsider": housing_officer, "north": officer_b}[persona])
    response = client.get(reverse("referral-detail", args=[referral.public_id]))
    assert response.status_code == 404
    assert "Ada Lovelace" not in response.content.decode()
    assert "Ada Lovelace" not in client.get(reverse("referral-queue")).content.decode()


def test_the_case_page_shows_its_referrals_with_status_and_outcome(
    referral, normal_case, officer_a, police_officer, support_worker, client_for
):
    accepted = referrals.referral_accept(by=support_worker, referral=referral, version=referral.version)
    referrals.referral_close(
        by=support_worker, referral=accepted, version=accepted.version, outcome="Six sessions; feels safer."
    )
    for viewer in (officer_a, police_officer):  # the lead and a partner the case is shared with
        page = client_for(viewer).get(reverse("case-detail", args=[normal_case.reference])).content.decode()
        assert "Victim support" in page and "Closed" in page and "Six sessions; feels safer." in page


# --- decisions --------------------------------------------------------------------------------------------


def _decide(client, referral, **data):
    return client.post(
        reverse("referral-decide", args=[referral.public_id]), {"version": referral.version, **data}
    )


def test_a_new_referral_tells_the_receiving_partners_managers_without_naming_the_person(
    officer_a,
    normal_case,
    ada,
    victim_support,
    support_worker,
    support_manager,
    notify_outbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        send(officer_a, normal_case, ada, victim_support)

    [email] = notify_outbox
    assert (email.to, email.template) == (support_manager.email, "referral_received")
    assert "South Council has referred someone to your service Victim support" in email.body
    assert reverse("referral-queue") in email.body
    assert "Ada" not in email.subject + email.body


def test_accepting_then_recording_the_outcome_tells_the_referrer_and_the_case(
    referral,
    normal_case,
    officer_a,
    support_worker,
    client_for,
    notify_outbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(support_worker)
    with django_capture_on_commit_callbacks(execute=True):  # emails go once the decision is saved
        response = _decide(client, referral, decision="accept", note="We will call her tomorrow.")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.decided_by == support_worker

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("referral-outcome", args=[referral.public_id]),
            {"version": referral.version, "outcome": "Support for six weeks; she feels safer."},
        )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED and referral.closed_by == support_worker

    assert [(e.to, e.template) for e in notify_outbox] == [
        ("officer.a@example.org", "referral_accepted"),
        ("officer.a@example.org", "referral_closed"),
    ]
    assert "Shire Victim Support has accepted your referral to Victim support" in notify_outbox[0].body
    assert str(referral.public_id) in notify_outbox[0].body
    assert all("Ada" not in e.body and "Ada" not in e.subject for e in notify_outbox)  # no personal data

    events = {e.kind: e for e in normal_case.events.filter(kind__startswith="referral")}
    assert set(events) == {EventKind.REFERRAL_SENT, EventKind.REFERRAL_ACCEPTED, EventKind.REFERRAL_CLOSED}
    assert events[EventKind.REFERRAL_SENT].actor_label == "Alice South, South Council"
    assert events[EventKind.REFERRAL_CLOSED].actor_label == "Sam Support, Shire Victim Support"
    assert "Support for six weeks; she feels safer." in events[EventKind.REFERRAL_CLOSED].text


def test_declining_needs_a_reason_which_reaches_the_referrer_and_the_timeline(
    referral, normal_case, support_worker, client_for, notify_outbox, django_capture_on_commit_callbacks
):
    client = client_for(support_worker)
    with django_capture_on_commit_callbacks(execute=True):
        page = _decide(client, referral, decision="decline", note="").content.decode()
    assert "govuk-error-summary" in page and "Say why you are declining the referral" in page
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and not notify_outbox

    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, referral, decision="decline", note="She is already supported by our team.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert [e.template for e in notify_outbox] == ["referral_declined"]
    event = normal_case.events.get(kind=EventKind.REFERRAL_DECLINED)
    assert "She is already supported by our team." in event.text


def test_a_stale_decision_is_refused_and_says_who_decided(
    referral, support_worker, support_manager, client_for
):
    opened_at_version = referral.version
    referrals.referral_accept(by=support_manager, referral=referral, version=opened_at_version)

    with pytest.raises(StaleEdit):
        referrals.referral_decline(
            by=support_worker, referral=referral, version=opened_at_version, reason="Not for us"
        )
    page = _decide(
        client_for(support_worker), referral, decision="decline", note="Not for us"
    ).content.decode()
    assert "This referral was accepted by Mo Manager" in page and "has not been saved" in page
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.decided_by == support_manager


def test_only_the_receiving_partner_decides(referral, officer_a, client_for):
    assert _decide(client_for(officer_a), referral, decision="accept").status_code == 403
    with pytest.raises(NotPermitted):
        referrals.referral_accept(by=officer_a, referral=referral, version=referral.version)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_an_outcome_can_only_be_recorded_on_an_accepted_referral(referral, support_worker):
    with pytest.raises(ApplicationError, match="waiting for a decision"):
        referrals.referral_close(
            by=support_worker, referral=referral, version=referral.version, outcome="Done"
        )


# --- withdrawing ------------------------------------------------------------------------------------------


def _withdraw(client, referral, reason="She has moved out of the area."):
    return client.post(
        reverse("referral-withdraw", args=[referral.public_id]),
        {"version": referral.version, "reason": reason},
    )


def test_the_referrer_withdraws_a_waiting_referral_and_the_receiving_managers_are_told(
    referral,
    normal_case,
    ada,
    victim_support,
    officer_a,
    support_manager,
    client_for,
    notify_outbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(officer_a)
    page = client.get(reverse("referral-detail", args=[referral.public_id])).content.decode()
    assert "Withdraw the referral" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = _withdraw(client, referral)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN and referral.withdrawn_by == officer_a
    assert referral.withdrawal_reason == "She has moved out of the area."

    [email] = notify_outbox
    assert (email.to, email.template) == (support_manager.email, "referral_withdrawn")
    assert "South Council has withdrawn a referral to your service Victim support" in email.body
    assert "Ada" not in email.subject + email.body  # no personal data in the email
    event = normal_case.events.get(kind=EventKind.REFERRAL_WITHDRAWN)
    assert "She has moved out of the area." in event.text and event.actor == officer_a
    assert _audit(referral, Action.CHANGED).get().changes["status"] == ["sent", "withdrawn"]

    page = client.get(reverse("referral-detail", args=[referral.public_id])).content.decode()
    assert "Withdrawn by the referrer" in page and "Withdraw the referral" not in page
    # It no longer counts as open: the person can be referred to the service again.
    assert send(officer_a, normal_case, ada, victim_support).status == ReferralStatus.SENT


def test_withdrawing_an_accepted_referral_also_tells_whoever_accepted_it(
    referral, officer_a, support_worker, support_manager, notify_outbox, django_capture_on_commit_callbacks
):
    referral = referrals.referral_accept(by=support_worker, referral=referral, version=referral.version)
    with django_capture_on_commit_callbacks(execute=True):
        referrals.referral_withdraw(by=officer_a, referral=referral, version=referral.version, reason="Moved")
    assert sorted(e.to for e in notify_outbox if e.template == "referral_withdrawn") == sorted(
        [support_manager.email, support_worker.email]
    )


def test_withdrawing_needs_a_reason_and_a_blank_one_leaves_the_referral_open(
    referral, officer_a, client_for, notify_outbox
):
    page = _withdraw(client_for(officer_a), referral, reason="  ").content.decode()
    assert "govuk-error-summary" in page and "Say why you are withdrawing the referral" in page
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and not notify_outbox


def test_only_those_who_can_open_the_case_withdraw(referral, support_worker, housing_officer, client_for):
    receiver = client_for(support_worker)
    assert (
        "Withdraw the referral"
        not in receiver.get(reverse("referral-detail", args=[referral.public_id])).content.decode()
    )
    assert _withdraw(receiver, referral).status_code == 403
    assert _withdraw(client_for(housing_officer), referral).status_code == 404
    with pytest.raises(NotPermitted):
        referrals.referral_withdraw(
            by=support_worker, referral=referral, version=referral.version, reason="x"
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_finished_or_withdrawn_referral_cannot_be_withdrawn_or_decided(
    referral, officer_a, support_worker, client_for
):
    declined = referrals.referral_decline(
        by=support_worker, referral=referral, version=referral.version, reason="Not for us"
    )
    with pytest.raises(ApplicationError, match="declined: it cannot be withdrawn"):
        referrals.referral_withdraw(by=officer_a, referral=declined, version=declined.version, reason="Moved")
    page = _withdraw(client_for(officer_a), declined).content.decode()
    assert "it cannot be withdrawn" in page


def test_a_withdrawn_referral_cannot_then_be_accepted(referral, officer_a, support_worker):
    withdrawn = referrals.referral_withdraw(
        by=officer_a, referral=referral, version=referral.version, reason="Moved"
    )
    with pytest.raises(ApplicationError, match="withdrawn by the referrer"):
        referrals.referral_accept(by=support_worker, referral=withdrawn, version=withdrawn.version)


def test_a_stale_withdrawal_is_refused(referral, officer_a, support_worker):
    opened_at_version = referral.version
    referrals.referral_accept(by=support_worker, referral=referral, version=opened_at_version)
    with pytest.raises(StaleEdit, match="has not been withdrawn"):
        referrals.referral_withdraw(
            by=officer_a, referral=referral, version=opened_at_version, reason="Moved"
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


# --- the referral form ------------------------------------------------------------------------------------


def test_the_referral_form_shows_every_error_and_keeps_what_was_typed(
    normal_case, ada, victim_support, officer_a, client_for
):
    url = reverse("referral-new", args=[normal_case.reference])
    client = client_for(officer_a)
    assert "Victim support (Shire Victim Support)" in client.get(url).content.decode()

    page = client.post(url, {}).content.decode()
    assert "govuk-error-summary" in page
    for message in ("Choose who you are referring", "Choose the service", "Say why you are referring them"):
        assert message in page

    page = client.post(
        url,
        {
            "person": ada.id,
            "service": victim_support.id,
            "reason": "Needs support with court.",
            "consent": "not_needed",
            "consent_exemption": "safeguarding",
            "consent_exemption_detail": "Immediate risk.",
        },
    ).content.decode()
    assert "cannot be referred to Shire Victim Support without their consent" in page
    assert "Needs support with court." in page and "Immediate risk." in page
    assert not Referral.objects.exists()

    today = timezone.localdate()
    response = client.post(
        url,
        {
            "person": ada.id,
            "service": victim_support.id,
            "reason": "Needs support with court.",
            "consent": "given",
            "consent_on_0": today.day,
            "consent_on_1": today.month,
            "consent_on_2": today.year,
        },
    )
    assert response.status_code == 302
    made = Referral.objects.get()
    assert made.consent_recorded_by == officer_a and made.consent_on == today


# --- the audit trail --------------------------------------------------------------------------------------


def _audit(referral, action):
    return AuditEvent.objects.filter(
        action=action, content_type=ContentType.objects.get_for_model(Referral), object_id=str(referral.pk)
    )


def test_sending_viewing_and_deciding_are_each_in_the_audit_trail(
    referral, support_worker, officer_a, client_for
):
    shared = _audit(referral, Action.SHARED).get()
    assert shared.actor == officer_a
    assert shared.changes["with"] == "Shire Victim Support" and shared.changes["consent"] == "given"
    assert "Ada" not in str(shared.changes)  # the trail names the person by record, never by name

    client = client_for(support_worker)
    client.get(reverse("referral-queue"))
    queue = AuditEvent.objects.filter(actor=support_worker, changes__page="referrals").get()
    assert queue.changes["received_shown"] == [str(referral)]

    client.get(reverse("referral-detail", args=[referral.public_id]))
    viewed = _audit(referral, Action.VIEWED).get()
    assert viewed.actor == support_worker and viewed.changes["view"] == "received"

    _decide(client, referral, decision="accept")
    changed = _audit(referral, Action.CHANGED).get()
    assert changed.actor == support_worker and changed.changes["status"] == ["sent", "accepted"]


# --- the services partners offer --------------------------------------------------------------------------


def test_managers_keep_their_own_partners_services_and_coordinators_any(
    support_manager, support_worker, support_org, police, south, client_for
):
    referrals.service_create(
        by=support_manager, partnership=south, organisation=support_org, name="Court support"
    )
    with pytest.raises(NotPermitted):
        referrals.service_create(by=support_manager, partnership=south, organisation=police, name="Patrols")
    with pytest.raises(NotPermitted):
        referrals.service_create(
            by=support_worker, partnership=south, organisation=support_org, name="Drop-in"
        )
    assert client_for(support_worker).get(reverse("referral-service-new")).status_code == 403

    page = (
        client_for(support_manager)
        .post(reverse("referral-service-new"), {"partnership": south.id})
        .content.decode()
    )
    assert "govuk-error-summary" in page and "Enter the name of the service" in page


def test_a_stale_change_to_a_service_is_refused(victim_support, coordinator, client_for):
    url = reverse("referral-service-edit", args=[victim_support.id])
    form = {"name": "Victim care", "description": "", "who_for": "", "active": "yes"}
    referrals.service_update(
        by=coordinator, service=victim_support, version=1, name="Victim and witness care"
    )
    page = client_for(coordinator).post(url, form | {"version": 1}).content.decode()
    assert "Someone changed Victim and witness care after you opened it" in page
    victim_support.refresh_from_db()
    assert victim_support.name == "Victim and witness care"


def test_the_subject_access_export_includes_referrals(referral, ada, coordinator):
    from joinedup.cases.services import access

    export = access.person_subject_access_export(
        by=coordinator, public_id=str(ada.public_id), purpose="SAR-1"
    )
    assert b"Victim support" in export and REASON.encode() in export


# --- every referral page, for every persona ---------------------------------------------------------------

PAGES = ["queue", "services", "detail", "new"]
ALLOWED = {
    "lead": {"queue": 200, "services": 200, "detail": 200, "new": 200},
    "receiver": {"queue": 200, "services": 200, "detail": 200, "new": 403},
    "outsider": {"queue": 200, "services": 200, "detail": 404, "new": 403},
    "analyst": dict.fromkeys(PAGES, 403),
    "north": {"queue": 200, "services": 200, "detail": 404, "new": 404},
    "anonymous": dict.fromkeys(PAGES, 302),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", list(ALLOWED))
def test_each_persona_reaches_only_the_referral_pages_the_rules_allow(
    persona,
    page,
    referral,
    normal_case,
    officer_a,
    support_worker,
    housing_officer,
    analyst,
    officer_b,
    client_for,
    anonymous,
):
    user = {
        "lead": officer_a,
        "receiver": support_worker,
        "outsider": housing_officer,
        "analyst": analyst,
        "north": officer_b,
        "anonymous": None,
    }[persona]
    url = {
        "queue": reverse("referral-queue"),
        "services": reverse("referral-services"),
        "detail": reverse("referral-detail", args=[referral.public_id]),
        "new": reverse("referral-new", args=[normal_case.reference]),
    }[page]
    response = (client_for(user) if user else anonymous).get(url)
    assert response.status_code == ALLOWED[persona][page]
    if response.status_code == 200 and page == "detail":
        assert _audit(referral, Action.VIEWED).filter(actor=user).exists()
