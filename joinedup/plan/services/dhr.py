"""The Domestic Homicide Review tracker (Domestic Violence, Crime and Victims Act 2004 s.9, REFERENCE.md §4).

The police notify the partnership in writing; within a month (the 2016 guidance; configurable) it decides
whether to hold a review and tells the Home Office, with reasons if not; the overview report is due six
months after the decision, goes to the Home Office Quality Assurance Panel, and is published only once
approved. Every look at a review is recorded in the audit trail, as well as every change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.partners.models import Organisation, Partnership, User

from .. import registers_policy as policy
from .. import registers_selectors as selectors
from ..models import (
    NEXT_STAGES,
    DhrAction,
    DhrActionStatus,
    DhrActionUpdate,
    DhrDecision,
    DhrLead,
    DhrStage,
    DhrStageChange,
    DomesticHomicideReview,
)

LEAD_DENIED = "Only the partnership's named DHR leads can do this."
STAGE_DATES = {
    DhrStage.HOME_OFFICE: "submitted_on",
    DhrStage.APPROVED: "approved_on",
    DhrStage.PUBLISHED: "published_on",
}


def _require_lead(by: Any, partnership_id: int) -> None:
    if by is not None and not policy.is_dhr_lead(by, partnership_id):
        # Not a lead: they may still be on this review's panel, but must not learn more than they can see.
        raise NotPermitted(LEAD_DENIED)


def _check_day(day: dt.date | None, *, field: str, what: str, after: dt.date | None = None) -> dt.date:
    if day is None:
        raise ApplicationError(f"Enter the date {what}", field=field)
    if day > timezone.localdate():
        raise ApplicationError(f"The date {what} cannot be in the future", field=field)
    if after is not None and day < after:
        raise ApplicationError(f"The date {what} cannot be before {after:%-d %B %Y}", field=field)
    return day


def _check_panel(partnership: Partnership, panel: list[User]) -> None:
    members = set(User.objects.filter(partnerships=partnership).values_list("id", flat=True))
    strays = [u.full_name for u in panel if u.id not in members]
    if strays:
        raise ApplicationError(
            f"{', '.join(strays)} does not work in {partnership.name}.", field="panel_members"
        )


# --- looking ------------------------------------------------------------------------------------------------


def dhr_list_view(*, by: Any) -> list[DomesticHomicideReview]:
    reviews = list(selectors.dhr_list(user=by))
    audit_record(
        by=by,
        action=Action.VIEWED,
        purpose="Domestic Homicide Review tracker",
        changes={"reviews": [r.reference for r in reviews]},
        label=None,
    )
    return reviews


def dhr_view(*, by: Any, review_id: int) -> DomesticHomicideReview:
    """Open one review (404 for anyone not named), recording that they did."""
    review = selectors.dhr_get(user=by, review_id=review_id)
    audit_record(by=by, action=Action.VIEWED, obj=review, purpose="Domestic Homicide Review")
    return review


# --- who is named -------------------------------------------------------------------------------------------


@transaction.atomic
def dhr_lead_name(*, by: Any, partnership: Partnership, user: User) -> DhrLead:
    if by is not None and not policy.can_name_dhr_leads(by, partnership.id):
        raise NotFound("There is no page at this address.")
    if not user.is_active or not user.partnerships.filter(id=partnership.id).exists():
        raise ApplicationError(f"{user.full_name} does not work in {partnership.name}.", field="user")
    if DhrLead.objects.filter(partnership=partnership, user=user).exists():
        raise ApplicationError(f"{user.full_name} is already a DHR lead.", field="user")
    lead = DhrLead.objects.create(partnership=partnership, user=user, named_by=by)
    audit_record(
        by=by, action=Action.SHARED, obj=lead, partnership=partnership, changes={"dhr_lead": user.email}
    )
    return lead


@transaction.atomic
def dhr_lead_remove(*, by: Any, lead: DhrLead) -> None:
    if by is not None and not policy.can_name_dhr_leads(by, lead.partnership_id):
        raise NotFound("There is no page at this address.")
    if DhrLead.objects.filter(partnership_id=lead.partnership_id).count() == 1:
        raise ApplicationError("A partnership needs at least one DHR lead: name another first.", field="user")
    audit_record(
        by=by,
        action=Action.DELETED,
        obj=lead,
        partnership=lead.partnership,
        changes={"dhr_lead": lead.user.email},
    )
    lead.delete()


# --- the review ---------------------------------------------------------------------------------------------


@transaction.atomic
def dhr_record(
    *,
    by: Any,
    partnership: Partnership,
    reference: str,
    notified_on: dt.date | None,
    pseudonym: str = "Adult A",
    independent_chair: str = "",
    panel_members: Iterable[User] = (),
    synthetic: bool = False,
) -> DomesticHomicideReview:
    """Record the police's notification of a death; the decision is then due within the timescale."""
    _require_lead(by, partnership.id)
    reference = reference.strip()
    if not reference:
        raise ApplicationError("Enter the review's reference", field="reference")
    if DomesticHomicideReview.objects.filter(partnership=partnership, reference__iexact=reference).exists():
        raise ApplicationError(f"There is already a review {reference}.", field="reference")
    if not pseudonym.strip():
        raise ApplicationError('Give the pseudonym the review will use, e.g. "Adult A"', field="pseudonym")
    notified_on = _check_day(notified_on, field="notified_on", what="the police notified the partnership")
    panel = list(panel_members)
    _check_panel(partnership, panel)
    review = DomesticHomicideReview.objects.create(
        partnership=partnership,
        reference=reference,
        pseudonym=pseudonym.strip(),
        notified_on=notified_on,
        independent_chair=independent_chair.strip(),
        created_by=by,
        synthetic=synthetic,
    )
    review.panel_members.set(panel)
    DhrStageChange.objects.create(review=review, to_stage=DhrStage.NOTIFIED, on=notified_on, by=by)
    audit_record(by=by, action=Action.CREATED, obj=review, changes={"panel": [u.email for u in panel]})
    return review


