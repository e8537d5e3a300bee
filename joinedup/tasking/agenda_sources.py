"""Where a generated agenda's items come from: one function per source, each reading live data for
the window since the group's last meeting and returning the items its rule picks.

The rules, each with its source data:
- Emerging issues: wards whose monthly count of a category is significantly above its baseline in
  an incident month not yet on one of the group's agendas (`intelligence.trend_selectors`).
- Hot spots: per district of the partnership, the grid cells that are Getis-Ord Gi* hot spots at
  95% confidence or more over those months (`intelligence.hotspots`).
- Scorecard: the partnership's measures whose latest period is red or amber (`intelligence.measures`).
- Reports past their service target: reports whose acknowledge or resolve target fell due since the
  last meeting and was not met by then, one item per lead partner (`reports.clock`).
- Overdue case actions: open actions past their due date on open cases, one item per partner.
- High-risk cases: open cases at high risk (REFERENCE.md §7.1) changed since the last meeting.
- ASB Case Reviews: every open application with its next step and working-day deadline (`casereviews`).
- Repeat victims: people and places meeting the partnership's repeat rule, with an incident since
  the last meeting and no open case (`cases.repeat_selectors`).
- The tactical group's list: each active entry, with its plan owner and review date (`cases`).
- Problem profiles due for review: open profiles whose review date has come (`problems`).

Items carry references and figures only. Names and free text from case files are added when the
agenda is read, for readers who may open the case (`reveal`), so the agenda is never a second copy
of personal data and never shows a case to someone the cases rules would not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shapely
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from joinedup.cases.models import ActionStatus, Case, CaseAction, CaseStatus, RiskLevel
from joinedup.core.errors import ApplicationError
from joinedup.partners.models import Partnership
from joinedup.places.models import Area, AreaKind

from .models import TaskingGroup

Row = dict[str, Any]

# Gi* confidence 2 is 95%, 3 is 99% (see intelligence.analysis.gistar).
HOT_SPOT_CONFIDENCE = 2
HOT_SPOT_ROWS = 5
REPORT_ROWS = 50
MAX_MONTHS = 12


@dataclass
class AgendaWindow:
    """What an agenda covers: events since the group's previous meeting, incident months not yet tested."""

    partnership: Partnership
    group: TaskingGroup
    since: dt.datetime
    until: dt.datetime
    months: list[dt.date]
    by: Any  # the coordinator generating it: intelligence is read as they may read it
    notes: list[str] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.until)


@dataclass
class ItemDraft:
    source: str
    title: str
    summary: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    case_id: int | None = None
    owner_organisation_id: int | None = None
    owner_officer_id: int | None = None

    @property
    def data(self) -> dict[str, Any]:
        return {"columns": [list(c) for c in self.columns], "rows": self.rows}


def _districts(partnership: Partnership) -> list[Area]:
    return list(partnership.areas.filter(kind=AreaKind.DISTRICT).order_by("name"))


def _local(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%-d %b %Y %H:%M}" if moment else ""


# --- intelligence ----------------------------------------------------------------------------------------


def emerging_issues(window: AgendaWindow) -> list[ItemDraft]:
    from joinedup.intelligence.trend_selectors import emerging_issues as find

    if not window.months:
        return []
    try:
        issues = find(
            user=window.by,
            area_kind=AreaKind.WARD,
            districts=_districts(window.partnership),
            month_from=window.months[0],
            month_to=window.months[-1],
        )
    except ApplicationError as error:
        window.notes.append(f"Emerging issues were not tested: {error.message}")
        return []
    by_ward: dict[int, list] = defaultdict(list)
    for issue in issues:
        by_ward[issue.area.id].append(issue)
    items = []
    for found in sorted(by_ward.values(), key=lambda f: (-max(i.ratio for i in f), f[0].area.name)):
        ward = found[0].area
        categories = sorted({i.category.name for i in found})
        items.append(
            ItemDraft(
                source="emerging",
                title=f"Emerging in {ward.name}: {', '.join(categories)}",
                summary="Months significantly above the ward's usual level for the category.",
                columns=[
                    ("category", "Category"),
                    ("month", "Month"),
                    ("observed", "Incidents"),
                    ("expected", "Expected"),
                    ("ratio", "Times expected"),
                ],
                rows=[
                    {
                        "category": i.category.name,
                        "month": f"{i.month:%B %Y}",
                        "observed": i.observed,
                        "expected": round(i.expected, 1),
                        "ratio": round(i.ratio, 1),
                    }
                    for i in sorted(found, key=lambda i: (i.month, i.category.name))
                ],
            )
        )
    return items


