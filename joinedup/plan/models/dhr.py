"""Domestic Homicide Reviews (Domestic Violence, Crime and Victims Act 2004 s.9; to be renamed Domestic Abuse
Related Death Reviews by the Victims and Prisoners Act 2024 s.19; REFERENCE.md §4).

Restricted: only the partnership's named DHR leads and each review's panel members know a review exists.
No victim's name is kept: reviews are known by a pseudonym, as published reviews are ("Adult A").
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped

from ..statutory import add_months, dhr_timescales


class DhrLead(models.Model):
    """A person the partnership names to see and keep all its reviews."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    named_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__full_name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "user"], name="dhr_lead_once")]

    def __str__(self) -> str:
        return f"{self.user} (DHR lead)"


class DhrDecision(models.TextChoices):
    PENDING = "pending", "Not decided yet"
    HOLD = "hold", "Hold a review"
    NOT_HOLD = "not_hold", "Do not hold a review"


class DhrStage(models.TextChoices):
    """The guidance's steps (notified, decision, Home Office told, panel, IMRs, drafting, CSP sign-off, QA
    panel, feedback, approved, published), grouped as partnerships report them. The panel, IMR and drafting
    steps are dates within "in progress"."""

    NOTIFIED = "notified", "Notified, decision due"
    NOT_HELD = "not_held", "Not held"
    IN_PROGRESS = "in_progress", "In progress"
    DRAFT = "draft", "Draft with the partnership"
    HOME_OFFICE = "home_office", "With the Home Office"
    QA_FEEDBACK = "qa_feedback", "Quality assurance feedback"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


# Where a review may go next by `dhr_move`. Leaving NOTIFIED is the decision itself (`dhr_decide`).
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    DhrStage.IN_PROGRESS: (DhrStage.DRAFT,),
    DhrStage.DRAFT: (DhrStage.IN_PROGRESS, DhrStage.HOME_OFFICE),
    DhrStage.HOME_OFFICE: (DhrStage.QA_FEEDBACK, DhrStage.APPROVED),
    DhrStage.QA_FEEDBACK: (DhrStage.DRAFT, DhrStage.HOME_OFFICE),
    DhrStage.APPROVED: (DhrStage.PUBLISHED,),
}


class DomesticHomicideReview(PartnershipScoped):
    reference = models.CharField(max_length=40)
    pseudonym = models.CharField(
        max_length=60,
        default="Adult A",
        help_text='How the review refers to the person who died, e.g. "Adult A".',
    )
    notified_on = models.DateField(help_text="When the police notified the partnership in writing.")
    decision = models.CharField(max_length=10, choices=DhrDecision.choices, default=DhrDecision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    home_office_notified_on = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=20, choices=DhrStage.choices, default=DhrStage.NOTIFIED)
    independent_chair = models.CharField(max_length=200, blank=True)
    panel_first_met_on = models.DateField(null=True, blank=True)
    imrs_requested_on = models.DateField(null=True, blank=True, help_text="Individual management reviews.")
    submitted_on = models.DateField(null=True, blank=True, help_text="Last sent to the Home Office QA panel.")
    approved_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_url = models.URLField(blank=True)
    panel_members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["-notified_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="dhr_reference_unique")
        ]

    def __str__(self) -> str:
        return f"DHR {self.reference}"

    @property
    def decision_due(self) -> dt.date:
        """Notification + the decision timescale in force on that date (configurable, REFERENCE.md §4)."""
        return add_months(self.notified_on, dhr_timescales(on=self.notified_on).decision_months)

    @property
    def completion_due(self) -> dt.date | None:
        """Decision to hold + the completion timescale (the overview report), or None if not held."""
        if self.decision != DhrDecision.HOLD or self.decided_on is None:
            return None
        return add_months(self.decided_on, dhr_timescales(on=self.notified_on).completion_months)


class DhrStageChange(models.Model):
    """The review's history: each stage it entered, when, by whom, and why."""

    review = models.ForeignKey(DomesticHomicideReview, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=20, choices=DhrStage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=DhrStage.choices)
    on = models.DateField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.review} to {self.to_stage}"


class DhrActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    NOT_ACHIEVED = "not_achieved", "Not achieved"


class DhrAction(models.Model):
    """One recommendation's action in the review's action plan, owned by a partner."""

    review = models.ForeignKey(DomesticHomicideReview, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=DhrActionStatus.choices, default=DhrActionStatus.NOT_STARTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action[:60]


class DhrActionUpdate(models.Model):
    action = models.ForeignKey(DhrAction, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    status = models.CharField(max_length=20, choices=DhrActionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
