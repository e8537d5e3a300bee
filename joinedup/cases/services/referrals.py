"""Referring a person in a case to a partner's service, and the receiving partner's decisions.

The rule for sharing (REFERENCE.md §9: a lawful basis before sharing; the minimum needed):

- A referral discloses only the person's name and contact details, the referral reason, and the case's
  reference and lead. The receiving partner never gets the case file.
- Consent is required unless the referrer records why it is not needed (safeguarding, preventing crime,
  or an immediate risk to life), with an explanation.
- Consent is itself a lawful basis: a referral the person agreed to may go to any partner of the case's
  partnership.
- Without consent, the referring and receiving partners must have a current information sharing
  agreement covering the person's data (victims' and witnesses' personal data, or alleged
  perpetrators'; special category data too when a vulnerability is recorded). Otherwise the referral
  is refused with the reason. Within one organisation no agreement is needed.

The agreements relied on are kept with the referral, and every send, view and decision is in the
audit trail (DPA 2018 s.62: disclosure and consultation are logged with who, when and why).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.notify.services import notify_email
from joinedup.partners.models import Organisation, Partnership, Role, User

from .. import policy, referral_policy, referral_selectors
from ..models import (
    Case,
    ConsentExemption,
    EventKind,
    PartnerService,
    Person,
    Referral,
    ReferralConsent,
    ReferralStatus,
)
from .cases import StaleEdit, event_add, require_open
from .sharing import agreement_cover

# --- the services partners offer -----------------------------------------------------------------------

SERVICE_FIELDS = ("name", "description", "who_for", "active")


def _service_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"Not service fields: {sorted(unknown)}")
    for name in ("name", "description", "who_for"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "name" in values and not values["name"]:
        raise ApplicationError("Enter the name of the service", field="name")
    return values


def _require_maintainer(by: Any, partnership: Partnership, organisation: Organisation) -> None:
    if not referral_policy.can_maintain(by, partnership_id=partnership.id, organisation_id=organisation.id):
        raise NotPermitted(
            f"Only coordinators, or managers of {organisation.name}, keep {organisation.name}'s services."
        )


@transaction.atomic
def service_create(
    *, by: Any, partnership: Partnership, organisation: Organisation, **values: Any
) -> PartnerService:
    if by is not None:
        _require_maintainer(by, partnership, organisation)
    values = _service_values(values)
    if not organisation.memberships.filter(partnership=partnership).exists():
        raise ApplicationError(
            f"{organisation.name} is not a member of {partnership.name}.", field="organisation"
        )
    if PartnerService.objects.filter(
        partnership=partnership, organisation=organisation, name=values["name"]
    ).exists():
        raise ApplicationError(
            f"{organisation.name} already has a service called {values['name']}.", field="name"
        )
    service = PartnerService.objects.create(
        partnership=partnership, organisation=organisation, created_by=by, **values
    )
    audit_record(
        by=by, action=Action.CREATED, obj=service, changes={"organisation": organisation.name, **values}
    )
    return service


@transaction.atomic
def service_update(*, by: Any, service: PartnerService, version: int, **values: Any) -> PartnerService:
    """Change a service, if nobody has saved it since `version` was read."""
    _require_maintainer(by, service.partnership, service.organisation)
    current = PartnerService.objects.select_for_update().get(pk=service.pk)
    if current.version != version:
        raise StaleEdit(
            f"Someone changed {current.name} after you opened it. Your changes have not been saved: "
            "check the service as it is now, then make your changes again."
        )
    values = _service_values(values)
    changed = {f: v for f, v in values.items() if getattr(current, f) != v}
    if not changed:
        return current
    clash = PartnerService.objects.filter(
        partnership_id=current.partnership_id,
        organisation_id=current.organisation_id,
        name=changed.get("name"),
    )
    if "name" in changed and clash.exclude(pk=current.pk).exists():
        raise ApplicationError(f"There is already a service called {changed['name']}.", field="name")
    before = {f: getattr(current, f) for f in changed}
    PartnerService.objects.filter(pk=current.pk).update(
        **changed, version=F("version") + 1, updated_at=timezone.now()
    )
    current.refresh_from_db()
    audit_record(
        by=by, action=Action.CHANGED, obj=current, changes={f: [before[f], changed[f]] for f in changed}
    )
    return current


# --- sending a referral ---------------------------------------------------------------------------------

_OPEN = [ReferralStatus.SENT, ReferralStatus.ACCEPTED]


def _consent(
    *, consent: str, consent_on: dt.date | None, exemption: str, detail: str, today: dt.date
) -> tuple[dt.date | None, str, str]:
    """The consent as it will be kept, or ApplicationError saying what is missing."""
    if consent == ReferralConsent.GIVEN:
        if consent_on is None:
            raise ApplicationError("Enter the date they agreed to be referred", field="consent_on")
        if consent_on > today:
            raise ApplicationError("The date they agreed must be today or in the past", field="consent_on")
        return consent_on, "", ""
    if consent == ReferralConsent.NOT_NEEDED:
        if exemption not in ConsentExemption.values:
            raise ApplicationError("Choose why consent is not needed", field="consent_exemption")
        if not detail.strip():
            raise ApplicationError(
                "Explain why you are referring them without their consent", field="consent_exemption_detail"
            )
        return None, exemption, detail.strip()
    raise ApplicationError("Say whether they agreed to be referred", field="consent")


def referral_data_classes(*, case: Case, person: Person) -> set[str]:
    """The classes of data a referral of `person` discloses: their personal data, by their roles."""
    codes: set[str] = set()
    for role in case.people.filter(person=person).values_list("role", flat=True):
        codes |= policy.role_data_class_codes(role=role, vulnerable=bool(person.vulnerabilities))
    return codes


@transaction.atomic
def referral_send(
    *,
    by: Any,
    case: Case,
    person: Person,
    service: PartnerService,
    reason: str,
    consent: str,
    consent_on: dt.date | None = None,
    consent_exemption: str = "",
    consent_exemption_detail: str = "",
    today: dt.date | None = None,
) -> Referral:
    """Refer someone in the case to a partner's service (see the module's docstring for the rule)."""
    require_open(by, case)
    today = today or timezone.localdate()
    if case.is_closed:
        raise ApplicationError(f"{case.reference} is closed. Reopen it to make a referral.")
    codes = referral_data_classes(case=case, person=person)
    if not codes:
        raise ApplicationError("Choose someone in this case", field="person")
    if service.partnership_id != case.partnership_id or not service.active:
        raise ApplicationError("Choose a service that is taking referrals", field="service")
    if not reason.strip():
        raise ApplicationError("Say why you are referring them and what they need", field="reason")
    consent_on, exemption, detail = _consent(
        consent=consent,
        consent_on=consent_on,
        exemption=consent_exemption,
        detail=consent_exemption_detail,
        today=today,
    )
    if Referral.objects.filter(person=person, service=service, status__in=_OPEN).exists():
        raise ApplicationError(
            f"{person.full_name} already has a referral to {service.name} that is not finished.",
            field="service",
        )
    referrer, receiver = by.organisation, service.organisation
    agreements = []
    if receiver.id != referrer.id:
        cover = agreement_cover(
            case=case, organisation=receiver, codes=codes, today=today, discloser=referrer
        )
        if cover.ok:
            agreements = cover.agreements
        elif consent != ReferralConsent.GIVEN:
            text = (
                f"{person.full_name} cannot be referred to {receiver.name} without their consent: no current "
                f"information sharing agreement between {referrer.name} and {receiver.name} covers "
                f"{', '.join(cover.missing)}."
            )
            if cover.lapsed:
                text += f" Not current: {', '.join(cover.lapsed)}."
            raise ApplicationError(text + " Ask them for their consent first.", field="consent")
    referral = Referral.objects.create(
        partnership_id=case.partnership_id,
        case=case,
        person=person,
        service=service,
        receiving_organisation=receiver,
        referred_by=by,
        referring_organisation=referrer,
        reason=reason.strip(),
        consent=consent,
        consent_on=consent_on,
        consent_exemption=exemption,
        consent_exemption_detail=detail,
        consent_recorded_by=by,
    )
    referral.agreements.set(agreements)
    references = sorted(a.reference for a in agreements)
    event_add(
        case,
        by=by,
        kind=EventKind.REFERRAL_SENT,
        text=f"{person.full_name} referred to {service.name}, {receiver.name}",
        data={"referral": str(referral.public_id)},
    )
    audit_record(
        by=by,
        action=Action.SHARED,
        obj=referral,
        changes={
            "case": case.reference,
            "person": str(person),
            "with": receiver.name,
            "service": service.name,
            "consent": consent,
            "consent_exemption": exemption,
            "agreements": references,
            "data_classes": sorted(codes),
        },
        purpose=f"Referral to {service.name}",
    )
    _notify_receiver(referral)
    return referral


# --- the receiving partner's decisions -----------------------------------------------------------------

# Each decision's timeline entry and the email template that tells the referrer.
_DONE = {
    ReferralStatus.ACCEPTED: (EventKind.REFERRAL_ACCEPTED, "referral_accepted"),
    ReferralStatus.DECLINED: (EventKind.REFERRAL_DECLINED, "referral_declined"),
    ReferralStatus.CLOSED: (EventKind.REFERRAL_CLOSED, "referral_closed"),
}


# What a decision needs written, when it needs it: the message and field to refuse a blank one with.
_REQUIRED = {
    ReferralStatus.DECLINED: ("Say why you are declining the referral: the referrer will see it", "note"),
    ReferralStatus.CLOSED: ("Say what the outcome of the referral was", "outcome"),
}


def _decide(*, by: Any, referral: Referral, version: int, to: ReferralStatus, text: str) -> Referral:
    """Move a referral on from the state the decider saw (`version`), or refuse as stale."""
    if not referral_policy.receives(by, referral):
        raise NotPermitted(f"Only {referral.receiving_organisation.name} decides on this referral.")
    text = text.strip()
    if to in _REQUIRED and not text:
        raise ApplicationError(_REQUIRED[to][0], field=_REQUIRED[to][1])
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.version != version:
        who = current.closed_by or current.decided_by
        when = current.closed_at or current.decided_at
        by_whom = f" by {who.full_name} at {timezone.localtime(when):%H:%M on %-d %B}" if who and when else ""
        raise StaleEdit(
            f"This referral was {current.get_status_display().lower()}{by_whom} after you opened it. Your "
            "decision has not been saved: check the referral as it is now."
        )
    expected = ReferralStatus.ACCEPTED if to == ReferralStatus.CLOSED else ReferralStatus.SENT
    if current.status != expected:
        raise ApplicationError(f"This referral is {current.get_status_display().lower()}.")
    now = timezone.now()
    fields = (
        {"outcome": text, "closed_by": by, "closed_at": now}
        if to == ReferralStatus.CLOSED
        else {"decision_note": text, "decided_by": by, "decided_at": now}
    )
    before = current.status
    Referral.objects.filter(pk=current.pk).update(status=to, version=F("version") + 1, **fields)
    current.refresh_from_db()
    kind, template = _DONE[to]
    event_add(
        referral.case,
        by=by,
        kind=kind,
        text=f"{referral.person.full_name}, {referral.service.name}, {referral.receiving_organisation.name}"
        + (f": {text}" if text else ""),
        data={"referral": str(current.public_id)},
    )
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=current,
        changes={"status": [before, to], "case": referral.case.reference},
    )
    _notify_referrer(current, template)
    return current


@transaction.atomic
def referral_accept(*, by: Any, referral: Referral, version: int, note: str = "") -> Referral:
    return _decide(by=by, referral=referral, version=version, to=ReferralStatus.ACCEPTED, text=note)


@transaction.atomic
def referral_decline(*, by: Any, referral: Referral, version: int, reason: str) -> Referral:
    return _decide(by=by, referral=referral, version=version, to=ReferralStatus.DECLINED, text=reason)


@transaction.atomic
def referral_close(*, by: Any, referral: Referral, version: int, outcome: str) -> Referral:
    """Record the outcome of an accepted referral; it comes back to the case's timeline."""
    return _decide(by=by, referral=referral, version=version, to=ReferralStatus.CLOSED, text=outcome)


