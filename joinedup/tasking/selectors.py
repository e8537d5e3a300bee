"""Reads for tasking: groups and meetings the user may see, the agenda as they may read it, the
action log, and the window the next agenda covers.

Selectors have no side effects: the services record views of personal data in the audit trail.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from joinedup.cases.selectors import cases_open_to
from joinedup.core.errors import NotFound, NotPermitted
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Organisation, User

from . import agenda_sources, policy
from .models import (
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Attendance,
    CycleUnit,
    ItemUpdate,
    Meeting,
    MeetingStatus,
    TaskingAction,
    TaskingGroup,
)


def groups_visible(*, user: Any) -> QuerySet[TaskingGroup]:
    """Groups of the user's partnerships they belong to, or all of them for coordinators."""
    if not partner_policy.is_staff_member(user):
        return TaskingGroup.objects.none()
    groups = TaskingGroup.objects.visible_to(user).select_related("governance_group", "partnership")
    if policy.coordinates(user):
        return groups
    return groups.filter(
        Q(governance_group__members__id=user.organisation_id or 0) | Q(people__id=user.id)
    ).distinct()


def group_get(*, user: Any, group_id: int) -> TaskingGroup:
    group = (
        TaskingGroup.objects.visible_to(user)
        .select_related("governance_group", "governance_group__chair", "partnership")
        .filter(id=group_id)
        .first()
    )
    if group is None:
        raise NotFound("There is no tasking group at this address in your partnerships.")
    if not policy.can_see(user, group):
        raise NotPermitted(policy.DENIED)
    return group


