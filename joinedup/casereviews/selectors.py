"""Reads for ASB Case Reviews. Who sees what is decided here (with `policy`), never in templates.

Selectors have no side effects: the services call them and write the audit event for each disclosure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from joinedup.core.errors import NotFound, NotPermitted
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership

from . import policy, threshold
from .deadlines import Stage, Step, next_step, stage_of
from .models import CaseReviewApplication, CaseReviewProcedure, Complaint, Recommendation


def _require_read(user: Any) -> None:
    if not policy.can_read(user):
        raise NotPermitted(policy.READ_DENIED)


def procedure_for(partnership: Partnership) -> CaseReviewProcedure | None:
    return CaseReviewProcedure.objects.filter(partnership=partnership).prefetch_related("rules").first()


def applications_visible(user: Any) -> QuerySet[CaseReviewApplication]:
    """Every application of the user's partnerships, for staff who do casework (the relevant bodies)."""
    if not policy.can_read(user):
        return CaseReviewApplication.objects.none()
    return CaseReviewApplication.objects.visible_to(user)


def application_get(*, user: Any, reference: str) -> CaseReviewApplication:
    _require_read(user)
    application = (
        applications_visible(user)
        .select_related("partnership", "procedure", "created_by")
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise NotFound("There is no Case Review application with that reference in your partnerships.")
    return application


@dataclass
class ApplicationRow:
    application: CaseReviewApplication
    stage: str
    next: Step | None
    overdue: bool

    @property
    def stage_label(self) -> str:
        return Stage.LABELS[self.stage]


def application_rows(*, user: Any, show: str = "open", today: dt.date | None = None) -> list[ApplicationRow]:
    """Applications with their stage and next deadline; open ones (the default), closed ones or all.

    The stage comes from the step dates, so it is worked out here rather than filtered in the database;
    a partnership receives tens of applications a year.
    """
    _require_read(user)
    today = today or timezone.localdate()
    applications = applications_visible(user).select_related("procedure").order_by("-received_on", "-id")
    rows = []
    for application in applications:
        stage = stage_of(application)
        if (show == "open" and stage not in Stage.OPEN) or (show == "closed" and stage in Stage.OPEN):
            continue
        step = next_step(application, application.procedure) if stage in Stage.OPEN else None
        rows.append(ApplicationRow(application, stage, step, bool(step and step.overdue(today))))
    # Overdue first, then by when the next step is due.
    rows.sort(key=lambda r: (not r.overdue, r.next.due_on if r.next and r.next.due_on else dt.date.max))
    return rows


def complaints_of(*, application: CaseReviewApplication) -> QuerySet[Complaint]:
    return application.complaints.select_related("agency", "report", "same_incident_as").order_by(
        "incident_on", "reported_on", "id"
    )


def recommendations_of(*, application: CaseReviewApplication) -> QuerySet[Recommendation]:
    return application.recommendations.select_related("owner").order_by("due_on", "id")


def recommendation_get(*, application: CaseReviewApplication, recommendation_id: int) -> Recommendation:
    recommendation = (
        application.recommendations.select_related("owner", "application")
        .filter(id=recommendation_id)
        .first()
    )
    if recommendation is None:
        raise NotFound("There is no such recommendation on this application.")
    return recommendation


def rule_facts(procedure: CaseReviewProcedure) -> list[threshold.RuleFacts]:
    return [threshold.RuleFacts(r.kind, r.count, r.months, r.describe()) for r in procedure.rules.all()]


def assessment_of(*, application: CaseReviewApplication) -> threshold.Assessment:
    """The threshold assessment on the complaints recorded now (REFERENCE.md §1.2)."""
    procedure = application.procedure
    facts = [
        threshold.ComplaintFacts(
            id=c.id,
            reported_on=c.reported_on,
            incident_on=c.incident_on,
            reporter=c.reporter,
            place=c.place,
            point=(c.longitude, c.latitude) if c.longitude is not None and c.latitude is not None else None,
            hate=c.hate,
            same_as=c.same_incident_as_id,
            excluded=c.excluded,
            excluded_reason=c.excluded_reason,
            report_id=c.report_id,
            duplicate_of_report=c.report.duplicate_of_id if c.report else None,
        )
        for c in complaints_of(application=application)
    ]
    return threshold.assess(
        received_on=application.received_on,
        complaints=facts,
        rules=rule_facts(procedure),
        window=threshold.Window(procedure.complaint_window, procedure.complaint_window_unit),
    )


# --- the published figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """The four figures every area must publish at least every 12 months (2014 Act s.104, §1.4)."""

    starts_on: dt.date
    ends_on: dt.date  # the last day of the year
    received: int
    not_met: int
    reviews: int
    with_recommendations: int

    @property
    def label(self) -> str:
        if self.starts_on.month == 1:
            return str(self.starts_on.year)
        return f"{self.starts_on.year} to {self.ends_on.year}"


def reporting_year_start(day: dt.date, start_month: int) -> dt.date:
    year = day.year if day.month >= start_month else day.year - 1
    return dt.date(year, start_month, 1)


def figures(*, partnership: Partnership, today: dt.date | None = None) -> list[YearFigures]:
    """Each reporting year's figures, newest first, from the first application to this year.

    An application counts in the year it was received; a decision, in the year it was made; a review,
    in the year it was held.
    """
    today = today or timezone.localdate()
    procedure = CaseReviewProcedure.objects.filter(partnership=partnership).first()
    start_month = procedure.year_start_month if procedure else 4
    applications = CaseReviewApplication.objects.filter(partnership=partnership)
    first = applications.order_by("received_on").values_list("received_on", flat=True).first()
    if first is None:
        return []
    with_recommendations = Exists(Recommendation.objects.filter(application=OuterRef("pk")))
    result = []
    start = reporting_year_start(today, start_month)
    earliest = reporting_year_start(first, start_month)
    while start >= earliest:
        end = threshold.add_months(start, 12)
        counts = applications.aggregate(
            received=Count("id", filter=Q(received_on__gte=start, received_on__lt=end)),
            not_met=Count("id", filter=Q(decision="not_met", decided_on__gte=start, decided_on__lt=end)),
            reviews=Count("id", filter=Q(review_held_on__gte=start, review_held_on__lt=end)),
            with_recommendations=Count(
                "id", filter=Q(with_recommendations, review_held_on__gte=start, review_held_on__lt=end)
            ),
        )
        result.append(YearFigures(start, end - dt.timedelta(days=1), **counts))
        start = threshold.add_months(start, -12)
    return result


def figures_partnership(*, user: Any, slug: str = "") -> Partnership:
    """The partnership whose figures a member of staff asks for: one of theirs (the first by default)."""
    if not policy.can_read_figures(user):
        raise NotPermitted("Sign in as partner staff to see the figures.")
    partnerships = Partnership.objects.filter(id__in=partner_policy.partnership_ids_for(user))
    partnership = partnerships.filter(slug=slug).first() if slug else partnerships.order_by("name").first()
    if partnership is None:
        raise NotFound("There is no such partnership of yours.")
    return partnership


def public_partnership(*, slug: str) -> Partnership:
    """Any partnership with a Case Review procedure publishes its figures (§1.4)."""
    partnership = Partnership.objects.filter(
        slug=slug, id__in=CaseReviewProcedure.objects.values("partnership")
    ).first()
    if partnership is None:
        raise NotFound("There are no published ASB Case Review figures for that partnership.")
    return partnership
