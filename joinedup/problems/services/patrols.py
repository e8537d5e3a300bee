"""Planning joint patrols, logging what they did, and raising what they found as reports.

An issue a patrol finds goes in through the reports app's own `report_submit`, as a member of staff
logging it, so it is routed, targeted and followed up exactly like any other report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import shapely
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Organisation, Partnership, User
from joinedup.places.models import Area, AreaKind
from joinedup.reports import services as report_services
from joinedup.reports.models import Category, Report, Source

from .. import policy
from ..models import EventKind, Patrol, PatrolIssue, PatrolStatus, ProblemProfile
from .profiles import StaleEdit, event_add

MAX_HOURS = 16


def _check_times(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> None:
    if starts_at is None:
        raise ApplicationError("Enter when the patrol starts", field="starts_at")
    if ends_at is None or ends_at <= starts_at:
        raise ApplicationError("The patrol must end after it starts", field="ends_at")
    if (ends_at - starts_at).total_seconds() > MAX_HOURS * 3600:
        raise ApplicationError(f"A patrol can last at most {MAX_HOURS} hours.", field="ends_at")


def _check_people(partnership: Partnership, organisations: list[Organisation], officers: list[User]) -> None:
    if not organisations:
        raise ApplicationError("Choose the partners taking part", field="organisations")
    members = set(partnership.memberships.values_list("organisation_id", flat=True))
    outsiders = [o.name for o in organisations if o.id not in members]
    if outsiders:
        raise ApplicationError(
            f"{', '.join(outsiders)} not a member of {partnership.name}.", field="organisations"
        )
    chosen = {o.id for o in organisations}
    strays = [u.full_name for u in officers if u.organisation_id not in chosen]
    if strays:
        raise ApplicationError(
            f"{', '.join(strays)} work for a partner not taking part: add their organisation.",
            field="officers",
        )


@transaction.atomic
def patrol_plan(
    *,
    by: Any,
    partnership: Partnership,
    where: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    organisations: Iterable[Organisation],
    officers: Iterable[User] = (),
    others: str = "",
    purpose: str = "",
    profile: ProblemProfile | None = None,
    area: Area | None = None,
    synthetic: bool = False,
) -> Patrol:
    if by is not None and not policy.works_in(by, partnership.id):
        raise NotPermitted(f"You do not work in {partnership.name}.")
    if profile is not None and profile.partnership_id != partnership.id:
        raise ApplicationError("That problem profile belongs to another partnership.", field="profile")
    where = where.strip() or (profile.location_name or profile.title if profile else "")
    if not where and area is None:
        raise ApplicationError("Say where the patrol goes", field="where")
    _check_times(starts_at, ends_at)
    organisations, officers = list(organisations), list(officers)
    _check_people(partnership, organisations, officers)
    assert starts_at is not None and ends_at is not None  # checked above
    patrol = Patrol.objects.create(
        partnership=partnership,
        profile=profile,
        area=area,
        where=(where or (area.name if area else ""))[:300],
        purpose=purpose.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        others=others.strip()[:300],
        created_by=by,
        synthetic=synthetic,
    )
    patrol.organisations.set(organisations)
    patrol.officers.set(officers)
    if profile is not None:
        when = timezone.localtime(starts_at)
        event_add(
            profile, by=by, kind=EventKind.PATROL_PLANNED, text=f"{when:%-d %B %Y, %H:%M}: {patrol.where}"
        )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=patrol,
        changes={"partners": [o.name for o in organisations], "officers": [u.full_name for u in officers]},
    )
    return patrol


def require_logger(by: Any, patrol: Patrol) -> None:
    organisations = set(patrol.organisations.values_list("id", flat=True))
    if by is not None and not policy.can_log(by, patrol, organisations):
        raise NotPermitted("Only the partners on the patrol, its planner and the coordinators can record it.")


@transaction.atomic
def patrol_log(
    *,
    by: Any,
    patrol: Patrol,
    version: int,
    status: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    engagements: int,
    engagement_notes: str = "",
    outcomes: str = "",
) -> Patrol:
    """Record what happened (or that it was called off), if nobody has since `version` was read."""
    require_logger(by, patrol)
    current = Patrol.objects.select_for_update().get(pk=patrol.pk)
    if current.version != version:
        raise StaleEdit(
            "Someone recorded this patrol after you opened it. Your changes have not been saved: check the "
            "patrol as it is now, then make your changes again."
        )
    if status not in (PatrolStatus.DONE, PatrolStatus.CANCELLED):
        raise ApplicationError("Say whether the patrol went ahead", field="status")
    _check_times(starts_at, ends_at)
    if engagements < 0:
        raise ApplicationError("People spoken to cannot be fewer than none", field="engagements")
    if status == PatrolStatus.DONE and not outcomes.strip():
        raise ApplicationError("Say what the patrol found and did", field="outcomes")
    Patrol.objects.filter(pk=current.pk).update(
        status=status,
        starts_at=starts_at,
        ends_at=ends_at,
        engagements=engagements,
        engagement_notes=engagement_notes.strip(),
        outcomes=outcomes.strip(),
        logged_by=by,
        logged_at=timezone.now(),
        version=F("version") + 1,
    )
    current.refresh_from_db()
    if current.profile_id is not None:
        text = (
            f"{current.where}: {current.hours:.1f} hours, {engagements} people spoken to"
            if status == PatrolStatus.DONE
            else f"{current.where}: called off"
        )
        event_add(current.profile, by=by, kind=EventKind.PATROL_LOGGED, text=text)
    audit_record(
        by=by, action=Action.CHANGED, obj=current, changes={"status": status, "engagements": engagements}
    )
    return current


def _patrol_place(patrol: Patrol) -> tuple[float | None, float | None, Area | None]:
    """Where an issue is when the patrol did not say: its problem's point or place, else its ward."""
    profile = patrol.profile
    if profile is not None and profile.longitude is not None:
        return profile.longitude, profile.latitude, None
    if profile is not None:
        point = shapely.from_geojson(profile.boundary).representative_point()
        return point.x, point.y, None
    return None, None, patrol.area if patrol.area is not None and patrol.area.kind == AreaKind.WARD else None


@transaction.atomic
def patrol_raise_issue(
    *,
    by: Any,
    patrol: Patrol,
    category: Category,
    description: str,
    location_text: str = "",
    longitude: float | None = None,
    latitude: float | None = None,
    ward: Area | None = None,
) -> Report:
    """Raise something the patrol found as a staff-logged report, routed like any other."""
    require_logger(by, patrol)
    if category.partnership_id != patrol.partnership_id:
        raise ApplicationError("Choose what was found from the list.", field="category")
    if longitude is None and ward is None:
        longitude, latitude, ward = _patrol_place(patrol)
    report = report_services.report_submit(
        partnership=patrol.partnership,
        category=category,
        description=description,
        by=by,
        longitude=longitude,
        latitude=latitude,
        ward=ward,
        location_text=location_text or patrol.where,
        # Found on the street by partner staff; the reports app has no source for patrols of its own.
        source=Source.STREET_AUDIT,
    )
    PatrolIssue.objects.create(patrol=patrol, report=report, raised_by=by)
    if patrol.profile_id is not None:
        profile = patrol.profile
        assert profile is not None
        profile.reports.add(report)
        event_add(
            profile,
            by=by,
            kind=EventKind.ISSUE_RAISED,
            text=f"{report.reference}: {category.name}",
            data={"report": report.reference},
        )
    audit_record(by=by, action=Action.CHANGED, obj=patrol, changes={"issue_raised": report.reference})
    return report
