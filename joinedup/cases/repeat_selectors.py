"""Repeat and vulnerable victims, found from reports and case records (REFERENCE.md §7.1).

The rule is the partnership's (`RepeatVictimRule`: by default 3 or more incidents in 365 days).
An incident is a report (not one closed as a duplicate of another), or a case with no report linked
to it among those counted: a case's linked reports stand for it, so one story is not counted twice,
and they take on the case's victims and address.

- The same person: the same email address or phone number (normalised), or the same person record,
  as victim or complainant on a case. A person record's email and phone join it to reports.
- The same place: the same address (postcode and house number, as `matching.address_key`), or map
  points within the rule's few metres, which is all a report carries.
- Vulnerable victims: victims and vulnerable people on an open case who have a vulnerability recorded,
  or whose case is assessed medium or high risk. They are flagged in the same list.

Who sees what. The list is for casework staff working in the partnership, and is built only from
what the viewer may already know exists: reports they may see (`reports_visible`, so hate incidents
only for those dealing with them and coordinators) and cases of the partnership, except restricted
cases they are not named on, which are left out altogether so they cannot be inferred from a count.
Who a row is about (name, contact details, address) is shown only when the viewer may see it in at
least one of the row's own sources: a report whose reporter they may see (`reports.policy.
can_see_reporter`: its lead or supporting partner, or a coordinator), or a case they may open.
Otherwise the row is locked: how many incidents, when, and which partners hold them, so the viewer
knows whom to ask. Reports show their reference to anyone who may see them; cases show the
locked-view reference to those who cannot open them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from joinedup.core.errors import NotFound, NotPermitted
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership
from joinedup.reports import policy as report_policy
from joinedup.reports.models import ClosedReason, Report
from joinedup.reports.selectors import reports_visible

from . import policy
from .models import (
    Case,
    CasePerson,
    CaseStatus,
    Person,
    PersonRole,
    RepeatDismissal,
    RepeatVictimRule,
    RiskLevel,
)
from .selectors import CASEWORK_DENIED, cases_open_to, people_open_to

PERSON = "person"
PLACE = "place"
OPEN_CASE_STATUSES = (CaseStatus.OPEN, CaseStatus.UNDER_REVIEW)
VULNERABLE_ROLES = (PersonRole.VICTIM, PersonRole.VULNERABLE)
SHOW = {
    "current": "Repeat and vulnerable victims",
    "repeat": "Repeat victims only",
    "vulnerable": "Vulnerable victims only",
    "dismissed": "Dismissed suggestions",
}
_DIGITS = re.compile(r"\D")
_NO_KEYS: frozenset[str] = frozenset()


# --- the rule ------------------------------------------------------------------------------------------


def repeat_rule(*, partnership: Partnership) -> RepeatVictimRule:
    """The partnership's rule, or the default one (not saved) until a coordinator sets it."""
    rule = RepeatVictimRule.objects.filter(partnership=partnership).first()
    return rule or RepeatVictimRule(partnership=partnership, version=0)


def can_set_rule(user: Any, partnership: Partnership) -> bool:
    return report_policy.coordinates(user) and report_policy.works_in(user, partnership.id)


def repeat_partnerships(*, user: Any) -> Any:
    """The partnerships whose repeat victims the user may look at."""
    if not policy.does_casework(user):
        raise NotPermitted(CASEWORK_DENIED)
    return Partnership.objects.filter(id__in=partner_policy.partnership_ids_for(user)).order_by("name")


def repeat_partnership_get(*, user: Any, slug: str = "") -> Partnership:
    partnerships = repeat_partnerships(user=user)
    partnership = partnerships.filter(slug=slug).first() if slug else partnerships.first()
    if partnership is None:
        raise NotFound("There is no such partnership of yours.")
    return partnership


# --- keys ----------------------------------------------------------------------------------------------


def email_key(email: str) -> str:
    email = (email or "").strip().lower()
    return f"email:{email}" if "@" in email else ""


def phone_key(phone: str) -> str:
    """UK numbers as dialled at home: "+44 (0)1905 000101" and "01905 000101" are the same."""
    digits = _DIGITS.sub("", phone or "")
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    return f"phone:{digits}" if len(digits) >= 10 else ""


def _keyed(value: str) -> str:
    """A keyed hash, so a dismissal records which person or place it was without holding who."""
    return salted_hmac("joinedup.cases.repeat-victims", value).hexdigest()[:32]


