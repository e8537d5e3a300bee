"""Areas: force areas, districts, wards, LSOAs and custom patches, with their boundaries."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class AreaKind(models.TextChoices):
    FORCE = "force", "Police force area"
    COUNTY = "county", "County"
    DISTRICT = "district", "District"
    WARD = "ward", "Ward"
    LSOA = "lsoa", "Lower layer super output area"
    PATCH = "patch", "Custom patch"


class Area(models.Model):
    """An area with an ONS code (or a partnership's own code for a custom patch) and its boundary.

    Official geography is shared by every partnership; a custom patch ("city centre") belongs to
    the partnership that drew it. `vintage` says which edition of the geography a code comes from
    (wards "2013", LSOAs "2011" or "2021"), since codes change when boundaries do.
    """

    kind = models.CharField(max_length=10, choices=AreaKind.choices)
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    vintage = models.CharField(max_length=10, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    partnership = models.ForeignKey(
        "partners.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="patches",
        help_text="Only for custom patches: the partnership that drew it.",
    )
    # Kept as GeoJSON text: it goes straight to Shapely and to map layers without re-encoding.
    boundary = models.TextField(help_text="GeoJSON geometry in WGS84 longitude/latitude.")
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code", "vintage"],
                condition=models.Q(partnership__isnull=True),
                name="area_code_unique_per_vintage",
            ),
            # Two partnerships may each draw their own "city-centre".
            models.UniqueConstraint(
                fields=["partnership", "code"],
                condition=models.Q(partnership__isnull=False),
                name="patch_code_unique_in_partnership",
            ),
            models.CheckConstraint(
                condition=models.Q(partnership__isnull=True) | models.Q(kind="patch"),
                name="only_patches_belong_to_a_partnership",
            ),
        ]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.min_lon, self.min_lat, self.max_lon, self.max_lat)


class BestFitLookup(models.Model):
    """One row of an ONS best-fit lookup: which ward and district an LSOA is counted in."""

    edition = models.CharField(max_length=40, help_text='e.g. "LSOA11-WD19"')
    lsoa_code = models.CharField(max_length=9)
    lsoa_name = models.CharField(max_length=200)
    ward_code = models.CharField(max_length=9)
    ward_name = models.CharField(max_length=200)
    district_code = models.CharField(max_length=9)
    district_name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "lsoa_code"], name="lookup_lsoa_once_per_edition")
        ]
        indexes = [models.Index(fields=["edition", "ward_code"])]

    def __str__(self) -> str:
        return f"{self.lsoa_code} → {self.ward_code} ({self.edition})"


class Street(models.Model):
    """A street name and a point on it, so someone without a map can say where they mean.

    Built from police.uk's anonymised crime locations ("On or near Foregate Street"), which are
    snapped to points on named streets. One row per name per district: the same name in two
    districts is two streets. The point is one of the name's real snap points, nearest their median.
    """

    name = models.CharField(max_length=200)
    # The name lower-cased, without accents or punctuation, with a space before each word, so a
    # search for the start of a word is a plain LIKE "% foreg%" that works the same on every database.
    search_text = models.CharField(max_length=220)
    longitude = models.FloatField()
    latitude = models.FloatField()
    district_code = models.CharField(max_length=12)
    ward_code = models.CharField(max_length=12, blank=True)
    points = models.PositiveIntegerField(help_text="How many distinct police.uk map points carry the name.")

    class Meta:
        ordering = ["name", "district_code"]
        constraints = [
            models.UniqueConstraint(fields=["district_code", "name"], name="street_name_once_per_district")
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name
