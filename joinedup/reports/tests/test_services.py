"""Report services: submitting, the lifecycle and its rules, notes and who sees them, merging, escalation."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.notify import backends
from joinedup.partners.models import Role
from joinedup.partners.tests.factories import OrganisationFactory, UserFactory
from joinedup.reports import selectors, services
from joinedup.reports.models import ClosedReason, EventKind, Report, RoutingRule, Source, Status, Visibility
from joinedup.reports.tests.conftest import BIRMINGHAM, GUILDHALL, NEAR_GUILDHALL

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_outbox():
    backends.outbox.clear()
    yield
    backends.outbox.clear()


@pytest.fixture
def pcso(police, south):
    return UserFactory(full_name="Pat PCSO", organisation=police, partnerships=[south])


@pytest.fixture
def manager(south_council):
    return UserFactory(
        email="manager@example.org", full_name="Meg Manager", organisation=south_council, role=Role.MANAGER
    )


@pytest.fixture
def hate_rule(south, hate, police, target):
    return RoutingRule.objects.create(
        partnership=south,
        name="Hate to the police",
        category=hate,
        lead_partner=police,
        service_target=target,
    )


def submit(south, category, *, point=GUILDHALL, **kwargs):
    kwargs.setdefault("description", "Overflowing bin outside the Guildhall")
    return services.report_submit(
        partnership=south, category=category, longitude=point[0], latitude=point[1], **kwargs
    )


@pytest.fixture
def report(south, worcester, litter, litter_rule):
    return submit(south, litter, reporter_name="Rita Reporter", reporter_email="Rita@Example.com")


def sent(template):
    return [email for email in backends.outbox if email.template == template]


# --- submitting ----------------------------------------------------------------------------------------


def test_a_submitted_report_gets_a_reference_with_the_partnerships_prefix_and_year(report):
    assert re.fullmatch(rf"WOR-{timezone.now().year}-\d{{6}}", report.reference)
    assert report.reference.endswith(f"{report.id:06d}")


def test_a_reporter_with_an_email_follows_their_report_and_is_told_it_arrived(
    south, worcester, litter, litter_rule, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(south, litter, reporter_email="Rita@Example.com")
    assert list(report.subscribers.values_list("email", flat=True)) == ["rita@example.com"]
    assert [e.to for e in sent("report_received")] == ["rita@example.com"]
    assert sent("report_allocated")[0].personalisation["partner"] == "South Council"


def test_contact_details_received_are_recorded_in_the_audit_trail(report):
    event = AuditEvent.objects.get(object_id=str(report.id), action=Action.CREATED)
    assert event.purpose == "report received with contact details"
    assert event.actor_label == "Member of the public"


def test_an_anonymous_report_keeps_no_trace_of_who_made_it(south, worcester, litter, litter_rule):
    report = submit(south, litter)
    assert (report.reporter_name, report.reporter_email, report.reporter_phone) == ("", "", "")
    assert not report.subscribers.exists()
    assert report.events.get(kind=EventKind.SUBMITTED).actor_label == "Member of the public"


def test_staff_logging_a_phone_call_are_recorded_as_the_one_who_logged_it(
    south, worcester, litter, litter_rule, officer_a
):
    report = submit(south, litter, by=officer_a, source=Source.PHONE)
    assert report.logged_by == officer_a
    assert report.events.get(kind=EventKind.SUBMITTED).actor_label == "Alice South (South Council)"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"description": "   "}, "Describe the problem"),
        ({"description": "x" * 5001}, "The description must be 5000 characters or fewer"),
        ({"point": BIRMINGHAM}, "That location is outside the area South Partnership covers."),
        ({"point": (-200.0, 52.0)}, "That location is not a real place on the map."),
    ],
)
def test_a_report_with_bad_input_is_refused_with_a_clear_message(
    south, worcester, litter, litter_rule, kwargs, message
):
    with pytest.raises(ApplicationError, match=re.escape(message)):
        submit(south, litter, **kwargs)
    assert not Report.objects.exists()


def test_a_report_needs_a_place(south, worcester, litter):
    with pytest.raises(ApplicationError, match=re.escape("Choose where the problem is")) as error:
        services.report_submit(partnership=south, category=litter, description="Bags")
    assert error.value.field == "location"


def test_a_required_extra_question_must_be_answered_and_a_choice_must_be_one_offered(south, worcester, taxi):
    with pytest.raises(ApplicationError, match=re.escape("Enter taxi plate number")) as error:
        submit(south, taxi, answers={})
    assert error.value.field == "answer_plate"
    with pytest.raises(ApplicationError, match=re.escape("Choose one of the options for colour")):
        submit(south, taxi, answers={"plate": "WR 123", "colour": "Tartan"})
    report = submit(south, taxi, answers={"plate": " WR 123 ", "colour": "Black", "other": "ignored"})
    assert report.answers == {"plate": "WR 123", "colour": "Black"}


def test_the_public_cannot_use_a_staff_only_category_but_staff_can(
    south, worcester, litter, litter_rule, officer_a
):
    litter.staff_only = True
    litter.save()
    with pytest.raises(ApplicationError, match=re.escape("Choose what you are reporting from the list")):
        submit(south, litter)
    assert submit(south, litter, by=officer_a).lead_partner is not None


def test_staff_cannot_log_a_report_in_a_partnership_they_do_not_work_in(south, worcester, litter, officer_b):
    with pytest.raises(NotPermitted):
        submit(south, litter, by=officer_b)


# --- acknowledging and starting ------------------------------------------------------------------------


def test_the_lead_partner_acknowledges_and_the_reporter_is_told(
    report, officer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_acknowledge(report=report, by=officer_a)
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED
    assert report.acknowledged_at is not None
    event = report.events.get(kind=EventKind.ACKNOWLEDGED)
    assert (event.visibility, event.actor) == (Visibility.PUBLIC, officer_a)
    assert [e.to for e in sent("report_acknowledged")] == ["rita@example.com"]


def test_a_report_cannot_be_acknowledged_twice(report, officer_a):
    services.report_acknowledge(report=report, by=officer_a)
    with pytest.raises(
        ApplicationError, match=re.escape(f"{report.reference} has already been acknowledged.")
    ):
        services.report_acknowledge(report=report, by=officer_a)


def test_a_partner_not_dealing_with_a_report_cannot_change_it(report, pcso, officer_b):
    for outsider in (pcso, officer_b):
        with pytest.raises(NotPermitted, match=re.escape("Only the partners dealing with this report")):
            services.report_acknowledge(report=report, by=outsider)
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_a_supporting_partner_can_work_on_a_report(south, worcester, begging, night_rule, officer_a):
    report = submit(south, begging, when=dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC))
    services.report_start(report=report, by=officer_a)  # the council supports the police at night
    assert report.status == Status.IN_PROGRESS


def test_a_report_in_triage_must_be_allocated_before_it_is_acknowledged(
    south, worcester, litter, coordinator
):
    report = submit(south, litter)
    with pytest.raises(
        ApplicationError, match=re.escape("Allocate the report to a partner before acknowledging it.")
    ):
        services.report_acknowledge(report=report, by=coordinator)
    with pytest.raises(
        ApplicationError, match=re.escape("Allocate the report to a partner before starting work.")
    ):
        services.report_start(report=report, by=coordinator)


def test_starting_work_acknowledges_too_and_cannot_happen_twice(report, officer_a):
    services.report_start(report=report, by=officer_a)
    assert report.acknowledged_at is not None
    with pytest.raises(ApplicationError, match=re.escape("has already started")):
        services.report_start(report=report, by=officer_a)


# --- resolving and closing -----------------------------------------------------------------------------


def test_resolving_needs_a_public_note_which_the_reporter_is_sent(
    report, officer_a, django_capture_on_commit_callbacks
):
    with pytest.raises(ApplicationError, match=re.escape("Say what was done: the reporter will be told")):
        services.report_resolve(report=report, by=officer_a, public_note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_resolve(report=report, by=officer_a, public_note="Bin emptied and area swept")
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    assert report.public_note == "Bin emptied and area swept"
    assert sent("report_resolved")[0].personalisation["public_note"] == "Bin emptied and area swept"


def test_a_resolved_report_cannot_be_resolved_or_closed_again(report, officer_a):
    services.report_resolve(report=report, by=officer_a, public_note="Done")
    with pytest.raises(
        ApplicationError, match=re.escape(f"{report.reference} is resolved; reopen it first.")
    ):
        services.report_resolve(report=report, by=officer_a, public_note="Again")
    with pytest.raises(ApplicationError, match=re.escape("reopen it first")):
        services.report_close(report=report, by=officer_a, reason=ClosedReason.NO_ACTION)


@pytest.mark.parametrize(
    ("kwargs", "message", "field"),
    [
        ({"reason": "bored"}, "Choose why the report is being closed", "reason"),
        (
            {"reason": ClosedReason.DUPLICATE},
            "Give the reference of the report this duplicates",
            "duplicate_of",
        ),
        ({"reason": ClosedReason.REFERRED}, "Say who the report was referred to", "public_note"),
    ],
)
def test_closing_needs_a_reason_and_what_that_reason_needs(report, officer_a, kwargs, message, field):
    with pytest.raises(ApplicationError, match=message) as error:
        services.report_close(report=report, by=officer_a, **kwargs)
    assert error.value.field == field
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_closing_as_referred_tells_the_public_who_to(report, officer_a):
    services.report_close(
        report=report,
        by=officer_a,
        reason=ClosedReason.REFERRED,
        public_note="Passed to the Canal and River Trust",
    )
    assert (report.status, report.closed_reason) == (Status.CLOSED, ClosedReason.REFERRED)
    assert (
        selectors.report_public_timeline(report=report).last().text == "Passed to the Canal and River Trust"
    )


# --- reopening -----------------------------------------------------------------------------------------


def test_the_reporter_can_reopen_within_28_days_and_the_clock_starts_again(report, officer_a):
    services.report_resolve(report=report, by=officer_a, public_note="Cleared")
    with time_machine.travel(timezone.now() + dt.timedelta(days=27)):
        services.report_reopen(report=report, reason="It is back again")
        assert report.resolve_by > timezone.now()
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert report.resolved_at is None
    event = report.events.get(kind=EventKind.REOPENED)
    assert (event.actor_label, event.text, event.visibility) == ("The reporter", "It is back again", "public")


def test_the_reporter_cannot_reopen_after_28_days_but_the_partner_can(report, officer_a):
    services.report_resolve(report=report, by=officer_a, public_note="Cleared")
    with time_machine.travel(timezone.now() + dt.timedelta(days=29)):
        with pytest.raises(
            ApplicationError, match=re.escape("can no longer be reopened. Make a new report instead.")
        ):
            services.report_reopen(report=report, reason="Back")
        services.report_reopen(report=report, reason="Council found more", by=officer_a)
    assert report.status == Status.NEW


def test_reopening_needs_a_reason_and_a_finished_report(report, officer_a):
    with pytest.raises(ApplicationError, match=re.escape("is still open")):
        services.report_reopen(report=report, reason="Why not")
    services.report_resolve(report=report, by=officer_a, public_note="Cleared")
    with pytest.raises(ApplicationError, match=re.escape("Say why the problem is not fixed")):
        services.report_reopen(report=report, reason=" ")


def test_a_partner_not_dealing_with_the_report_cannot_reopen_it(report, officer_a, pcso):
    services.report_resolve(report=report, by=officer_a, public_note="Cleared")
    with pytest.raises(NotPermitted):
        services.report_reopen(report=report, reason="Not fixed", by=pcso)


# --- reassigning and declining -------------------------------------------------------------------------


def test_the_lead_partner_reassigns_to_another_partner_with_a_reason(report, officer_a, police, pcso):
    services.report_reassign(report=report, by=officer_a, to=police, reason="Needs enforcement powers")
    report.refresh_from_db()
    assert report.lead_partner == police
    event = report.events.get(kind=EventKind.REASSIGNED)
    assert event.data == {"from": "South Council", "to": "Shire Police"}
    assert event.visibility == Visibility.PARTNERS  # the reason is for partners, not the public
    # Now the police have it, the council is no longer involved.
    with pytest.raises(NotPermitted):
        services.report_acknowledge(report=report, by=officer_a)
    services.report_acknowledge(report=report, by=pcso)


@pytest.mark.parametrize(
    ("reason", "to_name", "message"),
    [
        ("", "Shire Police", "Say why the report is going to another partner"),
        ("Ours", "South Council", "South Council already has this report."),
        ("Elsewhere", "North Council", "North Council is not a partner of South Partnership."),
    ],
)
def test_reassigning_is_refused_without_a_reason_or_to_a_partner_who_cannot_take_it(
    report, officer_a, police, north_council, south_council, reason, to_name, message
):
    to = {"Shire Police": police, "South Council": south_council, "North Council": north_council}[to_name]
    with pytest.raises(ApplicationError, match=message):
        services.report_reassign(report=report, by=officer_a, to=to, reason=reason)
    report.refresh_from_db()
    assert report.lead_partner == south_council


def test_only_the_lead_partner_or_a_coordinator_can_reassign(
    south, worcester, begging, night_rule, officer_a, south_council
):
    report = submit(south, begging, when=dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC))
    with pytest.raises(
        NotPermitted, match=re.escape("Only the lead partner or a coordinator can reassign a report.")
    ):
        services.report_reassign(report=report, by=officer_a, to=south_council, reason="We'll take it")


def test_a_coordinator_allocates_from_triage_and_the_default_target_starts(
    south, worcester, litter, target, coordinator, police
):
    report = submit(south, litter)
    services.report_reassign(report=report, by=coordinator, to=police, reason="Police patrol the area")
    report.refresh_from_db()
    assert report.lead_partner == police
    assert report.service_target == target
    assert report.acknowledge_by is not None
    assert report.events.get(kind=EventKind.REASSIGNED).data["from"] == "triage"


def test_the_lead_partner_declines_back_to_the_triage_queue(report, officer_a, coordinator):
    services.report_acknowledge(report=report, by=officer_a)
    services.report_decline(report=report, by=officer_a, reason="Private land, not ours")
    report.refresh_from_db()
    assert report.lead_partner is None
    assert report.status == Status.NEW
    triage = selectors.report_queue(user=coordinator, filters=selectors.QueueFilters(triage=True))
    assert list(triage) == [report]
    assert report.events.get(kind=EventKind.DECLINED).text == "Private land, not ours"


def test_only_the_lead_partner_can_decline_and_it_needs_a_reason(report, officer_a, pcso):
    with pytest.raises(
        NotPermitted, match=re.escape("Only the partner a report is allocated to can decline it.")
    ):
        services.report_decline(report=report, by=pcso, reason="Not the police's")
    with pytest.raises(
        ApplicationError, match=re.escape("Say why your organisation cannot deal with this report")
    ):
        services.report_decline(report=report, by=officer_a, reason="")


# --- notes and who sees them ---------------------------------------------------------------------------


def test_an_internal_note_is_seen_only_by_its_own_organisation(
    south, worcester, begging, night_rule, officer_a, pcso
):
    report = submit(south, begging, when=dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC))
    services.report_add_note(report=report, by=pcso, text="Known to us: see intelligence log 4471")
    services.report_add_note(report=report, by=officer_a, text="Council CCTV camera 12 covers this")
    police_sees = [e.text for e in selectors.report_timeline(user=pcso, report=report) if e.kind == "note"]
    council_sees = [
        e.text for e in selectors.report_timeline(user=officer_a, report=report) if e.kind == "note"
    ]
    assert police_sees == ["Known to us: see intelligence log 4471"]
    assert council_sees == ["Council CCTV camera 12 covers this"]
    assert not selectors.report_public_timeline(report=report).filter(kind="note").exists()


def test_a_partner_in_another_partnership_cannot_see_the_report_at_all(report, officer_a, officer_b):
    services.report_add_note(report=report, by=officer_a, text="Internal")
    with pytest.raises(NotFound):
        selectors.report_get(user=officer_b, reference=report.reference)
    with pytest.raises(NotPermitted):
        services.report_add_note(report=report, by=officer_b, text="Let me in")


def test_a_public_update_is_on_the_public_timeline(report, officer_a):
    services.report_add_note(report=report, by=officer_a, text="Crew booked for Thursday", public=True)
    assert selectors.report_public_timeline(report=report).last().text == "Crew booked for Thursday"


def test_an_empty_note_is_refused(report, officer_a):
    with pytest.raises(ApplicationError, match=re.escape("Enter the note")):
        services.report_add_note(report=report, by=officer_a, text="  ")


def test_hate_incidents_are_hidden_from_officers_not_dealing_with_them(
    south, worcester, hate, hate_rule, officer_a, pcso, coordinator
):
    report = submit(south, hate, description="Abuse shouted at a shopkeeper")
    with pytest.raises(NotFound):
        selectors.report_get(user=officer_a, reference=report.reference)
    assert not selectors.reports_visible(user=officer_a).filter(id=report.id).exists()
    assert selectors.report_get(user=pcso, reference=report.reference) == report
    assert selectors.report_get(user=coordinator, reference=report.reference) == report
    assert not selectors.public_reports().filter(id=report.id).exists()


# --- merging -------------------------------------------------------------------------------------------


def test_merging_closes_the_duplicate_and_its_reporters_follow_the_report_kept(
    south, worcester, litter, litter_rule, officer_a
):
    kept = submit(south, litter, reporter_email="first@example.com")
    duplicate = submit(south, litter, point=NEAR_GUILDHALL, reporter_email="second@example.com")
    services.report_merge(duplicate=duplicate, into=kept, by=officer_a)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.closed_reason, duplicate.duplicate_of) == (
        Status.CLOSED,
        ClosedReason.DUPLICATE,
        kept,
    )
    assert sorted(kept.subscribers.values_list("email", flat=True)) == [
        "first@example.com",
        "second@example.com",
    ]
    assert kept.events.filter(kind=EventKind.MERGED, data__from=duplicate.reference).exists()


def test_closing_as_a_duplicate_merges(south, worcester, litter, litter_rule, officer_a):
    kept = submit(south, litter)
    duplicate = submit(south, litter, reporter_email="second@example.com")
    services.report_close(report=duplicate, by=officer_a, reason=ClosedReason.DUPLICATE, duplicate_of=kept)
    assert duplicate.duplicate_of == kept
    assert kept.subscribers.filter(email="second@example.com").exists()


def test_a_duplicate_cannot_be_reopened_by_its_reporter(south, worcester, litter, litter_rule, officer_a):
    kept = submit(south, litter)
    duplicate = submit(south, litter)
    services.report_merge(duplicate=duplicate, into=kept, by=officer_a)
    with pytest.raises(ApplicationError, match=re.escape("can no longer be reopened")):
        services.report_reopen(report=duplicate, reason="It is different")


def test_merging_is_refused_into_itself_a_closed_report_or_another_partnership(
    south, north, worcester, litter, litter_rule, officer_a, officer_b, groups
):
    kept = submit(south, litter)
    duplicate = submit(south, litter)
    with pytest.raises(ApplicationError, match=re.escape("A report cannot duplicate itself.")):
        services.report_merge(duplicate=duplicate, into=duplicate, by=officer_a)
    services.report_resolve(report=kept, by=officer_a, public_note="Done")
    with pytest.raises(ApplicationError, match=re.escape("is closed; merge into an open report.")):
        services.report_merge(duplicate=duplicate, into=kept, by=officer_a)
    elsewhere = Report(partnership=north, reference="NOR-1", category=litter, description="x")
    with pytest.raises(ApplicationError, match=re.escape("belongs to another partnership")):
        services.report_merge(duplicate=duplicate, into=elsewhere, by=officer_a)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.NEW


# --- escalation ----------------------------------------------------------------------------------------


def test_escalation_tells_the_lead_partners_managers_and_the_coordinators_once_per_state(
    south, worcester, litter, litter_rule, coordinator, manager, officer_a, django_capture_on_commit_callbacks
):
    other_manager = UserFactory(
        organisation=OrganisationFactory(name="Other", partnerships=[south]), role=Role.MANAGER
    )
    monday_nine = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    report = submit(south, litter, when=monday_nine)  # acknowledge by 13:00, resolve by next Monday 09:00

    def escalate(at):
        with django_capture_on_commit_callbacks(execute=True):
            return services.reports_escalate(now=at)

    assert escalate(monday_nine + dt.timedelta(hours=1)) == 0  # on time
    assert escalate(monday_nine + dt.timedelta(hours=3, minutes=30)) == 1  # at risk of acknowledging late
    emails = sent("report_escalation")
    assert sorted(e.to for e in emails) == ["coordinator@example.org", "manager@example.org"]
    assert other_manager.email not in {e.to for e in emails}
    assert emails[0].personalisation["state"] == "At risk"
    assert emails[0].personalisation["report_url"].endswith(f"/work/reports/{report.reference}/")
    assert escalate(monday_nine + dt.timedelta(hours=3, minutes=45)) == 0  # already told
    assert escalate(monday_nine + dt.timedelta(hours=5)) == 1  # now overdue: told again
    assert sent("report_escalation")[-1].personalisation["state"] == "Overdue"
    services.report_acknowledge(report=report, by=officer_a)
    backends.outbox.clear()
    # Acknowledged: only the resolve target counts from now on, escalated when at risk and when breached.
    # 75% of the week to the next Monday 09:00 has gone by Saturday afternoon.
    assert escalate(monday_nine + dt.timedelta(days=5, hours=1)) == 0
    assert escalate(monday_nine + dt.timedelta(days=6)) == 1
    assert escalate(monday_nine + dt.timedelta(days=7, hours=1)) == 1
    assert escalate(monday_nine + dt.timedelta(days=8)) == 0
    assert [e.personalisation["state"] for e in sent("report_escalation")] == ["At risk"] * 2 + [
        "Overdue"
    ] * 2


def test_resolved_and_triage_reports_are_never_escalated(
    south, worcester, litter, begging, litter_rule, officer_a
):
    resolved = submit(south, litter, when=dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))
    services.report_resolve(report=resolved, by=officer_a, public_note="Done")
    submit(south, begging, when=dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))  # no rule: triage
    assert services.reports_escalate(now=dt.datetime(2026, 12, 25, tzinfo=dt.UTC)) == 0
