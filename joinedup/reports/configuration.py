"""The coordinator's configuration of reporting: categories, service targets and routing rules.

These are data a coordinator edits (not code, not the system screens). Writes take the actor as `by`,
check that they coordinate the partnership, validate with messages a council officer can act on, and
write an audit event in the same transaction. The reads a configuration page needs, and the routing
preview ("who would get a report of this category here now?"), are at the end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record, changes_between
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Organisation, Partnership
from joinedup.places.models import Area, AreaKind

from . import policy
from .clock import due_at
from .models import Category, CategoryGroup, Priority, RoutingRule, ServiceTarget, TimeUnit
from .routing import route_for
from .services import locate

CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_QUESTIONS = 10
WEEKDAYS = {1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday"}


def _require_coordinator(by: Any, partnership: Partnership) -> None:
    if not (policy.coordinates(by) and policy.works_in(by, partnership.id)):
        raise NotPermitted(f"Only a coordinator of {partnership.name} can change how reports are handled.")


def _text(value: str | None, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(f"Enter {label}", field=field)
    if len(value) > max_length:
        raise ApplicationError(
            f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer", field=field
        )
    return value


# --- extra questions, written one a line ---------------------------------------------------------------

QUESTIONS_HELP = (
    "One question a line: code | question | required or optional | choices separated by ; | hint. "
    "Only the code and question are needed. For example: plate | Taxi plate number | required"
)


def questions_parse(*, text: str) -> list[dict[str, Any]]:
    """Questions from lines of `code | label | required | choice1; choice2 | hint`.

    A line-based format is quick for an officer to type and read back, and each mistake is reported
    with its line number.
    """
    questions: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) > 5:
            raise ApplicationError(
                f"Line {number} has more than 5 parts: use | only between the parts", field="questions"
            )
        code, label, required, choices, hint = [*parts, "", "", "", ""][:5]
        code = code.lower()
        if not CODE_PATTERN.match(code):
            raise ApplicationError(
                f"Line {number}: the code must be lower-case letters and numbers, with hyphens between "
                "words, like taxi-plate",
                field="questions",
            )
        if code in seen:
            raise ApplicationError(f"Line {number}: the code {code} is used twice", field="questions")
        if not label:
            raise ApplicationError(f"Line {number}: enter the question after the code", field="questions")
        if len(label) > 200 or len(hint) > 300:
            raise ApplicationError(
                f"Line {number}: the question must be 200 characters or fewer and the hint 300",
                field="questions",
            )
        if required.lower() not in ("", "required", "optional"):
            raise ApplicationError(
                f"Line {number}: the third part must be required or optional, not {required}",
                field="questions",
            )
        options = [c.strip() for c in choices.split(";") if c.strip()]
        if len(options) == 1:
            raise ApplicationError(
                f"Line {number}: give at least two choices, separated by ;, or none", field="questions"
            )
        if len(set(options)) != len(options):
            raise ApplicationError(f"Line {number}: a choice is listed twice", field="questions")
        seen.add(code)
        questions.append(
            {
                "code": code,
                "label": label,
                "hint": hint,
                "required": required.lower() == "required",
                "choices": options,
            }
        )
    if len(questions) > MAX_QUESTIONS:
        raise ApplicationError(f"Ask {MAX_QUESTIONS} questions or fewer", field="questions")
    return questions


def questions_format(*, questions: Iterable[dict[str, Any]]) -> str:
    """The questions as the lines `questions_parse` reads, for editing."""
    lines = []
    for q in questions:
        parts = [
            q["code"],
            q["label"],
            "required" if q.get("required") else "optional",
            "; ".join(q.get("choices") or []),
            q.get("hint") or "",
        ]
        while len(parts) > 2 and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


# --- categories ----------------------------------------------------------------------------------------


def _category_values(category: Category) -> dict[str, Any]:
    return {
        "group": category.group.name if category.group_id else None,
        "code": category.code,
        "name": category.name,
        "hint": category.hint,
        "questions": category.questions,
        "urgent_notice": category.urgent_notice,
        "staff_only": category.staff_only,
        "sensitive": category.sensitive,
        "never_public": category.never_public,
        "victim_support": category.victim_support,
        "active": category.active,
    }


@transaction.atomic
def category_save(
    *,
    partnership: Partnership,
    by: Any,
    category: Category | None = None,
    group: CategoryGroup | None = None,
    new_group: str = "",
    name: str,
    code: str = "",
    hint: str = "",
    questions: list[dict[str, Any]] | None = None,
    urgent_notice: str = "",
    staff_only: bool = False,
    sensitive: bool = False,
    never_public: bool = False,
    victim_support: bool = False,
) -> Category:
    """Add a category, or change one. A new group can be named instead of choosing one."""
    _require_coordinator(by, partnership)
    if category is not None and category.partnership_id != partnership.id:
        raise NotFound("There is no such category in this partnership.")
    name = _text(name, field="name", label="the name the public sees", max_length=120)
    hint = _text(hint, field="hint", label="the hint", max_length=300, required=False)
    urgent_notice = _text(
        urgent_notice, field="urgent_notice", label="the urgent advice", max_length=300, required=False
    )
    new_group = _text(
        new_group, field="new_group", label="the new group's name", max_length=120, required=False
    )
    if new_group:
        if CategoryGroup.objects.filter(partnership=partnership, name__iexact=new_group).exists():
            raise ApplicationError(
                f"There is already a group called {new_group}: choose it", field="new_group"
            )
        order = CategoryGroup.objects.filter(partnership=partnership).count() + 1
        group = CategoryGroup.objects.create(partnership=partnership, name=new_group, order=order)
        audit_record(by=by, action=Action.CREATED, obj=group, purpose="reporting configuration")
    if group is None:
        raise ApplicationError("Choose the group, or name a new one", field="group")
    if group.partnership_id != partnership.id:
        raise ApplicationError("Choose one of this partnership's groups", field="group")

    if category is None:
        # The code is the Open311 service code that apps keep, so it is fixed once the category exists.
        code = (code or "").strip().lower() or slugify(name)[:60]
        if not CODE_PATTERN.match(code) or len(code) > 60:
            raise ApplicationError(
                "The code must be lower-case letters and numbers, with hyphens between words", field="code"
            )
        if Category.objects.filter(partnership=partnership, code=code).exists():
            raise ApplicationError(f"Another category already has the code {code}", field="code")
        before: dict[str, Any] = {}
        category = Category(partnership=partnership, code=code)
        category.order = Category.objects.filter(partnership=partnership, group=group).count() + 1
    else:
        before = _category_values(category)
    category.group = group
    category.name = name
    category.hint = hint
    category.questions = questions or []
    category.urgent_notice = urgent_notice
    category.staff_only = staff_only
    category.sensitive = sensitive
    category.never_public = never_public
    category.victim_support = victim_support
    category.save()
    after = _category_values(category)
    audit_record(
        by=by,
        action=Action.CHANGED if before else Action.CREATED,
        obj=category,
        changes=changes_between(before, after),
        purpose="reporting configuration",
    )
    return category


def _set_active(obj: Any, *, by: Any, active: bool) -> Any:
    _require_coordinator(by, obj.partnership)
    if obj.active != active:
        obj.active = active
        obj.save(update_fields=["active"])
        audit_record(
            by=by,
            action=Action.CHANGED,
            obj=obj,
            changes={"active": [not active, active]},
            purpose="reporting configuration",
        )
    return obj


@transaction.atomic
def category_set_active(*, category: Category, by: Any, active: bool) -> Category:
    """Stop offering a category (its reports and rules stay), or offer it again."""
    return _set_active(category, by=by, active=active)


# --- service targets -----------------------------------------------------------------------------------


def _target_values(target: ServiceTarget) -> dict[str, Any]:
    return {
        "name": target.name,
        "acknowledge": f"{target.acknowledge_within} {target.acknowledge_unit}",
        "resolve": f"{target.resolve_within} {target.resolve_unit}",
        "at_risk_after": target.at_risk_after,
    }


@transaction.atomic
def service_target_save(
    *,
    partnership: Partnership,
    by: Any,
    target: ServiceTarget | None = None,
    name: str,
    acknowledge_within: int,
    acknowledge_unit: str,
    resolve_within: int,
    resolve_unit: str,
    at_risk_after: float = 0.75,
) -> ServiceTarget:
    """Add or change a service target. A change applies to reports routed from now on."""
    _require_coordinator(by, partnership)
    if target is not None and target.partnership_id != partnership.id:
        raise NotFound("There is no such service target in this partnership.")
    name = _text(name, field="name", label="a name for the target", max_length=120)
    clash = ServiceTarget.objects.filter(partnership=partnership, name__iexact=name)
    if target is not None:
        clash = clash.exclude(id=target.id)
    if clash.exists():
        raise ApplicationError(f"There is already a target called {name}", field="name")
    for field, amount, unit in (
        ("acknowledge_within", acknowledge_within, acknowledge_unit),
        ("resolve_within", resolve_within, resolve_unit),
    ):
        what = "acknowledge" if field.startswith("ack") else "resolve"
        if amount is None or not 1 <= amount <= 1000:
            raise ApplicationError(f"The time to {what} must be a whole number from 1 to 1000", field=field)
        if unit not in TimeUnit.values:
            raise ApplicationError(f"Choose how the time to {what} is counted", field=field)
    # Comparable only in the same unit; across units a coordinator may well mean it.
    if acknowledge_unit == resolve_unit and acknowledge_within > resolve_within:
        raise ApplicationError(
            "The time to acknowledge must not be longer than the time to resolve", field="acknowledge_within"
        )
    if not 0.05 <= at_risk_after <= 0.99:
        raise ApplicationError(
            "At risk must be between 5% and 99% of the time allowed", field="at_risk_after"
        )
    before = _target_values(target) if target else {}
    target = target or ServiceTarget(partnership=partnership)
    target.name = name
    target.acknowledge_within = acknowledge_within
    target.acknowledge_unit = acknowledge_unit
    target.resolve_within = resolve_within
    target.resolve_unit = resolve_unit
    target.at_risk_after = at_risk_after
    target.save()
    audit_record(
        by=by,
        action=Action.CHANGED if before else Action.CREATED,
        obj=target,
        changes=changes_between(before, _target_values(target)),
        purpose="reporting configuration",
    )
    return target


@transaction.atomic
def service_target_delete(*, target: ServiceTarget, by: Any) -> None:
    """Remove a target no rule uses. (Reports keep their due times; they copied them when routed.)"""
    _require_coordinator(by, target.partnership)
    rules = target.rules.count()
    if rules:
        raise ApplicationError(
            f"{target.name} is used by {rules} routing rule{'s' if rules != 1 else ''}. "
            "Give those rules another target first."
        )
    audit_record(
        by=by,
        action=Action.DELETED,
        obj=target,
        changes=changes_between(_target_values(target), {}),
        purpose="reporting configuration",
    )
    target.delete()


# --- routing rules ------------------------------------------------------------------------------------


def routing_areas(*, partnership: Partnership) -> QuerySet[Area]:
    """The areas a rule can name: the partnership's districts, their wards, and its own patches."""
    districts = partnership.areas.filter(kind=AreaKind.DISTRICT).values("id")
    return (
        Area.objects.filter(
            Q(id__in=districts)
            | Q(parent_id__in=districts, kind=AreaKind.WARD)
            | Q(kind=AreaKind.PATCH, partnership=partnership)
        )
        .defer("boundary")
        .order_by("kind", "name")
    )