@transaction.atomic
def referral_withdraw(*, by: Any, referral: Referral, version: int, reason: str) -> Referral:
    """The referrer's side takes back a referral that is not finished, saying why; the receiving
    partner is told. Anyone who can open the case may do it, as anyone who can may refer."""
    require_open(by, referral.case)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            "Say why you are withdrawing the referral: the receiving partner will see it", field="reason"
        )
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.version != version:
        raise StaleEdit(
            f"This referral was {current.get_status_display().lower()} after you opened it. It has not been "
            "withdrawn: check the referral as it is now."
        )
    if not current.is_open:
        raise ApplicationError(
            f"This referral is {current.get_status_display().lower()}: it cannot be withdrawn."
        )
    before = current.status
    Referral.objects.filter(pk=current.pk).update(
        status=ReferralStatus.WITHDRAWN,
        withdrawn_by=by,
        withdrawn_at=timezone.now(),
        withdrawal_reason=reason,
        version=F("version") + 1,
    )
    current.refresh_from_db()
    event_add(
        referral.case,
        by=by,
        kind=EventKind.REFERRAL_WITHDRAWN,
        text=f"{referral.person.full_name}, {referral.service.name}, {referral.receiving_organisation.name}: "
        f"{reason}",
        data={"referral": str(current.public_id)},
    )
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=current,
        changes={"status": [before, ReferralStatus.WITHDRAWN], "case": referral.case.reference},
    )
    _notify_receiver(current, "referral_withdrawn")
    return current


