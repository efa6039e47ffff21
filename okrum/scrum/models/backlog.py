"""Scrum: product goals, the product backlog, sprints, the Definition of Done and item history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from okrum.core.time import now
from okrum.okrs.models import KeyResult, Objective
from okrum.scrum import estimates, ranking
from okrum.teams.models import Team
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import OrgManager


class RankField(models.CharField):  # type: ignore[type-arg]
    """A fractional rank (see ranking.py), compared bytewise on every database."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", ranking.MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection: BaseDatabaseWrapper) -> dict[str, Any]:
        params = super().db_parameters(connection)
        # PostgreSQL's default collation follows the locale ("a" < "B"); ranks need byte order.
        # SQLite compares bytes already (BINARY).
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def _points(**kwargs: Any) -> models.DecimalField[Decimal | None, Decimal | None]:
    return models.DecimalField(max_digits=7, decimal_places=1, **kwargs)


def _value() -> models.DecimalField[Decimal | None, Decimal | None]:
    return models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)


def _fraction() -> models.DecimalField[Decimal | None, Decimal | None]:
    return models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)


class EstimateScale(models.TextChoices):
    FIBONACCI = "fibonacci", "Fibonacci (0, 1, 2, 3, 5, 8, 13, 21)"
    TSHIRT = "tshirt", "T-shirt sizes (XS, S, M, L, XL, XXL)"
    CUSTOM = "custom", "A custom list of points"


class Backlog(models.Model):
    """One per team: how items are estimated and the counter behind their keys (never reused)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="backlog")
    estimate_scale = models.CharField(
        max_length=10, choices=EstimateScale.choices, default=EstimateScale.FIBONACCI
    )
    # The points a custom scale allows, ascending, as decimal strings.
    custom_points = models.JSONField(default=list, blank=True)
    last_number = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["Backlog"]()

    def __str__(self) -> str:
        return f"Backlog of {self.team_id}"

    def scale_points(self) -> tuple[Decimal, ...]:
        """The points an estimate may take on this team's scale."""
        custom = [Decimal(p) for p in self.custom_points]
        return estimates.points(self.estimate_scale, custom)


class ProductGoalStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ACHIEVED = "achieved", "Achieved"
    ABANDONED = "abandoned", "Abandoned"


class ProductGoal(models.Model):
    """The team's long-term objective (Scrum Guide 2020); at most one active per team."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="product_goals")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="product_goals"
    )
    status = models.CharField(
        max_length=10, choices=ProductGoalStatus.choices, default=ProductGoalStatus.ACTIVE
    )
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["ProductGoal"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(status="active"),
                name="one_active_product_goal_per_team",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SprintState(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Sprint(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=80)
    goal = models.CharField(max_length=300, blank=True)
    goal_key_results: models.ManyToManyField[KeyResult, SprintKeyResult] = models.ManyToManyField(
        KeyResult, through="SprintKeyResult", blank=True, related_name="sprints"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(
        max_length=10, choices=SprintState.choices, default=SprintState.PLANNED
    )
    capacity = _points(null=True, blank=True)
    # Frozen when the sprint starts.
    committed_points = _points(null=True, blank=True)
    committed_items = models.PositiveIntegerField(null=True, blank=True)
    # Recorded when it closes.
    done_points = _points(null=True, blank=True)
    done_items = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["Sprint"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="sprint_number_unique"),
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(state="active"),
                name="one_active_sprint_per_team",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="sprint_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SprintKeyResult(models.Model):
    """A key result the Sprint Goal serves."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="+")
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="+")
    # The key result when the sprint started (or when the link was made, if later) and when it
    # closed: what the sprint review shows, kept for reading later.
    start_value = _value()
    start_progress = _fraction()
    start_confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    end_value = _value()
    end_progress = _fraction()
    end_confidence = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = OrgManager["SprintKeyResult"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sprint", "key_result"], name="sprint_kr_unique")
        ]

    def __str__(self) -> str:
        return f"{self.sprint_id} serves {self.key_result_id}"


