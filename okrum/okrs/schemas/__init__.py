"""JSON shapes of the OKR API: goals, cycles, objectives, key results and check-ins.

Decimals go out as exact strings (`"12.5"`) and come in as numbers or strings (DESIGN §8).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field, field_validator

from okrum.core.schemas import DecimalOut, not_null
from okrum.okrs import progress
from okrum.okrs.models import (
    Cadence,
    CheckIn,
    CycleState,
    Goal,
    GoalKind,
    KeyResult,
    Objective,
    ObjectiveKind,
    ObjectiveStatus,
)
from okrum.okrs.queries import check_in_sessions as session_queries
from okrum.okrs.scoring import Kind, RollUp, Status
from okrum.tenancy.models import Membership
from okrum.tenancy.schemas import PersonOut

# Goals -------------------------------------------------------------------------------------


class GoalIn(Schema):
    kind: GoalKind
    title: str = Field(max_length=200)
    description: str = ""
    parent: int | None = Field(default=None, description="A vision, for a focus goal")


class GoalPatch(Schema):
    title: str | None = Field(default=None, max_length=200)
    description: str | None = None
    parent: int | None = None

    _present = field_validator("title", "description")(not_null)


class GoalOut(Schema):
    id: int
    kind: GoalKind
    title: str
    description: str
    parent: int | None
    created_at: datetime

    @staticmethod
    def resolve_parent(obj: Goal) -> int | None:
        return obj.parent_id


class GoalPage(Schema):
    items: list[GoalOut]
    next_cursor: str | None


# Cycles ------------------------------------------------------------------------------------


class CycleIn(Schema):
    name: str = Field(max_length=80)
    starts_on: date
    ends_on: date
    cadence: Cadence = Cadence.WEEKLY


class CyclePatch(Schema):
    name: str | None = Field(default=None, max_length=80)
    starts_on: date | None = None
    ends_on: date | None = None
    cadence: Cadence | None = None
    planning_notes: str | None = None

    _present = field_validator("name", "starts_on", "ends_on", "cadence", "planning_notes")(
        not_null
    )


class CycleTransitionIn(Schema):
    state: CycleState = Field(description="planning → active → review → closed (review → active)")


class CycleOut(Schema):
    id: int
    name: str
    starts_on: date
    ends_on: date
    state: CycleState
    cadence: Cadence
    planning_notes: str
    created_at: datetime


class CyclePage(Schema):
    items: list[CycleOut]
    next_cursor: str | None


# Key results -------------------------------------------------------------------------------


class OwnerOut(Schema):
    """An organization member; `id` is the membership id that `owner` fields take."""

    id: int
    name: str
    email: str

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.user.name

    @staticmethod
    def resolve_email(obj: Membership) -> str:
        return obj.user.email


class KeyResultFields(Schema):
    """What defines a key result (DESIGN §3): the values each kind needs, unit, weight, owner."""

    title: str = Field(max_length=200)
    kind: Kind
    unit: str = Field(default="", max_length=20)
    start_value: Decimal | None = Field(
        default=None, description="Leave out for increase_to/decrease_to to measure a baseline"
    )
    target_value: Decimal | None = None
    low_value: Decimal | None = None
    high_value: Decimal | None = None
    # The bounds of the stored column (6 digits, 2 of them decimals).
    weight: Decimal = Field(default=Decimal(1), ge=0, lt=10000, decimal_places=2)
    owner: int | None = Field(default=None, description="A membership id")


class KeyResultIn(KeyResultFields):
    objective: int


class KeyResultPatch(Schema):
    title: str | None = Field(default=None, max_length=200)
    kind: Kind | None = None
    unit: str | None = Field(default=None, max_length=20)
    start_value: Decimal | None = None
    target_value: Decimal | None = None
    low_value: Decimal | None = None
    high_value: Decimal | None = None
    # The bounds of the stored column (6 digits, 2 of them decimals).
    weight: Decimal | None = Field(default=None, ge=0, lt=10000, decimal_places=2)
    owner: int | None = None
    reason: str = Field(
        default="", description="Required when the cycle runs and the start or target changes"
    )

    _present = field_validator("title", "kind", "unit", "weight")(not_null)


class KeyResultOut(Schema):
    id: int
    objective: int
    title: str
    kind: Kind
    unit: str
    start_value: DecimalOut | None
    target_value: DecimalOut | None
    low_value: DecimalOut | None
    high_value: DecimalOut | None
    weight: DecimalOut
    owner: OwnerOut | None
    current_value: DecimalOut | None
    progress: DecimalOut
    expected_progress: DecimalOut
    status: Status = Field(description="Today's status: progress against the expected pace")
    confidence: int | None
    check_in_count: int
    last_check_in_at: datetime | None
    stale: bool = Field(description="No check-in within the cycle's cadence (active cycles only)")
    created_at: datetime

    @staticmethod
    def resolve_objective(obj: KeyResult) -> int:
        return obj.objective_id

    @staticmethod
    def resolve_stale(obj: KeyResult) -> bool:
        # Aliased on import: the submodule schemas.check_in_sessions would shadow the plain name.
        return session_queries.is_stale(obj)

    @staticmethod
    def resolve_expected_progress(obj: KeyResult) -> Decimal:
        return progress.expected(obj.objective)

    @staticmethod
    def resolve_status(obj: KeyResult) -> Status:
        return progress.key_result_status(obj)


class KeyResultPage(Schema):
    items: list[KeyResultOut]
    next_cursor: str | None


# Objectives --------------------------------------------------------------------------------


class ObjectiveIn(Schema):
    cycle: int
    title: str = Field(max_length=200)
    description: str = ""
    team: int | None = Field(default=None, description="Leave out for a company objective")
    goal: int | None = None
    parent: int | None = Field(default=None, description="An objective of the same cycle")
    supports: list[int] = Field(default_factory=list, description="Objectives it supports")
    kind: ObjectiveKind = ObjectiveKind.COMMITTED
    status: ObjectiveStatus = ObjectiveStatus.DRAFT
    roll_up: RollUp = RollUp.KEY_RESULTS
    owner: int | None = Field(default=None, description="A membership id")
    key_results: list[KeyResultFields] = Field(default_factory=list)


class ObjectivePatch(Schema):
    title: str | None = Field(default=None, max_length=200)
    description: str | None = None
    team: int | None = None
    goal: int | None = None
    parent: int | None = None
    supports: list[int] | None = None
    kind: ObjectiveKind | None = None
    status: ObjectiveStatus | None = None
    roll_up: RollUp | None = None
    owner: int | None = None

    _present = field_validator("title", "description", "supports", "kind", "status", "roll_up")(
        not_null
    )


class ObjectiveOut(Schema):
    id: int
    cycle: int
    team: int | None
    goal: int | None
    parent: int | None
    supports: list[int]
    carried_from: int | None = Field(
        description="The objective of an earlier cycle this one extends (OKR retrospective)"
    )
    title: str
    description: str
    kind: ObjectiveKind
    status: ObjectiveStatus = Field(description="Lifecycle: draft, proposed, published, closed")
    roll_up: RollUp
    owner: OwnerOut | None
    progress: DecimalOut
    expected_progress: DecimalOut
    progress_status: Status = Field(description="Today's health: progress against the pace")
    key_results: list[KeyResultOut]
    created_at: datetime

    @staticmethod
    def resolve_cycle(obj: Objective) -> int:
        return obj.cycle_id

    @staticmethod
    def resolve_team(obj: Objective) -> int | None:
        return obj.team_id

    @staticmethod
    def resolve_goal(obj: Objective) -> int | None:
        return obj.goal_id

    @staticmethod
    def resolve_parent(obj: Objective) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_carried_from(obj: Objective) -> int | None:
        return obj.carried_from_id

    @staticmethod
    def resolve_supports(obj: Objective) -> list[int]:
        return [other.pk for other in obj.supports.all()]

    @staticmethod
    def resolve_expected_progress(obj: Objective) -> Decimal:
        return progress.expected(obj)

    @staticmethod
    def resolve_progress_status(obj: Objective) -> Status:
        return progress.objective_status(obj)

    @staticmethod
    def resolve_key_results(obj: Objective) -> list[KeyResult]:
        return list(obj.key_results.all())


class ObjectivePage(Schema):
    items: list[ObjectiveOut]
    next_cursor: str | None


# Check-ins ---------------------------------------------------------------------------------


class CheckInIn(Schema):
    value: Decimal = Field(description="The new value; for a milestone 1 (done) or 0")
    confidence: int = Field(description="How sure the target will be met, 0 to 10")
    note: str = ""


class CheckInOut(Schema):
    id: int
    key_result: int
    value: DecimalOut
    confidence: int
    note: str
    author: PersonOut | None
    source: str
    created_at: datetime

    @staticmethod
    def resolve_key_result(obj: CheckIn) -> int:
        return obj.key_result_id


class CheckInPage(Schema):
    items: list[CheckInOut]
    next_cursor: str | None
