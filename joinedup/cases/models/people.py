"""People known to cases, and the part each plays in each case."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from joinedup.partners.scoping import PartnershipScoped


class Vulnerability(models.TextChoices):
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_DISABILITY = "physical_disability", "Physical disability or illness"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    OLDER_PERSON = "older_person", "Older person"
    CHILD = "child", "Child or young person"
    ISOLATED = "isolated", "Socially isolated"
    SUBSTANCE_MISUSE = "substance_misuse", "Alcohol or drug misuse"
    LANGUAGE = "language", "Language or communication needs"


class Consent(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked yet"
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"


class Person(PartnershipScoped):
    """A person known to the partnership's cases. Addressed by `public_id`, never by name, in URLs.

    `name_key`, `name_sound` and `address_key` are derived (see `cases.matching`) so likely
    duplicates can be found by index: trigram similarity on `name_key` in PostgreSQL, the phonetic
    key and exact keys everywhere.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    other_names = models.CharField(max_length=200, blank=True, help_text="Known as, or previous names.")
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    vulnerabilities = models.JSONField(default=list, blank=True)
    consent = models.CharField(max_length=20, choices=Consent.choices, default=Consent.NOT_ASKED)
    consent_on = models.DateField(null=True, blank=True)

    name_key = models.CharField(max_length=220, db_index=True)
    name_sound = models.CharField(max_length=20, db_index=True)
    address_key = models.CharField(max_length=80, blank=True, db_index=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        # Never the name: this is what the append-only audit trail keeps, and it outlives erasure.
        return f"Person {self.public_id.hex[:8]}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def get_vulnerabilities_display(self) -> list[str]:
        labels = dict(Vulnerability.choices)
        return [labels.get(v, v) for v in self.vulnerabilities]


class PersonRole(models.TextChoices):
    VICTIM = "victim", "Victim or complainant"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    WITNESS = "witness", "Witness"
    VULNERABLE = "vulnerable", "Vulnerable person"
    PARENT = "parent", "Parent or guardian"


class CasePerson(models.Model):
    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=PersonRole.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="case_person_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_role_display()}"