# --- views, each recorded --------------------------------------------------------------------------------


@transaction.atomic
def referral_view(*, by: Any, public_id: Any) -> referral_selectors.ReferralView:
    """A referral as the user may see it, recorded as viewed (it holds a person's details)."""
    view = referral_selectors.referral_get(user=by, public_id=public_id)
    audit_record(
        by=by,
        action=Action.VIEWED,
        obj=view.referral,
        changes={"view": view.seen_as, "case": view.referral.case.reference},
    )
    return view


@transaction.atomic
def referral_queue_view(*, by: Any) -> tuple[list[Referral], list[Referral]]:
    """Referrals received by and sent by the user's organisation, recorded with which were shown."""
    received = list(referral_selectors.referrals_received(user=by))
    sent = list(referral_selectors.referrals_sent(user=by))
    audit_record(
        by=by,
        action=Action.VIEWED,
        changes={
            "page": "referrals",
            "received_shown": [str(r) for r in received],
            "sent_shown": [str(r) for r in sent],
        },
        label=None,
    )
    return received, sent


# --- telling the referrer -----------------------------------------------------------------------------------


def _notify_referrer(referral: Referral, template: str) -> None:
    from ..tasks import referral_email

    if referral.case.synthetic or not referral.referred_by.is_active:  # made-up demo cases email nobody
        return
    transaction.on_commit(lambda: referral_email(referral.id, template))