# --- what the list holds -------------------------------------------------------------------------------


@dataclass
class Incident:
    source: str  # "report" or "case"
    id: int
    at: dt.datetime
    reference: str
    what: str
    lead: str
    open: bool  # the viewer may open it (every report here; a case only if it is open to them)
    identified: bool  # the viewer may see who or where it concerns
    person_keys: set[str] = field(default_factory=set)
    place_keys: set[str] = field(default_factory=set)
    point: tuple[float, float] | None = None
    # Shown only when `identified`.
    name: str = ""
    contact: str = ""
    place: str = ""
    postcode: str = ""

    @property
    def key(self) -> str:
        return f"{self.source}:{self.id}"


@dataclass
class CoveringCase:
    reference: str
    lead: str
    open: bool


@dataclass
class RepeatVictim:
    """One person or place: the incidents in the window behind it, and what is already being done."""

    token: str
    dimension: str  # PERSON or PLACE
    incidents: list[Incident]
    keys: list[str]
    repeat: bool
    vulnerable: bool
    identified: bool
    covered_by: list[CoveringCase]
    name: str = ""
    contact: str = ""
    place: str = ""
    postcode: str = ""
    point: tuple[float, float] | None = None
    vulnerabilities: list[str] = field(default_factory=list)
    risk: str = ""
    person: Person | None = None
    dismissal: RepeatDismissal | None = None

    @property
    def latest(self) -> dt.datetime | None:
        return max((i.at for i in self.incidents), default=None)

    @property
    def leads(self) -> list[str]:
        return sorted({i.lead for i in self.incidents if i.lead})

    @property
    def can_open_case(self) -> bool:
        """A suggestion: a repeat the viewer may see, with no open case for it yet."""
        return self.repeat and self.identified and not self.covered_by and self.dismissal is None

    @property
    def reports(self) -> list[Incident]:
        return [i for i in self.incidents if i.source == "report"]


@dataclass
class RepeatVictimList:
    partnership: Partnership
    rule: RepeatVictimRule
    since: dt.datetime
    rows: list[RepeatVictim]


def _components(
    key_sets: list[AbstractSet[str]],
    points: list[tuple[float, float] | None] | None = None,
    metres: float = 0.0,
    *,
    min_size: int = 1,
    always_from: int | None = None,
) -> list[list[int]]:
    """Groups of items joined by a shared key or, when `points` are given, by map points within `metres`
    (a chain of such links joins a group): those of at least `min_size` items, and those holding an item
    numbered `always_from` or more. Each group lists its items in order, and the groups come in order of
    their first item. A graph's connected components (SciPy), so tens of thousands of incidents group in
    milliseconds."""
    size = len(key_sets)
    if not size:
        return []
    key_ids: dict[str, int] = {}
    items, keys = [], []
    for i, item_keys in enumerate(key_sets):
        for key in item_keys:
            items.append(i)
            keys.append(size + key_ids.setdefault(key, len(key_ids)))
    edges = [np.array([items, keys], dtype=np.int64).reshape(2, -1)]
    located = [i for i, point in enumerate(points or ()) if point is not None]
    if located:
        lonlat = np.array([points[i] for i in located], dtype=np.float64)  # type: ignore[index]
        # Metres on a local flat projection: exact enough over the few metres compared.
        scale_y = 111_320.0
        scale_x = scale_y * math.cos(math.radians(lonlat[0, 1]))
        pairs = cKDTree(lonlat * (scale_x, scale_y)).query_pairs(metres, output_type="ndarray")
        edges.append(np.asarray(located, dtype=np.int64)[pairs.T])
    rows, cols = np.concatenate(edges, axis=1)
    nodes = size + len(key_ids)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(nodes, nodes))
    labels = connected_components(graph, directed=False)[1][:size]
    keep = np.bincount(labels) >= min_size
    if always_from is not None:
        keep[labels[always_from:]] = True
    chosen = np.flatnonzero(keep[labels])
    if not len(chosen):
        return []
    order = np.argsort(labels[chosen], kind="stable")
    members, owners = chosen[order], labels[chosen][order]
    groups = [g.tolist() for g in np.split(members, np.flatnonzero(np.diff(owners)) + 1)]
    return sorted(groups, key=lambda g: g[0])


# --- loading -------------------------------------------------------------------------------------------