def hot_spots(window: AgendaWindow) -> list[ItemDraft]:
    from joinedup.intelligence import hotspots

    if not window.months:
        return []
    items = []
    for district in _districts(window.partnership):
        if not district.boundary:
            continue
        query = hotspots.HotspotQuery(
            area=hotspots.StudyArea(name=district.name, boundary=shapely.from_geojson(district.boundary)),
            month_from=window.months[0],
            month_to=window.months[-1],
        )
        try:
            result = hotspots.hotspot_analysis(user=window.by, query=query)
        except ApplicationError as error:
            window.notes.append(f"Hot spots in {district.name} were not mapped: {error.message}")
            continue
        hot = [cell for cell in result.top if cell.confidence >= HOT_SPOT_CONFIDENCE][:HOT_SPOT_ROWS]
        if not hot:
            continue
        items.append(
            ItemDraft(
                source="hotspots",
                title=f"Hot spots in {district.name}",
                summary=(
                    f"{len(hot)} of the busiest 150 m squares are hot spots at 95% confidence or more, "
                    f"{window.months[0]:%B %Y} to {window.months[-1]:%B %Y}."
                ),
                columns=[
                    ("street", "Most recorded at"),
                    ("ward", "Ward"),
                    ("incidents", "Incidents"),
                    ("confidence", "Hot spot"),
                ],
                rows=[
                    {
                        "street": cell.street or "Not named",
                        "ward": cell.ward,
                        "incidents": cell.incidents,
                        "confidence": cell.confidence_label,
                    }
                    for cell in hot
                ],
            )
        )
    return items


def scorecard(window: AgendaWindow) -> list[ItemDraft]:
    from joinedup.intelligence.measures import AMBER, RED
    from joinedup.intelligence.measures import scorecard as card

    off = [
        status
        for statuses in card(user=window.by, partnership=window.partnership, today=window.today).values()
        for status in statuses
        if status.rag in (RED, AMBER)
    ]
    if not off:
        return []
    return [
        ItemDraft(
            source="scorecard",
            title=f"Scorecard: {len(off)} measure{'s' if len(off) != 1 else ''} off target",
            columns=[
                ("measure", "Measure"),
                ("period", "Period"),
                ("value", "Value"),
                ("target", "Target"),
                ("status", "Status"),
            ],
            rows=[
                {
                    "measure": s.measure.name,
                    "period": s.latest.label if s.latest else "",
                    "value": s.latest.value if s.latest else None,
                    "target": s.measure.target,
                    "status": (s.rag or "").capitalize(),
                }
                for s in off
            ],
        )
    ]


# --- reports and cases -----------------------------------------------------------------------------------


def breached_reports_q(since: dt.datetime, until: dt.datetime) -> Q:
    """Reports whose acknowledge or resolve target fell due in (since, until] and was not met by then."""
    acknowledge = Q(acknowledge_by__gt=since, acknowledge_by__lte=until) & (
        Q(acknowledged_at__isnull=True) | Q(acknowledged_at__gt=F("acknowledge_by"))
    )
    finished = Q(resolved_at__isnull=False) | Q(closed_at__isnull=False)
    resolve = Q(resolve_by__gt=since, resolve_by__lte=until) & (
        ~finished
        | Q(resolved_at__gt=F("resolve_by"))
        | Q(resolved_at__isnull=True, closed_at__gt=F("resolve_by"))
    )
    return acknowledge | resolve