class ItemKind(models.TextChoices):
    STORY = "story", "Story"
    BUG = "bug", "Bug"
    TASK = "task", "Task"
    SPIKE = "spike", "Spike"


class ItemStatus(models.TextChoices):
    NEW = "new", "New"
    READY = "ready", "Ready"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    WONT_DO = "wont_do", "Won't do"


OPEN_STATUSES = (ItemStatus.NEW, ItemStatus.READY, ItemStatus.IN_PROGRESS)
FINISHED_STATUSES = (ItemStatus.DONE, ItemStatus.WONT_DO)


class BacklogItem(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="backlog_items")
    # With the team's key it makes the item's key, CHK-42; numbers are never reused.
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    acceptance_criteria = models.TextField(blank=True)
    kind = models.CharField(max_length=8, choices=ItemKind.choices, default=ItemKind.STORY)
    status = models.CharField(max_length=12, choices=ItemStatus.choices, default=ItemStatus.NEW)
    estimate = _points(null=True, blank=True)
    rank = RankField()
    sprint = models.ForeignKey(
        Sprint, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    assignee = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key_results: models.ManyToManyField[KeyResult, BacklogItemKeyResult] = models.ManyToManyField(
        KeyResult, through="BacklogItemKeyResult", blank=True, related_name="backlog_items"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["BacklogItem"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="item_number_unique"),
            models.UniqueConstraint(fields=["team", "rank"], name="item_rank_unique"),
        ]
        indexes = [
            models.Index(fields=["organization", "team", "rank", "id"], name="item_backlog_order"),
            models.Index(fields=["sprint", "status"], name="item_sprint_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def key(self) -> str:
        return f"{self.team.key}-{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class BacklogItemKeyResult(models.Model):
    """A key result a backlog item is meant to move."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    item = models.ForeignKey(BacklogItem, on_delete=models.CASCADE, related_name="+")
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="+")

    objects = OrgManager["BacklogItemKeyResult"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "key_result"], name="item_kr_unique")
        ]
        indexes = [models.Index(fields=["key_result", "item"], name="item_kr_by_kr")]

    def __str__(self) -> str:
        return f"{self.item_id} moves {self.key_result_id}"


class ItemField(models.TextChoices):
    CREATED = "created", "Created"
    STATUS = "status", "Status"
    ESTIMATE = "estimate", "Estimate"
    SPRINT = "sprint", "Sprint"
    RANK = "rank", "Rank"


class ItemEvent(models.Model):
    """One change of an item's status, estimate, sprint or rank: what charts are drawn from."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    item = models.ForeignKey(BacklogItem, on_delete=models.CASCADE, related_name="events")
    # The sprint the item was in when the change happened (for sprint charts and scope changes).
    sprint = models.ForeignKey(
        Sprint, null=True, blank=True, on_delete=models.SET_NULL, related_name="item_events"
    )
    field = models.CharField(max_length=10, choices=ItemField.choices)
    from_value = models.CharField(max_length=64, blank=True)
    to_value = models.CharField(max_length=64, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=now)

    objects = OrgManager["ItemEvent"]()

    class Meta:
        indexes = [
            models.Index(fields=["item", "at", "id"], name="item_event_history"),
            models.Index(fields=["sprint", "field", "at"], name="item_event_sprint"),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.from_value} → {self.to_value}"


class SprintCommitment(models.Model):
    """An item in a sprint's scope when it started, with its estimate then: the frozen scope."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="commitments")
    item = models.ForeignKey(BacklogItem, on_delete=models.CASCADE, related_name="+")
    estimate = _points(null=True, blank=True)

    objects = OrgManager["SprintCommitment"]()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sprint", "item"], name="commitment_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} committed to {self.sprint_id}"


class DefinitionOfDone(models.Model):
    """A team's checklist; a change writes a new version, the latest one applies."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="definitions_of_done")
    number = models.PositiveIntegerField()
    checklist = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    objects = OrgManager["DefinitionOfDone"]()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "number"], name="dod_number_unique")]

    def __str__(self) -> str:
        return f"Definition of Done v{self.number}"
