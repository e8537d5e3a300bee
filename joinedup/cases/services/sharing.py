"""Sharing a case with a partner, naming people on a restricted case, and requests for access.

A share is lawful only under a current information sharing agreement, signed by both the lead
partner and the partner receiving the case, that covers every class of data the case holds. The
agreements relied on are recorded with the share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import AgreementStatus, DataClass, Organisation, SharingAgreement, User

from .. import policy
from ..models import AccessRequest, Case, CaseNamedAccess, CaseShare, EventKind, RequestStatus
from .cases import event_add, require_lead


@dataclass
class Cover:
    agreements: list[SharingAgreement]
    missing: list[str]  # names of the data classes no current agreement covers
    lapsed: list[str]  # agreements between the two that would cover more but are not current

    @property
    def ok(self) -> bool:
        return not self.missing


def agreement_cover(
    *,
    case: Case,
    organisation: Organisation,
    codes: set[str],
    today: dt.date | None = None,
    discloser: Organisation | None = None,
) -> Cover:
    """Which current agreements between the lead partner (or `discloser`) and `organisation` cover `codes`."""
    today = today or timezone.localdate()
    discloser_id = discloser.id if discloser is not None else case.lead_partner_id
    agreements = (
        SharingAgreement.objects.filter(partnership_id=case.partnership_id, signatories=discloser_id)
        .filter(signatories=organisation.id)
        .prefetch_related("data_classes")
        .distinct()
    )
    used: dict[int, SharingAgreement] = {}
    covered: set[str] = set()
    lapsed = []
    for agreement in agreements:
        classes = {d.code for d in agreement.data_classes.all()}
        status = agreement.status_on(today)
        if status != AgreementStatus.CURRENT:
            if classes & codes:
                lapsed.append(f"{agreement.reference} ({status.label.lower()})")
            continue
        if classes & (codes - covered):
            used[agreement.id] = agreement
            covered |= classes
    names = dict(DataClass.objects.filter(code__in=codes).values_list("code", "name"))
    missing = sorted(names.get(code, code) for code in codes - covered)
    return Cover(list(used.values()), missing, lapsed)


def refusal(case: Case, organisation: Organisation, cover: Cover) -> str:
    text = (
        f"{case.reference} cannot be shared with {organisation.name}: no current information sharing "
        f"agreement between {case.lead_partner.name} and {organisation.name} covers "
        f"{', '.join(cover.missing)}."
    )
    if cover.lapsed:
        text += f" Not current: {', '.join(cover.lapsed)}."
    return text


def check_shares_cover(*, case: Case, extra: set[str]) -> None:
    """Refuse a change that would put data into a case that a current share does not cover."""
    codes = policy.data_class_codes(case) | extra
    for share in case.shares.filter(ended_at__isnull=True).select_related("organisation"):
        cover = agreement_cover(case=case, organisation=share.organisation, codes=codes)
        if not cover.ok:
            raise ApplicationError(
                f"{case.reference} is shared with {share.organisation.name}, and no current agreement with "
                f"them covers {', '.join(cover.missing)}. End that share, or record an agreement, first."
            )


def _rest_on(share: CaseShare, cover: Cover, *, by: Any, text: str) -> list[str]:
    """Record the agreements a share relies on, in the share and on the timeline."""
    share.agreements.set(cover.agreements)
    references = sorted(a.reference for a in cover.agreements)
    event_add(
        share.case,
        by=by,
        kind=EventKind.SHARED,
        text=f"{text} {', '.join(references)}",
        data={"organisation": share.organisation.name, "agreements": references},
    )
    return references


@transaction.atomic
def case_share(
    *, by: Any, case: Case, organisation: Organisation, reason: str = "", today: dt.date | None = None
) -> CaseShare:
    require_lead(by, case)
    if organisation.id == case.lead_partner_id:
        raise ApplicationError(f"{organisation.name} already leads this case.", field="organisation")
    if not organisation.memberships.filter(partnership_id=case.partnership_id).exists():
        raise ApplicationError(
            f"{organisation.name} is not a member of {case.partnership.name}.", field="organisation"
        )
    if case.shares.filter(organisation=organisation, ended_at__isnull=True).exists():
        raise ApplicationError(
            f"{case.reference} is already shared with {organisation.name}.", field="organisation"
        )
    codes = policy.data_class_codes(case)
    cover = agreement_cover(case=case, organisation=organisation, codes=codes, today=today)
    if not cover.ok:
        raise ApplicationError(refusal(case, organisation, cover), field="organisation")
    share = CaseShare.objects.create(
        case=case, organisation=organisation, shared_by=by, reason=reason.strip()
    )
    references = _rest_on(share, cover, by=by, text=f"Shared with {organisation.name} under")
    audit_record(
        by=by,
        action=Action.SHARED,
        obj=case,
        changes={"with": organisation.name, "agreements": references, "data_classes": sorted(codes)},
        purpose=reason.strip(),
    )
    return share


@transaction.atomic
def case_share_end(*, by: Any, case: Case, organisation: Organisation) -> None:
    require_lead(by, case)
    share = case.shares.filter(organisation=organisation, ended_at__isnull=True).first()
    if share is None:
        raise ApplicationError(f"{case.reference} is not shared with {organisation.name}.")
    _share_close(case, share, by=by)
    event_add(case, by=by, kind=EventKind.SHARE_ENDED, text=f"No longer shared with {organisation.name}")
    audit_record(by=by, action=Action.CHANGED, obj=case, changes={"share_ended": organisation.name})


def _shares_to_recheck(today: dt.date) -> list[int]:
    """Current shares resting on an agreement that is no longer current or no longer signed by both."""
    relied_on = CaseShare.agreements.through.objects.filter(caseshare__ended_at__isnull=True)
    signed = SharingAgreement.signatories.through.objects.filter(
        sharingagreement_id=OuterRef("sharingagreement_id")
    )
    lapsed = relied_on.filter(
        Q(sharingagreement__starts_on__gt=today)
        | Q(sharingagreement__ends_on__lt=today)
        | Q(sharingagreement__review_due_on__lt=today)
        | ~Exists(signed.filter(organisation_id=OuterRef("caseshare__organisation_id")))
        | ~Exists(signed.filter(organisation_id=OuterRef("caseshare__case__lead_partner_id")))
    ).values_list("caseshare_id", flat=True)
    unsupported = CaseShare.objects.filter(ended_at__isnull=True, agreements__isnull=True).values_list(
        "id", flat=True
    )
    return sorted(set(lapsed) | set(unsupported))


@dataclass
class Lapse:
    share: CaseShare
    reason: str


def shares_lapse(*, today: dt.date | None = None) -> tuple[list[Lapse], int]:
    """End every share that no current agreement covers any more, and re-base those that another does.

    A share is lawful only while an agreement covers it (ICO data sharing code, REFERENCE.md §9), so an
    agreement that ends, passes its review date or loses a signatory takes its shares with it. The
    timeline and audit log record why, and the lead officer is told; sharing again needs a current
    agreement, as any share does. Returns the ended shares and how many were re-based.
    """
    today = today or timezone.localdate()
    ended: list[Lapse] = []
    rebased = 0
    for share_id in _shares_to_recheck(today):
        with transaction.atomic():
            share = (
                CaseShare.objects.select_for_update(of=("self",))
                .select_related(
                    "case__lead_partner", "case__lead_officer", "case__partnership", "organisation"
                )
                .filter(pk=share_id, ended_at__isnull=True)
                .first()
            )
            if share is None:
                continue
            case = share.case
            cover = agreement_cover(
                case=case, organisation=share.organisation, codes=policy.data_class_codes(case), today=today
            )
            if cover.ok:
                _rest_on(share, cover, by=None, text=f"Sharing with {share.organisation.name} now rests on")
                rebased += 1
                continue
            reason = refusal(case, share.organisation, cover)
            _share_close(case, share, by=None)
            event_add(
                case,
                by=None,
                kind=EventKind.SHARE_ENDED,
                text=f"No longer shared with {share.organisation.name}: no current agreement covers it",
                data={"organisation": share.organisation.name, "lapsed": cover.lapsed},
            )
            audit_record(
                by=None,
                action=Action.CHANGED,
                obj=case,
                changes={"share_ended": share.organisation.name, "reason": "agreement not current"},
            )
            ended.append(Lapse(share, reason))
    return ended, rebased


def _share_close(case: Case, share: CaseShare, *, by: Any) -> None:
    share.ended_at = timezone.now()
    share.ended_by = by
    share.save(update_fields=["ended_at", "ended_by"])
    # Named access of that partner's staff lapses with the share.
    case.named.filter(user__organisation=share.organisation).delete()


@transaction.atomic
def case_name(*, by: Any, case: Case, user: User) -> CaseNamedAccess:
    """Name someone on a restricted case. They must work for the lead partner or one it is shared with."""
    require_lead(by, case)
    if not case.restricted:
        raise ApplicationError(f"{case.reference} is not restricted: everyone in its partners can see it.")
    partners = {
        case.lead_partner_id,
        *case.shares.filter(ended_at__isnull=True).values_list("organisation_id", flat=True),
    }
    if user.organisation_id not in partners or not policy.does_casework(user):
        raise ApplicationError(
            f"{user.full_name} does not do casework for a partner this case is shared with. Share it with "
            "their organisation first.",
            field="user",
        )
    named, created = CaseNamedAccess.objects.get_or_create(case=case, user=user, defaults={"added_by": by})
    if not created:
        raise ApplicationError(f"{user.full_name} is already named on {case.reference}.", field="user")
    event_add(case, by=by, kind=EventKind.NAMED, text=f"{user.full_name} may now see this case")
    audit_record(by=by, action=Action.SHARED, obj=case, changes={"named": user.email})
    return named


@transaction.atomic
def case_unname(*, by: Any, case: Case, user: User) -> None:
    require_lead(by, case)
    if user.id == case.lead_officer_id:
        raise ApplicationError("The lead officer must stay named. Change the lead officer first.")
    deleted, _ = case.named.filter(user=user).delete()
    if not deleted:
        raise ApplicationError(f"{user.full_name} is not named on {case.reference}.")
    event_add(case, by=by, kind=EventKind.UNNAMED, text=f"{user.full_name} may no longer see this case")
    audit_record(by=by, action=Action.CHANGED, obj=case, changes={"unnamed": user.email})


@transaction.atomic
def access_request(*, by: Any, case: Case, reason: str) -> AccessRequest:
    """Someone who sees only the locked view asks the lead partner for access, saying why."""
    if not policy.does_casework(by):
        raise NotPermitted("Case files are for partner officers, managers and coordinators.")
    if by.organisation_id is None:
        raise ApplicationError("Your account belongs to no partner, so it cannot be given access.")
    from .. import selectors

    if selectors.cases_open_to(by).filter(pk=case.pk).exists():
        raise ApplicationError(f"You can already see {case.reference}.")
    if not reason.strip():
        raise ApplicationError("Say why you need access", field="reason")
    if case.access_requests.filter(requested_by=by, status=RequestStatus.PENDING).exists():
        raise ApplicationError(
            "You have already asked for access. The lead partner will decide.", field="reason"
        )
    request = AccessRequest.objects.create(
        case=case, requested_by=by, organisation=by.organisation, reason=reason.strip()
    )
    event_add(
        case,
        by=by,
        kind=EventKind.ACCESS_REQUESTED,
        text=f"{by.full_name} of {by.organisation.name} asked for access",
        data={"request": request.id},
    )
    audit_record(
        by=by, action=Action.CREATED, obj=case, changes={"access_requested": by.email}, purpose=reason
    )
    return request


@transaction.atomic
def access_decide(*, by: Any, request: AccessRequest, grant: bool, note: str = "") -> AccessRequest:
    """The lead partner grants access (sharing with the requester's partner if need be) or refuses."""
    case = request.case
    require_lead(by, case)
    if request.status != RequestStatus.PENDING:
        raise ApplicationError("This request has already been decided.")
    if not grant and not note.strip():
        raise ApplicationError("Say why access is refused: the person asking will see it", field="note")
    requester = request.requested_by
    if grant:
        if not case.shares.filter(organisation=request.organisation, ended_at__isnull=True).exists() and (
            request.organisation_id != case.lead_partner_id
        ):
            case_share(
                by=by,
                case=case,
                organisation=request.organisation,
                reason=f"Access request: {request.reason}",
            )
        if case.restricted and not case.named.filter(user=requester).exists():
            case_name(by=by, case=case, user=requester)
    request.status = RequestStatus.GRANTED if grant else RequestStatus.REFUSED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    event_add(
        case,
        by=by,
        kind=EventKind.ACCESS_GRANTED if grant else EventKind.ACCESS_REFUSED,
        text=f"{requester.full_name} of {request.organisation.name}"
        + (f": {note.strip()}" if note.strip() else ""),
    )
    audit_record(
        by=by,
        action=Action.SHARED if grant else Action.CHANGED,
        obj=case,
        changes={"access_request": requester.email, "decision": request.status},
        purpose=note.strip(),
    )
    return request
