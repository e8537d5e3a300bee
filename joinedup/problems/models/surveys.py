"""Perception surveys: a partnership's short survey of a few wards, asked in rounds, answered anonymously.

Every survey asks the same three core questions with fixed wording and answer scales (in the style of
the Crime Survey for England and Wales), so rounds and wards compare. A coordinator may add a few
questions of their own; they are locked once anyone has answered.

A response holds no personal data: the ward, the answers and the day it was sent. No address, user
agent, time of day or account is kept.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class AsbProblem(models.TextChoices):
    VERY_BIG = "very_big", "A very big problem"
    FAIRLY_BIG = "fairly_big", "A fairly big problem"
    NOT_VERY_BIG = "not_very_big", "Not a very big problem"
    NOT_AT_ALL = "not_at_all", "Not a problem at all"
    DONT_KNOW = "dont_know", "Don't know"


class FeelSafe(models.TextChoices):
    VERY_SAFE = "very_safe", "Very safe"
    FAIRLY_SAFE = "fairly_safe", "Fairly safe"
    BIT_UNSAFE = "bit_unsafe", "A bit unsafe"
    VERY_UNSAFE = "very_unsafe", "Very unsafe"
    DONT_KNOW = "dont_know", "Don't know"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Choose one answer"
    MULTIPLE = "multiple", "Choose any answers that apply"
    TEXT = "text", "Short answer in their own words"


class Survey(PartnershipScoped):
    """A perception survey of some of the partnership's wards."""

    title = models.CharField(max_length=200)
    introduction = models.TextField(help_text="Shown to people before they start: who is asking and why.")
    wards = models.ManyToManyField("places.Area", related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    """A question the coordinator added to the three core ones."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=200)
    hint = models.CharField(max_length=300, blank=True)
    options = models.JSONField(default=list, blank=True, help_text="The answers to choose from, in order.")
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyRound(models.Model):
    """One round of asking, e.g. "Round 1, spring 2026", open between two dates once published.

    `token` makes the public link unguessable; `short_code` is a short, upper-case code for a QR code
    or a poster, which leads to the same pages.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=100)
    opens_on = models.DateField()
    closes_on = models.DateField()
    token = models.CharField(max_length=40, unique=True)
    short_code = models.CharField(max_length=12, unique=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["opens_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_round_closes_after_opening"
            ),
            models.UniqueConstraint(fields=["survey", "name"], name="survey_round_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.name}"

    def status(self, today: dt.date | None = None) -> str:
        """draft, scheduled (published, not open yet), open, or closed."""
        today = today or timezone.localdate()
        if self.published_at is None:
            return "draft"
        if self.closed_at is not None or today > self.closes_on:
            return "closed"
        if today < self.opens_on:
            return "scheduled"
        return "open"

    @property
    def status_label(self) -> str:
        return {"draft": "Not published", "scheduled": "Published, not open yet", "open": "Open"}.get(
            self.status(), "Closed"
        )


class SurveyResponse(models.Model):
    """One person's answers. `ward` is empty when they chose none of the survey's wards."""

    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    ward = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    asb_problem = models.CharField(max_length=20, choices=AsbProblem.choices)
    safe_day = models.CharField(max_length=20, choices=FeelSafe.choices)
    safe_dark = models.CharField(max_length=20, choices=FeelSafe.choices)
    # The day only: a time to the second could be matched with a web server's log of addresses.
    submitted_on = models.DateField(default=timezone.localdate)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["round", "ward"], name="survey_response_round_ward")]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.round}"


class SurveyAnswer(models.Model):
    """An answer to an added question: one row per option chosen, or the words typed."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=500)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["question", "value"], name="survey_answer_question_value")]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"