def _visible_cases(user: Any, partnership: Partnership) -> tuple[Any, set[int]]:
    """Cases of the partnership the user may know exist (no restricted ones they are not named on), and
    the ids of those they may open."""
    open_to = cases_open_to(user).filter(partnership=partnership)
    openable = set(open_to.values_list("id", flat=True))
    # A subquery, not the ids: a coordinator may open thousands of cases.
    cases = Case.objects.filter(partnership=partnership).filter(
        Q(restricted=False) | Q(id__in=open_to.values("id"))
    )
    return cases, openable


@dataclass
class _Joins:
    """What ties the window's incidents to people and places, item by item: the reports, then the cases.

    A year of a busy partnership's reports is tens of thousands and few of them end up in a row, so a
    report is read here only as its contact keys and point; `_incidents` reads the rest for those that
    do. Cases counted as incidents are few and held whole.
    """

    report_ids: list[int]
    identified: list[bool]  # the viewer may see the reporter
    person_keys: list[AbstractSet[str]]  # shared empty sets are frozen, so `|=` gives an item its own
    place_keys: list[AbstractSet[str]]
    points: list[tuple[float, float] | None]
    cases: list[Incident] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.person_keys)


def _report_joins(user: Any, partnership: Partnership, since: dt.datetime, now: dt.datetime) -> _Joins:
    reports = list(
        reports_visible(user=user)
        .filter(
            partnership=partnership, created_at__gte=since, created_at__lte=now, duplicate_of__isnull=True
        )
        .exclude(closed_reason=ClosedReason.DUPLICATE)
        .values_list("id", "reporter_email", "reporter_phone", "longitude", "latitude")
    )
    if report_policy.coordinates(user):
        reporter_seen = None  # every reporter in the partnership
    else:
        org_id = getattr(user, "organisation_id", None)
        reporter_seen = set(
            Report.objects.filter(partnership=partnership, created_at__gte=since)
            .filter(Q(lead_partner_id=org_id) | Q(supporting_partners__id=org_id))
            .values_list("id", flat=True)
        )
    return _Joins(
        report_ids=[r[0] for r in reports],
        identified=[reporter_seen is None or r[0] in reporter_seen for r in reports],
        person_keys=[
            {k for k in (email_key(email), phone_key(phone)) if k} if email or phone else _NO_KEYS
            for _, email, phone, _, _ in reports
        ],
        place_keys=[_NO_KEYS] * len(reports),
        points=[(lon, lat) if lon is not None and lat is not None else None for _, _, _, lon, lat in reports],
    )


def _person_keys(person: Person) -> set[str]:
    return {k for k in (f"person:{person.id}", email_key(person.email), phone_key(person.phone)) if k}


def _add_case_incidents(
    joins: _Joins, cases: Any, openable: set[int], since: dt.datetime, now: dt.datetime
) -> None:
    """Cases opened in the window, except those whose linked reports are counted (they take on the case's
    victims and address instead)."""
    in_window = cases.filter(opened_at__gte=since, opened_at__lte=now)
    window_cases = list(
        in_window.values_list(
            "id",
            "opened_at",
            "reference",
            "kind__name",
            "lead_partner__name",
            "address_key",
            "address",
            "postcode",
            "longitude",
            "latitude",
        )
    )
    victims: dict[int, list[Person]] = defaultdict(list)
    for link in CasePerson.objects.filter(case__in=in_window, role=PersonRole.VICTIM).select_related(
        "person"
    ):
        victims[link.case_id].append(link.person)
    report_index = {report_id: i for i, report_id in enumerate(joins.report_ids)}
    linked: dict[int, list[int]] = defaultdict(list)
    for case_id, report_id in Case.reports.through.objects.filter(case__in=in_window).values_list(
        "case_id", "report_id"
    ):
        if report_id in report_index:
            linked[case_id].append(report_index[report_id])
    for case_id, opened_at, reference, kind, lead, address_key, address, postcode, lon, lat in window_cases:
        person_keys = set().union(*(_person_keys(p) for p in victims[case_id]))
        place_keys = {f"address:{address_key}"} if address_key else set()
        point = (lon, lat) if lon is not None and lat is not None else None
        if linked[case_id]:
            for i in linked[case_id]:
                joins.person_keys[i] |= person_keys
                joins.place_keys[i] |= place_keys
            continue
        seen = case_id in openable
        first = victims[case_id][0] if victims[case_id] else None
        joins.cases.append(
            Incident(
                source="case",
                id=case_id,
                at=opened_at,
                reference=reference,
                what=kind,
                lead=lead,
                open=seen,
                identified=seen,
                person_keys=person_keys,
                place_keys=place_keys,
                point=point,
                name=first.full_name if seen and first else "",
                contact=", ".join(v for v in (first.email, first.phone) if v) if seen and first else "",
                place=address if seen else "",
                postcode=postcode if seen else "",
            )
        )
        joins.person_keys.append(person_keys)
        joins.place_keys.append(place_keys)
        joins.points.append(point)