def report_breaches(window: AgendaWindow) -> list[ItemDraft]:
    from joinedup.reports.models import Report

    breached = Report.objects.filter(partnership=window.partnership).filter(
        breached_reports_q(window.since, window.until)
    )
    counts = dict(
        breached.order_by()
        .values_list("lead_partner_id")
        .annotate(n=Count("id"))
        .values_list("lead_partner_id", "n")
    )
    # Only the rows an item lists: the first REPORT_ROWS of each partner, numbered in the database.
    rows = (
        breached.annotate(
            row=Window(RowNumber(), partition_by=[F("lead_partner_id")], order_by=[F("resolve_by"), F("id")])
        )
        .filter(row__lte=REPORT_ROWS)
        .order_by("lead_partner_id", "resolve_by", "id")
        .values_list(
            "lead_partner_id",
            "lead_partner__name",
            "reference",
            "category__name",
            "ward__name",
            "acknowledge_by",
            "acknowledged_at",
            "resolve_by",
        )
    )
    by_partner: dict[int | None, list[Row]] = defaultdict(list)
    names: dict[int | None, str] = {}
    for partner_id, partner, reference, category, ward, ack_by, ack_at, resolve_by in rows:
        late_acknowledging = (
            ack_by is not None
            and window.since < ack_by <= window.until
            and (ack_at is None or ack_at > ack_by)
        )
        names[partner_id] = partner or "the triage queue"
        by_partner[partner_id].append(
            {
                "report": reference,
                "category": category,
                "ward": ward or "",
                "target": "Acknowledge" if late_acknowledging else "Resolve",
                "due": _local(ack_by if late_acknowledging else resolve_by),
            }
        )
    items = []
    for partner_id, found in sorted(by_partner.items(), key=lambda p: (-counts[p[0]], names[p[0]])):
        count = counts[partner_id]
        items.append(
            ItemDraft(
                source="report_breaches",
                title=f"{count} report{'s' if count != 1 else ''} past service target: {names[partner_id]}",
                summary="" if count <= REPORT_ROWS else f"The first {REPORT_ROWS} are listed.",
                columns=[
                    ("report", "Report"),
                    ("category", "Category"),
                    ("ward", "Ward"),
                    ("target", "Target missed"),
                    ("due", "Was due"),
                ],
                rows=found,
                owner_organisation_id=partner_id,
            )
        )
    return items


def _case_row(case_id: int, reference: str, kind: str, lead: str) -> Row:
    # What anyone doing casework in the partnership may know of a case (its locked view).
    return {"case_id": case_id, "case": reference, "kind": kind, "lead_partner": lead}