@transaction.atomic
def dhr_change(
    *,
    by: Any,
    review: DomesticHomicideReview,
    pseudonym: str,
    independent_chair: str,
    panel_members: Iterable[User],
    home_office_notified_on: dt.date | None = None,
    panel_first_met_on: dt.date | None = None,
    imrs_requested_on: dt.date | None = None,
    published_url: str = "",
) -> DomesticHomicideReview:
    """Change the review's people and milestone dates (leads only)."""
    _require_lead(by, review.partnership_id)
    if not pseudonym.strip():
        raise ApplicationError('Give the pseudonym the review will use, e.g. "Adult A"', field="pseudonym")
    panel = list(panel_members)
    _check_panel(review.partnership, panel)
    for field, day, what in (
        ("home_office_notified_on", home_office_notified_on, "the Home Office was told"),
        ("panel_first_met_on", panel_first_met_on, "the panel first met"),
        ("imrs_requested_on", imrs_requested_on, "IMRs were requested"),
    ):
        if day is not None:
            _check_day(day, field=field, what=what, after=review.notified_on)
    # Only these fields: the caller's copy may be older than the review's stage.
    DomesticHomicideReview.objects.filter(pk=review.pk).update(
        pseudonym=pseudonym.strip(),
        independent_chair=independent_chair.strip(),
        home_office_notified_on=home_office_notified_on,
        panel_first_met_on=panel_first_met_on,
        imrs_requested_on=imrs_requested_on,
        published_url=published_url.strip(),
    )
    review.refresh_from_db()
    review.panel_members.set(panel)
    audit_record(by=by, action=Action.CHANGED, obj=review, changes={"panel": [u.email for u in panel]})
    return review


@transaction.atomic
def dhr_decide(
    *,
    by: Any,
    review: DomesticHomicideReview,
    hold: bool | None,
    decided_on: dt.date | None,
    reasons: str = "",
    home_office_notified_on: dt.date | None = None,
) -> DomesticHomicideReview:
    """Decide whether to hold a review. Not holding one needs reasons, which go to the Home Office."""
    _require_lead(by, review.partnership_id)
    review = DomesticHomicideReview.objects.select_for_update().get(pk=review.pk)
    if review.stage != DhrStage.NOTIFIED:
        raise ApplicationError("The decision on this review has already been made.")
    if hold is None:
        raise ApplicationError("Say whether the partnership will hold a review", field="hold")
    decided_on = _check_day(decided_on, field="decided_on", what="of the decision", after=review.notified_on)
    if not hold and not reasons.strip():
        raise ApplicationError(
            "Give the reasons for not holding a review: the Home Office must be told them", field="reasons"
        )
    if home_office_notified_on is not None:
        _check_day(
            home_office_notified_on,
            field="home_office_notified_on",
            what="the Home Office was told",
            after=decided_on,
        )
    to_stage = DhrStage.IN_PROGRESS if hold else DhrStage.NOT_HELD
    DomesticHomicideReview.objects.filter(pk=review.pk).update(
        decision=DhrDecision.HOLD if hold else DhrDecision.NOT_HOLD,
        decided_on=decided_on,
        decision_reasons=reasons.strip(),
        home_office_notified_on=home_office_notified_on,
        stage=to_stage,
    )
    DhrStageChange.objects.create(
        review=review, from_stage=review.stage, to_stage=to_stage, on=decided_on, note=reasons.strip(), by=by
    )
    review.refresh_from_db()
    audit_record(by=by, action=Action.CHANGED, obj=review, changes={"decision": review.decision})
    return review


