"""Scrum teams inside an organization and the accountability each member carries."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from okrum.core.time import now
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import OrgManager

KEY_PATTERN = r"^[A-Z][A-Z0-9]{1,9}$"


class Accountability(models.TextChoices):
    PRODUCT_OWNER = "product_owner", "Product Owner"
    SCRUM_MASTER = "scrum_master", "Scrum Master"
    DEVELOPER = "developer", "Developer"
    STAKEHOLDER = "stakeholder", "Stakeholder"


class Team(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    name = models.CharField(max_length=80)
    # Prefix of the team's backlog item keys (CHK-42).
    key = models.CharField(max_length=10, validators=[RegexValidator(KEY_PATTERN)])
    description = models.TextField(blank=True)
    # When the team's active sprint started (None: no sprint running). Scrum keeps it; the OKR
    # check-in cadence "per sprint" reads it, since OKRs do not look into Scrum.
    sprint_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["Team"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="team_key_unique"),
            models.UniqueConstraint(fields=["organization", "name"], name="team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="teams")
    accountability = models.CharField(
        max_length=20, choices=Accountability.choices, default=Accountability.DEVELOPER
    )
    created_at = models.DateTimeField(default=now)

    objects = OrgManager["TeamMember"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "membership"], name="one_seat_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} in {self.team_id} as {self.accountability}"
