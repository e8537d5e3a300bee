"""The incident store: police.uk and partner records, and the imports that brought them.

Police.uk data is open data: every member of staff may read it, so its rows have no partnership.
Partner data and reports belong to a partnership and are read through `Incident.objects.visible_to`.

The bulk tables (incidents, stop and search, outcomes) are loaded with COPY / executemany, never
one ORM object per row. Their foreign keys are declared without database constraints: a deferred
FK check is a trigger run per inserted row, which made COPY ten times slower here, and every
writer of these tables is a service in this app that takes its ids from rows it has just read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipQuerySet, PartnershipScoped


class FileKind(models.TextChoices):
    STREET = "street", "Street-level crime and ASB"
    OUTCOMES = "outcomes", "Outcomes"
    STOP_AND_SEARCH = "stop-and-search", "Stop and search"
    PARTNER = "partner", "Partner data"


POLICE_KINDS = (FileKind.STREET, FileKind.OUTCOMES, FileKind.STOP_AND_SEARCH)


class PartnerDataset(PartnershipScoped):
    """A partner's recurring export (e.g. the council's ASB log) and how to read its columns.

    The mapping is saved so the next month's file imports without asking again. Column names are
    matched ignoring case and surrounding spaces.
    """

    name = models.CharField(max_length=120)
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    date_column = models.CharField(max_length=120)
    date_format = models.CharField(
        max_length=40,
        blank=True,
        help_text='How dates are written, e.g. "%d/%m/%Y %H:%M"; blank to read ISO 8601 (2025-06-30).',
    )
    category_column = models.CharField(max_length=120)
    reference_column = models.CharField(max_length=120, blank=True)
    location_column = models.CharField(max_length=120, blank=True)
    longitude_column = models.CharField(max_length=120, blank=True)
    latitude_column = models.CharField(max_length=120, blank=True)
    easting_column = models.CharField(max_length=120, blank=True)
    northing_column = models.CharField(max_length=120, blank=True)
    whole_log = models.BooleanField(
        default=False,
        help_text="Each file is the whole log to date, so it replaces the dataset's earlier files.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="partner_dataset_name_unique"),
            models.CheckConstraint(
                condition=(Q(longitude_column="") & Q(latitude_column=""))
                | (~Q(longitude_column="") & ~Q(latitude_column="")),
                name="partner_dataset_lon_lat_together",
            ),
            models.CheckConstraint(
                condition=(Q(easting_column="") & Q(northing_column=""))
                | (~Q(easting_column="") & ~Q(northing_column="")),
                name="partner_dataset_east_north_together",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ImportedFileQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportedFileQuerySet:
        from joinedup.partners.policy import partnership_ids_for

        return self.filter(Q(partnership__isnull=True) | Q(partnership_id__in=partnership_ids_for(user)))


class ImportedFile(models.Model):
    """One file brought into the store, recognised by its SHA-256 so it is never loaded twice."""

    kind = models.CharField(max_length=20, choices=FileKind.choices)
    name = models.CharField(max_length=300, help_text="The file's name as given, inside its archive if any.")
    checksum = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the file's bytes.")
    force = models.CharField(max_length=80, blank=True, help_text='police.uk force, e.g. "west-mercia".')
    month = models.DateField(null=True, blank=True, help_text="The month published, as its first day.")
    partnership = models.ForeignKey(
        "partners.Partnership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dataset = models.ForeignKey(
        PartnerDataset, null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    rows = models.PositiveIntegerField(default=0)
    located = models.PositiveIntegerField(default=0)
    unlocated = models.PositiveIntegerField(default=0)
    # [{"message": "...", "lines": [12, 40, ...], "count": 2}]: one entry per kind of problem.
    warnings = models.JSONField(default=list, blank=True)
    replaced = models.CharField(
        max_length=300, blank=True, help_text="The earlier file of the same month this one replaced."
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_by_label = models.CharField(max_length=300)
    imported_at = models.DateTimeField(default=timezone.now)

    objects = ImportedFileQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            # A month of police.uk data has one current file per force and kind; a re-published
            # month replaces the old file (and its rows) rather than sitting beside it.
            models.UniqueConstraint(
                fields=["kind", "force", "month"],
                condition=Q(kind__in=POLICE_KINDS),
                name="police_file_once_per_force_month",
            ),
            models.CheckConstraint(
                condition=Q(kind=FileKind.PARTNER, partnership__isnull=False, dataset__isnull=False)
                | Q(kind__in=POLICE_KINDS, partnership__isnull=True, dataset__isnull=True),
                name="partner_files_and_only_they_belong_to_a_partnership",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def warning_count(self) -> int:
        return sum(w.get("count", len(w.get("lines", []))) for w in self.warnings)


class IncidentCategory(models.Model):
    """A normalised category: the 14 police.uk crime types, and partners' and reports' own."""

    id = models.SmallAutoField(primary_key=True)  # a small key keeps the counting indexes small
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    police = models.BooleanField(default=False, help_text="One of police.uk's crime types.")

    class Meta:
        ordering = ["-police", "name"]
        verbose_name_plural = "incident categories"

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    POLICE = "police", "police.uk"
    PARTNER = "partner", "Partner data"
    REPORT = "report", "Report"


class IncidentQuerySet(PartnershipQuerySet):
    def visible_to(self, user) -> IncidentQuerySet:  # type: ignore[override]
        """Open police data for all staff; partner data and reports of the user's partnerships.

        Restricted rows (reports in never-public categories, such as hate incidents) only for those
        who coordinate the partnership: the report front door shows those reports to no one else
        who is not working on them, and the store must not widen that.
        """
        from joinedup.partners import policy

        from .policy import coordinated_partnership_ids

        if not policy.is_staff_member(user):
            return self.none()
        return self.filter(
            Q(partnership__isnull=True)
            | (
                Q(partnership_id__in=policy.partnership_ids_for(user))
                & (Q(restricted=False) | Q(partnership_id__in=coordinated_partnership_ids(user)))
            )
        )


def _area(related_name: str) -> models.ForeignKey:
    # No single-column index: the counting indexes below lead with month and cover the area.
    return models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        db_constraint=False,
        db_index=False,
    )


class Incident(models.Model):
    """One recorded crime, ASB incident, partner log entry or report, placed in time and space."""

    id = models.BigAutoField(primary_key=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    file = models.ForeignKey(
        ImportedFile, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    report = models.ForeignKey(
        "reports.Report",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    partnership = models.ForeignKey(
        "partners.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    restricted = models.BooleanField(default=False, help_text="Only the partnership's coordinators see it.")

    month = models.DateField(help_text="The month, as its first day.")
    occurred_at = models.DateTimeField(null=True, blank=True, help_text="When known (partner data, reports).")
    crime_id = models.CharField(max_length=64, blank=True, help_text="police.uk Crime ID; blank for ASB.")
    reference = models.CharField(max_length=100, blank=True, help_text="A partner's or report's reference.")
    category = models.ForeignKey(
        IncidentCategory, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    category_raw = models.CharField(max_length=200, help_text="The category as the source wrote it.")

    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    # British National Grid (EPSG:27700), so grids and kernels work in metres.
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    lsoa_code = models.CharField(max_length=12, blank=True, help_text="As given in the file.")
    lsoa_name = models.CharField(max_length=200, blank=True, help_text="As given in the file.")
    ward = _area("+")
    lsoa = _area("+")
    district = _area("+")
    lsoa_vintage = models.CharField(max_length=10, blank=True, help_text="Edition of the LSOA found.")

    last_outcome = models.CharField(max_length=200, blank=True)
    last_outcome_month = models.DateField(null=True, blank=True, help_text="Set by an outcomes file.")
    context = models.TextField(blank=True)
    reported_by = models.CharField(max_length=100, blank=True)
    falls_within = models.CharField(max_length=100, blank=True)
    extra = models.JSONField(default=dict, blank=True, help_text="Columns the store has no field for.")

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["month", "id"]
        indexes = [
            # Counts by area, month and category read only these indexes (an index-only scan, rows
            # already grouped in order). Partial: open police data is nearly every row and needs
            # no partnership test; partner rows are few and use the index after these.
            models.Index(
                fields=["month", "ward", "category"],
                condition=Q(partnership__isnull=True),
                name="incident_open_ward_month",
            ),
            models.Index(
                fields=["month", "lsoa", "category"],
                condition=Q(partnership__isnull=True),
                name="incident_open_lsoa_month",
            ),
            models.Index(
                fields=["month", "district", "category"],
                condition=Q(partnership__isnull=True),
                name="incident_open_district_month",
            ),
            models.Index(
                fields=["partnership", "month"],
                condition=Q(partnership__isnull=False),
                name="incident_partnership_month",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["report"], condition=Q(report__isnull=False), name="incident_once_per_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_raw} {self.month:%Y-%m}"


class CrimeOutcome(models.Model):
    """One row of a police.uk outcomes file: what happened to a crime, and in which month."""

    id = models.BigAutoField(primary_key=True)
    file = models.ForeignKey(ImportedFile, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    crime_id = models.CharField(max_length=64)
    month = models.DateField()
    outcome = models.CharField(max_length=200, help_text="Outcome type, as written (an open list).")
    reported_by = models.CharField(max_length=100, blank=True)
    falls_within = models.CharField(max_length=100, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    lsoa_code = models.CharField(max_length=12, blank=True)
    lsoa_name = models.CharField(max_length=200, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["month", "id"]
        indexes = [models.Index(fields=["crime_id", "month"])]

    def __str__(self) -> str:
        return f"{self.crime_id[:12]}… {self.outcome}"


class StopSearch(models.Model):
    """One stop and search from a police.uk file. Open data, like street crime."""

    id = models.BigAutoField(primary_key=True)
    file = models.ForeignKey(ImportedFile, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    occurred_at = models.DateTimeField(help_text="When, in UTC.")
    month = models.DateField(help_text="The Europe/London month it happened in, as its first day.")
    type = models.CharField(max_length=60)
    part_of_policing_operation = models.BooleanField(null=True, blank=True)
    policing_operation = models.CharField(max_length=200, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    age_range = models.CharField(max_length=40, blank=True)
    self_defined_ethnicity = models.CharField(max_length=200, blank=True)
    officer_defined_ethnicity = models.CharField(max_length=60, blank=True)
    legislation = models.CharField(max_length=200, blank=True)
    object_of_search = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    outcome_linked_to_object_of_search = models.BooleanField(null=True, blank=True)
    removal_of_more_than_just_outer_clothing = models.BooleanField(null=True, blank=True)
    ward = _area("+")
    lsoa = _area("+")
    district = _area("+")
    lsoa_vintage = models.CharField(max_length=10, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = "stop and search"
        verbose_name_plural = "stops and searches"
        indexes = [models.Index(fields=["month", "ward"], name="stopsearch_month_ward")]

    def __str__(self) -> str:
        return f"{self.type} {self.occurred_at:%Y-%m-%d %H:%M}"


# --- harm weights and scorecards ------------------------------------------------------------------------


class HarmWeight(models.Model):
    """A category's harm weight as the partnerships set it, overriding the published default.

    A category without a row weighs its default from `analysis.harm` (police.uk categories) or
    nothing (partner categories). Weights are shared: police.uk data is shared by every partnership,
    and a harm ranking means the same thing on every page that shows it.
    """

    category = models.OneToOneField(IncidentCategory, on_delete=models.CASCADE, related_name="harm_weight")
    weight = models.FloatField()
    source = models.CharField(max_length=200, help_text="Where the figure comes from.")
    version = models.CharField(max_length=200, blank=True, help_text="Edition or date of the source.")
    reason = models.TextField(help_text="Why the partnership set this weight.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100_000), name="harm_weight_in_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.weight:g}"


class MeasureKind(models.TextChoices):
    COUNT = "count", "Count of incidents in categories and an area"
    ENTERED = "entered", "A value a partner enters each period"


class MeasurePeriod(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter (financial)"
    YEAR = "year", "Financial year (April to March)"


class GoodDirection(models.TextChoices):
    DOWN = "down", "Lower is better"
    UP = "up", "Higher is better"


class Measure(PartnershipScoped):
    """One line of a partnership's scorecard: what is measured, per period, against which target."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=MeasureKind.choices)
    period = models.CharField(max_length=10, choices=MeasurePeriod.choices, default=MeasurePeriod.QUARTER)
    categories = models.ManyToManyField(IncidentCategory, blank=True, related_name="+")
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.CharField(max_length=60, blank=True, help_text='What an entered value counts, e.g. "%".')
    target = models.FloatField(null=True, blank=True, help_text="Per period; blank for no target.")
    direction = models.CharField(max_length=4, choices=GoodDirection.choices, default=GoodDirection.DOWN)
    tolerance = models.FloatField(
        default=5, help_text="How far past the target, in percent, is still amber rather than red."
    )
    scorecard = models.CharField(
        max_length=120, help_text='The scorecard it appears on, e.g. "Partnership plan".'
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scorecard", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "scorecard", "name"], name="measure_name_unique_on_scorecard"
            ),
            models.CheckConstraint(
                condition=Q(kind="entered", area__isnull=True) | Q(kind="count", area__isnull=False),
                name="count_measures_and_only_they_have_an_area",
            ),
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="measure_tolerance_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    """A partner's figure for an entered measure in one period (the period's first day)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField()
    value = models.FloatField()
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period_start"], name="measure_value_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value:g} ({self.period_start:%Y-%m})"
