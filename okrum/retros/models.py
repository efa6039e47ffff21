"""Retrospectives: one board for the sprint retro and the OKR retro, and the carry-forward."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from okrum.core.time import now
from okrum.okrs.models import Cycle, Objective
from okrum.scrum.models import BacklogItem, Sprint
from okrum.teams.models import Team
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import OrgManager


class RetroKind(models.TextChoices):
    SPRINT = "sprint", "Sprint retrospective"
    CYCLE = "cycle", "OKR retrospective"


class Retrospective(models.Model):
    """A board whose parent is a sprint, or a cycle and a team (no team: the company's)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    kind = models.CharField(max_length=8, choices=RetroKind.choices)
    sprint = models.OneToOneField(
        Sprint, null=True, blank=True, on_delete=models.CASCADE, related_name="retrospective"
    )
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.CASCADE, related_name="retrospectives"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="retrospectives"
    )
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["Retrospective"]()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="sprint", sprint__isnull=False, cycle__isnull=True)
                    | models.Q(kind="cycle", sprint__isnull=True, cycle__isnull=False)
                ),
                name="retro_has_its_parent",
            ),
            models.UniqueConstraint(
                fields=["cycle", "team"],
                condition=models.Q(kind="cycle", team__isnull=False),
                name="one_okr_retro_per_team",
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=models.Q(kind="cycle", team__isnull=True),
                name="one_company_okr_retro",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} retrospective {self.pk}"


class Column(models.TextChoices):
    WENT_WELL = "went_well", "Went well"
    TO_IMPROVE = "to_improve", "To improve"
    ACTION = "action", "Action"


class RetroCard(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    retrospective = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="cards")
    column = models.CharField(max_length=10, choices=Column.choices)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Actions only: who does it, by when, whether it is done, and the backlog item it became.
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    backlog_item = models.OneToOneField(
        BacklogItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="retro_card"
    )
    # Materialized by the vote service: one vote per person per card.
    votes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["RetroCard"]()

    class Meta:
        indexes = [models.Index(fields=["retrospective", "column"], name="retro_card_column")]

    def __str__(self) -> str:
        return self.body[:60]


class RetroVote(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    card = models.ForeignKey(RetroCard, on_delete=models.CASCADE, related_name="vote_rows")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    objects = OrgManager["RetroVote"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["card", "membership"], name="one_vote_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} votes {self.card_id}"


class Decision(models.TextChoices):
    CLOSE = "close", "Close it"
    DROP = "drop", "Drop it"
    EXTEND = "extend", "Extend into the next cycle"


class CarryForward(models.Model):
    """The OKR retro's decision on an objective that was not achieved."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    retrospective = models.ForeignKey(
        Retrospective, on_delete=models.CASCADE, related_name="carry_forwards"
    )
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    # The copy in the next cycle, when extended.
    extended_to = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=now)

    objects = OrgManager["CarryForward"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["objective"], name="one_decision_per_objective")
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.objective_id}"
