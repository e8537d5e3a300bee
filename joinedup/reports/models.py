"""Reports: the partnership's front door for problems reported by the public and by partners.

A report is routed to the partner best equipped to fix it (`RoutingRule`), against a service
target (`ServiceTarget`), and everything that happens to it is a `ReportEvent` with its actor.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class CategoryGroup(PartnershipScoped):
    """One of the partnership's key areas, e.g. Littering or Anti-social behaviour."""

    name = models.CharField(max_length=120)
    hint = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="category_group_unique")]

    def __str__(self) -> str:
        return self.name


class Category(PartnershipScoped):
    """What a report is about. Its code is the Open311 service code."""

    group = models.ForeignKey(CategoryGroup, on_delete=models.PROTECT, related_name="categories")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=120, help_text="The name the public sees.")
    hint = models.CharField(max_length=300, blank=True)
    # Extra questions: [{"code": "plate", "label": "Taxi plate number", "hint": "", "required": false,
    #                    "choices": []}] — choices make it a single-choice question.
    questions = models.JSONField(default=list, blank=True)
    urgent_notice = models.CharField(
        max_length=300, blank=True, default="If someone is in danger or a crime is happening now, call 999."
    )
    staff_only = models.BooleanField(default=False, help_text="Only partner staff can report this.")
    sensitive = models.BooleanField(
        default=False, help_text="Public pages show only a generalised location (e.g. begging, drug use)."
    )
    never_public = models.BooleanField(
        default=False, help_text="Never shown on any public page (e.g. hate incidents)."
    )
    victim_support = models.BooleanField(default=False, help_text="Offer victim support after reporting.")
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group__order", "order", "name"]
        verbose_name_plural = "categories"
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="category_code_unique")]

    def __str__(self) -> str:
        return self.name


class TimeUnit(models.TextChoices):
    WORKING_HOURS = "working_hours", "working hours"
    WORKING_DAYS = "working_days", "working days"
    HOURS = "hours", "hours"
    DAYS = "days", "days"


class ServiceTarget(PartnershipScoped):
    """How fast a report must be acknowledged and resolved."""

    name = models.CharField(max_length=120)
    acknowledge_within = models.PositiveIntegerField()
    acknowledge_unit = models.CharField(
        max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_HOURS
    )
    resolve_within = models.PositiveIntegerField()
    resolve_unit = models.CharField(max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS)
    # A report is "at risk" once this share of its time has gone.
    at_risk_after = models.FloatField(default=0.75)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="service_target_unique")]

    def __str__(self) -> str:
        return self.name


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class RoutingRule(PartnershipScoped):
    """Category, area and time → who leads, who supports, how urgent, against which target.

    Blank category, area or time window means "any". The most specific matching rule wins.
    """

    name = models.CharField(max_length=200)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="rules"
    )
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="routing_rules"
    )
    # ISO weekdays 1 (Monday) to 7 (Sunday); empty means every day.
    days = models.JSONField(default=list, blank=True)
    starts_at = models.TimeField(null=True, blank=True, help_text="Local time; a window may cross midnight.")
    ends_at = models.TimeField(null=True, blank=True)
    lead_partner = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    supporting_partners = models.ManyToManyField("partners.Organisation", blank=True, related_name="+")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    service_target = models.ForeignKey(ServiceTarget, on_delete=models.PROTECT, related_name="rules")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True, ends_at__isnull=True)
                | models.Q(starts_at__isnull=False, ends_at__isnull=False),
                name="rule_window_has_both_ends",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS)


class ClosedReason(models.TextChoices):
    NO_ACTION = "no_action", "No action needed"
    DUPLICATE = "duplicate", "Duplicate of another report"
    REFERRED = "referred", "Referred to another body"


class Source(models.TextChoices):
    WEB = "web", "Online"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    WALK_IN = "walk_in", "Walk-in"
    OPEN311 = "open311", "Open311 app"
    STREET_AUDIT = "street_audit", "Street audit"


