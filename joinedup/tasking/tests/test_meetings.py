"""Running a meeting: editing and publishing the agenda (stale edits refused), owners asked for
updates, attendance, minutes, actions (owner and due date required), the action log carrying open
actions forward, who may see what, and the agenda pack as a page and a PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from joinedup.audit.models import AuditEvent
from joinedup.cases.models import Case
from joinedup.core.errors import ApplicationError
from joinedup.tasking.models import ActionStatus, MeetingStatus, TaskingAction
from joinedup.tasking.services import actions, meetings
from joinedup.tasking.services.groups import StaleEdit, meeting_schedule

from .conftest import at


def url(name, *args):
    return reverse(f"tasking:{name}", args=args)


@pytest.fixture
def high_risk(normal_case):
    Case.objects.filter(pk=normal_case.pk).update(risk_level="high")
    return normal_case


@pytest.fixture
def generated(meeting, coordinator, high_risk, restricted_case):
    Case.objects.filter(pk=restricted_case.pk).update(risk_level="high")
    meetings.agenda_generate(by=coordinator, meeting=meeting, version=meeting.version)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def published(generated, coordinator):
    meetings.agenda_publish(by=coordinator, meeting=generated, version=generated.version)
    generated.refresh_from_db()
    return generated


# --- the agenda -----------------------------------------------------------------------------------------


def test_an_edit_from_an_older_version_of_the_agenda_is_refused_and_nothing_changes(
    generated, coordinator, client_for
):
    items = list(generated.items.all())
    old = generated.version
    meetings.agenda_edit(
        by=coordinator,
        meeting=generated,
        version=old,
        positions={},
        notes={items[0].id: "Police to lead"},
        remove=set(),
    )

    with pytest.raises(StaleEdit):
        meetings.agenda_edit(
            by=coordinator, meeting=generated, version=old, positions={}, notes={}, remove={items[0].id}
        )
    assert generated.items.count() == len(items)

    data = {"version": old} | {f"position_{i.id}": n for n, i in enumerate(items, 1)}
    response = client_for(coordinator).post(url("agenda-edit", generated.id), data)
    assert "Someone changed this agenda after you opened it" in response.content.decode()
    assert generated.items.count() == len(items)


def test_the_coordinator_reorders_removes_and_adds_items(generated, coordinator, client_for):
    first, second = generated.items.all()
    client = client_for(coordinator)
    response = client.post(
        url("agenda-edit", generated.id),
        {
            "version": generated.version,
            f"position_{first.id}": 2,
            f"position_{second.id}": 1,
            f"remove_{first.id}": "on",
            f"notes_{second.id}": "Urgent",
        },
    )
    assert response.status_code == 302
    generated.refresh_from_db()
    response = client.post(
        url("meeting-do", generated.id, "add-item"), {"version": generated.version, "title": "Summer events"}
    )
    assert response.status_code == 302
    assert [(i.title, i.notes) for i in generated.items.all()] == [
        (second.title, "Urgent"),
        ("Summer events", ""),
    ]


def test_publishing_asks_each_owner_for_an_update_with_a_link(
    generated, coordinator, officer_a, notify_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meetings.agenda_publish(by=coordinator, meeting=generated, version=generated.version)

    generated.refresh_from_db()
    assert generated.status == MeetingStatus.PUBLISHED
    assert {e.to for e in notify_outbox} == {officer_a.email}  # the lead officer owns both case items
    item = generated.items.first()
    assert reverse("tasking:item-update", args=[generated.id, item.id]) in notify_outbox[0].body
    assert "Harassment" not in notify_outbox[0].body


def test_an_owner_writes_an_update_that_shows_on_the_agenda(published, officer_a, client_for):
    item = published.items.first()
    client = client_for(officer_a)
    empty = client.post(url("item-update", published.id, item.id), {"text": " "})
    assert "Enter your update" in empty.content.decode()
    client.post(
        url("item-update", published.id, item.id), {"text": "Visited on Tuesday; warning letter served."}
    )
    assert "warning letter served" in client.get(url("meeting-detail", published.id)).content.decode()


def test_someone_who_neither_owns_an_item_nor_coordinates_cannot_write_its_update(
    published, police_officer, client_for
):
    item = published.items.first()
    response = client_for(police_officer).post(url("item-update", published.id, item.id), {"text": "Mine"})
    assert response.status_code == 403


# --- in the meeting -------------------------------------------------------------------------------------


def test_an_action_without_an_owner_partner_or_due_date_is_refused_with_a_clear_message(
    published, coordinator, client_for
):
    item = published.items.first()
    response = client_for(coordinator).post(
        url("item-do", published.id, item.id, "action"), {f"a{item.id}-title": "Joint visit"}
    )
    page = response.content.decode()
    assert "Choose the partner who owns the action" in page
    assert "Enter the date the action is due" in page
    assert "govuk-error-summary" in page
    assert not TaskingAction.objects.exists()
    with pytest.raises(ApplicationError, match="due"):
        actions.action_add(
            by=coordinator,
            meeting=published,
            title="Joint visit",
            owner_organisation=item.owner_organisation,
            due_on=None,
        )


def test_attendance_minutes_and_an_action_are_recorded(
    published, coordinator, client_for, police, police_officer
):
    item = published.items.first()
    client = client_for(coordinator)
    client.post(
        url("meeting-do", published.id, "attendance"),
        {"organisation": police.id, "person": police_officer.id, "status": "present"},
    )
    client.post(
        url("item-do", published.id, item.id, "minutes"), {f"m{item.id}-minutes": "Agreed a joint visit."}
    )
    response = client.post(
        url("item-do", published.id, item.id, "action"),
        {
            f"a{item.id}-title": "Joint visit",
            f"a{item.id}-owner_organisation": police.id,
            f"a{item.id}-due_on_0": "1",
            f"a{item.id}-due_on_1": "6",
            f"a{item.id}-due_on_2": "2026",
        },
    )
    assert response.status_code == 302
    client.post(url("meeting-do", published.id, "hold"))
    page = client.get(url("meeting-detail", published.id)).content.decode()
    assert "Present: Shire Police (Pat Constable)" in page
    assert "Agreed a joint visit." in page
    assert "Joint visit" in page
    published.refresh_from_db()
    assert published.status == MeetingStatus.HELD


def test_open_actions_carry_forward_to_every_later_agenda_until_closed(
    tasking_group, last_meeting, meeting, coordinator, police, south_council
):
    last_meeting.status = MeetingStatus.PUBLISHED
    last_meeting.save()
    kept = actions.action_add(
        by=coordinator,
        meeting=last_meeting,
        title="Lighting survey",
        owner_organisation=police,
        due_on=dt.date(2026, 4, 1),
    )
    done = actions.action_add(
        by=coordinator,
        meeting=last_meeting,
        title="Bins moved",
        owner_organisation=south_council,
        due_on=dt.date(2026, 4, 1),
    )
    actions.action_update(by=coordinator, action=kept, text="Survey booked")
    actions.action_update(by=coordinator, action=done, text="Moved", close=True)
    meeting.covers_from = at(dt.date(2026, 12, 1))  # closed before this meeting's window
    meeting.save()
    later = meeting_schedule(by=coordinator, group=tasking_group, scheduled_for=at(dt.date(2026, 7, 5)))

    from joinedup.tasking.selectors import action_log

    assert [a.title for a in action_log(meeting=meeting)] == ["Lighting survey"]
    assert [u.text for u in action_log(meeting=meeting)[0].updates.all()] == ["Survey booked"]
    assert [a.title for a in action_log(meeting=later)] == ["Lighting survey"]
    actions.action_update(by=coordinator, action=kept, text="Lights fixed", close=True)
    kept.refresh_from_db()
    assert kept.status == ActionStatus.CLOSED
    later.covers_from = kept.closed_at + dt.timedelta(seconds=1)
    later.save()
    assert action_log(meeting=later) == []


# --- who sees what --------------------------------------------------------------------------------------


def test_a_member_who_cannot_open_a_case_sees_only_its_reference_kind_and_lead_partner(
    generated, police_officer, officer_a, restricted_case, client_for
):
    police_page = client_for(police_officer).get(url("meeting-detail", generated.id)).content.decode()
    assert restricted_case.reference in police_page
    assert "Harassment by a former partner" not in police_page
    assert f"{restricted_case.reference} has not been shared with you" in police_page
    assert "Shouting and banging" in police_page  # the case shared with the police opens for them

    lead_page = client_for(officer_a).get(url("meeting-detail", generated.id)).content.decode()
    assert "Harassment by a former partner" in lead_page
    viewed = AuditEvent.objects.filter(
        actor=police_officer, action="viewed", object_id=str(generated.id)
    ).get()
    assert viewed.changes["cases"]["locked"] == [restricted_case.reference]


@pytest.mark.parametrize("page", ["group-detail", "meeting-detail", "agenda-pack", "agenda-pack-pdf"])
def test_staff_outside_the_group_are_refused_and_the_public_sent_to_sign_in(
    page, generated, housing_officer, officer_b, anonymous, client_for
):
    target = url(page, generated.group_id if page == "group-detail" else generated.id)
    refused = client_for(housing_officer).get(target)
    assert refused.status_code == 403
    assert "for the members of the group" in refused.content.decode()
    assert client_for(officer_b).get(target).status_code == 404
    assert anonymous.get(target).status_code == 302


def test_only_coordinators_generate_or_publish(generated, police_officer, client_for):
    response = client_for(police_officer).post(
        url("meeting-do", generated.id, "publish"), {"version": generated.version}
    )
    assert response.status_code == 403
    generated.refresh_from_db()
    assert generated.status == MeetingStatus.PLANNED


def test_the_group_lists_only_for_its_members(tasking_group, police_officer, housing_officer, client_for):
    assert tasking_group.name in client_for(police_officer).get(url("group-list")).content.decode()
    assert tasking_group.name not in client_for(housing_officer).get(url("group-list")).content.decode()


def test_the_next_meeting_is_suggested_one_cycle_after_the_last(
    tasking_group, meeting, coordinator, client_for
):
    from joinedup.tasking.selectors import next_meeting_suggested

    assert next_meeting_suggested(group=tasking_group, today=dt.date(2026, 4, 1)) == dt.date(2026, 7, 3)


# --- the agenda pack --------------------------------------------------------------------------------------


def test_the_agenda_pack_is_a_pdf_with_the_group_date_and_page_numbers(published, police_officer, client_for):
    response = client_for(police_officer).get(url("agenda-pack-pdf", published.id))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "South Tasking" in text
    assert "3 May 2026" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Harassment by a former partner" not in text
    assert AuditEvent.objects.filter(
        actor=police_officer, action="exported", object_id=str(published.id)
    ).exists()


def test_the_agenda_pack_page_has_the_agenda_data_and_action_log(published, police_officer, client_for):
    page = client_for(police_officer).get(url("agenda-pack", published.id)).content.decode()
    assert "Agenda pack, 3 May 2026" in page
    assert "Action log" in page
    assert "pack-print.css" in page