def partnership_partners(*, partnership: Partnership) -> QuerySet[Organisation]:
    """The partnership's member organisations: who a report can go to."""
    return Organisation.objects.filter(memberships__partnership=partnership).distinct().order_by("name")


def _rule_values(rule: RoutingRule, supporting: Iterable[Organisation]) -> dict[str, Any]:
    return {
        "name": rule.name,
        "category": rule.category.code if rule.category else None,
        "area": rule.area.name if rule.area else None,
        "days": list(rule.days),
        "window": f"{rule.starts_at:%H:%M}-{rule.ends_at:%H:%M}" if rule.starts_at and rule.ends_at else None,
        "lead_partner": rule.lead_partner.name,
        "supporting_partners": sorted(o.name for o in supporting),
        "priority": rule.priority,
        "service_target": rule.service_target.name,
        "active": rule.active,
    }


@transaction.atomic
def routing_rule_save(
    *,
    partnership: Partnership,
    by: Any,
    rule: RoutingRule | None = None,
    name: str,
    category: Category | None = None,
    area: Area | None = None,
    days: Iterable[int] = (),
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    lead_partner: Organisation | None,
    supporting_partners: Iterable[Organisation] = (),
    priority: str = Priority.NORMAL,
    service_target: ServiceTarget | None,
) -> RoutingRule:
    """Add or change a routing rule. Blank category, area or window means "any"."""
    _require_coordinator(by, partnership)
    if rule is not None and rule.partnership_id != partnership.id:
        raise NotFound("There is no such routing rule in this partnership.")
    name = _text(name, field="name", label="a name for the rule", max_length=200)
    if category is not None and category.partnership_id != partnership.id:
        raise ApplicationError("Choose one of this partnership's categories", field="category")
    if area is not None and not routing_areas(partnership=partnership).filter(id=area.id).exists():
        raise ApplicationError("Choose an area this partnership covers", field="area")
    days = sorted({int(d) for d in days})
    if any(d not in WEEKDAYS for d in days):
        raise ApplicationError("Choose days of the week from the list", field="days")
    if len(days) == 7:
        days = []  # every day is the same as any day, and keeps the rule's specificity honest
    if (starts_at is None) != (ends_at is None):
        field = "ends_at" if ends_at is None else "starts_at"
        raise ApplicationError("Enter both the start and the end of the time window, or neither", field=field)
    if starts_at is not None and starts_at == ends_at:
        raise ApplicationError("The time window must start and end at different times", field="ends_at")
    members = partnership_partners(partnership=partnership)
    if lead_partner is None:
        raise ApplicationError("Choose the lead partner", field="lead_partner")
    if not members.filter(id=lead_partner.id).exists():
        raise ApplicationError(
            f"{lead_partner.name} is not a partner of {partnership.name}", field="lead_partner"
        )
    supporting = list(supporting_partners)
    if any(o.id == lead_partner.id for o in supporting):
        raise ApplicationError(
            f"{lead_partner.name} leads, so it cannot also be a supporting partner",
            field="supporting_partners",
        )
    outsiders = [o.name for o in supporting if not members.filter(id=o.id).exists()]
    if outsiders:
        raise ApplicationError(
            f"{', '.join(outsiders)} is not a partner of {partnership.name}", field="supporting_partners"
        )
    if priority not in Priority.values:
        raise ApplicationError("Choose the priority", field="priority")
    if service_target is None:
        raise ApplicationError("Choose the service target", field="service_target")
    if service_target.partnership_id != partnership.id:
        raise ApplicationError("Choose one of this partnership's service targets", field="service_target")

    before = _rule_values(rule, rule.supporting_partners.all()) if rule else {}
    rule = rule or RoutingRule(partnership=partnership)
    rule.name = name
    rule.category = category
    rule.area = area
    rule.days = days
    rule.starts_at = starts_at
    rule.ends_at = ends_at
    rule.lead_partner = lead_partner
    rule.priority = priority
    rule.service_target = service_target
    rule.save()
    rule.supporting_partners.set(supporting)
    audit_record(
        by=by,
        action=Action.CHANGED if before else Action.CREATED,
        obj=rule,
        changes=changes_between(before, _rule_values(rule, supporting)),
        purpose="reporting configuration",
    )
    return rule