class Report(PartnershipScoped):
    reference = models.CharField(max_length=30, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    closed_reason = models.CharField(max_length=20, choices=ClosedReason.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.WEB)

    # Where: a point (WGS84) when known, and the areas it falls in, found at submission.
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location_text = models.CharField(max_length=300, blank=True, help_text="Street or place, in words.")
    ward = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ward_code = models.CharField(max_length=12, blank=True)
    lsoa_code = models.CharField(max_length=12, blank=True)

    description = models.TextField()
    answers = models.JSONField(
        default=dict, blank=True, help_text="Answers to the category's extra questions."
    )

    # Who: nothing at all when anonymous.
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_email = models.EmailField(blank=True)
    reporter_phone = models.CharField(max_length=40, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Routing: no lead partner means the report waits in the coordinator's triage queue.
    lead_partner = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="led_reports"
    )
    supporting_partners = models.ManyToManyField("partners.Organisation", blank=True, related_name="+")
    routing_rule = models.ForeignKey(
        RoutingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    service_target = models.ForeignKey(
        ServiceTarget, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledge_by = models.DateTimeField(null=True, blank=True)
    resolve_by = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    public_note = models.TextField(blank=True, help_text="What was done, as the public is told.")

    street_audit = models.ForeignKey(
        "StreetAudit", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    open311_client = models.ForeignKey(
        "Open311Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    open311_token = models.CharField(max_length=40, blank=True, db_index=True)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo; not a real report.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partnership", "status", "-created_at"]),
            models.Index(fields=["lead_partner", "status"]),
            models.Index(fields=["category", "-created_at"]),
            # Service targets falling due in a period: escalation, and the agenda's reports past target.
            models.Index(fields=["partnership", "acknowledge_by"], name="report_acknowledge_due"),
            models.Index(fields=["partnership", "resolve_by"], name="report_resolve_due"),
            # The public map asks for open, and recently resolved, reports in a bounding box.
            models.Index(
                fields=["latitude", "longitude"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="report_open_in_box",
            ),
            models.Index(
                fields=["resolved_at", "latitude", "longitude"],
                condition=models.Q(status=Status.RESOLVED),
                name="report_resolved_in_box",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"  # shown to the reporter and on the tracking page
    PARTNERS = "partners", "Partners"  # every partner who can see the report
    ORGANISATION = "organisation", "Own organisation only"  # an internal note of one partner


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "Reported"
    ROUTED = "routed", "Allocated"
    TRIAGE = "triage", "Sent to triage"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    STARTED = "started", "Work started"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"
    REASSIGNED = "reassigned", "Reassigned"
    DECLINED = "declined", "Declined"
    NOTE = "note", "Note"
    PUBLIC_UPDATE = "public_update", "Update"
    MERGED = "merged", "Merged"
    REPORTER_ADDED = "reporter_added", "Also reported by"
    ESCALATED = "escalated", "Escalated"


class ReportEvent(models.Model):
    """One entry in a report's timeline. Only ever added to."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.PARTNERS)
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For an internal note: the partner whose note it is.",
    )
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.kind}"


class Subscriber(models.Model):
    """Someone told about progress: the reporter, and anyone who reported the same problem."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "email"], name="subscriber_once_per_report")]

    def __str__(self) -> str:
        return self.email


class Photo(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="report-photos/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.image.name


class StreetAudit(PartnershipScoped):
    """A multi-agency walkabout: a team logs many issues on one route, then reviews them together."""

    name = models.CharField(max_length=200)
    route = models.TextField(blank=True)
    held_on = models.DateField()
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="street_audits")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "name"]

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    """An issue logged on a street audit; once reviewed it becomes a routed report."""

    audit = models.ForeignKey(StreetAudit, on_delete=models.CASCADE, related_name="findings")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location_text = models.CharField(max_length=300, blank=True)
    description = models.TextField()
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="finding"
    )
    dismissed = models.BooleanField(default=False)

    class Meta:
        ordering = ["logged_at"]

    def __str__(self) -> str:
        return f"{self.audit}: {self.description[:40]}"


class Open311Client(PartnershipScoped):
    """An application allowed to post reports through Open311, with its own API key."""

    name = models.CharField(max_length=200)
    key_prefix = models.CharField(max_length=12, help_text="The key's first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
