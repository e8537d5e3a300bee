"""Keeping the PSPO register (Anti-social Behaviour, Crime and Policing Act 2014 ss.59-75, REFERENCE.md §3).

The rules checked here: an order has effect for at most 3 years (s.60(1)); before it expires it may be
extended by up to 3 years at a time, repeatedly (s.60(2)); the fixed penalty may not exceed the maximum in
force on the date it applies from (s.68: £100, raised by the Crime and Policing Act 2026 from a date set in
`PSPO_FPN_MAXIMUMS`); s.72's statutory consultees are the chief officer of police, the PCC and community
representatives (a consultation that misses one is recorded, with a warning on the register). An order may
be varied or discharged (s.61); once discharged it cannot be extended or varied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record, changes_between
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership, Role, User
from joinedup.places.boundaries import geometry_check
from joinedup.places.models import Area, AreaKind

from .. import registers_policy as policy
from ..models import (
    ConsultationPurpose,
    Consultee,
    Pspo,
    PspoConsultation,
    PspoDischarge,
    PspoEnforcement,
    PspoExtension,
    PspoPenalty,
    PspoSiteNotice,
    PspoVariation,
)
from ..models.pspo import MAX_YEARS
from ..statutory import add_months, fpn_maximum

KEEP_DENIED = "Only the partnership's coordinators keep the PSPO register."


def require_keeper(by: Any, partnership_id: int) -> None:
    if by is not None and not policy.keeps_registers(by, partnership_id):
        raise NotPermitted(KEEP_DENIED)


def _lines(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


def latest_expiry(starts: dt.date) -> dt.date:
    return add_months(starts, 12 * MAX_YEARS)


def _check_areas(partnership: Partnership, areas: list[Area]) -> None:
    districts = set(partnership.areas.values_list("id", flat=True))
    strays = [
        a.name
        for a in areas
        if not (
            (a.kind == AreaKind.PATCH and a.partnership_id == partnership.id)
            or a.id in districts
            or a.parent_id in districts
        )
    ]
    if strays:
        raise ApplicationError(f"{', '.join(strays)} is not in {partnership.name}.", field="areas")


def _check_dates(made_on: dt.date | None, in_force_from: dt.date | None, expires_on: dt.date | None) -> None:
    if made_on is None:
        raise ApplicationError("Enter the date the order was made", field="made_on")
    if in_force_from is None:
        raise ApplicationError("Enter the date the order came into force", field="in_force_from")
    if expires_on is None:
        raise ApplicationError("Enter the date the order expires", field="expires_on")
    if in_force_from < made_on:
        raise ApplicationError("The order cannot come into force before it was made", field="in_force_from")
    if expires_on <= in_force_from:
        raise ApplicationError("The order must expire after it comes into force", field="expires_on")
    if expires_on > latest_expiry(in_force_from):
        raise ApplicationError(
            f"An order can have effect for at most {MAX_YEARS} years (2014 Act s.60). "
            f"This one comes into force "
            f"on {in_force_from:%-d %B %Y}, so it must expire by {latest_expiry(in_force_from):%-d %B %Y}. "
            "Record a longer life as an extension.",
            field="expires_on",
        )


@transaction.atomic
def pspo_save(
    *,
    by: Any,
    partnership: Partnership,
    reference: str,
    title: str,
    area_description: str,
    made_on: dt.date | None,
    in_force_from: dt.date | None,
    expires_on: dt.date | None,
    areas: Iterable[Area] = (),
    boundary: str = "",
    prohibitions: Iterable[str] = (),
    requirements: Iterable[str] = (),
    order_url: str = "",
    pspo: Pspo | None = None,
    synthetic: bool = False,
) -> Pspo:
    """Add an order to the register, or change one (`pspo`). Its dates stay as made once it is extended."""
    require_keeper(by, partnership.id)
    if pspo is not None:
        if pspo.partnership_id != partnership.id:
            raise ApplicationError("An order cannot move to another partnership.", field="partnership")
        pspo = Pspo.objects.select_for_update().get(pk=pspo.pk)  # an extension may have moved its expiry
    reference, title = reference.strip(), title.strip()
    if not reference:
        raise ApplicationError("Enter the order's reference", field="reference")
    if not title:
        raise ApplicationError("Enter the order's title", field="title")
    taken = Pspo.objects.filter(partnership=partnership, reference__iexact=reference)
    if pspo is not None:
        taken = taken.exclude(id=pspo.id)
    if taken.exists():
        raise ApplicationError(f"{partnership.name} already has an order {reference}.", field="reference")
    areas = list(areas)
    _check_areas(partnership, areas)
    if boundary.strip():
        try:
            boundary, _bbox, _repaired = geometry_check(geometry=boundary.strip(), label="The drawn boundary")
        except ApplicationError as error:
            raise ApplicationError(error.message, field="boundary") from None
    else:
        boundary = ""
    if not areas and not boundary:
        raise ApplicationError(
            "Choose the wards or areas the order covers, or give its boundary", field="areas"
        )
    if not area_description.strip():
        raise ApplicationError("Say where the order applies, as the order does", field="area_description")
    prohibitions, requirements = _lines(prohibitions), _lines(requirements)
    if not prohibitions and not requirements:
        raise ApplicationError(
            "List what the order prohibits, what it requires, or both (2014 Act s.59)", field="prohibitions"
        )
    extended = pspo is not None and pspo.extensions.exists()
    if extended:
        assert pspo is not None
        if (made_on, in_force_from) != (pspo.made_on, pspo.in_force_from):
            raise ApplicationError(
                "This order has been extended, so the dates it was made with cannot change.", field="made_on"
            )
        expires_on = pspo.expires_on
    else:
        _check_dates(made_on, in_force_from, expires_on)
    values = {
        "reference": reference,
        "title": title,
        "area_description": area_description.strip(),
        "boundary": boundary,
        "prohibitions": prohibitions,
        "requirements": requirements,
        "made_on": made_on,
        "in_force_from": in_force_from,
        "expires_on": expires_on,
        "order_url": order_url.strip(),
    }
    if pspo is None:
        pspo = Pspo.objects.create(partnership=partnership, created_by=by, synthetic=synthetic, **values)
        action, changes = Action.CREATED, {"reference": reference}
    else:
        before = {k: getattr(pspo, k) for k in values}
        for name, value in values.items():
            setattr(pspo, name, value)
        pspo.updated_at = timezone.now()
        pspo.save()
        action, changes = Action.CHANGED, changes_between(before, values)
    pspo.areas.set(areas)
    audit_record(by=by, action=action, obj=pspo, changes={k: str(v) for k, v in changes.items()})
    return pspo


def _locked_undischarged(pspo: Pspo, doing: str) -> Pspo:
    pspo = Pspo.objects.select_for_update().get(pk=pspo.pk)
    if PspoDischarge.objects.filter(pspo=pspo).exists():
        raise ApplicationError(
            f"This order has been discharged, so it cannot be {doing}. Make a new order instead.",
            field="decided_on",
        )
    return pspo


def _touched(by: Any, pspo: Pspo, changes: dict) -> None:
    """A change to the order's record: its last-changed time moves on, and the change is audited."""
    Pspo.objects.filter(pk=pspo.pk).update(updated_at=timezone.now())
    audit_record(by=by, action=Action.CHANGED, obj=pspo, changes=changes)