def _incidents(joins: _Joins, items: set[int]) -> dict[int, Incident]:
    """The incidents of these items, whole: each report read with what a row shows of it (the reporter's
    name and contact details only where the viewer may see them)."""
    reports = len(joins.report_ids)
    found = {i: joins.cases[i - reports] for i in items if i >= reports}
    index = {joins.report_ids[i]: i for i in items if i < reports}
    ids = list(index)
    for start in range(0, len(ids), 5000):  # within SQLite's limit on query parameters
        for rid, at, ref, what, lead, name, email, phone, where in Report.objects.filter(
            id__any_of=ids[start : start + 5000]
        ).values_list(
            "id",
            "created_at",
            "reference",
            "category__name",
            "lead_partner__name",
            "reporter_name",
            "reporter_email",
            "reporter_phone",
            "location_text",
        ):
            i = index[rid]
            seen = joins.identified[i]
            found[i] = Incident(
                source="report",
                id=rid,
                at=at,
                reference=ref,
                what=what,
                lead=lead or "Not allocated yet",
                open=True,
                identified=seen,
                person_keys=set(joins.person_keys[i]),
                place_keys=set(joins.place_keys[i]),
                point=joins.points[i],
                name=name if seen else "",
                contact=", ".join(v for v in (email, phone) if v) if seen else "",
                place=where,
            )
    return found


def _recent_items(joins: _Joins, partnership: Partnership, after: dt.datetime, now: dt.datetime) -> set[int]:
    """The items whose incident happened after `after`."""
    index = {report_id: i for i, report_id in enumerate(joins.report_ids)}
    reports = Report.objects.filter(partnership=partnership, created_at__gt=after, created_at__lte=now)
    recent = {index[i] for i in reports.values_list("id", flat=True) if i in index}
    first_case = len(joins.report_ids)
    return recent | {first_case + n for n, case in enumerate(joins.cases) if case.at > after}


@dataclass
class _OpenCase:
    id: int
    reference: str
    lead: str
    risk_level: str


@dataclass
class _OpenCases:
    """Open cases the viewer may know exist, indexed by what would tie a row to them."""

    by_key: dict[str, set[int]]
    by_report: dict[int, set[int]]
    cases: dict[int, _OpenCase]
    vulnerable: list[tuple[CasePerson, list[str]]]  # each link and why it is flagged


def _open_cases(cases: Any) -> _OpenCases:
    open_cases = {
        row[0]: _OpenCase(*row)
        for row in cases.filter(status__in=OPEN_CASE_STATUSES).values_list(
            "id", "reference", "lead_partner__name", "risk_level"
        )
    }
    by_key: dict[str, set[int]] = defaultdict(set)
    for case_id, address_key in (
        cases.filter(status__in=OPEN_CASE_STATUSES).exclude(address_key="").values_list("id", "address_key")
    ):
        by_key[f"address:{address_key}"].add(case_id)
    vulnerable = []
    links = CasePerson.objects.filter(
        case__in=cases.filter(status__in=OPEN_CASE_STATUSES), role__in=VULNERABLE_ROLES
    ).select_related("person")
    for link in links:
        for key in _person_keys(link.person):
            by_key[key].add(link.case_id)
        case = open_cases[link.case_id]
        reasons = list(link.person.get_vulnerabilities_display())
        if case.risk_level in (RiskLevel.MEDIUM, RiskLevel.HIGH):
            reasons.append(f"{RiskLevel(case.risk_level).label} risk on {case.reference}")
        if reasons:
            vulnerable.append((link, reasons))
    by_report: dict[int, set[int]] = defaultdict(set)
    for case_id, report_id in Case.reports.through.objects.filter(
        case__in=cases.filter(status__in=OPEN_CASE_STATUSES)
    ).values_list("case_id", "report_id"):
        by_report[report_id].add(case_id)
    return _OpenCases(by_key, by_report, open_cases, vulnerable)


# --- the list ------------------------------------------------------------------------------------------