@transaction.atomic
def routing_rule_set_active(*, rule: RoutingRule, by: Any, active: bool) -> RoutingRule:
    """Stop using a rule (reports it routed keep their partner), or use it again."""
    return _set_active(rule, by=by, active=active)


def rule_summary(rule: RoutingRule) -> str:
    """What a rule matches, in words: "General litter in Cathedral, Fridays and Saturdays 22:00 to 04:00"."""
    parts = [rule.category.name if rule.category else "Any category"]
    if rule.area:
        parts.append(f"in {rule.area.name}")
    if rule.days:
        parts.append(", ".join(WEEKDAYS[d] for d in rule.days))
    if rule.starts_at is not None and rule.ends_at is not None:
        parts.append(f"{rule.starts_at:%H:%M} to {rule.ends_at:%H:%M}")
    return " ".join(parts[:2]) + "".join(f", {p}" for p in parts[2:])


# --- reads -----------------------------------------------------------------------------------------------


def configuration_partnerships(*, user: Any) -> QuerySet[Partnership]:
    """The partnerships whose reporting this user may configure."""
    if not policy.coordinates(user):
        return Partnership.objects.none()
    return Partnership.objects.filter(id__in=partner_policy.partnership_ids_for(user)).order_by("name")


def configuration_partnership_get(*, user: Any, slug: str) -> Partnership:
    partnership = Partnership.objects.filter(
        id__in=partner_policy.partnership_ids_for(user), slug=slug
    ).first()
    if partnership is None:
        raise NotFound("There is no partnership at this address.")
    if not policy.coordinates(user):
        raise NotPermitted(f"Only a coordinator of {partnership.name} can change how reports are handled.")
    return partnership


