"""The records of the Scrum events: planning capacity, daily scrums, impediments, sprint reviews."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from okrum.core.time import now
from okrum.scrum.models.backlog import Sprint
from okrum.teams.models import Team
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import OrgManager


class SprintCapacity(models.Model):
    """The days a team member can give to a sprint, set at sprint planning."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="capacities")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    available_days = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal(0))

    objects = OrgManager["SprintCapacity"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sprint", "membership"], name="capacity_unique"),
            models.CheckConstraint(
                condition=models.Q(available_days__gte=0), name="capacity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.available_days} days in {self.sprint_id}"


class DailyScrumEntry(models.Model):
    """One developer's daily scrum: done since the last one, and the plan until the next."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="daily_entries")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    done = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["DailyScrumEntry"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sprint", "membership", "day"], name="one_daily_entry_per_day"
            )
        ]
        indexes = [models.Index(fields=["sprint", "day"], name="daily_entry_by_day")]

    def __str__(self) -> str:
        return f"{self.membership_id} on {self.day}"


class Impediment(models.Model):
    """Something that blocks the team, raised at a daily scrum and tracked until resolved."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="impediments")
    # The sprint in which it was raised; it stays open across sprints until resolved.
    sprint = models.ForeignKey(
        Sprint, null=True, blank=True, on_delete=models.SET_NULL, related_name="impediments"
    )
    entry = models.ForeignKey(
        DailyScrumEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impediments",
    )
    description = models.TextField()
    raised_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(default=now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["Impediment"]()

    class Meta:
        indexes = [models.Index(fields=["team", "resolved_at"], name="impediment_open")]

    def __str__(self) -> str:
        return self.description[:60]


class SprintReview(models.Model):
    """The sprint review: stakeholder feedback and notes, kept after the sprint closes.

    The increment and the key results' movement are read from the sprint itself; the backlog
    changes made during the review are the item events since `started_at`.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    sprint = models.OneToOneField(Sprint, on_delete=models.CASCADE, related_name="review")
    feedback = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    started_at = models.DateTimeField(default=now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["SprintReview"]()

    def __str__(self) -> str:
        return f"Review of {self.sprint_id}"
