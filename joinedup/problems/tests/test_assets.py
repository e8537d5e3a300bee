"""The community asset map: consent for contact details, finding a place without a map, filters, export."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError
from joinedup.problems.locations import Point, grid_reference_to_point, street_to_point
from joinedup.problems.models import CommunityAsset
from joinedup.problems.services import assets

from .engagement_fixtures import *  # noqa: F403 (fixtures)
from .engagement_fixtures import GUILDHALL

pytestmark = pytest.mark.django_db


def add(by, partnership, **values):
    return assets.asset_save(
        by=by,
        partnership=partnership,
        point=values.pop("point", Point(GUILDHALL[0], GUILDHALL[1], "test")),
        name=values.pop("name", "Library"),
        kind=values.pop("kind", "place"),
        category=values.pop("category", "library"),
        **values,
    )


def test_contact_details_without_recorded_consent_are_refused_and_nothing_is_kept(
    officer_a, south, worcester
):
    with pytest.raises(ApplicationError, match="only be kept with consent"):
        add(officer_a, south, contact_phone="01905 000000")
    with pytest.raises(ApplicationError, match="date consent was given"):
        add(officer_a, south, contact_phone="01905 000000", consent_given_by="The manager")
    with pytest.raises(ApplicationError, match="shared with"):
        add(
            officer_a,
            south,
            contact_phone="01905 000000",
            consent_given_by="The manager",
            consent_on=dt.date(2026, 1, 1),
        )
    assert not CommunityAsset.objects.exists()


def test_an_asset_is_placed_in_its_ward_and_one_outside_the_partnership_is_refused(
    asset, officer_a, south, guildhall_ward
):
    assert asset.ward == guildhall_ward
    assert asset.capabilities == ["first aid", "cctv"] and asset.category == "café"
    with pytest.raises(ApplicationError, match="outside the area"):
        add(officer_a, south, point=Point(-1.8904, 52.4862, "test"))


def test_a_grid_reference_gives_the_point_it_names():
    point = grid_reference_to_point("SO 8495 5480")  # Worcester Guildhall, to 10 m
    assert abs(point.latitude - 52.1917) < 0.002 and abs(point.longitude - -2.2205) < 0.002
    with pytest.raises(ApplicationError, match="grid reference like"):
        grid_reference_to_point("52.19, -2.22")


def test_adding_an_asset_by_grid_reference_without_a_map(client_for, officer_a, south, worcester):
    response = client_for(officer_a).post(
        reverse("problems:asset-new"),
        {
            "partnership": south.id,
            "name": "Guildhall",
            "kind": "place",
            "category": "Civic building",
            "safe_place": "yes",
            "grid_reference": "SO 8495 5480",
        },
    )
    assert response.status_code == 302
    asset = CommunityAsset.objects.get()
    assert asset.safe_place and asset.ward is not None


def test_an_asset_placed_on_a_street_from_the_gazetteer(officer_a, south, worcester):
    from joinedup.demo.loader import DATA_DIR
    from joinedup.places.gazetteer import streets_load_csv

    streets_load_csv(path=DATA_DIR / "streets-worcester.csv")
    asset = add(officer_a, south, point=street_to_point(partnership=south, name="foregate st"))
    assert asset.ward is not None
    with pytest.raises(ApplicationError, match="could not find a street"):
        street_to_point(partnership=south, name="Nowhere Lane Zzz")


def test_the_form_explains_a_missing_place_and_consent_and_keeps_what_was_typed(
    client_for, officer_a, south, worcester
):
    response = client_for(officer_a).post(
        reverse("problems:asset-new"),
        {
            "partnership": south.id,
            "name": "Youth club",
            "kind": "service",
            "category": "youth club",
            "safe_place": "no",
            "contact_phone": "07700 900000",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Say where it is" in page and "Youth club" in page
    assert not CommunityAsset.objects.exists()


def test_the_list_filters_by_kind_category_safe_places_and_ward(asset, officer_a, south, client_for):
    add(officer_a, south, name="Riverside park", kind="place", category="park")
    client = client_for(officer_a)
    url = reverse("problems:assets")
    page = client.get(url).content.decode()
    assert "Guildhall café" in page and "Riverside park" in page and "asset-map-settings" in page
    page = client.get(url, {"safe_place": "on"}).content.decode()
    assert "Guildhall café" in page and "Riverside park" not in page
    page = client.get(url, {"category": "park"}).content.decode()
    assert "Guildhall café" not in page and "Riverside park" in page
    page = client.get(url, {"kind": "organisation", "ward": asset.ward_id}).content.decode()
    assert "Guildhall café" in page and "Riverside park" not in page


def test_the_export_carries_contacts_only_where_consent_covers_shared_lists(
    asset, officer_a, south, client_for
):
    add(
        officer_a,
        south,
        name='=HYPERLINK("x")',
        contact_name="Pat",
        contact_phone="01905 1",
        consent_given_by="Pat",
        consent_on=dt.date(2026, 1, 2),
        consent_sharing="published",
    )
    response = client_for(officer_a).get(reverse("problems:asset-export"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Guildhall café"][10:13] == ["", "", ""]  # agreed to groups only, not to shared lists
    assert by_name['\'=HYPERLINK("x")'][10] == "Pat"  # formula made harmless
    assert AuditEvent.objects.filter(action=Action.EXPORTED, actor=officer_a).exists()


def test_viewing_an_assets_contact_details_is_recorded(asset, officer_a, client_for):
    page = client_for(officer_a).get(reverse("problems:asset", args=[asset.id])).content.decode()
    assert "sam@example.org" in page
    event = AuditEvent.objects.get(action=Action.VIEWED, object_id=str(asset.pk))
    assert event.actor == officer_a and event.changes["contact_details"] is True


def test_the_change_page_showing_an_assets_contact_details_is_recorded_as_a_view(
    asset, officer_a, client_for
):
    page = client_for(officer_a).get(reverse("problems:asset-edit", args=[asset.id])).content.decode()
    assert "sam@example.org" in page
    event = AuditEvent.objects.get(action=Action.VIEWED, object_id=str(asset.pk))
    assert event.actor == officer_a and event.changes["contact_details"] is True


def test_changing_an_asset_and_removing_it(asset, officer_a, client_for):
    client = client_for(officer_a)
    response = client.get(reverse("problems:asset-edit", args=[asset.id]))
    assert "Guildhall café" in response.content.decode()
    client.post(reverse("problems:asset-remove", args=[asset.id]))
    assert not CommunityAsset.objects.exists()
    assert AuditEvent.objects.filter(action=Action.DELETED).exists()