def categories_configured(*, partnership: Partnership) -> QuerySet[Category]:
    return Category.objects.filter(partnership=partnership).select_related("group")


def service_targets_configured(*, partnership: Partnership) -> QuerySet[ServiceTarget]:
    return ServiceTarget.objects.filter(partnership=partnership)


def routing_rules_configured(*, partnership: Partnership) -> QuerySet[RoutingRule]:
    return (
        RoutingRule.objects.filter(partnership=partnership)
        .select_related("category", "area", "lead_partner", "service_target")
        .prefetch_related("supporting_partners")
        .order_by("-active", "category__name", "name")
    )


@dataclass
class RoutingPreview:
    """Who would get a report of `category` at a place and time, and by when they must act."""

    category: Category
    when: dt.datetime
    ward: Area | None
    areas: list[Area]
    rule: RoutingRule | None
    supporting: list[Organisation]
    acknowledge_by: dt.datetime | None
    resolve_by: dt.datetime | None

    @property
    def to_triage(self) -> bool:
        return self.rule is None


def routing_preview(
    *,
    user: Any,
    category: Category,
    longitude: float | None = None,
    latitude: float | None = None,
    ward: Area | None = None,
    when: dt.datetime | None = None,
) -> RoutingPreview:
    """Answer "who would get a report of this category here now?", exactly as `report_submit` routes."""
    if not policy.works_in(user, category.partnership_id):
        raise NotFound("There is no such category in your partnerships.")
    when = when or timezone.now()
    found_ward, _lsoa, areas = locate(
        partnership=category.partnership, longitude=longitude, latitude=latitude, ward=ward
    )
    rule = route_for(category=category, areas=areas, when=when).rule
    acknowledge_by = resolve_by = None
    supporting: list[Organisation] = []
    if rule is not None:
        target = rule.service_target
        acknowledge_by = due_at(when, target.acknowledge_within, target.acknowledge_unit)
        resolve_by = due_at(when, target.resolve_within, target.resolve_unit)
        supporting = list(rule.supporting_partners.order_by("name"))
    return RoutingPreview(
        category=category,
        when=when,
        ward=found_ward,
        areas=areas,
        rule=rule,
        supporting=supporting,
        acknowledge_by=acknowledge_by,
        resolve_by=resolve_by,
    )
