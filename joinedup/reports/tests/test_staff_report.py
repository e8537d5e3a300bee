"""A report's page for staff: what it shows to whom, and each action with its refusals."""

import datetime as dt

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.partners.tests.factories import UserFactory
from joinedup.reports import services
from joinedup.reports.models import ClosedReason, EventKind, Report, RoutingRule, Status
from joinedup.reports.tests.conftest import GUILDHALL, NEAR_GUILDHALL

pytestmark = pytest.mark.django_db


def submit(south, category, point=GUILDHALL, **kwargs):
    kwargs.setdefault("description", "Overflowing bin outside the Guildhall")
    return services.report_submit(
        partnership=south, category=category, longitude=point[0], latitude=point[1], **kwargs
    )


@pytest.fixture
def pcso(police, south):
    return UserFactory(full_name="Pat PCSO", organisation=police, partnerships=[south])


@pytest.fixture
def report(south, worcester, litter, litter_rule):
    return submit(south, litter, reporter_name="Rita Reporter", reporter_email="rita@example.com")


def url(report, action=None):
    if action is None:
        return reverse("report-detail", args=[report.reference])
    return reverse("report-action", args=[report.reference, action])


def detail(client, report):
    response = client.get(url(report))
    assert response.status_code == 200
    return response.content.decode()


def post(client, report, action, follow=False, **data):
    return client.post(url(report, action), {f"{action}-{k}": v for k, v in data.items()}, follow=follow)


# --- what the page shows -------------------------------------------------------------------------------


def test_the_report_page_shows_the_report_its_partner_and_due_times(client_for, officer_a, report):
    page = detail(client_for(officer_a), report)
    assert report.reference in page
    assert "Overflowing bin outside the Guildhall" in page
    assert "Cathedral ward" in page
    assert "South Council" in page
    assert "Acknowledge by" in page and "Resolve by" in page
    assert "On time" in page
    assert "Reported" in page  # the timeline


def test_the_answers_to_extra_questions_are_shown_with_their_questions(
    client_for, officer_a, south, taxi, worcester, south_council, target
):
    RoutingRule.objects.create(
        partnership=south, name="Taxis", category=taxi, lead_partner=south_council, service_target=target
    )
    report = submit(south, taxi, answers={"plate": "WR 0123", "colour": "White"})
    page = detail(client_for(officer_a), report)
    assert "Taxi plate number" in page and "WR 0123" in page
    assert "Colour" in page and "White" in page


def test_those_dealing_with_the_report_see_the_reporter_and_the_viewing_is_audited(
    client_for, officer_a, report
):
    page = detail(client_for(officer_a), report)
    assert "Rita Reporter" in page and "rita@example.com" in page
    event = AuditEvent.objects.get(action=Action.VIEWED, object_id=str(report.id))
    assert (event.actor, event.purpose) == (officer_a, "report handling")


def test_other_partners_see_the_report_but_not_who_made_it(client_for, pcso, report):
    page = detail(client_for(pcso), report)
    assert report.reference in page
    assert "Rita Reporter" not in page and "rita@example.com" not in page
    assert not AuditEvent.objects.filter(action=Action.VIEWED).exists()


def test_another_partnership_cannot_see_the_report(client_for, officer_b, report):
    response = client_for(officer_b).get(url(report))
    assert response.status_code == 404
    assert report.reference not in response.content.decode()


def test_an_internal_note_is_labelled_and_hidden_from_other_partners(client_for, officer_a, pcso, report):
    services.report_add_note(report=report, by=officer_a, text="Bin store key is with the caretaker")
    own = detail(client_for(officer_a), report)
    assert "Bin store key is with the caretaker" in own
    assert "Internal note, only South Council can see this" in own
    other = detail(client_for(pcso), report)
    assert "Bin store key is with the caretaker" not in other


def test_a_public_update_is_marked_public(client_for, officer_a, report):
    services.report_add_note(report=report, by=officer_a, text="Crew booked for Thursday", public=True)
    page = detail(client_for(officer_a), report)
    assert "Crew booked for Thursday" in page
    assert 'govuk-tag--blue">Public' in page