def _move_refusal(review: DomesticHomicideReview, to_stage: str) -> str:
    if to_stage == DhrStage.PUBLISHED:
        return "A review can only be published once the Home Office Quality Assurance Panel has approved it."
    if review.stage == DhrStage.NOTIFIED:
        return "Record the decision whether to hold a review first."
    if review.stage in (DhrStage.NOT_HELD, DhrStage.PUBLISHED):
        return f"This review is {review.get_stage_display().lower()}: it does not move on."
    nexts = " or ".join(DhrStage(s).label.lower() for s in NEXT_STAGES.get(review.stage, ()))
    return f"From {review.get_stage_display().lower()} a review can only move to {nexts}."


@transaction.atomic
def dhr_move(
    *, by: Any, review: DomesticHomicideReview, to_stage: str, on: dt.date | None, note: str = ""
) -> DomesticHomicideReview:
    """Move a held review to its next stage, in order: in progress, draft with the partnership, with the Home
    Office, QA feedback (back to draft or resubmitted), approved, published."""
    _require_lead(by, review.partnership_id)
    review = DomesticHomicideReview.objects.select_for_update().get(pk=review.pk)
    if to_stage not in NEXT_STAGES.get(review.stage, ()):
        raise ApplicationError(_move_refusal(review, to_stage), field="to_stage")
    last = review.history.order_by("-on", "-at").values_list("on", flat=True).first()
    on = _check_day(on, field="on", what="of this step", after=last)
    if to_stage == DhrStage.HOME_OFFICE and review.home_office_notified_on is None:
        raise ApplicationError(
            "Record when the Home Office was told of the decision to hold this review first", field="to_stage"
        )
    updates: dict[str, Any] = {"stage": to_stage}
    if to_stage in STAGE_DATES:
        updates[STAGE_DATES[DhrStage(to_stage)]] = on
    DomesticHomicideReview.objects.filter(pk=review.pk).update(**updates)
    DhrStageChange.objects.create(
        review=review, from_stage=review.stage, to_stage=to_stage, on=on, note=note.strip(), by=by
    )
    review.refresh_from_db()
    audit_record(by=by, action=Action.CHANGED, obj=review, changes={"stage": to_stage})
    return review


# --- the action plan --------------------------------------------------------------------------------------


@transaction.atomic
def dhr_action_add(
    *,
    by: Any,
    review: DomesticHomicideReview,
    action: str,
    owner: Organisation | None,
    due_on: dt.date | None,
) -> DhrAction:
    _require_lead(by, review.partnership_id)
    if not action.strip():
        raise ApplicationError("Describe the action", field="action")
    if owner is None or not owner.memberships.filter(partnership_id=review.partnership_id).exists():
        raise ApplicationError("Choose the partner who owns the action", field="owner")
    if due_on is None:
        raise ApplicationError("Enter the date the action is due", field="due_on")
    item = DhrAction.objects.create(
        review=review, action=action.strip(), owner=owner, due_on=due_on, created_by=by
    )
    audit_record(
        by=by, action=Action.CHANGED, obj=review, changes={"action_added": item.id, "owner": owner.name}
    )
    return item


@transaction.atomic
def dhr_action_update(*, by: Any, item: DhrAction, text: str, status: str) -> DhrActionUpdate:
    """Any lead or panel member records progress on an action."""
    selectors.dhr_get(user=by, review_id=item.review_id)  # 404 for anyone not named
    if status not in DhrActionStatus.values:
        raise ApplicationError("Choose the action's status", field="status")
    if not text.strip():
        raise ApplicationError("Say what has been done", field="text")
    update = DhrActionUpdate.objects.create(action=item, text=text.strip(), status=status, by=by)
    DhrAction.objects.filter(pk=item.pk).update(status=status)
    audit_record(by=by, action=Action.CHANGED, obj=item.review, changes={"action": item.id, "status": status})
    return update
