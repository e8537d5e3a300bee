"""The coordinator's configuration: categories, service targets and routing rules, validated and audited."""

import datetime as dt

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.reports import configuration as config
from joinedup.reports.models import Category, RoutingRule, ServiceTarget

pytestmark = pytest.mark.django_db


def settings_url(name, south, *args):
    return reverse(name, args=[south.slug, *args])


# --- extra questions as lines --------------------------------------------------------------------------


def test_questions_are_read_one_a_line():
    questions = config.questions_parse(
        text="plate | Taxi plate number | required\n\n"
        "colour | Colour | optional | Black; White ; Other | As seen"
    )
    assert questions == [
        {"code": "plate", "label": "Taxi plate number", "hint": "", "required": True, "choices": []},
        {
            "code": "colour",
            "label": "Colour",
            "hint": "As seen",
            "required": False,
            "choices": ["Black", "White", "Other"],
        },
    ]
    assert config.questions_parse(text=config.questions_format(questions=questions)) == questions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Plate Number | Plate", "Line 1: the code must be lower-case letters and numbers"),
        ("plate", "Line 1: enter the question after the code"),
        ("plate | Plate\nplate | Again", "Line 2: the code plate is used twice"),
        ("plate | Plate | maybe", "Line 1: the third part must be required or optional, not maybe"),
        ("colour | Colour | optional | Black", "Line 1: give at least two choices"),
        ("a | b | c | d | e | f", "Line 1 has more than 5 parts"),
    ],
)
def test_a_mistake_in_the_questions_is_reported_with_its_line(text, message):
    with pytest.raises(ApplicationError, match=message) as error:
        config.questions_parse(text=text)
    assert error.value.field == "questions"


# --- who may configure ---------------------------------------------------------------------------------


def test_only_coordinators_reach_the_configuration(client_for, officer_a, coordinator, south):
    assert client_for(officer_a).get(reverse("reporting-settings")).status_code == 403
    assert client_for(officer_a).get(settings_url("category-list", south)).status_code == 403
    page = client_for(coordinator).get(reverse("reporting-settings")).content.decode()
    assert "South Partnership" in page


def test_a_coordinator_cannot_configure_another_partnership(client_for, coordinator, north):
    assert client_for(coordinator).get(settings_url("category-list", north)).status_code == 404


def test_the_services_refuse_someone_who_does_not_coordinate(officer_a, south, groups):
    with pytest.raises(NotPermitted):
        config.category_save(partnership=south, by=officer_a, group=groups["littering"], name="Graffiti")


# --- categories ----------------------------------------------------------------------------------------


def test_a_coordinator_adds_a_category_with_questions_and_it_is_audited(
    client_for, coordinator, south, groups
):
    response = client_for(coordinator).post(
        settings_url("category-new", south),
        {
            "group": groups["littering"].id,
            "name": "Trade waste",
            "hint": "Business rubbish left on the street",
            "questions": "business | Name of the business | optional",
            "urgent_notice": "",
            "flags": ["staff_only"],
        },
    )
    assert response.status_code == 302
    category = Category.objects.get(code="trade-waste")
    assert category.questions[0]["label"] == "Name of the business"
    assert category.staff_only and not category.sensitive
    event = AuditEvent.objects.get(action=Action.CREATED, object_id=str(category.id))
    assert event.actor == coordinator
    assert event.changes["name"] == [None, "Trade waste"]