def _decided(decided_on: dt.date | None, pspo: Pspo, what: str) -> dt.date:
    if decided_on is None:
        raise ApplicationError(f"Enter the date the {what} was decided", field="decided_on")
    if decided_on > timezone.localdate():
        raise ApplicationError(f"The {what} cannot be decided in the future", field="decided_on")
    if decided_on < pspo.made_on:
        raise ApplicationError(f"The {what} cannot be decided before the order was made", field="decided_on")
    return decided_on


@transaction.atomic
def pspo_extend(
    *, by: Any, pspo: Pspo, decided_on: dt.date | None, new_expires_on: dt.date | None, reason: str
) -> PspoExtension:
    """s.60(2): extend an order, before it expires, by up to 3 years."""
    require_keeper(by, pspo.partnership_id)
    pspo = _locked_undischarged(pspo, "extended")
    decided_on = _decided(decided_on, pspo, "extension")
    if decided_on > pspo.expires_on:
        raise ApplicationError(
            f"The order expired on {pspo.expires_on:%-d %B %Y}. An order can only be extended before it "
            "expires; a lapsed order must be made again.",
            field="decided_on",
        )
    if new_expires_on is None or new_expires_on <= pspo.expires_on:
        raise ApplicationError(
            f"The new expiry date must be after the current one, {pspo.expires_on:%-d %B %Y}",
            field="new_expires_on",
        )
    if new_expires_on > latest_expiry(pspo.expires_on):
        raise ApplicationError(
            f"An extension can be for at most {MAX_YEARS} years (2014 Act s.60), "
            "so the order can be extended "
            f"to {latest_expiry(pspo.expires_on):%-d %B %Y} at the latest.",
            field="new_expires_on",
        )
    if not reason.strip():
        raise ApplicationError(
            "Say why the extension is needed to stop the activities recurring or getting worse",
            field="reason",
        )
    extension = PspoExtension.objects.create(
        pspo=pspo,
        decided_on=decided_on,
        previous_expires_on=pspo.expires_on,
        new_expires_on=new_expires_on,
        reason=reason.strip(),
        recorded_by=by,
    )
    Pspo.objects.filter(pk=pspo.pk).update(expires_on=new_expires_on, updated_at=timezone.now())
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=pspo,
        changes={"expires_on": [str(extension.previous_expires_on), str(new_expires_on)]},
    )
    return extension