def test_a_hate_incident_is_not_found_by_officers_not_dealing_with_it(
    client_for, officer_a, coordinator, south, worcester, hate, police, target
):
    RoutingRule.objects.create(
        partnership=south, name="Hate", category=hate, lead_partner=police, service_target=target
    )
    report = submit(south, hate, description="Racist graffiti on a shop")
    assert client_for(officer_a).get(url(report)).status_code == 404
    assert client_for(coordinator).get(url(report)).status_code == 200


def test_only_the_actions_a_person_may_take_are_offered(client_for, officer_a, pcso, report):
    own = detail(client_for(officer_a), report)
    for label in ("Acknowledge", "Start work", "Resolve", "Close", "Reassign", "Decline", "Add a note"):
        assert label in own
    assert "Reopen" not in own
    other = detail(client_for(pcso), report)
    assert "Act on this report" not in other
    assert url(report, "acknowledge") not in other


def test_a_report_in_triage_offers_the_coordinator_allocation(
    client_for, coordinator, south, worcester, litter
):
    report = submit(south, litter)
    page = detail(client_for(coordinator), report)
    assert "Allocate to a partner" in page
    assert url(report, "acknowledge") not in page
    assert "in the triage queue" in page


# --- acting on it --------------------------------------------------------------------------------------


def test_acknowledging_moves_the_report_on_and_says_so(client_for, officer_a, report):
    response = post(client_for(officer_a), report, "acknowledge", follow=True)
    assert response.redirect_chain == [(url(report), 302)]
    assert f"{report.reference} acknowledged" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED


def test_starting_work(client_for, officer_a, report):
    post(client_for(officer_a), report, "start")
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS


def test_resolving_without_saying_what_was_done_shows_the_error_and_changes_nothing(
    client_for, officer_a, report
):
    response = post(client_for(officer_a), report, "resolve", public_note="")
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Say what was done: the reporter will be told" in page
    assert 'href="#id_resolve-public_note"' in page
    assert "<title>" in page and " - Error - " in page
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_resolving_with_a_public_note(client_for, officer_a, report):
    response = post(client_for(officer_a), report, "resolve", follow=True, public_note="Bin emptied")
    assert "resolved. The reporter has been told" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.public_note) == (Status.RESOLVED, "Bin emptied")


def test_closing_as_a_duplicate_of_an_unknown_report_is_refused(client_for, officer_a, report):
    response = post(
        client_for(officer_a), report, "close", reason="duplicate", duplicate_of="WOR-2026-999999"
    )
    assert "There is no report WOR-2026-999999 in your partnerships" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_closing_as_a_duplicate_merges_into_the_other_report(client_for, officer_a, south, litter, report):
    kept = submit(south, litter, point=NEAR_GUILDHALL)
    post(client_for(officer_a), report, "close", reason="duplicate", duplicate_of=kept.reference.lower())
    report.refresh_from_db()
    assert (report.status, report.duplicate_of) == (Status.CLOSED, kept)
    assert kept.subscribers.filter(email="rita@example.com").exists()


def test_closing_as_referred_needs_a_note_and_without_a_reason_is_refused(client_for, officer_a, report):
    client = client_for(officer_a)
    assert (
        "Say who the report was referred to"
        in post(client, report, "close", reason="referred").content.decode()
    )
    assert "Choose why the report is being closed" in post(client, report, "close").content.decode()
    post(client, report, "close", reason="referred", public_note="Passed to the Environment Agency")
    report.refresh_from_db()
    assert (report.status, report.closed_reason) == (Status.CLOSED, ClosedReason.REFERRED)


def test_staff_reopen_a_resolved_report_with_a_reason(client_for, officer_a, report):
    services.report_resolve(report=report, by=officer_a, public_note="Done")
    client = client_for(officer_a)
    assert "Reopen" in detail(client, report)
    assert "Say why the problem is not fixed" in post(client, report, "reopen", reason="").content.decode()
    post(client, report, "reopen", reason="More dumped overnight")
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_reassigning_to_another_partner(client_for, officer_a, police, report):
    post(client_for(officer_a), report, "reassign", partner=police.id, reason="Blocking the highway")
    report.refresh_from_db()
    assert report.lead_partner == police


def test_reassigning_needs_a_partner_from_the_list_and_a_reason(
    client_for, officer_a, police, north_council, south_council, report
):
    client = client_for(officer_a)
    assert (
        "Choose a partner from the list"
        in post(client, report, "reassign", partner=north_council.id, reason="x").content.decode()
    )
    assert (
        "Say why the report is going to another partner"
        in post(client, report, "reassign", partner=police.id, reason=" ").content.decode()
    )
    report.refresh_from_db()
    assert report.lead_partner == south_council


