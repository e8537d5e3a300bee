"""The PSPO register: its statutory rules, its pages, the expiry alert and the public page."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.plan import registers_selectors as selectors
from joinedup.plan.models import Pspo
from joinedup.plan.registers_notifications import pspo_expiry_emails
from joinedup.plan.services import pspo as services
from joinedup.plan.statutory import add_months, fpn_maximum

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _order(coordinator, worcester, **changes):
    values = {
        "by": coordinator,
        "partnership": coordinator.partnerships.get(),
        "reference": "PSPO-ALC-1",
        "title": "Alcohol",
        "area_description": "The city",
        "areas": [worcester],
        "prohibitions": ["Refusing to stop drinking when asked"],
        "made_on": dt.date(2025, 1, 10),
        "in_force_from": dt.date(2025, 2, 1),
        "expires_on": dt.date(2028, 2, 1),
    }
    return services.pspo_save(**(values | changes))


def test_an_order_of_exactly_three_years_is_accepted(coordinator, worcester):
    order = _order(coordinator, worcester)
    assert order.challenge_deadline == dt.date(2025, 2, 21)
    assert AuditEvent.objects.filter(object_id=str(order.id), action="created").exists()


def test_an_order_longer_than_three_years_is_refused_with_the_reason(coordinator, worcester):
    with pytest.raises(ApplicationError) as refused:
        _order(coordinator, worcester, expires_on=dt.date(2028, 2, 2))
    assert refused.value.field == "expires_on"
    assert "at most 3 years" in refused.value.message and "1 February 2028" in refused.value.message
    assert not Pspo.objects.exists()


def test_an_order_needs_a_prohibition_or_requirement_and_an_area(coordinator, worcester):
    with pytest.raises(ApplicationError, match="prohibits"):
        _order(coordinator, worcester, prohibitions=[])
    with pytest.raises(ApplicationError, match="wards or areas"):
        _order(coordinator, worcester, areas=[])


def test_a_drawn_boundary_is_checked_with_shapely(coordinator, worcester):
    with pytest.raises(ApplicationError) as refused:
        _order(coordinator, worcester, areas=[], boundary='{"type": "Polygon", "coordinates": [[[0, 0]]]}')
    assert refused.value.field == "boundary"
    ring = "[[-2.22,52.19],[-2.21,52.19],[-2.21,52.2],[-2.22,52.2],[-2.22,52.19]]"
    square = f'{{"type":"Polygon","coordinates":[{ring}]}}'
    assert _order(coordinator, worcester, areas=[], boundary=square).boundary


def test_only_coordinators_keep_the_register(officer_a, worcester, coordinator):
    with pytest.raises(NotPermitted):
        _order(officer_a, worcester, by=officer_a)


def test_an_extension_is_up_to_three_years_before_expiry_and_can_repeat(coordinator, pspo):
    limit = add_months(pspo.expires_on, 36)
    with pytest.raises(ApplicationError, match="at most 3 years"):
        services.pspo_extend(
            by=coordinator,
            pspo=pspo,
            decided_on=TODAY(),
            new_expires_on=limit + dt.timedelta(days=1),
            reason="Still needed",
        )
    services.pspo_extend(
        by=coordinator, pspo=pspo, decided_on=TODAY(), new_expires_on=limit, reason="Still needed"
    )
    pspo.refresh_from_db()
    assert pspo.expires_on == limit
    services.pspo_extend(
        by=coordinator,
        pspo=pspo,
        decided_on=TODAY(),
        new_expires_on=limit + dt.timedelta(days=30),
        reason="Again",
    )
    assert pspo.extensions.count() == 2


def test_a_lapsed_order_cannot_be_extended(coordinator, worcester):
    order = _order(
        coordinator,
        worcester,
        made_on=dt.date(2020, 1, 1),
        in_force_from=dt.date(2020, 1, 1),
        expires_on=dt.date(2022, 1, 1),
    )
    with pytest.raises(ApplicationError, match="only be extended before it expires"):
        services.pspo_extend(
            by=coordinator, pspo=order, decided_on=TODAY(), new_expires_on=dt.date(2024, 1, 1), reason="x"
        )


def test_the_fixed_penalty_is_checked_against_the_maximum_of_its_date(coordinator, pspo):
    with pytest.raises(ApplicationError, match="at most £100"):
        services.penalty_set(by=coordinator, pspo=pspo, applies_from=TODAY(), amount=150)
    rows = "2014-10-20:100:2014 Act s.68;2026-01-01:500:Crime and Policing Act 2026"
    with override_settings(PSPO_FPN_MAXIMUMS=rows):
        assert fpn_maximum(on=dt.date(2025, 12, 31)).pounds == 100
        assert fpn_maximum(on=dt.date(2026, 1, 1)).pounds == 500
        services.penalty_set(by=coordinator, pspo=pspo, applies_from=dt.date(2026, 2, 1), amount=250)
    pspo = selectors.pspo_get(user=coordinator, pspo_id=pspo.id)
    assert selectors.penalty_on(pspo, dt.date(2026, 3, 1)).amount == 250
    assert selectors.penalty_on(pspo, dt.date(2026, 1, 15)).amount == 100


def test_a_consultation_missing_a_statutory_consultee_is_kept_with_a_warning(coordinator, pspo, client_for):
    consultation = services.consultation_record(
        by=coordinator,
        pspo=pspo,
        purpose="making",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 2, 1),
        responses=120,
        consultees=["police", "community"],
    )
    assert consultation.statutory_missing == ["The police and crime commissioner"]
    page = client_for(coordinator).get(f"/plan/pspos/{pspo.id}/").content.decode()
    assert "Statutory consultee not recorded: The police and crime commissioner" in page


def test_enforcement_counts_once_per_day_and_paid_never_exceeds_issued(coordinator, pspo):
    start = pspo.in_force_from
    with pytest.raises(ApplicationError, match="More fixed penalties"):
        services.enforcement_record(
            by=coordinator,
            pspo=pspo,
            period_start=start,
            period_end=start + dt.timedelta(days=30),
            fpns_issued=2,
            fpns_paid=3,
        )
    services.enforcement_record(
        by=coordinator,
        pspo=pspo,
        period_start=start,
        period_end=start + dt.timedelta(days=30),
        fpns_issued=5,
        fpns_paid=3,
        warnings=9,
    )
    with pytest.raises(ApplicationError, match="already recorded"):
        services.enforcement_record(
            by=coordinator,
            pspo=pspo,
            period_start=start + dt.timedelta(days=10),
            period_end=start + dt.timedelta(days=40),
        )
    totals = selectors.pspo_enforcement_totals(partnership=pspo.partnership, start=start, end=TODAY())
    assert [(r.pspo.reference, r.fpns_issued, r.fpns_paid, r.warnings) for r in totals] == [
        ("PSPO-DOG-1", 5, 3, 9)
    ]


def test_coordinators_are_told_once_when_an_order_nears_expiry(
    coordinator, second_coordinator, officer_a, pspo, notify_outbox
):
    Pspo.objects.filter(id=pspo.id).update(expires_on=TODAY() + dt.timedelta(days=100))
    assert pspo_expiry_emails() == 2
    assert sorted(e.to for e in notify_outbox) == [coordinator.email, second_coordinator.email]
    assert "PSPO-DOG-1" in notify_outbox[0].subject and "3 months" in notify_outbox[0].body
    assert pspo_expiry_emails() == 0  # once per order
    services.pspo_extend(
        by=coordinator,
        pspo=pspo,
        decided_on=TODAY(),
        new_expires_on=TODAY() + dt.timedelta(days=150),
        reason="x",
    )
    assert pspo_expiry_emails() == 2  # and once more for the new expiry date


def test_the_register_tags_orders_expiring_within_the_alert_period(coordinator, pspo, client_for):
    Pspo.objects.filter(id=pspo.id).update(expires_on=TODAY() + dt.timedelta(days=100))
    page = client_for(coordinator).get("/plan/pspos/").content.decode()
    assert "Expires in 3 months" in page and "Dog control" in page


def test_another_partnership_cannot_see_the_order(officer_b, pspo, client_for):
    assert client_for(officer_b).get(f"/plan/pspos/{pspo.id}/").status_code == 404
    assert "Dog control" not in client_for(officer_b).get("/plan/pspos/").content.decode()


def test_partner_staff_read_the_register_but_cannot_change_it(officer_a, pspo, client_for):
    client = client_for(officer_a)
    assert client.get(f"/plan/pspos/{pspo.id}/").status_code == 200
    assert client.get(f"/plan/pspos/{pspo.id}/change/").status_code == 403
    assert client.post(f"/plan/pspos/{pspo.id}/penalty/", {}).status_code == 403


def _city_centre_form(south, worcester, expires: tuple[str, str, str]) -> dict:
    """The add-an-order page's fields: made 1 March 2025, in force from 1 April 2025, expiring (d, m, y)."""
    dates = {"made_on": ("1", "3", "2025"), "in_force_from": ("1", "4", "2025"), "expires_on": expires}
    return {
        "partnership": south.id,
        "reference": "PSPO-CC-1",
        "title": "City centre",
        "area_description": "City centre",
        "areas": [worcester.id],
        "prohibitions": "Begging\nA-boards",
        "requirements": "",
        **{f"{name}_{i}": part for name, parts in dates.items() for i, part in enumerate(parts)},
    }


