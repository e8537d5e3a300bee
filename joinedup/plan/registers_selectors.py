"""Reads for the PSPO register, the DHR tracker and communications. Who sees what is decided here (with
`registers_policy`), never in templates.

The period functions at the end (`pspos_in_force`, `pspo_enforcement_totals`, `dhr_stage_counts`,
`campaigns_in_period`) are what the annual scrutiny report and ward briefings are built on: each takes a
partnership and a period (first and last day, inclusive) and returns only what the partnership publishes
anyway: orders in force, enforcement totals, counts of reviews by stage (never the reviews), campaigns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import orjson
import shapely
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from joinedup.core.errors import NotFound
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership
from joinedup.places.models import Area

from .models import (
    Campaign,
    DhrLead,
    DhrStage,
    DhrStageChange,
    DomesticHomicideReview,
    PressRelease,
    PressSignatory,
    Pspo,
    PspoEnforcement,
    PspoPenalty,
)
from .models.pspo import DISCHARGE_SHOWN_DAYS, in_force_between
from .statutory import months_between

ENFORCEMENT_FIELDS = ("warnings", "fpns_issued", "fpns_paid", "prosecutions")

# --- PSPO register ----------------------------------------------------------------------------------------


def _pspos(queryset: QuerySet[Pspo]) -> QuerySet[Pspo]:
    return queryset.select_related("partnership", "discharge").prefetch_related(
        Prefetch("areas", queryset=Area.objects.defer("boundary")), "penalties", "variations"
    )


def pspo_list(*, user: Any, partnership: Partnership | None = None) -> QuerySet[Pspo]:
    """The register of every partnership the user works in, soonest expiry first."""
    pspos = Pspo.objects.visible_to(user)
    if partnership is not None:
        pspos = pspos.filter(partnership=partnership)
    return _pspos(pspos)


def pspo_get(*, user: Any, pspo_id: int) -> Pspo:
    pspo = _pspos(Pspo.objects.visible_to(user)).filter(id=pspo_id).first()
    if pspo is None:
        raise NotFound("There is no PSPO at this address in your partnerships.")
    return pspo


def penalty_on(pspo: Pspo, day: dt.date) -> PspoPenalty | None:
    """The fixed penalty that applied on `day` (uses the prefetched penalties)."""
    applying = [p for p in pspo.penalties.all() if p.applies_from <= day]
    return max(applying, key=lambda p: p.applies_from) if applying else None


def months_left(pspo: Pspo, *, today: dt.date | None = None) -> int | None:
    """Whole months until the order expires, or None once it has (or once it is discharged)."""
    today = today or timezone.localdate()
    if pspo.discharged:
        return None
    return months_between(today, pspo.expires_on) if pspo.expires_on >= today else None


def pspos_public(*, partnership: Partnership | None = None, on: dt.date | None = None) -> QuerySet[Pspo]:
    """Orders in force on `on` (today), for the public page: councils must publish them (SI 2014/2591)."""
    on = on or timezone.localdate()
    pspos = Pspo.objects.filter(in_force_between(on, on))
    if partnership is not None:
        pspos = pspos.filter(partnership=partnership)
    return _pspos(pspos).order_by("partnership__name", "title")


def pspos_discharged_recently(*, on: dt.date | None = None) -> QuerySet[Pspo]:
    """Orders a discharge ended in the last `DISCHARGE_SHOWN_DAYS`: the public page gives their end dates, as
    the discharge notice does (SI 2014/2591)."""
    on = on or timezone.localdate()
    since = on - dt.timedelta(days=DISCHARGE_SHOWN_DAYS)
    return _pspos(Pspo.objects.filter(discharge__ends_on__lt=on, discharge__ends_on__gte=since)).order_by(
        "partnership__name", "title"
    )


def pspo_features(pspos: list[Pspo], *, url: str = "") -> bytes:
    """The orders' areas as a GeoJSON FeatureCollection (a drawn boundary, or each chosen area)."""
    boundaries = dict(
        Area.objects.filter(id__in={a.id for p in pspos for a in p.areas.all()}).values_list("id", "boundary")
    )
    parts = []
    for pspo in pspos:
        props = orjson.dumps({"name": pspo.title, "url": f"{url}#pspo-{pspo.id}"})
        geometries = [pspo.boundary] if pspo.boundary else []
        geometries += [boundaries[a.id] for a in pspo.areas.all()]
        for geometry in geometries:
            parts.append(
                b'{"type":"Feature","properties":' + props + b',"geometry":' + geometry.encode() + b"}"
            )
    return b'{"type":"FeatureCollection","features":[' + b",".join(parts) + b"]}"


# --- Domestic Homicide Reviews ----------------------------------------------------------------------------


def dhr_lead_partnership_ids(user: Any) -> QuerySet:
    return DhrLead.objects.filter(
        user=user, partnership_id__in=partner_policy.partnership_ids_for(user)
    ).values("partnership_id")


def dhrs_visible(*, user: Any) -> QuerySet[DomesticHomicideReview]:
    """Reviews of the partnerships the user is a named DHR lead of, and those they sit on the panel of."""
    if not partner_policy.is_staff_member(user):
        return DomesticHomicideReview.objects.none()
    return (
        DomesticHomicideReview.objects.visible_to(user)
        .filter(Q(partnership_id__in=dhr_lead_partnership_ids(user)) | Q(panel_members=user))
        .distinct()
    )