def meeting_get(*, user: Any, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.visible_to(user)
        .select_related("group", "group__governance_group", "partnership")
        .filter(id=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound("There is no meeting at this address in your partnerships.")
    if not policy.can_see(user, meeting.group):
        raise NotPermitted(policy.DENIED)
    return meeting


def group_meetings(*, group: TaskingGroup) -> QuerySet[Meeting]:
    return group.meetings.order_by("-scheduled_for", "-id")


def group_organisations(*, group: TaskingGroup) -> QuerySet[Organisation]:
    return group.governance_group.members.order_by("name")


def group_people(*, group: TaskingGroup) -> QuerySet[User]:
    """Staff who may attend or own actions: named people and staff of members, in the partnership."""
    return (
        User.objects.filter(is_active=True, partnerships=group.partnership_id)
        .filter(Q(organisation__in=group.governance_group.members.all()) | Q(tasking_groups=group))
        .select_related("organisation")
        .distinct()
        .order_by("full_name")
    )


def add_cycle(day: dt.date, group: TaskingGroup) -> dt.date:
    if group.cycle_unit == CycleUnit.WEEKS:
        return day + dt.timedelta(weeks=group.cycle_every)
    index = day.year * 12 + day.month - 1 + group.cycle_every
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def next_meeting_suggested(*, group: TaskingGroup, today: dt.date | None = None) -> dt.date:
    """One cycle after the group's latest meeting (or from today, for its first), never in the past."""
    today = today or timezone.localdate()
    last = group.meetings.order_by("-scheduled_for").values_list("scheduled_for", flat=True).first()
    if last is None:
        return add_cycle(today, group)
    suggested = add_cycle(timezone.localtime(last).date(), group)
    while suggested < today:
        suggested = add_cycle(suggested, group)
    return suggested


def previous_meeting(*, meeting: Meeting) -> Meeting | None:
    """The group's last meeting held before this one: the agenda covers what happened since."""
    return (
        Meeting.objects.filter(
            group_id=meeting.group_id, status=MeetingStatus.HELD, scheduled_for__lt=meeting.scheduled_for
        )
        .exclude(pk=meeting.pk)
        .order_by("-scheduled_for")
        .first()
    )


def _cycle_months(group: TaskingGroup) -> int:
    if group.cycle_unit == CycleUnit.WEEKS:
        return max(1, round(group.cycle_every * 7 / 30.4))
    return group.cycle_every


def agenda_window(
    *, meeting: Meeting, by: Any, now: dt.datetime | None = None
) -> agenda_sources.AgendaWindow:
    """Since the previous meeting (or one cycle back, for a group's first), and the incident months
    after the last one tested on an agenda of the group, up to the newest month held."""
    from joinedup.intelligence.trend_selectors import loaded_months, month_add, month_range

    now = now or timezone.now()
    group = meeting.group
    previous = previous_meeting(meeting=meeting)
    if previous is not None:
        since = previous.scheduled_for
    else:
        day = timezone.localtime(meeting.scheduled_for).date()
        since = meeting.scheduled_for - (add_cycle(day, group) - day)
    loaded = loaded_months(user=by)
    months: list[dt.date] = []
    if loaded is not None:
        last = loaded[1]
        if previous is not None and previous.data_to is not None:
            start = month_add(previous.data_to, 1)
        else:
            start = month_add(last, 1 - _cycle_months(group))
        start = max(start, month_add(last, 1 - agenda_sources.MAX_MONTHS))
        months = month_range(start, last) if start <= last else []
    return agenda_sources.AgendaWindow(
        partnership=meeting.partnership, group=group, since=since, until=now, months=months, by=by
    )


# --- the agenda as the reader may see it --------------------------------------------------------------------


@dataclass
class AgendaRow:
    item: AgendaItem
    number: int
    label: str
    columns: list[list[str]]
    rows: list[dict[str, Any]]
    case_open: bool | None  # None: the item is not about one case
    updates: list[ItemUpdate] = field(default_factory=list)
    actions: list[TaskingAction] = field(default_factory=list)


def agenda_items(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.items.select_related("owner_organisation", "owner_officer", "case").prefetch_related(
        Prefetch("updates", ItemUpdate.objects.select_related("author", "organisation")),
        Prefetch("actions", TaskingAction.objects.select_related("owner_organisation", "owner_officer")),
    )


def agenda_for(*, user: Any, meeting: Meeting) -> list[AgendaRow]:
    """The agenda, item by item, with each item's data as `user` may see it: rows about a case they
    cannot open show only its reference, kind and lead partner (what its locked view shows)."""
    items = list(agenda_items(meeting=meeting))
    case_ids = {
        row["case_id"]
        for item in items
        for row in item.data.get("rows", [])
        if row.get("case_id") is not None
    }
    open_ids = (
        set(cases_open_to(user).filter(id__in=case_ids).values_list("id", flat=True)) if case_ids else set()
    )
    agenda = []
    for number, item in enumerate(items, start=1):
        rows = [
            {**row, "locked": "case_id" in row and row["case_id"] not in open_ids}
            for row in item.data.get("rows", [])
        ]
        source = agenda_sources.SOURCE_BY_CODE.get(item.source)
        if source is not None and source.reveal is not None and rows:
            rows = source.reveal(user, rows, open_ids)
        agenda.append(
            AgendaRow(
                item=item,
                number=number,
                label=agenda_sources.source_label(item.source),
                columns=item.data.get("columns", []),
                rows=rows,
                case_open=None if item.case_id is None else item.case_id in open_ids,
                updates=list(item.updates.all()),
                actions=list(item.actions.all()),
            )
        )
    return agenda


def cases_shown(agenda: list[AgendaRow]) -> dict[str, list[str]]:
    """Case references on the agenda, split by whether their detail was shown: for the audit trail."""
    shown: dict[str, set[str]] = {"open": set(), "locked": set()}
    for entry in agenda:
        for row in entry.rows:
            if "case" in row:
                shown["locked" if row.get("locked") else "open"].add(row["case"])
    return {k: sorted(v) for k, v in shown.items()}


def meeting_attendance(*, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("organisation", "person").order_by(
        "status", "organisation__name"
    )


def action_log(*, meeting: Meeting) -> list[TaskingAction]:
    """The group's actions raised up to this meeting that are still open, raised at it, or closed since
    the previous one, with their update history: open actions carry forward until closed."""
    shown = Q(status=ActionStatus.OPEN) | Q(meeting=meeting)
    if meeting.covers_from is not None:
        shown |= Q(closed_at__gt=meeting.covers_from)
    return list(
        TaskingAction.objects.filter(
            group_id=meeting.group_id, meeting__scheduled_for__lte=meeting.scheduled_for
        )
        .filter(shown)
        .select_related("owner_organisation", "owner_officer", "meeting")
        .prefetch_related(Prefetch("updates", ActionUpdate.objects.select_related("author")))
        .order_by("status", "due_on", "id")
    )


def item_get(*, user: Any, meeting_id: int, item_id: int) -> AgendaItem:
    """An item whose owner (or a coordinator) writes its update: owners need not be group members."""
    item = (
        AgendaItem.objects.filter(
            id=item_id, meeting_id=meeting_id, meeting__in=Meeting.objects.visible_to(user)
        )
        .select_related("meeting", "meeting__group", "meeting__group__governance_group", "owner_organisation")
        .first()
    )
    if item is None:
        raise NotFound("There is no such agenda item in your partnerships.")
    if not policy.can_update(user, item):
        raise NotPermitted("Only the item's owner, or a coordinator, writes its update.")
    return item


def action_get(*, user: Any, action_id: int) -> TaskingAction:
    action = (
        TaskingAction.objects.visible_to(user)
        .select_related("group", "group__governance_group", "owner_organisation", "meeting")
        .filter(id=action_id)
        .first()
    )
    if action is None:
        raise NotFound("There is no such action in your partnerships.")
    if not policy.can_see(user, action.group):
        raise NotPermitted(policy.DENIED)
    return action
