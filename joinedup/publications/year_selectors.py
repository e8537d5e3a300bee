"""Counts of one partnership's year for the annual scrutiny report: reports, cases, meetings, patrols and
problem-solving profiles.

Counts only (and the titles of problem profiles, which tasking groups already publish in their minutes),
for the one partnership the reader may make the report for, within an explicit year, so a report made
again for a past year gives the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum

from joinedup.cases.models import Case
from joinedup.partners.models import Partnership
from joinedup.problems.models import Assessment, Patrol, PatrolStatus, ProblemProfile
from joinedup.reports.models import Report
from joinedup.tasking.agenda_sources import SOURCE_BY_CODE
from joinedup.tasking.models import AgendaItem, Meeting, MeetingStatus

from .selectors import _open_at


@dataclass(frozen=True)
class Year:
    """A reporting year, from the first moment of `starts_at` to just before `ends_at`."""

    starts_at: dt.datetime
    ends_at: dt.datetime

    def within(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.starts_at, f"{field}__lt": self.ends_at})


def reports_received(*, partnership: Partnership, year: Year) -> list[tuple[str, int]]:
    """(category, reports received in the year), busiest first."""
    return list(
        Report.objects.filter(year.within("created_at"), partnership=partnership)
        .values_list("category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__name")
    )


def cases_by_kind(*, partnership: Partnership, year: Year) -> list[tuple[str, int, int]]:
    """(kind, cases opened in the year, cases open at its end); counts only."""
    rows = (
        Case.objects.filter(partnership=partnership)
        .values_list("kind__name")
        .annotate(
            opened=Count("id", filter=year.within("opened_at")),
            open=Count("id", filter=_open_at(year.ends_at, opened="opened_at", ended=("closed_at",))),
        )
        .order_by("kind__order", "kind__name")
    )
    return [(kind, opened, still) for kind, opened, still in rows if opened or still]


def meetings_held(*, partnership: Partnership, year: Year) -> list[tuple[str, int, dt.datetime]]:
    """(tasking group, meetings held in the year, the last one) for each group that met."""
    return list(
        Meeting.objects.filter(year.within("held_at"), partnership=partnership, status=MeetingStatus.HELD)
        .values_list("group__governance_group__name")
        .annotate(n=Count("id"), last=Max("held_at"))
        .order_by("group__governance_group__name")
    )


def agenda_topics(*, partnership: Partnership, year: Year) -> list[tuple[str, int]]:
    """(kind of topic, items discussed) on the agendas of meetings held in the year."""
    rows = (
        AgendaItem.objects.filter(
            meeting__partnership=partnership,
            meeting__status=MeetingStatus.HELD,
            meeting__held_at__gte=year.starts_at,
            meeting__held_at__lt=year.ends_at,
        )
        .values_list("source")
        .annotate(n=Count("id"))
        .order_by("-n", "source")
    )
    labels = {code: source.label for code, source in SOURCE_BY_CODE.items()}
    return [(labels.get(code, "Added by the coordinator"), n) for code, n in rows]


def patrols_done(*, partnership: Partnership, year: Year) -> tuple[int, int]:
    """(joint patrols done in the year, people spoken to on them)."""
    found = Patrol.objects.filter(
        year.within("starts_at"), partnership=partnership, status=PatrolStatus.DONE
    ).aggregate(n=Count("id"), engaged=Sum("engagements", default=0))
    return found["n"], found["engaged"]


@dataclass(frozen=True)
class ProfileOutcome:
    reference: str
    title: str
    closed: bool
    conclusion: str


def profiles_concluded(*, partnership: Partnership, year: Year) -> list[ProfileOutcome]:
    """Problem profiles closed in the year or assessed (before and after) in it, with the owner's latest
    conclusion from an assessment made by the year's end."""
    assessed = Assessment.objects.filter(year.within("created_at"), profile__partnership=partnership)
    profiles = ProblemProfile.objects.filter(partnership=partnership).filter(
        year.within("closed_at") | Q(id__in=assessed.values("profile_id"))
    )
    conclusions: dict[int, str] = {}
    for profile_id, conclusion in (
        Assessment.objects.filter(profile__in=profiles, created_at__lt=year.ends_at)
        .order_by("created_at", "id")
        .values_list("profile_id", "conclusion")
    ):
        conclusions[profile_id] = conclusion
    return [
        ProfileOutcome(
            reference=p.reference,
            title=p.title,
            closed=p.closed_at is not None and p.closed_at < year.ends_at,
            conclusion=conclusions.get(p.id, "") or "No before-and-after assessment recorded",
        )
        for p in profiles.order_by("reference")
    ]