def overdue_case_actions(window: AgendaWindow) -> list[ItemDraft]:
    rows = (
        CaseAction.objects.filter(
            case__partnership=window.partnership,
            status=ActionStatus.OPEN,
            due_on__lt=window.today,
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .order_by("assigned_organisation__name", "due_on", "id")
        .values_list(
            "id",
            "due_on",
            "assigned_organisation_id",
            "assigned_organisation__name",
            "case_id",
            "case__reference",
            "case__kind__name",
            "case__lead_partner__name",
        )
    )
    by_partner: dict[int, list[Row]] = defaultdict(list)
    names = {}
    for action_id, due_on, partner_id, partner, case_id, reference, kind, lead in rows:
        names[partner_id] = partner
        by_partner[partner_id].append(
            {
                **_case_row(case_id, reference, kind, lead),
                "action_id": action_id,
                "due": f"{due_on:%-d %b %Y}",
            }
        )
    return [
        ItemDraft(
            source="case_actions",
            title=f"{len(found)} overdue case action{'s' if len(found) != 1 else ''}: {names[partner_id]}",
            columns=[
                ("case", "Case"),
                ("kind", "Kind"),
                ("lead_partner", "Lead partner"),
                ("due", "Was due"),
            ],
            rows=found,
            owner_organisation_id=partner_id,
        )
        for partner_id, found in by_partner.items()
    ]


def high_risk_cases(window: AgendaWindow) -> list[ItemDraft]:
    cases = (
        Case.objects.filter(
            partnership=window.partnership,
            risk_level=RiskLevel.HIGH,
            status__in=[CaseStatus.OPEN, CaseStatus.UNDER_REVIEW],
            updated_at__gt=window.since,
            updated_at__lte=window.until,
        )
        .order_by("opened_at", "id")
        .values_list(
            "id",
            "reference",
            "kind__name",
            "lead_partner_id",
            "lead_partner__name",
            "lead_officer_id",
            "opened_at",
            "review_on",
        )
    )
    return [
        ItemDraft(
            source="high_risk_cases",
            title=f"High-risk case {reference}: {kind}",
            columns=[
                ("case", "Case"),
                ("kind", "Kind"),
                ("lead_partner", "Lead partner"),
                ("opened", "Opened"),
                ("review", "Review by"),
            ],
            rows=[
                {
                    **_case_row(case_id, reference, kind, lead),
                    "opened": f"{timezone.localtime(opened_at):%-d %b %Y}",
                    "review": f"{review_on:%-d %b %Y}" if review_on else "",
                }
            ],
            case_id=case_id,
            owner_organisation_id=lead_id,
            owner_officer_id=officer_id,
        )
        for case_id, reference, kind, lead_id, lead, officer_id, opened_at, review_on in cases
    ]


# --- casework and problem solving -------------------------------------------------------------------------


def repeat_victims(window: AgendaWindow) -> list[ItemDraft]:
    """Repeat victims (the partnership's rule, REFERENCE.md §7.1) with an incident since the last meeting
    and no open case yet: the people and places the group should decide about.

    Read as the coordinator generating the agenda may read them; the item keeps only what kind of
    victim it is, how many incidents, the partners holding them and the report references.
    """
    from joinedup.cases.repeat_selectors import repeat_victims as repeats

    found = repeats(
        user=window.by,
        partnership=window.partnership,
        show="repeat",
        now=window.until,
        active_since=window.since,
    )
    rows = [
        {
            "victim": "A person" if row.dimension == "person" else "A place",
            "incidents": str(len(row.incidents)),
            "latest": f"{timezone.localtime(row.latest):%-d %b %Y}" if row.latest else "",
            "partners": ", ".join(row.leads),
            "reports": ", ".join(sorted(i.reference for i in row.reports)),
        }
        for row in found.rows
        if not row.covered_by and row.latest and row.latest > window.since
    ]
    if not rows:
        return []
    return [
        ItemDraft(
            source="repeat_victims",
            title=f"Repeat victims with no case yet: {len(rows)}",
            summary=(
                f"{found.rule.incidents} or more incidents in {found.rule.window_days} days at the same "
                "person or place. Open the repeat victims page to see who, and to open a case or dismiss "
                "with a reason."
            ),
            columns=[
                ("victim", "Victim"),
                ("incidents", "Incidents"),
                ("latest", "Latest"),
                ("partners", "Partners holding them"),
                ("reports", "Reports"),
            ],
            rows=rows,
        )
    ]


def case_review_deadlines(window: AgendaWindow) -> list[ItemDraft]:
    """Every open ASB Case Review application, with its next step and that step's working-day deadline.

    Applications are few and each is a statutory duty (REFERENCE.md §1), so all open ones are listed,
    overdue steps first; the reference is shown, never the applicant.
    """
    from joinedup.casereviews.deadlines import Stage, next_step, stage_of
    from joinedup.casereviews.models import CaseReviewApplication

    applications = CaseReviewApplication.objects.filter(
        procedure__partnership=window.partnership
    ).select_related("procedure")
    rows = []
    for application in applications:
        stage = stage_of(application)
        step = next_step(application, application.procedure) if stage in Stage.OPEN else None
        if stage not in Stage.OPEN:
            continue
        due = step.due_on if step else None
        rows.append(
            {
                "application": application.reference,
                "stage": Stage.LABELS[stage],
                "next_step": step.label if step else "Decide the escalation",
                "due": f"{due:%-d %b %Y}" if due else "",
                "overdue": "Overdue" if step and step.overdue(window.today) else "On time",
                "_sort": (
                    not (step and step.overdue(window.today)),
                    due or dt.date.max,
                    application.reference,
                ),
            }
        )
    if not rows:
        return []
    rows.sort(key=lambda row: row.pop("_sort"))
    overdue = sum(1 for row in rows if row["overdue"] == "Overdue")
    return [
        ItemDraft(
            source="case_reviews",
            title=f"ASB Case Reviews open: {len(rows)}" + (f", {overdue} overdue" if overdue else ""),
            columns=[
                ("application", "Application"),
                ("stage", "Stage"),
                ("next_step", "Next step"),
                ("due", "Due"),
                ("overdue", "On time?"),
            ],
            rows=rows,
        )
    ]


def problem_profiles_due(window: AgendaWindow) -> list[ItemDraft]:
    """Open problem profiles whose review date has come by the meeting, one item each, owned by the
    profile's owner; those due before the last meeting are marked as still waiting."""
    from joinedup.problems.selectors import profiles_due_for_review

    since = timezone.localdate(window.since)
    due = profiles_due_for_review(partnership=window.partnership, since=since, until=window.today)
    return [
        ItemDraft(
            source="problem_profiles",
            title=f"Problem profile {profile.reference}: {profile.title}",
            columns=[("profile", "Profile"), ("stage", "Stage"), ("review", "Review was due")],
            rows=[
                {
                    "profile": profile.reference,
                    "stage": profile.get_stage_display(),
                    "review": f"{profile.review_on:%-d %b %Y}"
                    + (
                        ""
                        if getattr(profile, "newly_due", True)
                        else " (still waiting from the last meeting)"
                    ),
                }
            ],
            owner_organisation_id=profile.owner_partner_id,
            owner_officer_id=profile.owner_officer_id,
        )
        for profile in due
    ]


def tactical_list(window: AgendaWindow) -> list[ItemDraft]:
    """Each active entry on the multi-agency tactical group's list: a vulnerable person or a problem
    location with a risk management plan, owned by the plan's partner, review date first.

    The item names the case and when the plan is reviewed; who or where, and the plan, are added when
    the agenda is read, for readers who may open the case.
    """
    from joinedup.cases.models import TacticalListEntry, TacticalStatus, TacticalSubject

    entries = (
        TacticalListEntry.objects.filter(partnership=window.partnership, status=TacticalStatus.ACTIVE)
        .order_by("review_on", "id")
        .values_list(
            "subject",
            "review_on",
            "plan_owner_id",
            "plan_owner__name",
            "case_id",
            "case__reference",
            "case__kind__name",
            "case__lead_partner__name",
        )
    )
    subjects = dict(TacticalSubject.choices)
    return [
        ItemDraft(
            source="tactical_list",
            title=f"Tactical list: {subjects.get(subject, subject).lower()} on {reference}",
            columns=[
                ("case", "Case"),
                ("kind", "Kind"),
                ("lead_partner", "Lead partner"),
                ("plan_owner", "Plan owner"),
                ("review", "Review by"),
            ],
            rows=[
                {
                    **_case_row(case_id, reference, kind, lead),
                    "plan_owner": owner,
                    "review": f"{review_on:%-d %b %Y}" + (" (overdue)" if review_on < window.today else ""),
                }
            ],
            case_id=case_id,
            owner_organisation_id=owner_id,
        )
        for subject, review_on, owner_id, owner, case_id, reference, kind, lead in entries
    ]


# --- live detail for the reader ----------------------------------------------------------------------------


def reveal_case_actions(viewer: Any, rows: list[Row], open_case_ids: set[int]) -> list[Row]:
    ids = [r["action_id"] for r in rows if r.get("case_id") in open_case_ids]
    titles = dict(CaseAction.objects.filter(id__in=ids).values_list("id", "title"))
    return [{**r, "detail": titles.get(r["action_id"], "")} for r in rows]


def reveal_cases(viewer: Any, rows: list[Row], open_case_ids: set[int]) -> list[Row]:
    ids = [r["case_id"] for r in rows if r.get("case_id") in open_case_ids]
    found = {
        c.id: c
        for c in Case.objects.filter(id__in=ids)
        .select_related("area", "lead_officer")
        .only("summary", "area__name", "lead_officer__full_name")
    }
    revealed = []
    for row in rows:
        case = found.get(row.get("case_id", 0))
        if case is None:
            revealed.append(row)
            continue
        officer = f" Lead officer: {case.lead_officer.full_name}." if case.lead_officer else ""
        area = f" {case.area.name}." if case.area else ""
        revealed.append({**row, "detail": f"{case.summary}{area}{officer}"})
    return revealed


def reveal_reports(viewer: Any, rows: list[Row], open_case_ids: set[int]) -> list[Row]:
    """Only reports the reader may see (hate incidents are for those dealing with them)."""
    from joinedup.reports.selectors import reports_visible

    wanted = [r["report"] for r in rows]
    visible = set(
        reports_visible(user=viewer).filter(reference__in=wanted).values_list("reference", flat=True)
    )
    return [r for r in rows if r["report"] in visible]


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    collect: Callable[[AgendaWindow], list[ItemDraft]]
    reveal: Callable[[Any, list[Row], set[int]], list[Row]] | None = None


SOURCES: list[Source] = [
    Source("high_risk_cases", "New high-risk cases", high_risk_cases, reveal_cases),
    Source("repeat_victims", "Repeat victims", repeat_victims),
    Source("tactical_list", "The tactical group's list", tactical_list, reveal_cases),
    Source("emerging", "Emerging issues", emerging_issues),
    Source("hotspots", "Hot spots", hot_spots),
    Source("scorecard", "Scorecard measures off target", scorecard),
    Source("report_breaches", "Reports past their service targets", report_breaches, reveal_reports),
    Source("case_actions", "Overdue case actions", overdue_case_actions, reveal_case_actions),
    Source("case_reviews", "ASB Case Review deadlines", case_review_deadlines),
    Source("problem_profiles", "Problem profiles due for review", problem_profiles_due),
]
SOURCE_BY_CODE = {s.code: s for s in SOURCES}
FREE = "free"


def source_label(code: str) -> str:
    return SOURCE_BY_CODE[code].label if code in SOURCE_BY_CODE else "Added by the coordinator"


def collect(window: AgendaWindow, codes: list[str]) -> list[ItemDraft]:
    """Every item the chosen sources pick for the window, in the order of `SOURCES`."""
    wanted = set(codes or SOURCE_BY_CODE)
    return [item for source in SOURCES if source.code in wanted for item in source.collect(window)]
