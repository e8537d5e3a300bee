"""The ASB Case Review (formerly the Community Trigger): each partnership's published procedure and
threshold rules, the applications made under it, the complaints that count towards the threshold, and
the review's recommendations.

The law is in the ASB, Crime and Policing Act 2014 ss.104-105 and Sch. 4 (REFERENCE.md §1).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped

# §1.2: an area may set a lower number of complaints than three, never a higher one.
STATUTORY_MAXIMUM_COMPLAINTS = 3
# §1.2: a complaint qualifies only if the application is made within 6 months of it.
STATUTORY_APPLICATION_MONTHS = 6


class WindowUnit(models.TextChoices):
    MONTHS = "months", "Months"
    DAYS = "days", "Days"


class CaseReviewProcedure(PartnershipScoped):
    """A partnership's published Case Review procedure: its threshold rules and timescales (all local, §1.3).

    The working-day defaults (10, 15, 20, 5) are those seen in published procedures (Gosport, Bristol);
    each partnership sets its own.
    """

    name = models.CharField(max_length=200, default="ASB Case Review procedure")
    # §1.2: "made within 1 month of the behaviour"; Lincolnshire counts 30 days.
    complaint_window = models.PositiveSmallIntegerField(default=1)
    complaint_window_unit = models.CharField(
        max_length=10, choices=WindowUnit.choices, default=WindowUnit.MONTHS
    )
    acknowledge_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days from receipt to acknowledging the application."
    )
    decision_days = models.PositiveSmallIntegerField(
        default=15,
        help_text="Working days from acknowledgement to telling the applicant the threshold decision.",
    )
    meeting_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days from the threshold decision to the review meeting."
    )
    outcome_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days from the review meeting to the outcome letter."
    )
    requires_written_consent = models.BooleanField(
        default=False, help_text="Someone applying for the victim needs their written consent."
    )
    escalation_route = models.TextField(
        blank=True,
        help_text="What an applicant unhappy with the handling or the review can do (Sch. 4 para 3), "
        "e.g. ask the Police and Crime Commissioner's office to review it.",
    )
    nearby_metres = models.PositiveIntegerField(
        default=150, help_text="Reports this close to the victim's place are gathered as possible complaints."
    )
    complaint_categories = models.ManyToManyField(
        "reports.Category",
        blank=True,
        related_name="+",
        help_text="Report categories that are anti-social behaviour. None chosen means every category.",
    )
    hate_categories = models.ManyToManyField(
        "reports.Category",
        blank=True,
        related_name="+",
        help_text="Report categories that are hate incidents.",
    )
    year_start_month = models.PositiveSmallIntegerField(
        default=4, help_text="The month the reporting year for the published figures starts (April)."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership"], name="one_case_review_procedure"),
            models.CheckConstraint(
                condition=Q(year_start_month__gte=1, year_start_month__lte=12), name="case_review_year_month"
            ),
            models.CheckConstraint(condition=Q(complaint_window__gte=1), name="case_review_complaint_window"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.partnership})"


class RuleKind(models.TextChoices):
    REPORTS = "reports", "Reports about the same problem"
    REPORTERS = "reporters", "Different people or groups reporting the same problem"
    HATE = "hate", "Hate incidents"


class ThresholdRule(models.Model):
    """One way the threshold is met, e.g. "3 reports about the same problem in 6 months" (§1.2).

    The count may never be more than three: the law makes three qualifying complaints enough everywhere.
    """

    procedure = models.ForeignKey(CaseReviewProcedure, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=20, choices=RuleKind.choices)
    count = models.PositiveSmallIntegerField()
    months = models.PositiveSmallIntegerField(default=6)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1, count__lte=STATUTORY_MAXIMUM_COMPLAINTS),
                name="threshold_rule_statutory_cap",
            ),
            models.CheckConstraint(condition=Q(months__gte=1, months__lte=12), name="threshold_rule_months"),
        ]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        noun = {
            RuleKind.REPORTS: ("report", "reports", "about the same problem"),
            RuleKind.REPORTERS: ("person or group", "people or groups", "reporting the same problem"),
            RuleKind.HATE: ("hate incident", "hate incidents", ""),
        }[RuleKind(self.kind)]
        how_many = f"1 {noun[0]}" if self.count == 1 else f"{self.count} or more {noun[1]}"
        tail = f" {noun[2]}" if noun[2] else ""
        return f"{how_many}{tail} in {self.months} month{'s' if self.months != 1 else ''}"


class VictimKind(models.TextChoices):
    PERSON = "person", "A person"
    BUSINESS = "business", "A business"
    GROUP = "group", "A community group"


class ReceivedBy(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    ONLINE = "online", "Online form"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class Decision(models.TextChoices):
    MET = "met", "Threshold met: a review will be held"
    NOT_MET = "not_met", "Threshold not met"


class CaseReviewApplication(PartnershipScoped):
    """An application for an ASB Case Review, addressed by its reference. Each step keeps its own date."""

    reference = models.CharField(max_length=30, unique=True)
    procedure = models.ForeignKey(CaseReviewProcedure, on_delete=models.PROTECT, related_name="applications")
    received_on = models.DateField()
    received_by = models.CharField(max_length=20, choices=ReceivedBy.choices)
    problem = models.TextField(help_text="The behaviour the application is about, in the applicant's words.")

    # The victim: a person, a business or a community group (§1.1), and where the problem is.
    victim_kind = models.CharField(max_length=20, choices=VictimKind.choices, default=VictimKind.PERSON)
    victim_name = models.CharField(max_length=200)
    victim_address = models.CharField(max_length=300, blank=True)
    victim_postcode = models.CharField(max_length=10, blank=True)
    victim_email = models.EmailField(blank=True)
    victim_phone = models.CharField(max_length=40, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)

    # Someone applying for the victim, with their consent (§1.1: some areas require it in writing).
    on_behalf = models.BooleanField(default=False)
    representative_name = models.CharField(max_length=200, blank=True)
    representative_relationship = models.CharField(max_length=200, blank=True)
    representative_email = models.EmailField(blank=True)
    representative_phone = models.CharField(max_length=40, blank=True)
    consent_on = models.DateField(null=True, blank=True)
    consent_written = models.BooleanField(default=False)

    cases = models.ManyToManyField("cases.Case", blank=True, related_name="case_review_applications")
    reports = models.ManyToManyField("reports.Report", blank=True, related_name="case_review_applications")

    acknowledged_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    decision_rule = models.CharField(
        max_length=300, blank=True, help_text="The rule the assessment found met."
    )
    assessment = models.JSONField(
        default=dict, blank=True, help_text="The assessment as it stood at the decision."
    )
    review_held_on = models.DateField(null=True, blank=True)
    review_attendees = models.ManyToManyField("partners.Organisation", blank=True, related_name="+")
    review_summary = models.TextField(blank=True)
    outcome_sent_on = models.DateField(null=True, blank=True)
    outcome_letter = models.TextField(blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    escalation_reason = models.TextField(blank=True)
    escalation_result = models.TextField(blank=True)
    escalation_decided_on = models.DateField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic concurrency: every step bumps it; a step recorded on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["partnership", "received_on"], name="case_review_received")]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_behalf=False) | ~Q(representative_name="") & Q(consent_on__isnull=False),
                name="case_review_on_behalf_has_consent",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_on__isnull=False), name="case_review_decision_dated"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def applicant_name(self) -> str:
        return self.representative_name if self.on_behalf else self.victim_name

    @property
    def applicant_email(self) -> str:
        """Letters go to whoever applied: the representative when someone applied for the victim."""
        return self.representative_email if self.on_behalf else self.victim_email


class ComplaintSource(models.TextChoices):
    REPORT = "report", "Report"
    CONTACT = "contact", "Case contact"
    MANUAL = "manual", "Added by hand"


class Complaint(models.Model):
    """A complaint about the behaviour, gathered from a report or case record or added by hand.

    Only dates, the agency, who reported and the place are kept: enough to decide whether it qualifies.
    """

    application = models.ForeignKey(
        CaseReviewApplication, on_delete=models.CASCADE, related_name="complaints"
    )
    source = models.CharField(max_length=10, choices=ComplaintSource.choices)
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        "cases.CaseContact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_reference = models.CharField(max_length=40, blank=True)
    reported_on = models.DateField()
    incident_on = models.DateField()
    agency = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reporter = models.CharField(max_length=200, blank=True, help_text="Who complained; blank if anonymous.")
    place = models.CharField(max_length=300, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    hate = models.BooleanField(default=False)
    summary = models.CharField(max_length=300, blank=True)
    # The officer's judgement: the same incident as another complaint, or not about this problem at all.
    same_incident_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    excluded = models.BooleanField(default=False)
    excluded_reason = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident_on", "reported_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "report"],
                condition=Q(report__isnull=False),
                name="complaint_report_once",
            ),
            models.UniqueConstraint(
                fields=["application", "contact"],
                condition=Q(contact__isnull=False),
                name="complaint_contact_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Complaint {self.id} on {self.application}"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "In progress"
    DONE = "done", "Done"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class Recommendation(models.Model):
    """A review's recommendation to a body with public functions, which must have regard to it (§1.3)."""

    application = models.ForeignKey(
        CaseReviewApplication, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField()
    owner = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    status_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Recommendation {self.id} on {self.application}"