def dhr_list(*, user: Any) -> QuerySet[DomesticHomicideReview]:
    return dhrs_visible(user=user).select_related("partnership")


def dhr_get(*, user: Any, review_id: int) -> DomesticHomicideReview:
    review = dhrs_visible(user=user).select_related("partnership").filter(id=review_id).first()
    if review is None:
        raise NotFound("There is no page at this address.")
    return review


def dhr_leads(*, partnership: Partnership) -> QuerySet[DhrLead]:
    return DhrLead.objects.filter(partnership=partnership).select_related("user", "user__organisation")


# --- Communications ---------------------------------------------------------------------------------------


def campaign_list(*, user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user).select_related("partnership")


def campaign_get(*, user: Any, campaign_id: int) -> Campaign:
    campaign = campaign_list(user=user).filter(id=campaign_id).first()
    if campaign is None:
        raise NotFound("There is no campaign at this address in your partnerships.")
    return campaign


def release_list(*, user: Any) -> QuerySet[PressRelease]:
    return PressRelease.objects.visible_to(user).select_related("partnership", "created_by")


def release_get(*, user: Any, release_id: int) -> PressRelease:
    release = release_list(user=user).select_related("campaign").filter(id=release_id).first()
    if release is None:
        raise NotFound("There is no press release at this address in your partnerships.")
    return release


def signatories(*, partnership: Partnership) -> QuerySet[PressSignatory]:
    return PressSignatory.objects.filter(partnership=partnership).select_related("user", "user__organisation")


# --- for the publications: one partnership, one period ----------------------------------------------------


def pspos_in_force(
    *, partnership: Partnership, start: dt.date, end: dt.date, ward: Area | None = None
) -> list[Pspo]:
    """Orders in force on any day from `start` to `end`; with `ward`, only those covering part of it
    (a chosen area or drawn boundary overlapping the ward, not merely touching its edge)."""
    pspos = list(_pspos(Pspo.objects.filter(in_force_between(start, end), partnership=partnership)))
    if ward is None:
        return pspos
    ward_shape = shapely.from_geojson(Area.objects.values_list("boundary", flat=True).get(id=ward.id))
    boundaries = dict(
        Area.objects.filter(id__in={a.id for p in pspos for a in p.areas.all()}).values_list("id", "boundary")
    )

    def covers(pspo: Pspo) -> bool:
        texts = ([pspo.boundary] if pspo.boundary else []) + [boundaries[a.id] for a in pspo.areas.all()]
        return any(shapely.intersection(ward_shape, shapely.from_geojson(t)).area > 0 for t in texts)

    return [p for p in pspos if covers(p)]


@dataclass(frozen=True)
class EnforcementRow:
    pspo: Pspo
    warnings: int
    fpns_issued: int
    fpns_paid: int
    prosecutions: int


def pspo_enforcement_totals(
    *, partnership: Partnership, start: dt.date, end: dt.date
) -> list[EnforcementRow]:
    """Each order's enforcement recorded for periods starting from `start` to `end`, summed; orders with
    nothing recorded in the period are left out (no record is not the same as none done)."""
    sums = (
        PspoEnforcement.objects.filter(
            pspo__partnership=partnership, period_start__gte=start, period_start__lte=end
        )
        .values("pspo_id")
        .annotate(**{f: Sum(f) for f in ENFORCEMENT_FIELDS})
    )
    pspos = Pspo.objects.in_bulk([row["pspo_id"] for row in sums])
    rows = [EnforcementRow(pspo=pspos[r["pspo_id"]], **{f: r[f] for f in ENFORCEMENT_FIELDS}) for r in sums]
    return sorted(rows, key=lambda row: row.pspo.reference)


def dhr_stage_counts(*, partnership: Partnership, start: dt.date, end: dt.date) -> dict[str, int]:
    """How many reviews were at each stage at the end of the period, counting those open at any time in
    it (notified by `end`, not closed before `start`). Counts only: the reviews stay restricted. Stages
    come from each review's dated history, so a past period gives the same figures later."""
    reviews = DomesticHomicideReview.objects.filter(partnership=partnership, notified_on__lte=end)
    changes = (
        DhrStageChange.objects.filter(review__in=reviews, on__lte=end)
        .order_by("review_id", "on", "at", "id")
        .values_list("review_id", "to_stage", "on")
    )
    latest: dict[int, tuple[str, dt.date]] = {}
    for review_id, stage, on in changes:
        latest[review_id] = (stage, on)
    closed = {DhrStage.PUBLISHED, DhrStage.NOT_HELD}
    counts = dict.fromkeys(DhrStage.values, 0)
    for review_id in reviews.values_list("id", flat=True):
        stage, on = latest.get(review_id, (DhrStage.NOTIFIED, start))
        if stage in closed and on < start:
            continue
        counts[stage] += 1
    return counts


def campaigns_in_period(*, partnership: Partnership, start: dt.date, end: dt.date) -> QuerySet[Campaign]:
    """Campaigns running on any day from `start` to `end` (one with no end date runs on)."""
    return Campaign.objects.filter(partnership=partnership, starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
