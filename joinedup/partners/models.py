"""Partnerships, their governance, partner organisations, teams, people and sharing agreements."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .scoping import PartnershipScoped


class Partnership(models.Model):
    """A Community Safety Partnership: the unit that owns data and scopes who sees it."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    reference_prefix = models.CharField(
        max_length=6, blank=True, help_text='Starts every report reference, e.g. "WOR" for WOR-2026-000123.'
    )
    areas = models.ManyToManyField(
        "places.Area",
        blank=True,
        related_name="partnerships",
        help_text="The districts the partnership covers.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    RESPONSIBLE_AUTHORITY = "responsible_authority", "Responsible authority"
    CO_OPTED = "co_opted", "Co-opted partner"
    VOLUNTARY = "voluntary", "Voluntary and community"
    BUSINESS = "business", "Business"
    EDUCATION = "education", "Education"
    HOUSING = "housing", "Housing provider"


class Organisation(models.Model):
    """A partner organisation. One organisation can be a member of several partnerships."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    partnerships: models.ManyToManyField = models.ManyToManyField(
        Partnership, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    joined_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="membership_once_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Role(models.TextChoices):
    OFFICER = "officer", "Partner officer"
    MANAGER = "manager", "Partner manager"
    COORDINATOR = "coordinator", "Community safety coordinator"
    ANALYST = "analyst", "Analyst"
    COUNCILLOR = "councillor", "Councillor"
    ADMINISTRATOR = "administrator", "Administrator"
    # A resident or volunteer in a local delivery group: sees only their programmes and the asset map.
    COMMUNITY = "community", "Community member"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("Every user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff of a partner organisation. The public need no account."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OFFICER)
    partnerships = models.ManyToManyField(
        Partnership,
        blank=True,
        related_name="people",
        help_text="The partnerships this person works in; each must count their organisation as a member.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the system configuration screens.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class GroupKind(models.TextChoices):
    BOARD = "board", "Board"
    PARTNERSHIP = "partnership", "Community safety partnership"
    DISTRICT = "district", "District partnership"
    TASKING = "tasking", "Tasking group"
    FOCUS = "focus", "Focus group"


class GovernanceGroup(models.Model):
    """A group in a partnership's governance tree; each reports to its parent.

    A group with no partnership is a shared body above several partnerships (a county board) and
    is visible to all of them; every other group is scoped to its partnership.
    """

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="groups"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    purpose = models.TextField(blank=True)
    meets = models.CharField(
        max_length=120, blank=True, help_text="How often it meets, e.g. every two months."
    )
    chair = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(Organisation, blank=True, related_name="groups")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="group_name_unique_in_partnership"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="group_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class DataClass(models.Model):
    """A class of data an agreement can cover, e.g. ASB case data or special category data."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    special_category = models.BooleanField(
        default=False, help_text="Special category or criminal offence data needs an extra condition."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "data classes"

    def __str__(self) -> str:
        return self.name


class AgreementStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not yet in force"
    CURRENT = "current", "Current"
    REVIEW_OVERDUE = "review_overdue", "Review overdue"
    ENDED = "ended", "Ended"


class SharingAgreement(PartnershipScoped):
    """An information sharing agreement: who signed, which data, on what lawful basis, until when."""

    reference = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    legal_gateway = models.CharField(max_length=200, default="Crime and Disorder Act 1998, section 115")
    lawful_basis = models.CharField(max_length=300)
    signatories = models.ManyToManyField(Organisation, related_name="sharing_agreements")
    data_classes = models.ManyToManyField(DataClass, related_name="sharing_agreements")
    starts_on = models.DateField()
    review_due_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    retention = models.CharField(max_length=300, blank=True, help_text="How long shared data is kept.")

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="agreement_reference_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def status_on(self, day: dt.date) -> AgreementStatus:
        if day < self.starts_on:
            return AgreementStatus.NOT_STARTED
        if self.ends_on and day > self.ends_on:
            return AgreementStatus.ENDED
        if day > self.review_due_on:
            return AgreementStatus.REVIEW_OVERDUE
        return AgreementStatus.CURRENT