def test_a_new_group_can_be_named_while_adding_a_category(client_for, coordinator, south, groups):
    client_for(coordinator).post(
        settings_url("category-new", south), {"new_group": "Parking", "name": "Car parks"}
    )
    assert Category.objects.get(code="car-parks").group.name == "Parking"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter the name the public sees"),
        ({"group": ""}, "Choose the group, or name a new one"),
        ({"code": "Bad Code!"}, "The code must be lower-case letters and numbers"),
        ({"code": "general-litter"}, "Another category already has the code general-litter"),
        ({"questions": "x | X | sometimes"}, "Line 1: the third part must be required or optional"),
        ({"new_group": "littering"}, "There is already a group called littering: choose it"),
    ],
)
def test_a_category_with_mistakes_is_refused_with_the_error_summary(
    client_for, coordinator, south, groups, litter, data, message
):
    data = {"group": groups["littering"].id, "name": "Fly-posting", **data}
    response = client_for(coordinator).post(settings_url("category-new", south), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert not Category.objects.filter(name="Fly-posting").exists()


def test_changing_a_category_keeps_its_code_and_records_what_changed(client_for, coordinator, south, taxi):
    page = client_for(coordinator).get(settings_url("category-edit", south, taxi.id)).content.decode()
    assert "plate | Taxi plate number | required" in page
    client_for(coordinator).post(
        settings_url("category-edit", south, taxi.id),
        {
            "group": taxi.group_id,
            "name": "Taxi safety",
            "code": "hijack",
            "questions": "plate | Plate | required",
            "flags": ["sensitive"],
        },
    )
    taxi.refresh_from_db()
    assert (taxi.name, taxi.code, taxi.sensitive) == ("Taxi safety", "taxi-public-safety", True)
    assert taxi.questions == [
        {"code": "plate", "label": "Plate", "hint": "", "required": True, "choices": []}
    ]
    event = AuditEvent.objects.get(action=Action.CHANGED, object_id=str(taxi.id))
    assert event.changes["name"] == ["Taxi: public safety", "Taxi safety"]
    assert "code" not in event.changes


def test_a_category_can_be_stopped_and_offered_again(client_for, coordinator, south, litter):
    client = client_for(coordinator)
    client.post(settings_url("category-active", south, litter.id), {"active": "0"})
    litter.refresh_from_db()
    assert not litter.active
    client.post(settings_url("category-active", south, litter.id), {"active": "1"})
    litter.refresh_from_db()
    assert litter.active
    assert AuditEvent.objects.filter(action=Action.CHANGED, object_id=str(litter.id)).count() == 2


# --- service targets -----------------------------------------------------------------------------------


def test_a_coordinator_adds_a_service_target(client_for, coordinator, south):
    client_for(coordinator).post(
        settings_url("service-target-new", south),
        {
            "name": "Urgent",
            "acknowledge_within": "1",
            "acknowledge_unit": "hours",
            "resolve_within": "1",
            "resolve_unit": "working_days",
            "at_risk_percent": "50",
        },
    )
    target = ServiceTarget.objects.get(name="Urgent")
    assert (target.acknowledge_within, target.acknowledge_unit, target.at_risk_after) == (1, "hours", 0.5)
    assert AuditEvent.objects.filter(action=Action.CREATED, object_id=str(target.id)).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter a name for the target"),
        ({"name": "standard"}, "There is already a target called standard"),
        ({"acknowledge_within": "0"}, "The time to acknowledge must be a whole number from 1 to 1000"),
        ({"resolve_within": "soon"}, "The time to resolve must be a whole number"),
        (
            {"acknowledge_within": "9", "resolve_within": "8"},
            "The time to acknowledge must not be longer than the time to resolve",
        ),
        ({"at_risk_percent": "100"}, "At risk must be between 5% and 99% of the time allowed"),
    ],
)
def test_a_service_target_with_mistakes_is_refused(client_for, coordinator, south, target, data, message):
    data = {
        "name": "Quick",
        "acknowledge_within": "2",
        "acknowledge_unit": "working_hours",
        "resolve_within": "3",
        "resolve_unit": "working_hours",
        "at_risk_percent": "75",
        **data,
    }
    page = client_for(coordinator).post(settings_url("service-target-new", south), data).content.decode()
    assert message in page
    assert ServiceTarget.objects.count() == 1


def test_a_target_in_use_cannot_be_removed_but_an_unused_one_can(
    client_for, coordinator, south, target, litter_rule
):
    client = client_for(coordinator)
    page = client.post(settings_url("service-target-delete", south, target.id)).content.decode()
    assert "Standard is used by 1 routing rule. Give those rules another target first." in page
    litter_rule.delete()
    client.post(settings_url("service-target-delete", south, target.id))
    assert not ServiceTarget.objects.exists()
    assert AuditEvent.objects.filter(action=Action.DELETED).exists()


# --- routing rules -------------------------------------------------------------------------------------


def rule_data(**overrides):
    return {"name": "Night begging", "priority": "high", **overrides}


