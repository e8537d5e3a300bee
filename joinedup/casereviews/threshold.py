"""The threshold assessment, as plain functions over plain data, so every worked example can be tested.

The rules (REFERENCE.md §1.2):
- A complaint qualifies if it was made within 1 month of the behaviour (a local window, e.g. 30 days in
  Lincolnshire) and the application is made within 6 months of it (statutory). Exactly 1 month and
  exactly 6 months are still within.
- One incident reported to several agencies counts once. Complaints are the same incident when the
  officer says so, when one report was closed as a duplicate of the other, or when they describe the same
  day at the same place.
- The partnership's rules ("3 reports about the same problem in 6 months", "3 different people reporting
  it", "1 hate incident") are counted over qualifying complaints made in the rule's last N months.
- Whatever the rules say, 3 qualifying complaints always meet the threshold: the law sets that floor.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

STATUTORY_COUNT = 3
STATUTORY_MONTHS = 6
# Two points of one incident: reports of the same thing, made from a phone in the street, rarely agree.
SAME_PLACE_METRES = 60.0


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later or earlier; the last day of a shorter month (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (longitude, latitude) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def place_key(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Window:
    """The qualifying-complaint window: a number of months or days after the behaviour."""

    amount: int = 1
    unit: str = "months"

    def end(self, incident_on: dt.date) -> dt.date:
        if self.unit == "days":
            return incident_on + dt.timedelta(days=self.amount)
        return add_months(incident_on, self.amount)

    def __str__(self) -> str:
        noun = "day" if self.unit == "days" else "month"
        return f"{self.amount} {noun}{'s' if self.amount != 1 else ''}"


@dataclass(frozen=True)
class ComplaintFacts:
    id: int
    reported_on: dt.date
    incident_on: dt.date
    reporter: str = ""  # who complained, any spelling; blank when anonymous
    place: str = ""
    point: tuple[float, float] | None = None
    hate: bool = False
    same_as: int | None = None
    excluded: bool = False
    excluded_reason: str = ""
    report_id: int | None = None
    duplicate_of_report: int | None = None


@dataclass(frozen=True)
class RuleFacts:
    kind: str  # "reports", "reporters" or "hate"
    count: int
    months: int
    label: str
    statutory: bool = False


@dataclass
class ComplaintFinding:
    complaint_id: int
    qualifies: bool
    reason: str
    incident: int  # incidents are numbered 1, 2, ... in date order
    counted: bool  # the first qualifying complaint of its incident; the others are the same incident


@dataclass
class RuleFinding:
    label: str
    needed: int
    found: int
    met: bool
    statutory: bool
    counts: str  # what was counted, in words


@dataclass
class Assessment:
    received_on: dt.date
    window: str
    complaints: list[ComplaintFinding]
    rules: list[RuleFinding]
    qualifying_incidents: int
    met_by: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return bool(self.met_by)

    def finding(self, complaint_id: int) -> ComplaintFinding | None:
        return next((f for f in self.complaints if f.complaint_id == complaint_id), None)

    def as_record(self) -> dict:
        """What is kept with the decision: the reasoning as it stood (no personal data)."""
        return {
            "received_on": self.received_on.isoformat(),
            "window": self.window,
            "met_by": self.met_by,
            "qualifying_incidents": self.qualifying_incidents,
            "rules": [
                {"rule": r.label, "needed": r.needed, "found": r.found, "met": r.met, "counts": r.counts}
                for r in self.rules
            ],
            "complaints": [
                {
                    "complaint": f.complaint_id,
                    "qualifies": f.qualifies,
                    "reason": f.reason,
                    "incident": f.incident,
                }
                for f in self.complaints
            ],
        }


def statutory_rule() -> RuleFacts:
    return RuleFacts(
        kind="reports",
        count=STATUTORY_COUNT,
        months=STATUTORY_MONTHS,
        label="The law: 3 qualifying complaints about the behaviour (2014 Act s.104)",
        statutory=True,
    )


def _qualifies(c: ComplaintFacts, received_on: dt.date, window: Window) -> tuple[bool, str]:
    if c.excluded:
        return False, f"Set aside by the officer: {c.excluded_reason or 'not about this problem'}"
    if c.reported_on > received_on:
        return False, f"Made on {long_date(c.reported_on)}, after the application was received"
    if c.reported_on > window.end(c.incident_on):
        return False, (
            f"Made more than {window} after the behaviour (behaviour {long_date(c.incident_on)}, "
            f"complaint {long_date(c.reported_on)})"
        )
    if received_on > add_months(c.reported_on, STATUTORY_MONTHS):
        return False, (
            f"Made on {long_date(c.reported_on)}, more than {STATUTORY_MONTHS} months before the "
            f"application ({long_date(received_on)})"
        )
    return (
        True,
        f"Made within {window} of the behaviour and within {STATUTORY_MONTHS} months of the application",
    )


def _incidents(complaints: Sequence[ComplaintFacts]) -> dict[int, int]:
    """Each complaint's incident: a union of the officer's links, duplicate reports and same day and place."""
    parent = {c.id: c.id for c in complaints}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        parent[root(a)] = root(b)

    by_report = {c.report_id: c.id for c in complaints if c.report_id is not None}
    for c in complaints:
        if c.same_as in parent:
            join(c.id, c.same_as)  # type: ignore[arg-type]
        if c.duplicate_of_report in by_report:
            join(c.id, by_report[c.duplicate_of_report])  # type: ignore[index]
    for i, a in enumerate(complaints):
        for b in complaints[i + 1 :]:
            if a.incident_on != b.incident_on:
                continue
            same_text = bool(place_key(a.place)) and place_key(a.place) == place_key(b.place)
            near = (
                a.point is not None
                and b.point is not None
                and metres_between(a.point, b.point) <= SAME_PLACE_METRES
            )
            if same_text or near:
                join(a.id, b.id)
    # Number incidents in the order their first complaint happened.
    numbers: dict[int, int] = {}
    for c in sorted(complaints, key=lambda c: (c.incident_on, c.reported_on, c.id)):
        numbers.setdefault(root(c.id), len(numbers) + 1)
    return {c.id: numbers[root(c.id)] for c in complaints}


def assess(
    *,
    received_on: dt.date,
    complaints: Iterable[ComplaintFacts],
    rules: Iterable[RuleFacts],
    window: Window | None = None,
) -> Assessment:
    """Which complaints qualify and why, how many incidents they are, and which rules they meet."""
    window = window or Window()
    items = sorted(complaints, key=lambda c: (c.incident_on, c.reported_on, c.id))
    incident_of = _incidents(items)
    findings: list[ComplaintFinding] = []
    counted_incidents: set[int] = set()
    for c in items:
        ok, reason = _qualifies(c, received_on, window)
        incident = incident_of[c.id]
        counted = ok and incident not in counted_incidents
        if ok and not counted:
            reason = f"{reason}; the same incident as another complaint, so counted once"
        if counted:
            counted_incidents.add(incident)
        findings.append(ComplaintFinding(c.id, ok, reason, incident, counted))
    qualifying = {f.complaint_id for f in findings if f.qualifies}
    all_rules = [*rules, statutory_rule()]
    results = []
    for rule in all_rules:
        since = add_months(received_on, -rule.months)
        recent = [c for c in items if c.id in qualifying and c.reported_on >= since]
        if rule.kind == "reporters":
            found = len({" ".join(c.reporter.lower().split()) for c in recent if c.reporter.strip()})
            counts = "different people or groups who complained (anonymous complaints cannot be told apart)"
        elif rule.kind == "hate":
            found = len({incident_of[c.id] for c in recent if c.hate})
            counts = "hate incidents"
        else:
            found = len({incident_of[c.id] for c in recent})
            counts = "incidents complained about (an incident reported to several agencies counts once)"
        counts = f"{counts} since {long_date(since)}"
        results.append(
            RuleFinding(rule.label, rule.count, found, found >= rule.count, rule.statutory, counts)
        )
    return Assessment(
        received_on=received_on,
        window=str(window),
        complaints=findings,
        rules=results,
        qualifying_incidents=len(counted_incidents),
        met_by=[r.label for r in results if r.met],
    )