def _notify_receiver(referral: Referral, template: str = "referral_received") -> None:
    """Tell the receiving partner's managers a referral has arrived (or been withdrawn): they see it in
    their queue. A withdrawal also tells whoever accepted it, who may already be helping."""
    from ..tasks import referral_received_email

    if referral.case.synthetic:
        return
    emails = set(
        User.objects.filter(
            is_active=True,
            organisation_id=referral.receiving_organisation_id,
            partnerships=referral.partnership_id,
            role=Role.MANAGER,
        ).values_list("email", flat=True)
    )
    if template == "referral_withdrawn" and referral.decided_by and referral.decided_by.is_active:
        emails.add(referral.decided_by.email)
    for email in sorted(emails):
        transaction.on_commit(partial(referral_received_email, referral.id, email, template))


def referral_received_email(*, referral_id: int, email: str, template: str = "referral_received") -> bool:
    """Email someone at the receiving partner: the service and who sent it (or withdrew it), nothing
    personal."""
    referral = (
        Referral.objects.select_related("case", "service", "referring_organisation")
        .filter(id=referral_id)
        .first()
    )
    if referral is None:
        return False
    notify_email(
        to=email,
        template=template,
        personalisation={
            "service": referral.service.name,
            "partner": referral.referring_organisation.name,
            "queue_url": settings.SITE_URL.rstrip("/") + reverse("referral-queue"),
        },
        reference=referral.case.reference,
    )
    return True


def referral_email_send(*, referral_id: int, template: str) -> bool:
    """Email the referrer about a decision. No personal data in the email: they sign in to read it."""
    referral = (
        Referral.objects.select_related("case", "service", "receiving_organisation", "referred_by")
        .filter(id=referral_id)
        .first()
    )
    if referral is None:
        return False
    url = settings.SITE_URL.rstrip("/") + reverse("referral-detail", args=[referral.public_id])
    notify_email(
        to=referral.referred_by.email,
        template=template,
        personalisation={
            "case_reference": referral.case.reference,
            "service": referral.service.name,
            "partner": referral.receiving_organisation.name,
            "referral_url": url,
        },
        reference=referral.case.reference,
    )
    return True


def referrals_export(*, person: Person) -> list[dict[str, Any]]:
    """A person's referrals, for the subject access export."""
    rows = person.referrals.select_related(
        "case", "service", "receiving_organisation", "referring_organisation"
    )
    return [
        {
            "case": r.case.reference,
            "service": r.service.name,
            "to": r.receiving_organisation.name,
            "by": r.referring_organisation.name,
            "sent": r.referred_at.isoformat(),
            "reason": r.reason,
            "consent": r.get_consent_display(),
            "consent_on": r.consent_on.isoformat() if r.consent_on else None,
            "without_consent_because": r.get_consent_exemption_display(),
            "status": r.get_status_display(),
            "decision_note": r.decision_note,
            "outcome": r.outcome,
        }
        for r in rows.order_by("referred_at")
    ]