def repeat_victims(
    *,
    user: Any,
    partnership: Partnership,
    show: str = "current",
    now: dt.datetime | None = None,
    active_since: dt.datetime | None = None,
) -> RepeatVictimList:
    """Repeat and vulnerable victims of the partnership as `user` may see them, most in need first.

    Computed on request from the window's reports and cases (no stored flags to go stale); see the
    module docstring for the rule and for who sees what. `show` is one of `SHOW`. With `active_since`,
    only the rows with an incident after it (a tasking agenda's: since the group last met).
    """
    if not policy.does_casework(user):
        raise NotPermitted(CASEWORK_DENIED)
    if not report_policy.works_in(user, partnership.id):
        raise NotFound("There is no such partnership of yours.")
    now = now or timezone.now()
    rule = repeat_rule(partnership=partnership)
    since = now - dt.timedelta(days=rule.window_days)
    cases, openable = _visible_cases(user, partnership)
    joins = _report_joins(user, partnership, since, now)
    _add_case_incidents(joins, cases, openable, since, now)
    open_cases = _open_cases(cases)
    people = _person_groups(joins, open_cases, rule)
    places = _place_groups(joins, rule)
    if active_since is not None:
        recent = _recent_items(joins, partnership, active_since, now)
        people = [g for g in people if not recent.isdisjoint(g)]
        places = [g for g in places if not recent.isdisjoint(g)]
    incidents = _incidents(joins, {i for group in (*people, *places) for i in group if i < len(joins)})
    rows = _person_rows(user, incidents, len(joins), people, open_cases, openable, rule)
    rows += _place_rows(incidents, places, open_cases, openable)
    _mark_dismissed(partnership, rows)
    if show == "dismissed":
        rows = [r for r in rows if r.dismissal is not None]
    elif show != "all":
        rows = [r for r in rows if r.dismissal is None]
        if show == "repeat":
            rows = [r for r in rows if r.repeat]
        elif show == "vulnerable":
            rows = [r for r in rows if r.vulnerable]
    rows.sort(
        key=lambda r: (
            bool(r.covered_by),
            not r.vulnerable,
            -len(r.incidents),
            -(r.latest or now).timestamp(),
        )
    )
    return RepeatVictimList(partnership, rule, since, rows)


def _covering(
    keys: set[str], incidents: list[Incident], open_cases: _OpenCases, openable: set[int]
) -> list[CoveringCase]:
    ids: set[int] = set()
    for key in keys:
        ids |= open_cases.by_key.get(key, set())
    for incident in incidents:
        if incident.source == "report":
            ids |= open_cases.by_report.get(incident.id, set())
        elif incident.id in open_cases.cases:
            ids.add(incident.id)
    found = [open_cases.cases[i] for i in sorted(ids)]
    return [CoveringCase(c.reference, c.lead, c.id in openable) for c in found]


def _token(dimension: str, keys: set[str]) -> str:
    return _keyed(dimension + "|" + min(keys))[:20]


def _person_groups(joins: _Joins, open_cases: _OpenCases, rule: RepeatVictimRule) -> list[list[int]]:
    """The people worth a row: items are the incidents, then each vulnerable person on an open case (who
    may have none in the window); a group is a repeat, or holds a vulnerable person."""
    anchors: list[AbstractSet[str]] = [_person_keys(link.person) for link, _ in open_cases.vulnerable]
    return _components(joins.person_keys + anchors, min_size=rule.incidents, always_from=len(joins))


def _person_rows(
    user: Any,
    incidents: dict[int, Incident],
    size: int,
    groups: list[list[int]],
    open_cases: _OpenCases,
    openable: set[int],
    rule: RepeatVictimRule,
) -> list[RepeatVictim]:
    """`size`: how many incidents there are; items from there on are the vulnerable people's links."""
    anchors = open_cases.vulnerable
    people_seen = {p.id for p in people_open_to(user).filter(id__in=[link.person_id for link, _ in anchors])}
    rows = []
    for members in groups:
        found = [incidents[i] for i in members if i < size]
        flagged = [anchors[i - size] for i in members if i >= size]
        keys = set().union(
            *(i.person_keys for i in found), *(_person_keys(link.person) for link, _ in flagged)
        )
        repeat = len(found) >= rule.incidents
        if not keys or not (repeat or flagged):
            continue
        person = next((link.person for link, _ in flagged if link.person_id in people_seen), None)
        identified = any(i.identified for i in found) or person is not None
        row = RepeatVictim(
            token=_token(PERSON, keys),
            dimension=PERSON,
            incidents=sorted(found, key=lambda i: i.at, reverse=True),
            keys=sorted(f"{PERSON}|{k}" for k in keys | {i.key for i in found}),
            repeat=repeat,
            vulnerable=bool(flagged),
            identified=identified,
            covered_by=_covering(keys, found, open_cases, openable),
            person=person,
        )
        if identified:
            _describe_person(row, person, flagged)
        rows.append(row)
    return rows


