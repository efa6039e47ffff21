"""OKRs: goals above cycles, cycles, objectives with alignment, key results and check-ins."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from okrum.core.time import now
from okrum.okrs.scoring import Kind, RollUp, Status
from okrum.teams.models import Team
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import OrgManager


def _choices(enum: type[Kind] | type[RollUp] | type[Status]) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("_", " ").capitalize()) for m in enum]


KR_KINDS = [
    ("increase_to", "Increase to"),
    ("decrease_to", "Decrease to"),
    ("stay_above", "Stay above"),
    ("stay_below", "Stay below"),
    ("stay_within", "Stay within"),
    ("milestone", "Milestone"),
]
ROLL_UPS = [
    ("key_results", "Its key results"),
    ("children", "Its child objectives"),
    ("both", "Key results and child objectives"),
]
STATUSES = _choices(Status)


def _decimal(**kwargs: object) -> models.DecimalField[Decimal | None, Decimal | None]:
    return models.DecimalField(max_digits=20, decimal_places=4, **kwargs)  # type: ignore[arg-type]


def _progress() -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(max_digits=5, decimal_places=4, default=Decimal(0))


class GoalKind(models.TextChoices):
    VISION = "vision", "Vision"
    FOCUS = "focus", "Focus"


class Goal(models.Model):
    """Long-term direction above cycles: a vision, or a focus that may sit under one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=GoalKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="focuses"
    )
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["Goal"]()

    def __str__(self) -> str:
        return self.title


class CycleState(models.TextChoices):
    PLANNING = "planning", "Planning"
    ACTIVE = "active", "Active"
    REVIEW = "review", "Review"
    CLOSED = "closed", "Closed"


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    BIWEEKLY = "biweekly", "Every two weeks"
    PER_SPRINT = "per_sprint", "Once per sprint"


class Cycle(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    name = models.CharField(max_length=80)
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(max_length=10, choices=CycleState.choices, default=CycleState.PLANNING)
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.WEEKLY)
    planning_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["Cycle"]()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="cycle_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ObjectiveKind(models.TextChoices):
    COMMITTED = "committed", "Committed"
    ASPIRATIONAL = "aspirational", "Aspirational"


class ObjectiveStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


class Objective(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="objectives")
    # None: a company-level objective.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="objectives"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="objectives"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    supports = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="supported_by"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(
        max_length=12, choices=ObjectiveKind.choices, default=ObjectiveKind.COMMITTED
    )
    status = models.CharField(
        max_length=10, choices=ObjectiveStatus.choices, default=ObjectiveStatus.DRAFT
    )
    roll_up = models.CharField(max_length=12, choices=ROLL_UPS, default=RollUp.KEY_RESULTS)
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The objective of an earlier cycle this one extends (decided at that cycle's OKR retro).
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    # Materialized by the service that writes a check-in or changes a key result.
    progress = _progress()
    has_data = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["Objective"]()

    class Meta:
        indexes = [models.Index(fields=["organization", "cycle", "team"])]

    def __str__(self) -> str:
        return self.title


class CheckInSource(models.TextChoices):
    MANUAL = "manual", "Manual"
    API = "api", "API"
    BACKLOG = "backlog", "Backlog"


class KeyResult(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=KR_KINDS)
    unit = models.CharField(max_length=20, blank=True)
    start_value = _decimal(null=True, blank=True)
    target_value = _decimal(null=True, blank=True)
    low_value = _decimal(null=True, blank=True)
    high_value = _decimal(null=True, blank=True)
    weight = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(1))
    position = models.PositiveIntegerField(default=0)
    # True while the start value is to be measured: the first check-in's value becomes it.
    measures_baseline = models.BooleanField(default=False)
    # Materialized by record_check_in (and recomputed when the definition changes).
    current_value = _decimal(null=True, blank=True)
    progress = _progress()
    status = models.CharField(max_length=10, choices=STATUSES, default=Status.NO_DATA)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    check_in_count = models.PositiveIntegerField(default=0)
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["KeyResult"]()

    class Meta:
        indexes = [models.Index(fields=["organization", "objective", "position"])]

    def __str__(self) -> str:
        return self.title


class CheckIn(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    confidence = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(
        max_length=10, choices=CheckInSource.choices, default=CheckInSource.MANUAL
    )
    created_at = models.DateTimeField(default=now)

    objects = OrgManager["CheckIn"]()

    class Meta:
        indexes = [models.Index(fields=["key_result", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.value} on {self.key_result_id}"


class CommentKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    PROPOSED = "proposed", "Proposed"
    PUBLISHED = "published", "Approved and published"
    SENT_BACK = "sent_back", "Sent back"


class ObjectiveComment(models.Model):
    """OKR planning's conversation on an objective: comments, and each propose/approve/send back."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    objects = OrgManager["ObjectiveComment"]()

    class Meta:
        indexes = [models.Index(fields=["objective", "created_at", "id"], name="comment_thread")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.objective_id}"


def _score() -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(max_digits=2, decimal_places=1)


class Grade(models.Model):
    """A key result's grade at OKR review: suggested from progress; an override needs a reason."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    key_result = models.OneToOneField(KeyResult, on_delete=models.CASCADE, related_name="grade")
    suggested = _score()
    score = _score()
    reason = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    objects = OrgManager["Grade"]()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="grade_score_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} for {self.key_result_id}"


class CheckInReminder(models.Model):
    """A reminder email sent to a member for one cadence period: never twice for the same one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    key_results = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=now)

    objects = OrgManager["CheckInReminder"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "membership", "period_start"], name="one_reminder_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.membership_id} for {self.period_start}"
