"""Varying and discharging an order (2014 Act s.61): the register keeps the order as made and each variation,
and a discharged order stops being in force everywhere from the day after it ends."""

import datetime as dt

import pytest
from django.utils import timezone

from joinedup.core.errors import ApplicationError
from joinedup.plan import registers_selectors as selectors
from joinedup.plan.models import Pspo
from joinedup.plan.registers_notifications import pspo_expiry_emails
from joinedup.plan.services import pspo as services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
PUBLIC = "/public-spaces-protection-orders/"


def _dates(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _discharge(coordinator, pspo, ends_on):
    return services.pspo_discharge(
        by=coordinator, pspo=pspo, decided_on=TODAY(), ends_on=ends_on, reason="The problem has stopped"
    )


def test_a_variation_on_the_page_shows_the_new_terms_and_keeps_the_order_as_made(
    coordinator, pspo, client_for, anonymous
):
    client = client_for(coordinator)
    form = {
        **_dates("decided_on", TODAY() - dt.timedelta(days=7)),
        **_dates("takes_effect_on", TODAY()),
        "summary": "Adds a limit on walking dogs",
        "area_description": "The whole of Worcester and its parks",
        "prohibitions": "Letting a dog foul without picking it up\nWalking more than 6 dogs at once",
        "requirements": "Putting a dog on a lead when asked",
    }
    assert "Letting a dog foul" in client.get(f"/plan/pspos/{pspo.id}/vary/").content.decode()  # prefilled
    response = client.post(f"/plan/pspos/{pspo.id}/vary/", form)
    assert response.status_code == 302
    page = client.get(f"/plan/pspos/{pspo.id}/").content.decode()
    assert "Walking more than 6 dogs at once" in page and "As made" in page
    assert f"Varied from {TODAY():%-d %B %Y}" in page
    assert "No consultation on varying the order is recorded before this variation" in page
    public = anonymous.get(PUBLIC).content.decode()
    assert "Walking more than 6 dogs at once" in public and "and its parks" in public


def test_a_variation_not_yet_in_effect_leaves_the_public_page_as_it_is(coordinator, pspo, anonymous):
    services.consultation_record(
        by=coordinator,
        pspo=pspo,
        purpose="varying",
        starts_on=TODAY() - dt.timedelta(days=60),
        ends_on=TODAY() - dt.timedelta(days=30),
        responses=40,
        consultees=["police", "pcc", "community"],
    )
    services.pspo_vary(
        by=coordinator,
        pspo=pspo,
        decided_on=TODAY(),
        takes_effect_on=TODAY() + dt.timedelta(days=14),
        summary="Drops the lead requirement",
        area_description="The whole of Worcester",
        prohibitions=["Letting a dog foul without picking it up"],
    )
    assert "Putting a dog on a lead" in anonymous.get(PUBLIC).content.decode()
    later = Pspo.objects.prefetch_related("variations").get(id=pspo.id)
    assert later.terms_on(TODAY() + dt.timedelta(days=14)).requirements == []


def test_a_variation_refused_on_the_page_keeps_what_was_typed(coordinator, pspo, client_for):
    form = {
        **_dates("decided_on", TODAY()),
        **_dates("takes_effect_on", TODAY() - dt.timedelta(days=1)),
        "summary": "Something",
        "area_description": "Worcester",
        "prohibitions": "Skateboarding on the bridge",
    }
    response = client_for(coordinator).post(f"/plan/pspos/{pspo.id}/vary/", form)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "cannot take effect before it was decided" in page and "Skateboarding on the bridge" in page
    assert not pspo.variations.exists()


def test_a_discharged_order_leaves_the_public_page_and_the_publications_after_its_end(
    coordinator, pspo, client_for, anonymous
):
    ends_on = TODAY() + dt.timedelta(days=10)
    form = {**_dates("decided_on", TODAY()), **_dates("ends_on", ends_on), "reason": "No longer needed"}
    assert client_for(coordinator).post(f"/plan/pspos/{pspo.id}/discharge/", form).status_code == 302
    partnership = pspo.partnership
    assert "Dog control" in anonymous.get(PUBLIC).content.decode()  # not yet ended
    assert selectors.pspos_in_force(partnership=partnership, start=ends_on, end=ends_on) == [pspo]
    after = ends_on + dt.timedelta(days=1)
    assert (
        selectors.pspos_in_force(partnership=partnership, start=after, end=after + dt.timedelta(days=30))
        == []
    )
    assert list(selectors.pspos_public(on=after)) == []
    assert [p.id for p in selectors.pspos_discharged_recently(on=after)] == [pspo.id]
    page = client_for(coordinator).get(f"/plan/pspos/{pspo.id}/").content.decode()
    assert f"Discharged: ends {ends_on:%-d %B %Y}" in page and "Vary it" not in page


def test_the_public_page_gives_a_recently_discharged_orders_end_date(coordinator, pspo, anonymous):
    services.pspo_discharge(
        by=coordinator,
        pspo=pspo,
        decided_on=TODAY() - dt.timedelta(days=20),
        ends_on=TODAY() - dt.timedelta(days=5),
        reason="Replaced",
    )
    page = anonymous.get(PUBLIC).content.decode()
    assert "Recently discharged orders" in page
    assert f"ended on {TODAY() - dt.timedelta(days=5):%-d %B %Y}" in page
    assert "Letting a dog foul" not in page and "Replaced" not in page


def test_a_discharged_order_gets_no_expiry_alert(coordinator, pspo, notify_outbox):
    Pspo.objects.filter(id=pspo.id).update(expires_on=TODAY() + dt.timedelta(days=100))
    pspo.refresh_from_db()
    _discharge(coordinator, pspo, TODAY() + dt.timedelta(days=50))
    assert pspo_expiry_emails() == 0 and notify_outbox == []


def test_an_order_cannot_be_discharged_before_it_came_into_force(coordinator, pspo):
    with pytest.raises(ApplicationError) as refused:
        _discharge(coordinator, pspo, pspo.in_force_from - dt.timedelta(days=1))
    assert refused.value.field == "ends_on" and "came into force" in refused.value.message
    assert not hasattr(Pspo.objects.get(id=pspo.id), "discharge")


def test_a_discharged_order_cannot_be_extended_or_varied(coordinator, pspo):
    _discharge(coordinator, pspo, TODAY() + dt.timedelta(days=10))
    with pytest.raises(ApplicationError, match="discharged, so it cannot be extended"):
        services.pspo_extend(
            by=coordinator,
            pspo=pspo,
            decided_on=TODAY(),
            new_expires_on=pspo.expires_on + dt.timedelta(days=100),
            reason="Still needed",
        )
    with pytest.raises(ApplicationError, match="cannot be varied"):
        services.pspo_vary(
            by=coordinator,
            pspo=pspo,
            decided_on=TODAY(),
            takes_effect_on=TODAY(),
            summary="x",
            area_description="y",
            prohibitions=["z"],
        )
    assert Pspo.objects.get(id=pspo.id).expires_on == pspo.expires_on


def test_another_partnership_gets_not_found_and_officers_are_refused(officer_a, officer_b, pspo, client_for):
    for part in ("vary", "discharge"):
        assert client_for(officer_b).get(f"/plan/pspos/{pspo.id}/{part}/").status_code == 404
        assert client_for(officer_a).get(f"/plan/pspos/{pspo.id}/{part}/").status_code == 403
        assert client_for(officer_a).post(f"/plan/pspos/{pspo.id}/{part}/", {}).status_code == 403
    assert not hasattr(Pspo.objects.get(id=pspo.id), "discharge")