def _describe_person(
    row: RepeatVictim, person: Person | None, flagged: list[tuple[CasePerson, list[str]]]
) -> None:
    seen = [i for i in row.incidents if i.identified]
    if person is not None:
        row.name = person.full_name
        row.contact = ", ".join(v for v in (person.email, person.phone) if v)
        row.place, row.postcode = person.address, person.postcode
    else:
        row.name = next((i.name for i in seen if i.name), "")
        row.contact = next((i.contact for i in seen if i.contact), "")
        row.place = next((i.place for i in seen if i.source == "case" and i.place), "")
        row.postcode = next((i.postcode for i in seen if i.postcode), "")
    points = [i.point for i in seen if i.point]
    row.point = _centre(points)
    if person is not None:
        reasons = [r for link, why in flagged if link.person_id == person.id for r in why]
        row.vulnerabilities = list(dict.fromkeys(reasons))


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _place_groups(joins: _Joins, rule: RepeatVictimRule) -> list[list[int]]:
    """The places with enough incidents: the same address, or points a few metres apart. One person's
    incidents that are all at one place are already that person's row."""
    groups = _components(joins.place_keys, joins.points, rule.same_place_metres, min_size=rule.incidents)
    return [g for g in groups if not _one_person([joins.person_keys[i] for i in g])]


def _one_person(person_keys: list[AbstractSet[str]]) -> bool:
    return all(person_keys) and len(_components(person_keys)) == 1


def _place_rows(
    incidents: dict[int, Incident], groups: list[list[int]], open_cases: _OpenCases, openable: set[int]
) -> list[RepeatVictim]:
    rows = []
    for members in groups:
        found = [incidents[i] for i in members]
        keys = set().union(*(i.place_keys for i in found)) | {i.key for i in found}
        identified = any(i.identified or i.source == "report" for i in found)
        row = RepeatVictim(
            token=_token(PLACE, keys),
            dimension=PLACE,
            incidents=sorted(found, key=lambda i: i.at, reverse=True),
            keys=sorted(f"{PLACE}|{k}" for k in keys),
            repeat=True,
            vulnerable=False,
            identified=identified,
            covered_by=_covering(set().union(*(i.place_keys for i in found)), found, open_cases, openable),
        )
        if identified:
            named = Counter(i.place for i in found if i.place and (i.open or i.source == "report"))
            row.place = named.most_common(1)[0][0] if named else ""
            row.postcode = next((i.postcode for i in found if i.postcode), "")
            row.point = _centre([i.point for i in found if i.point])
        rows.append(row)
    return rows


def _mark_dismissed(partnership: Partnership, rows: list[RepeatVictim]) -> None:
    """A dismissal holds while nothing newer than it has arrived for a row sharing one of its keys."""
    dismissals = list(RepeatDismissal.objects.filter(partnership=partnership).select_related("dismissed_by"))
    if not dismissals:
        return  # nothing to match, so no row's keys need hashing
    by_key: dict[str, list[RepeatDismissal]] = defaultdict(list)
    for dismissal in dismissals:
        for key in dismissal.keys:
            by_key[key].append(dismissal)
    for row in rows:
        latest = row.latest
        for key in row_key_hashes(row):
            held = [d for d in by_key.get(key, []) if latest is not None and latest <= d.incidents_up_to]
            if held:
                row.dismissal = held[0]
                break


def row_key_hashes(row: RepeatVictim) -> list[str]:
    return [_keyed(k) for k in row.keys]


def repeat_victim_get(
    *, user: Any, partnership: Partnership, token: str, now: dt.datetime | None = None
) -> RepeatVictim:
    """One row of the list, as the user may see it, by the token the page gave it."""
    found = repeat_victims(user=user, partnership=partnership, show="all", now=now)
    for row in found.rows:
        if row.token == token:
            return row
    raise NotFound("That person or place is no longer on the list. It may have been dealt with.")