@transaction.atomic
def pspo_vary(
    *,
    by: Any,
    pspo: Pspo,
    decided_on: dt.date | None,
    takes_effect_on: dt.date | None,
    summary: str,
    area_description: str,
    prohibitions: Iterable[str] = (),
    requirements: Iterable[str] = (),
) -> PspoVariation:
    """s.61: vary an order. From `takes_effect_on` its terms are those given here; the order as made and
    earlier variations stay on the register. A variation needs consulting on first (s.72): the register warns
    when none is recorded, as it does for making."""
    require_keeper(by, pspo.partnership_id)
    pspo = _locked_undischarged(pspo, "varied")
    decided_on = _decided(decided_on, pspo, "variation")
    if decided_on > pspo.expires_on:
        raise ApplicationError(
            f"The order expired on {pspo.expires_on:%-d %B %Y}, so it can no longer be varied.",
            field="decided_on",
        )
    if takes_effect_on is None:
        raise ApplicationError("Enter the date the variation takes effect", field="takes_effect_on")
    if takes_effect_on < decided_on:
        raise ApplicationError(
            "The variation cannot take effect before it was decided", field="takes_effect_on"
        )
    if takes_effect_on > pspo.expires_on:
        raise ApplicationError(
            f"The variation must take effect while the order is in force, by {pspo.expires_on:%-d %B %Y}",
            field="takes_effect_on",
        )
    if pspo.variations.filter(takes_effect_on__gte=takes_effect_on).exists():
        raise ApplicationError(
            "A variation already takes effect on or after that date: record variations in the order they "
            "take effect",
            field="takes_effect_on",
        )
    if not summary.strip():
        raise ApplicationError("Say what the variation changed", field="summary")
    if not area_description.strip():
        raise ApplicationError(
            "Say where the varied order applies, as the order does", field="area_description"
        )
    prohibitions, requirements = _lines(prohibitions), _lines(requirements)
    if not prohibitions and not requirements:
        raise ApplicationError(
            "List what the varied order prohibits, what it requires, or both (2014 Act s.59)",
            field="prohibitions",
        )
    variation = PspoVariation.objects.create(
        pspo=pspo,
        decided_on=decided_on,
        takes_effect_on=takes_effect_on,
        summary=summary.strip(),
        area_description=area_description.strip(),
        prohibitions=prohibitions,
        requirements=requirements,
        recorded_by=by,
    )
    _touched(by, pspo, {"variation": [str(decided_on), str(takes_effect_on)], "summary": variation.summary})
    return variation


