import pytest

from joinedup.core.errors import ApplicationError
from joinedup.places import services
from joinedup.places.models import Area

SQUARE = {"type": "Polygon", "coordinates": [[[-2.23, 52.18], [-2.21, 52.18], [-2.21, 52.2], [-2.23, 52.18]]]}


def test_two_partnerships_can_each_draw_a_city_centre(south, north):
    services.patch_create(
        by=None, partnership=south, code="city-centre", name="City centre", geometry_geojson=SQUARE
    )
    services.patch_create(
        by=None, partnership=north, code="city-centre", name="City centre", geometry_geojson=SQUARE
    )
    assert Area.objects.filter(code="city-centre").count() == 2


def test_a_partnership_cannot_draw_two_patches_with_one_code(south):
    services.patch_create(
        by=None, partnership=south, code="city-centre", name="City centre", geometry_geojson=SQUARE
    )
    with pytest.raises(
        ApplicationError, match="South Partnership already has a patch with the code city-centre"
    ):
        services.patch_create(
            by=None, partnership=south, code="city-centre", name="Centre", geometry_geojson=SQUARE
        )


def test_a_patch_that_is_not_a_polygon_is_refused(south):
    with pytest.raises(ApplicationError):
        services.patch_create(
            by=None,
            partnership=south,
            code="a-line",
            name="A line",
            geometry_geojson={"type": "LineString", "coordinates": [[-2.2, 52.1], [-2.1, 52.2]]},
        )
    assert not Area.objects.exists()