def test_a_coordinator_allocates_a_report_from_triage(
    client_for, coordinator, police, south, worcester, litter
):
    report = submit(south, litter)
    post(client_for(coordinator), report, "reassign", partner=police.id, reason="Police patrol there")
    report.refresh_from_db()
    assert report.lead_partner == police


def test_declining_sends_the_report_back_to_triage(client_for, officer_a, coordinator, report):
    post(client_for(officer_a), report, "decline", reason="Private land")
    report.refresh_from_db()
    assert report.lead_partner is None
    assert report.reference in client_for(coordinator).get(reverse("report-triage")).content.decode()


def test_adding_an_internal_note_and_a_public_update(client_for, officer_a, report):
    client = client_for(officer_a)
    post(client, report, "note", visibility="internal", text="Caretaker has the key")
    post(client, report, "note", visibility="public", text="Crew booked")
    notes = dict(report.events.filter(kind__in=["note", "public_update"]).values_list("text", "visibility"))
    assert notes == {"Caretaker has the key": "organisation", "Crew booked": "public"}
    assert "Enter the note" in post(client, report, "note", visibility="internal", text="").content.decode()


def test_merging_into_another_report(client_for, officer_a, south, litter, report):
    kept = submit(south, litter, point=NEAR_GUILDHALL)
    response = post(client_for(officer_a), report, "merge", follow=True, into=kept.reference)
    assert f"{report.reference} merged into {kept.reference}" in response.content.decode()
    report.refresh_from_db()
    assert report.duplicate_of == kept
    assert report.events.filter(kind=EventKind.MERGED).exists()


def test_merging_into_itself_is_refused(client_for, officer_a, report):
    page = post(client_for(officer_a), report, "merge", into=report.reference).content.decode()
    assert "A report cannot duplicate itself." in page
    report.refresh_from_db()
    assert report.status == Status.NEW


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("acknowledge", {}),
        ("start", {}),
        ("resolve", {"public_note": "Done"}),
        ("close", {"reason": "no_action"}),
        ("reassign", {"partner": "police", "reason": "Ours now"}),
        ("decline", {"reason": "Not ours"}),
        ("note", {"visibility": "internal", "text": "Snooping"}),
        ("merge", {"into": "other"}),
    ],
)
def test_a_partner_not_dealing_with_the_report_is_refused_and_nothing_changes(
    client_for, pcso, police, south, litter, report, action, data
):
    other = submit(south, litter, point=NEAR_GUILDHALL)
    data = {k: {"police": police.id, "other": other.reference}.get(v, v) for k, v in data.items()}
    events_before = report.events.count()
    response = post(client_for(pcso), report, action, **data)
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert report.events.count() == events_before


def test_a_supporting_partner_may_work_on_but_not_decline_a_report(
    client_for, officer_a, south, worcester, begging, night_rule
):
    report = submit(south, begging, when=dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC))
    client = client_for(officer_a)
    assert "Decline" not in detail(client, report)
    assert post(client, report, "decline", reason="Not ours").status_code == 403
    post(client, report, "start")
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS


def test_another_partnership_cannot_act_on_the_report(client_for, officer_b, report):
    assert post(client_for(officer_b), report, "acknowledge").status_code == 404
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_actions_must_be_posted_and_must_exist(client_for, officer_a, report):
    client = client_for(officer_a)
    assert client.get(url(report, "acknowledge")).status_code == 405
    assert client.post(url(report, "explode")).status_code == 404


def test_acknowledging_an_acknowledged_report_says_why_not(client_for, officer_a, report):
    services.report_acknowledge(report=report, by=officer_a)
    page = post(client_for(officer_a), report, "acknowledge").content.decode()
    assert f"{report.reference} has already been acknowledged." in page


def test_a_photo_is_served_only_to_staff_who_can_see_the_report(
    client_for, officer_a, officer_b, report, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    photo = report.photos.create(width=1, height=1, image=ContentFile(b"\xff\xd8jpeg", name="p.jpg"))
    path = reverse("report-photo", args=[report.reference, photo.id])
    response = client_for(officer_a).get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8jpeg"
    assert client_for(officer_b).get(path).status_code == 404
    assert Report.objects.count() == 1