@transaction.atomic
def pspo_discharge(
    *, by: Any, pspo: Pspo, decided_on: dt.date | None, ends_on: dt.date | None, reason: str
) -> PspoDischarge:
    """s.61: discharge an order. `ends_on` is the last day it has effect; from the day after, it is no longer
    in force anywhere (the public page, the publications) and gets no expiry alert."""
    require_keeper(by, pspo.partnership_id)
    pspo = _locked_undischarged(pspo, "discharged again")
    decided_on = _decided(decided_on, pspo, "discharge")
    if ends_on is None:
        raise ApplicationError("Enter the last day the order has effect", field="ends_on")
    if ends_on < pspo.in_force_from:
        raise ApplicationError(
            f"The order came into force on {pspo.in_force_from:%-d %B %Y}: it cannot end before then",
            field="ends_on",
        )
    if ends_on < decided_on:
        raise ApplicationError("The order cannot end before the discharge was decided", field="ends_on")
    if ends_on >= pspo.expires_on:
        raise ApplicationError(
            f"The order expires on {pspo.expires_on:%-d %B %Y} anyway: a discharge must end it before then",
            field="ends_on",
        )
    if not reason.strip():
        raise ApplicationError("Say why the order is being discharged", field="reason")
    discharge = PspoDischarge.objects.create(
        pspo=pspo, decided_on=decided_on, ends_on=ends_on, reason=reason.strip(), recorded_by=by
    )
    _touched(by, pspo, {"discharge": [str(decided_on), str(ends_on)], "reason": discharge.reason})
    return discharge


@transaction.atomic
def consultation_record(
    *,
    by: Any,
    pspo: Pspo,
    purpose: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    responses: int,
    consultees: Iterable[str],
    other_consultees: str = "",
    summary: str = "",
) -> PspoConsultation:
    """s.72: record a consultation. One missing a statutory consultee is kept, and the register warns."""
    require_keeper(by, pspo.partnership_id)
    if purpose not in ConsultationPurpose.values:
        raise ApplicationError("Choose what the consultation was about", field="purpose")
    if starts_on is None:
        raise ApplicationError("Enter the date the consultation started", field="starts_on")
    if ends_on is None or ends_on < starts_on:
        raise ApplicationError("The consultation must end on or after the day it started", field="ends_on")
    if responses < 0:
        raise ApplicationError("The number of responses cannot be below zero", field="responses")
    consultees = [c for c in Consultee.values if c in set(consultees)]
    if not consultees and not other_consultees.strip():
        raise ApplicationError("Say who was consulted", field="consultees")
    consultation = PspoConsultation.objects.create(
        pspo=pspo,
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        responses=responses,
        consultees=consultees,
        other_consultees=other_consultees.strip(),
        summary=summary.strip(),
        recorded_by=by,
    )
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=pspo,
        changes={"consultation": [str(starts_on), str(ends_on)], "missing": consultation.statutory_missing},
    )
    return consultation


@transaction.atomic
def notice_record(
    *, by: Any, pspo: Pspo, put_up_on: dt.date | None, location: str, notes: str = ""
) -> PspoSiteNotice:
    """SI 2014/2591: a notice put up on or next to the place."""
    require_keeper(by, pspo.partnership_id)
    if put_up_on is None:
        raise ApplicationError("Enter the date the notice went up", field="put_up_on")
    if not location.strip():
        raise ApplicationError("Say where the notice is", field="location")
    notice = PspoSiteNotice.objects.create(
        pspo=pspo, put_up_on=put_up_on, location=location.strip(), notes=notes.strip(), recorded_by=by
    )
    audit_record(by=by, action=Action.CHANGED, obj=pspo, changes={"site_notice": notice.location})
    return notice