def test_a_coordinator_adds_a_night_time_rule_for_a_patch(
    client_for, coordinator, south, begging, city_centre, police, south_council, target
):
    response = client_for(coordinator).post(
        settings_url("routing-rule-new", south),
        rule_data(
            category=begging.id,
            area=city_centre.id,
            days=["5", "6"],
            starts_at="22:00",
            ends_at="0400",
            lead_partner=police.id,
            supporting_partners=[south_council.id],
            service_target=target.id,
        ),
    )
    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert (rule.category, rule.area, rule.days) == (begging, city_centre, [5, 6])
    assert (rule.starts_at, rule.ends_at) == (dt.time(22), dt.time(4))
    assert list(rule.supporting_partners.all()) == [south_council]
    event = AuditEvent.objects.get(action=Action.CREATED, object_id=str(rule.id))
    assert event.changes["window"] == [None, "22:00-04:00"]
    page = client_for(coordinator).get(settings_url("routing-rule-list", south)).content.decode()
    assert "Begging in City centre, Friday, Saturday, 22:00 to 04:00" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter a name for the rule"),
        ({"starts_at": "22:00"}, "Enter both the start and the end of the time window, or neither"),
        ({"starts_at": "22:00", "ends_at": "22:00"}, "The time window must start and end at different times"),
        ({"starts_at": "late"}, "From (optional) must be a time like 22:00"),
        ({"lead_partner": ""}, "Choose the lead partner"),
        ({"supporting_partners": ["lead"]}, "Shire Police leads, so it cannot also be a supporting partner"),
        ({"service_target": ""}, "Choose the service target"),
        ({"days": ["8"]}, "Select a valid choice"),
        ({"area": "other"}, "Choose an area from the list"),
    ],
)
def test_a_routing_rule_with_mistakes_is_refused(
    client_for, coordinator, south, north, begging, police, target, worcester, overrides, message
):
    from joinedup.places.services import patch_create
    from joinedup.reports.tests.conftest import CITY_CENTRE

    north_patch = patch_create(
        by=None, partnership=north, code="n", name="North patch", geometry_geojson=CITY_CENTRE
    )
    values = {"lead": police.id, "other": north_patch.id}
    overrides = {
        k: ([values.get(x, x) for x in v] if isinstance(v, list) else values.get(v, v))
        for k, v in overrides.items()
    }
    data = rule_data(
        **{"category": begging.id, "lead_partner": police.id, "service_target": target.id, **overrides}
    )
    page = client_for(coordinator).post(settings_url("routing-rule-new", south), data).content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert not RoutingRule.objects.exists()


def test_a_lead_partner_must_be_a_member_of_the_partnership(
    coordinator, south, begging, north_council, target
):
    with pytest.raises(ApplicationError, match="North Council is not a partner of South Partnership"):
        config.routing_rule_save(
            partnership=south,
            by=coordinator,
            name="Wrong",
            category=begging,
            lead_partner=north_council,
            service_target=target,
        )


def test_changing_a_rule_records_what_changed_and_stopping_it_sends_reports_to_triage(
    client_for, coordinator, south, litter, litter_rule, police, target
):
    client = client_for(coordinator)
    client.post(
        settings_url("routing-rule-edit", south, litter_rule.id),
        rule_data(
            name="Litter to the police",
            category=litter.id,
            lead_partner=police.id,
            service_target=target.id,
            priority="normal",
        ),
    )
    litter_rule.refresh_from_db()
    assert litter_rule.lead_partner == police
    event = AuditEvent.objects.get(action=Action.CHANGED, object_id=str(litter_rule.id))
    assert event.changes["lead_partner"] == ["South Council", "Shire Police"]
    client.post(settings_url("routing-rule-active", south, litter_rule.id), {"active": "0"})
    litter_rule.refresh_from_db()
    assert not litter_rule.active
    page = client.get(settings_url("routing-rule-list", south)).content.decode()
    assert "Not in use" in page


def test_a_rule_for_every_day_is_stored_as_any_day(coordinator, south, litter, south_council, target):
    rule = config.routing_rule_save(
        partnership=south,
        by=coordinator,
        name="All week",
        category=litter,
        days=range(1, 8),
        lead_partner=south_council,
        service_target=target,
    )
    assert rule.days == []
