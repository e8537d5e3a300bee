"""Victim risk assessment: each partnership's questionnaire, in versions, and the assessments made with it.

The questions, weights, thresholds and reassessment intervals are the partnership's own
(REFERENCE.md §7.1: there is no national ASB victim risk scale). A questionnaire is never changed in
place: a coordinator's edit saves a new version, so every assessment keeps the exact questions,
weights and thresholds it was scored with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped

from .cases import RiskLevel

# Lowest first: professional judgement may move an assessment up this list, never down.
LEVEL_ORDER = [RiskLevel.STANDARD, RiskLevel.MEDIUM, RiskLevel.HIGH]


class RiskQuestionnaire(PartnershipScoped):
    """One version of a partnership's victim risk questionnaire. Only ever added to."""

    version = models.PositiveIntegerField()
    medium_from = models.PositiveIntegerField(help_text="A score of this or more is medium risk.")
    high_from = models.PositiveIntegerField(help_text="A score of this or more is high risk.")
    high_review_days = models.PositiveIntegerField()
    medium_review_days = models.PositiveIntegerField()
    standard_review_days = models.PositiveIntegerField()
    change_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="risk_questionnaire_version_once"
            ),
            models.CheckConstraint(
                condition=Q(medium_from__gte=1, high_from__gt=F("medium_from")),
                name="risk_thresholds_ascending",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk questionnaire version {self.version}"

    def level_for(self, score: int) -> str:
        if score >= self.high_from:
            return RiskLevel.HIGH
        if score >= self.medium_from:
            return RiskLevel.MEDIUM
        return RiskLevel.STANDARD

    def review_days(self, level: str) -> int:
        return {
            RiskLevel.HIGH: self.high_review_days,
            RiskLevel.MEDIUM: self.medium_review_days,
            RiskLevel.STANDARD: self.standard_review_days,
        }[RiskLevel(level)]


class RiskQuestion(models.Model):
    """A yes-or-no question; a yes adds its weight to the score."""

    questionnaire = models.ForeignKey(RiskQuestionnaire, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "position"], name="risk_question_position_once")
        ]

    def __str__(self) -> str:
        return f"Question {self.position}"


class RiskAssessment(models.Model):
    """A person's risk in a case, as scored and as finally judged, and when to look again."""

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="risk_assessments")
    person = models.ForeignKey("Person", on_delete=models.CASCADE, related_name="risk_assessments")
    questionnaire = models.ForeignKey(RiskQuestionnaire, on_delete=models.PROTECT, related_name="assessments")
    score = models.PositiveIntegerField()
    scored_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    override_reason = models.TextField(blank=True, help_text="Why professional judgement raised the level.")
    review_due_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        indexes = [
            models.Index(fields=["case", "person", "-assessed_at"], name="risk_case_person_latest"),
            models.Index(fields=["review_due_on"], name="risk_review_due"),
        ]
        constraints = [
            # Judgement raises a level and must say why; without it the level is the score's.
            models.CheckConstraint(
                condition=Q(level=F("scored_level")) | ~Q(override_reason=""), name="risk_override_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Risk assessment {self.id} on {self.case}"

    @property
    def overridden(self) -> bool:
        return self.level != self.scored_level


class RiskAnswer(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RiskQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.BooleanField()
    points = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["question__position", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="risk_answer_once")]

    def __str__(self) -> str:
        return f"Answer to {self.question}"
