"""Communications: the campaign log, and press-release sign-off.

A release goes draft → community safety manager → chair → released. At each step only a person the
partnership names for it may approve, the chair's approval must come from someone other than the manager
who approved it, no step is skipped, and either signatory may return it to draft with a comment. Each
step is kept in the release's history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership, User

from .. import registers_policy as policy
from ..models import (
    Campaign,
    Channel,
    PressRelease,
    PressReleaseEvent,
    PressSignatory,
    ReleaseEventKind,
    ReleaseStatus,
    SignOffStep,
)

# The step a release is waiting for, and where approving it sends the release.
WAITING = {
    ReleaseStatus.WITH_MANAGER: (SignOffStep.MANAGER, ReleaseStatus.WITH_CHAIR),
    ReleaseStatus.WITH_CHAIR: (SignOffStep.CHAIR, ReleaseStatus.SIGNED_OFF),
}


def _require_staff(by: Any, partnership: Partnership) -> None:
    if by is not None and not policy.works_in(by, partnership.id):
        raise NotPermitted(f"You do not work in {partnership.name}.")


@transaction.atomic
def campaign_save(
    *,
    by: Any,
    partnership: Partnership,
    title: str,
    starts_on: dt.date | None,
    channel: str,
    ends_on: dt.date | None = None,
    reach: int | None = None,
    engagements: int | None = None,
    priority: str = "",
    notes: str = "",
    campaign: Campaign | None = None,
    synthetic: bool = False,
) -> Campaign:
    _require_staff(by, partnership)
    if campaign is not None:
        _require_campaign_editor(by, campaign)
    if not title.strip():
        raise ApplicationError("Enter the campaign's title", field="title")
    if starts_on is None:
        raise ApplicationError("Enter the date the campaign started", field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError("The campaign must end on or after the day it started", field="ends_on")
    if channel not in Channel.values:
        raise ApplicationError("Choose the channel", field="channel")
    for field, value in (("reach", reach), ("engagements", engagements)):
        if value is not None and value < 0:
            raise ApplicationError("Counts cannot be below zero", field=field)
    values = {
        "title": title.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "channel": channel,
        "reach": reach,
        "engagements": engagements,
        "priority": priority.strip(),
        "notes": notes.strip(),
    }
    if campaign is None:
        campaign = Campaign.objects.create(
            partnership=partnership, created_by=by, synthetic=synthetic, **values
        )
        action = Action.CREATED
    else:
        Campaign.objects.filter(pk=campaign.pk).update(**values)
        campaign.refresh_from_db()
        action = Action.CHANGED
    audit_record(by=by, action=action, obj=campaign, changes={"reach": reach, "engagements": engagements})
    return campaign


def _require_campaign_editor(by: Any, campaign: Campaign) -> None:
    if by is not None and not policy.can_edit_campaign(by, campaign):
        raise NotPermitted("Only whoever logged the campaign and the coordinators can change or remove it.")


@transaction.atomic
def campaign_remove(*, by: Any, campaign: Campaign) -> None:
    """Take out a campaign logged by mistake. Press releases that named it keep their text, not the link."""
    _require_campaign_editor(by, campaign)
    audit_record(
        by=by,
        action=Action.DELETED,
        obj=campaign,
        changes={
            "title": campaign.title,
            "channel": campaign.channel,
            "starts_on": campaign.starts_on.isoformat(),
            "reach": campaign.reach,
            "engagements": campaign.engagements,
        },
    )
    campaign.delete()


# --- who signs ----------------------------------------------------------------------------------------------


@transaction.atomic
def signatory_name(*, by: Any, partnership: Partnership, user: User, step: str) -> PressSignatory:
    if by is not None and not policy.keeps_registers(by, partnership.id):
        raise NotPermitted("Only the partnership's coordinators name who signs off press releases.")
    if step not in SignOffStep.values:
        raise ApplicationError("Choose the step they sign off", field="step")
    if not user.is_active or not user.partnerships.filter(id=partnership.id).exists():
        raise ApplicationError(f"{user.full_name} does not work in {partnership.name}.", field="user")
    if PressSignatory.objects.filter(partnership=partnership, user=user, step=step).exists():
        raise ApplicationError(f"{user.full_name} already signs off at that step.", field="user")
    signatory = PressSignatory.objects.create(partnership=partnership, user=user, step=step)
    audit_record(by=by, action=Action.CREATED, obj=signatory, partnership=partnership, changes={"step": step})
    return signatory


@transaction.atomic
def signatory_remove(*, by: Any, signatory: PressSignatory) -> None:
    if by is not None and not policy.keeps_registers(by, signatory.partnership_id):
        raise NotPermitted("Only the partnership's coordinators name who signs off press releases.")
    audit_record(
        by=by,
        action=Action.DELETED,
        obj=signatory,
        partnership=signatory.partnership,
        changes={"step": signatory.step, "user": signatory.user.email},
    )
    signatory.delete()


# --- press releases -----------------------------------------------------------------------------------------


def _event(release: PressRelease, *, by: Any, kind: str, step: str = "", comment: str = "") -> None:
    PressReleaseEvent.objects.create(release=release, kind=kind, step=step, comment=comment, by=by)
    audit_record(by=by, action=Action.CHANGED, obj=release, changes={"event": kind, "step": step})


def _check_text(title: str, body: str, campaign: Campaign | None, partnership_id: int) -> None:
    if not title.strip():
        raise ApplicationError("Enter the headline", field="title")
    if not body.strip():
        raise ApplicationError("Enter the text of the release", field="body")
    if campaign is not None and campaign.partnership_id != partnership_id:
        raise ApplicationError("That campaign belongs to another partnership.", field="campaign")


@transaction.atomic
def release_draft(
    *,
    by: Any,
    partnership: Partnership,
    title: str,
    body: str,
    campaign: Campaign | None = None,
    synthetic: bool = False,
) -> PressRelease:
    _require_staff(by, partnership)
    _check_text(title, body, campaign, partnership.id)
    release = PressRelease.objects.create(
        partnership=partnership,
        title=title.strip(),
        body=body.strip(),
        campaign=campaign,
        created_by=by,
        synthetic=synthetic,
    )
    PressReleaseEvent.objects.create(release=release, kind=ReleaseEventKind.DRAFTED, by=by)
    audit_record(by=by, action=Action.CREATED, obj=release)
    return release


def _locked(release: PressRelease) -> PressRelease:
    return PressRelease.objects.select_for_update().get(pk=release.pk)


def _require_editor(by: Any, release: PressRelease) -> None:
    if by is not None and not policy.can_edit_release(by, release):
        raise NotPermitted("Only whoever drafted the release and the coordinators can change or send it.")


@transaction.atomic
def release_change(
    *, by: Any, release: PressRelease, title: str, body: str, campaign: Campaign | None = None
) -> PressRelease:
    """Change a draft. A release out for sign-off must be returned to draft before it changes."""
    _require_editor(by, release)
    release = _locked(release)
    if release.status != ReleaseStatus.DRAFT:
        raise ApplicationError("Only a draft can be changed: ask a signatory to return it to draft first.")
    _check_text(title, body, campaign, release.partnership_id)
    PressRelease.objects.filter(pk=release.pk).update(
        title=title.strip(), body=body.strip(), campaign=campaign
    )
    release.refresh_from_db()
    _event(release, by=by, kind=ReleaseEventKind.CHANGED)
    return release


def release_removal_refusal(release: PressRelease) -> str:
    """Why a release cannot be removed now, or "" if it can."""
    if release.status == ReleaseStatus.RELEASED:
        return "A released press release is part of the public record, so it cannot be removed."
    if release.status != ReleaseStatus.DRAFT:
        return "Only a draft can be removed: ask a signatory to return it to draft first."
    return ""


@transaction.atomic
def release_remove(*, by: Any, release: PressRelease) -> None:
    """Remove a draft that will not go out. Its history goes with it; the audit trail keeps a record."""
    _require_editor(by, release)
    release = _locked(release)
    if refusal := release_removal_refusal(release):
        raise ApplicationError(refusal)
    audit_record(
        by=by,
        action=Action.DELETED,
        obj=release,
        changes={"title": release.title, "steps": release.history.count()},
    )
    release.delete()


@transaction.atomic
def release_submit(*, by: Any, release: PressRelease) -> PressRelease:
    """Send a draft to the community safety manager."""
    _require_editor(by, release)
    release = _locked(release)
    if release.status != ReleaseStatus.DRAFT:
        raise ApplicationError("This release has already been sent for sign-off.")
    if not PressSignatory.objects.filter(
        partnership_id=release.partnership_id, step=SignOffStep.MANAGER
    ).exists():
        raise ApplicationError("Nobody is named to sign off as community safety manager: ask a coordinator.")
    PressRelease.objects.filter(pk=release.pk).update(status=ReleaseStatus.WITH_MANAGER)
    release.refresh_from_db()
    _event(release, by=by, kind=ReleaseEventKind.SUBMITTED)
    return release


def _require_signatory(by: Any, release: PressRelease) -> SignOffStep:
    if release.status not in WAITING:
        raise ApplicationError(
            f"This release is not waiting for sign-off: it is {release.get_status_display().lower()}."
        )
    step = WAITING[ReleaseStatus(release.status)][0]
    if by is not None and not policy.signs_off(by, release.partnership_id, step):
        raise NotPermitted(
            f"This release is waiting for the {step.label.lower()}: only they can sign it off now."
        )
    return step


@transaction.atomic
def release_approve(*, by: Any, release: PressRelease, comment: str = "") -> PressRelease:
    release = _locked(release)
    step = _require_signatory(by, release)
    if step == SignOffStep.CHAIR:
        manager = (
            release.history.filter(kind=ReleaseEventKind.APPROVED, step=SignOffStep.MANAGER)
            .order_by("-at", "-id")
            .values_list("by_id", flat=True)
            .first()
        )
        if by is not None and manager == by.id:
            raise NotPermitted(
                "You approved this release as community safety manager: another person must sign as chair."
            )
    PressRelease.objects.filter(pk=release.pk).update(status=WAITING[ReleaseStatus(release.status)][1])
    release.refresh_from_db()
    _event(release, by=by, kind=ReleaseEventKind.APPROVED, step=step, comment=comment.strip())
    return release


@transaction.atomic
def release_return(*, by: Any, release: PressRelease, comment: str) -> PressRelease:
    """The signatory at the current step sends it back to draft, saying why."""
    release = _locked(release)
    step = _require_signatory(by, release)
    if not comment.strip():
        raise ApplicationError("Say what needs to change", field="comment")
    PressRelease.objects.filter(pk=release.pk).update(status=ReleaseStatus.DRAFT)
    release.refresh_from_db()
    _event(release, by=by, kind=ReleaseEventKind.RETURNED, step=step, comment=comment.strip())
    return release


@transaction.atomic
def release_release(
    *, by: Any, release: PressRelease, released_on: dt.date | None, released_to: str = ""
) -> PressRelease:
    """Record that a signed-off release went out."""
    _require_editor(by, release)
    release = _locked(release)
    if release.status != ReleaseStatus.SIGNED_OFF:
        raise ApplicationError(
            "A press release is released only once the community safety manager and then the chair "
            "have signed it off."
        )
    if released_on is None:
        raise ApplicationError("Enter the date it was released", field="released_on")
    signed = (
        release.history.filter(kind=ReleaseEventKind.APPROVED, step=SignOffStep.CHAIR).order_by("-at").first()
    )
    if released_on > timezone.localdate() or (
        signed is not None and released_on < timezone.localdate(signed.at)
    ):
        raise ApplicationError(
            "The release date must be between the chair's sign-off and today", field="released_on"
        )
    PressRelease.objects.filter(pk=release.pk).update(
        status=ReleaseStatus.RELEASED, released_on=released_on, released_to=released_to.strip()
    )
    release.refresh_from_db()
    _event(release, by=by, kind=ReleaseEventKind.RELEASED, comment=released_to.strip())
    return release