def test_a_three_and_a_half_year_order_is_refused_on_the_page_with_nothing_lost(
    coordinator, worcester, south, client_for
):
    form = _city_centre_form(south, worcester, ("1", "10", "2028"))
    response = client_for(coordinator).post("/plan/pspos/new/", form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "at most 3 years" in page and 'id="id_expires_on-error"' in page
    assert "Begging\nA-boards" in page
    assert not Pspo.objects.exists()


def test_a_coordinator_adds_an_order_on_the_page(coordinator, worcester, south, client_for):
    form = _city_centre_form(south, worcester, ("31", "3", "2028"))
    response = client_for(coordinator).post("/plan/pspos/new/", form)
    order = Pspo.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plan/pspos/{order.id}/"
    assert order.prohibitions == ["Begging", "A-boards"]


def test_the_public_page_shows_only_orders_in_force_and_no_internal_detail(
    coordinator, worcester, pspo, anonymous
):
    services.consultation_record(
        by=coordinator,
        pspo=pspo,
        purpose="making",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 2, 1),
        responses=321,
        consultees=["police"],
        summary="Residents wanted it",
    )
    services.enforcement_record(
        by=coordinator,
        pspo=pspo,
        period_start=pspo.in_force_from,
        period_end=pspo.in_force_from + dt.timedelta(days=27),
        fpns_issued=987,
    )
    _order(
        coordinator,
        worcester,
        reference="OLD",
        title="Expired drinking order",
        made_on=dt.date(2019, 1, 1),
        in_force_from=dt.date(2019, 1, 1),
        expires_on=dt.date(2021, 1, 1),
    )
    _order(
        coordinator,
        worcester,
        reference="SOON",
        title="Future order",
        made_on=TODAY(),
        in_force_from=TODAY() + dt.timedelta(days=30),
        expires_on=TODAY() + dt.timedelta(days=400),
    )
    response = anonymous.get("/public-spaces-protection-orders/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dog control" in page and "Letting a dog foul" in page and "£100" in page and "£75" in page
    assert "https://www.example.gov.uk/pspo/dogs" in page and 'id="pspo-map"' in page
    assert "Expired drinking order" not in page and "Future order" not in page
    for internal in (
        "Residents wanted it",
        "onsult",
        "nforcement",
        "rosecution",
        "Cara Coordinator",
        "hallenge",
        "/plan/pspos",
    ):
        assert internal not in page


def test_orders_in_force_by_ward_for_the_publications(coordinator, worcester, pspo):
    from joinedup.places.models import Area

    ward = Area.objects.filter(kind="ward", parent=worcester).first()
    far = (
        '{"type":"Polygon","coordinates":[[[-1.0,51.0],[-0.99,51.0],[-0.99,51.01],[-1.0,51.01],[-1.0,51.0]]]}'
    )
    _order(coordinator, worcester, reference="FAR", areas=[], boundary=far)
    start, end = TODAY() - dt.timedelta(days=30), TODAY()
    assert [
        p.reference
        for p in selectors.pspos_in_force(partnership=pspo.partnership, start=start, end=end, ward=ward)
    ] == ["PSPO-DOG-1"]
    assert len(selectors.pspos_in_force(partnership=pspo.partnership, start=start, end=end)) == 2
