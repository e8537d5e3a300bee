"""Reads for cases and people. Who sees what is decided here (with `policy`), never in templates.

Selectors have no side effects: the services in `services/access.py` call them and write the audit
event for each disclosure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from joinedup.core.errors import NotFound, NotPermitted
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Organisation, Partnership, User

from . import matching, policy
from .models import (
    AccessRequest,
    ActionStatus,
    Case,
    CaseAction,
    CaseEvent,
    CaseNamedAccess,
    CasePerson,
    CaseShare,
    CaseStatus,
    Person,
    RequestStatus,
    Sensitivity,
)

CASEWORK_DENIED = "Case files are for partner officers, managers and coordinators."


def _require_casework(user: Any) -> None:
    if not policy.does_casework(user):
        raise NotPermitted(CASEWORK_DENIED)


def cases_open_to(user: Any) -> QuerySet[Case]:
    """Cases the user may open in full: led by or shared with their organisation, and, if restricted,
    with them named on it."""
    if not policy.does_casework(user) or user.organisation_id is None:
        return Case.objects.none()
    org_id = user.organisation_id
    # `id IN (subquery)` rather than EXISTS: PostgreSQL hashes each subquery once and costs it as such,
    # where an OR of correlated EXISTS is costed per row, high enough to set off JIT compilation.
    shared = CaseShare.objects.filter(organisation_id=org_id, ended_at__isnull=True).values("case_id")
    named = CaseNamedAccess.objects.filter(user_id=user.id).values("case_id")
    partnerships = list(partner_policy.partnership_ids_for(user).values_list("id", flat=True))
    return Case.objects.filter(partnership_id__in=partnerships).filter(
        Q(lead_partner_id=org_id) | Q(id__in=shared), Q(restricted=False) | Q(id__in=named)
    )


def access_level(user: Any, case: Case) -> str:
    return policy.FULL if cases_open_to(user).filter(pk=case.pk).exists() else policy.LOCKED


def case_get(*, user: Any, reference: str) -> tuple[Case, str]:
    """A case of the user's partnerships and how much of it they may see (full or locked)."""
    _require_casework(user)
    case = (
        Case.objects.visible_to(user)
        .select_related("kind", "lead_partner", "lead_officer", "area", "partnership")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise NotFound("There is no case with that reference in your partnerships.")
    return case, access_level(user, case)


def case_get_open(*, user: Any, reference: str) -> Case:
    """A case the user may open in full, for pages and actions that show or change its contents."""
    case, level = case_get(user=user, reference=reference)
    if level != policy.FULL:
        raise NotPermitted(f"{case.reference} has not been shared with you. Ask its lead partner for access.")
    return case


@dataclass
class CaseFilters:
    status: str = "active"
    kind: str = ""
    mine: bool = False


def case_list(*, user: Any, filters: CaseFilters) -> QuerySet[Case]:
    _require_casework(user)
    # Only what the list shows: sorting thousands of whole rows (summaries, JSON) costs more than the rest.
    cases = (
        cases_open_to(user)
        .select_related("kind", "lead_partner", "lead_officer", "area")
        .only(
            "reference",
            "status",
            "risk_level",
            "review_on",
            "restricted",
            "updated_at",
            "kind__name",
            "lead_partner__name",
            "lead_partner__short_name",
            "lead_officer__full_name",
            "area__name",
        )
    )
    if filters.status == "active":
        cases = cases.filter(status__in=[CaseStatus.OPEN, CaseStatus.UNDER_REVIEW])
    elif filters.status in CaseStatus.values:
        cases = cases.filter(status=filters.status)
    if filters.kind:
        cases = cases.filter(kind__code=filters.kind)
    if filters.mine:
        cases = cases.filter(lead_officer=user)
    return cases.order_by("-updated_at", "-id")


def note_visible_q(user: Any, case: Case, prefix: str = "") -> Q:
    """Notes the user may read: standard ones; sensitive ones if their organisation leads or wrote them;
    confidential ones only within the organisation that wrote them."""
    org_id = getattr(user, "organisation_id", None)
    own = Q(**{f"{prefix}organisation_id": org_id})
    sensitive = Q(**{f"{prefix}sensitivity": Sensitivity.SENSITIVE})
    visible = Q(**{f"{prefix}sensitivity": Sensitivity.STANDARD}) | own
    if org_id == case.lead_partner_id:
        visible |= sensitive
    return visible


def case_timeline(*, user: Any, case: Case) -> QuerySet[CaseEvent]:
    events = case.events.select_related("note", "note__organisation").order_by("-at", "-id")
    return events.filter(Q(note__isnull=True) | note_visible_q(user, case, prefix="note__"))


def case_people(*, case: Case) -> QuerySet[CasePerson]:
    return case.people.select_related("person").order_by("role", "person__family_name")


def case_shares(*, case: Case) -> QuerySet[CaseShare]:
    return case.shares.filter(ended_at__isnull=True).select_related("organisation", "shared_by")


def case_named(*, case: Case) -> QuerySet[CaseNamedAccess]:
    return case.named.select_related("user", "user__organisation").order_by("user__full_name")


def case_requests_pending(*, case: Case) -> QuerySet[AccessRequest]:
    return case.access_requests.filter(status=RequestStatus.PENDING).select_related(
        "requested_by", "organisation"
    )


def request_pending_for(*, user: Any, case: Case) -> AccessRequest | None:
    return case.access_requests.filter(requested_by_id=user.id).order_by("-requested_at").first()


def case_actions(*, case: Case) -> QuerySet[CaseAction]:
    return case.actions.select_related("assigned_organisation", "assigned_team", "assigned_officer").order_by(
        "status", "due_on", "id"
    )


def case_partner_organisations(*, case: Case) -> QuerySet[Organisation]:
    """The lead partner and the partners the case is shared with: who may be given actions."""
    shared = CaseShare.objects.filter(case=case, ended_at__isnull=True).values("organisation_id")
    return Organisation.objects.filter(Q(id=case.lead_partner_id) | Q(id__in=shared)).order_by("name")


def shareable_organisations(*, case: Case) -> QuerySet[Organisation]:
    """Members of the case's partnership it is not yet shared with."""
    shared = CaseShare.objects.filter(case=case, ended_at__isnull=True).values("organisation_id")
    return (
        Organisation.objects.filter(memberships__partnership_id=case.partnership_id)
        .exclude(id=case.lead_partner_id)
        .exclude(id__in=shared)
        .order_by("name")
    )


def casework_staff(*, partnership: Partnership, organisations: QuerySet[Organisation]) -> QuerySet[User]:
    """Staff of these partners doing casework in the partnership: lead officers, action owners, named."""
    return (
        User.objects.filter(
            is_active=True,
            organisation__in=organisations,
            partnerships=partnership,
            role__in=policy.CASEWORK_ROLES,
        )
        .select_related("organisation")
        .order_by("full_name")
    )


@dataclass
class QueueRow:
    action: CaseAction
    overdue: bool


def action_queue(*, user: Any, today: dt.date | None = None) -> list[QueueRow]:
    """Open actions for the user, their team or their organisation, on cases they may open; overdue first."""
    _require_casework(user)
    today = today or timezone.localdate()
    mine = Q(assigned_officer=user) | Q(
        assigned_officer__isnull=True, assigned_organisation_id=user.organisation_id
    )
    if user.team_id:
        mine |= Q(assigned_officer__isnull=True, assigned_team_id=user.team_id)
    actions = (
        CaseAction.objects.filter(mine, status=ActionStatus.OPEN, case__in=cases_open_to(user))
        .select_related("case", "case__kind", "assigned_organisation", "assigned_team", "assigned_officer")
        .order_by("due_on", "id")
    )
    return [QueueRow(a, a.due_on < today) for a in actions]


# --- people --------------------------------------------------------------------------------------------


def people_open_to(user: Any) -> QuerySet[Person]:
    """People in a case the user may open, or not yet in any case and entered by their organisation."""
    if not policy.does_casework(user):
        return Person.objects.none()
    in_open_case = CasePerson.objects.filter(person=OuterRef("pk"), case__in=cases_open_to(user))
    in_any_case = CasePerson.objects.filter(person=OuterRef("pk"))
    return Person.objects.visible_to(user).filter(
        Exists(in_open_case) | (~Exists(in_any_case) & Q(created_by_organisation_id=user.organisation_id))
    )


@dataclass
class LockedCase:
    """What someone without access may know of a case: that it exists and who leads it."""

    reference: str
    lead_partner: str
    lead_officer: str


@dataclass
class PersonCaseRow:
    link: CasePerson
    open: bool


def person_get(*, user: Any, public_id: str) -> tuple[Person, bool]:
    """A person of the user's partnerships and whether the user may see their record in full."""
    _require_casework(user)
    person = Person.objects.visible_to(user).filter(public_id=public_id).first()
    if person is None:
        raise NotFound("There is no such person in your partnerships.")
    return person, people_open_to(user).filter(pk=person.pk).exists()


def person_history(*, user: Any, person: Person) -> list[PersonCaseRow]:
    """The person's roles in cases, each marked open (the user may see it) or locked."""
    open_ids = set(cases_open_to(user).filter(people__person=person).values_list("id", flat=True))
    links = person.roles.select_related("case", "case__kind", "case__lead_partner", "case__lead_officer")
    return [PersonCaseRow(link, link.case_id in open_ids) for link in links.order_by("-case__opened_at")]


@dataclass
class PersonMatch:
    person: Person
    score: float
    reasons: tuple[str, ...]
    open: bool
    locked_cases: list[LockedCase] = field(default_factory=list)


@cache
def _has_trigram_index(alias: str) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'cases_person_name_trgm'")
        return cursor.fetchone() is not None


MATCH_LIMIT = 20
CANDIDATE_LIMIT = 500  # sharing a phonetic key, date of birth or address
SIMILAR_LIMIT = 200  # the most alike names by trigrams


def person_matches(
    *,
    user: Any,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
    address: str = "",
    postcode: str = "",
) -> list[PersonMatch]:
    """People who may be the person described, best first, each marked open or locked.

    Candidates come from indexes: the same phonetic key, date of birth or address, and on PostgreSQL
    the most alike names by trigrams; `matching.match_score` then decides and ranks, the same on
    every database. For a locked match only the cases' references and lead partners are given.
    """
    _require_casework(user)
    name_key = matching.normalise_name(given_name, family_name)
    sound = matching.name_sound(given_name, family_name)
    key = matching.address_key(address, postcode)
    people = Person.objects.visible_to(user)
    found = Q(name_sound=sound)
    if date_of_birth:
        found |= Q(date_of_birth=date_of_birth)
    if key:
        found |= Q(address_key=key)
    candidates = list(people.filter(found)[:CANDIDATE_LIMIT])
    if _has_trigram_index(connection.alias):
        # The most alike names first: a common first name alone makes thousands of people "similar".
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramSimilarity
        from django.db.models import F, Value

        seen = {p.id for p in candidates}
        alike = (
            people.filter(TrigramSimilar(F("name_key"), Value(name_key)))
            .annotate(alike=TrigramSimilarity("name_key", name_key))
            .order_by("-alike", "id")[:SIMILAR_LIMIT]
        )
        candidates += [p for p in alike if p.id not in seen]
    scored = []
    for person in candidates:
        score = matching.match_score(
            name_key=name_key,
            sound=sound,
            date_of_birth=date_of_birth,
            address=key,
            candidate_name_key=person.name_key,
            candidate_sound=person.name_sound,
            candidate_date_of_birth=person.date_of_birth,
            candidate_address=person.address_key,
        )
        if score is not None:
            scored.append((score, person))
    scored.sort(key=lambda item: (-item[0].score, item[1].id))
    scored = scored[:MATCH_LIMIT]
    ids = [p.id for _, p in scored]
    open_ids = set(people_open_to(user).filter(id__in=ids).values_list("id", flat=True))
    locked = _locked_cases(person_ids=[i for i in ids if i not in open_ids])
    return [PersonMatch(p, s.score, s.reasons, p.id in open_ids, locked.get(p.id, [])) for s, p in scored]


def _locked_cases(*, person_ids: list[int]) -> dict[int, list[LockedCase]]:
    rows = (
        CasePerson.objects.filter(person_id__in=person_ids)
        .select_related("case__lead_partner", "case__lead_officer")
        .order_by("-case__opened_at")
    )
    result: dict[int, list[LockedCase]] = {}
    for link in rows:
        result.setdefault(link.person_id, []).append(_locked(link.case))
    return result


def _locked(case: Case) -> LockedCase:
    officer = case.lead_officer.full_name if case.lead_officer else ""
    return LockedCase(case.reference, case.lead_partner.name, officer)


def cases_at_place(*, user: Any, address: str, postcode: str) -> list[tuple[Case, bool]]:
    """Cases at the same address (postcode and house number), each marked open or locked."""
    _require_casework(user)
    key = matching.address_key(address, postcode)
    if not key:
        return []
    cases = (
        Case.objects.visible_to(user)
        .filter(address_key=key)
        .select_related("lead_partner", "lead_officer", "kind")
        .order_by("-opened_at")[:MATCH_LIMIT]
    )
    open_ids = set(cases_open_to(user).filter(address_key=key).values_list("id", flat=True))
    return [(c, c.id in open_ids) for c in cases]


# --- retention -----------------------------------------------------------------------------------------


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.CASE_RETENTION_DAYS)


def is_due_for_retention_review(case: Case, now: dt.datetime | None = None) -> bool:
    return bool(case.is_closed and case.closed_at and case.closed_at < retention_cutoff(now))


def cases_due_for_retention_review(*, user: Any, now: dt.datetime | None = None) -> QuerySet[Case]:
    """Closed longer than the retention period, led by the user's organisation."""
    _require_casework(user)
    return (
        cases_open_to(user)
        .filter(
            lead_partner_id=user.organisation_id,
            status=CaseStatus.CLOSED,
            closed_at__lt=retention_cutoff(now),
        )
        .select_related("kind", "lead_officer")
        .order_by("closed_at")
    )


def works_in(user: Any, partnership: Partnership) -> bool:
    return partner_policy.partnership_ids_for(user).filter(id=partnership.id).exists()