@transaction.atomic
def penalty_set(
    *,
    by: Any,
    pspo: Pspo,
    applies_from: dt.date | None,
    amount: int | None,
    early_payment_amount: int | None = None,
) -> PspoPenalty:
    """The fixed penalty from a date, checked against the statutory maximum on that date."""
    require_keeper(by, pspo.partnership_id)
    if applies_from is None:
        raise ApplicationError("Enter the date the amount applies from", field="applies_from")
    if applies_from < pspo.made_on:
        raise ApplicationError("The amount cannot apply before the order was made", field="applies_from")
    if not amount or amount <= 0:
        raise ApplicationError("Enter the fixed penalty in pounds", field="amount")
    maximum = fpn_maximum(on=applies_from)
    if amount > maximum.pounds:
        raise ApplicationError(
            f"A fixed penalty on {applies_from:%-d %B %Y} can be at most £{maximum.pounds} "
            f"({maximum.source}).",
            field="amount",
        )
    if early_payment_amount is not None and not 0 < early_payment_amount < amount:
        raise ApplicationError(
            "The early payment amount must be less than the fixed penalty", field="early_payment_amount"
        )
    if pspo.penalties.filter(applies_from=applies_from).exists():
        raise ApplicationError(
            f"An amount already applies from {applies_from:%-d %B %Y}: give a different date",
            field="applies_from",
        )
    penalty = PspoPenalty.objects.create(
        pspo=pspo,
        applies_from=applies_from,
        amount=amount,
        early_payment_amount=early_payment_amount,
        recorded_by=by,
    )
    audit_record(by=by, action=Action.CHANGED, obj=pspo, changes={"penalty": [str(applies_from), amount]})
    return penalty


@transaction.atomic
def enforcement_record(
    *,
    by: Any,
    pspo: Pspo,
    period_start: dt.date | None,
    period_end: dt.date | None,
    warnings: int = 0,
    fpns_issued: int = 0,
    fpns_paid: int = 0,
    prosecutions: int = 0,
) -> PspoEnforcement:
    """What was done to enforce the order in one period (a month or a quarter, as the partner reports)."""
    require_keeper(by, pspo.partnership_id)
    if period_start is None:
        raise ApplicationError("Enter the first day of the period", field="period_start")
    if period_end is None or period_end < period_start:
        raise ApplicationError("The period must end on or after its first day", field="period_end")
    if period_end < pspo.in_force_from or period_start > pspo.last_day:
        raise ApplicationError("The order was not in force in that period", field="period_start")
    for name, value in (
        ("warnings", warnings),
        ("fpns_issued", fpns_issued),
        ("fpns_paid", fpns_paid),
        ("prosecutions", prosecutions),
    ):
        if value < 0:
            raise ApplicationError("Counts cannot be below zero", field=name)
    if fpns_paid > fpns_issued:
        raise ApplicationError("More fixed penalties cannot be paid than were issued", field="fpns_paid")
    overlapping = pspo.enforcement.filter(period_start__lte=period_end, period_end__gte=period_start)
    if overlapping.exists():
        raise ApplicationError(
            "Figures are already recorded for part of that period: each day may be counted once",
            field="period_start",
        )
    row = PspoEnforcement.objects.create(
        pspo=pspo,
        period_start=period_start,
        period_end=period_end,
        warnings=warnings,
        fpns_issued=fpns_issued,
        fpns_paid=fpns_paid,
        prosecutions=prosecutions,
        recorded_by=by,
    )
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=pspo,
        changes={"enforcement": [str(period_start), str(period_end)], "fpns_issued": fpns_issued},
    )
    return row


def expiry_alert_due(*, today: dt.date | None = None) -> list[tuple[Pspo, list[str]]]:
    """Orders expiring within `PSPO_EXPIRY_ALERT_MONTHS` whose coordinators have not been told of this expiry
    date; each is marked told, so an order gets one alert (and one more after each extension). Returns each
    order with its coordinators' addresses."""
    today = today or timezone.localdate()
    horizon = add_months(today, settings.PSPO_EXPIRY_ALERT_MONTHS)
    with transaction.atomic():
        due = list(
            Pspo.objects.select_for_update(of=("self",))
            .filter(expires_on__gte=today, expires_on__lte=horizon, discharge__isnull=True)
            .exclude(expiry_alert_for=F("expires_on"))
            .select_related("partnership")
        )
        Pspo.objects.filter(id__in=[p.id for p in due]).update(expiry_alert_for=F("expires_on"))
    coordinators: dict[int, list[str]] = {}
    for partnership_id, email in User.partnerships.through.objects.filter(
        partnership_id__in={p.partnership_id for p in due}, user__is_active=True, user__role=Role.COORDINATOR
    ).values_list("partnership_id", "user__email"):
        coordinators.setdefault(partnership_id, []).append(email)
    return [(p, sorted(coordinators.get(p.partnership_id, []))) for p in due]
