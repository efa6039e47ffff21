"""JSON shapes of the check-in session: a team's key results at once, and the check-ins owed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from okrum.core.schemas import DecimalOut
from okrum.okrs import progress
from okrum.okrs.models import KeyResult
from okrum.okrs.queries.check_in_sessions import Row, Session
from okrum.okrs.schemas import CheckInOut, OwnerOut
from okrum.okrs.scoring import Kind, Status


class SessionTeamOut(Schema):
    id: int
    name: str


class SessionObjectiveOut(Schema):
    id: int
    title: str


class SessionRowOut(Schema):
    """A key result as the session shows it: its latest check-in, and whether one is due."""

    key_result: int
    title: str
    objective: SessionObjectiveOut
    kind: Kind
    unit: str
    owner: OwnerOut | None
    value: DecimalOut | None = Field(description="The latest value (null before any check-in)")
    confidence: int | None
    note: str = Field(description="The latest check-in's note")
    progress: DecimalOut
    status: Status
    stale: bool = Field(description="No check-in within the cycle's cadence")
    last_check_in_at: datetime | None
    may_check_in: bool = Field(description="Whether the caller may record this row")

    @staticmethod
    def resolve_key_result(obj: Row) -> int:
        return obj.key_result.pk

    @staticmethod
    def resolve_title(obj: Row) -> str:
        return obj.key_result.title

    @staticmethod
    def resolve_objective(obj: Row) -> SessionObjectiveOut:
        objective = obj.key_result.objective
        return SessionObjectiveOut(id=objective.pk, title=objective.title)

    @staticmethod
    def resolve_kind(obj: Row) -> str:
        return obj.key_result.kind

    @staticmethod
    def resolve_unit(obj: Row) -> str:
        return obj.key_result.unit

    @staticmethod
    def resolve_owner(obj: Row) -> object:
        return obj.key_result.owner

    @staticmethod
    def resolve_value(obj: Row) -> Decimal | None:
        return obj.key_result.current_value

    @staticmethod
    def resolve_confidence(obj: Row) -> int | None:
        return obj.key_result.confidence

    @staticmethod
    def resolve_note(obj: Row) -> str:
        return obj.latest_note

    @staticmethod
    def resolve_progress(obj: Row) -> Decimal:
        return obj.key_result.progress

    @staticmethod
    def resolve_status(obj: Row) -> Status:
        return progress.key_result_status(obj.key_result)

    @staticmethod
    def resolve_last_check_in_at(obj: Row) -> datetime | None:
        return obj.key_result.last_check_in_at


class CheckInSessionOut(Schema):
    cycle: int
    team: SessionTeamOut | None = Field(description="null: the company objectives' session")
    open: bool = Field(description="Whether check-ins are accepted now (active or review cycle)")
    stale_count: int
    rows: list[SessionRowOut]

    @staticmethod
    def resolve_cycle(obj: Session) -> int:
        return obj.cycle.pk


class CheckInRowIn(Schema):
    key_result: int
    value: Decimal = Field(description="The new value; for a milestone 1 (done) or 0")
    confidence: int = Field(description="How sure the target will be met, 0 to 10")
    note: str = ""


class CheckInSessionIn(Schema):
    team: int | None = Field(default=None, description="Leave out for the company session")
    rows: list[CheckInRowIn]


class CheckInSessionResultOut(Schema):
    check_ins: list[CheckInOut]


class OwedOut(Schema):
    """A stale key result the caller owes a check-in on, and where to record it."""

    key_result: int
    title: str
    objective: SessionObjectiveOut
    cycle: int
    team: SessionTeamOut | None
    last_check_in_at: datetime | None
    status: Status

    @staticmethod
    def resolve_key_result(obj: KeyResult) -> int:
        return obj.pk

    @staticmethod
    def resolve_objective(obj: KeyResult) -> SessionObjectiveOut:
        return SessionObjectiveOut(id=obj.objective.pk, title=obj.objective.title)

    @staticmethod
    def resolve_cycle(obj: KeyResult) -> int:
        return obj.objective.cycle_id

    @staticmethod
    def resolve_team(obj: KeyResult) -> object:
        return obj.objective.team

    @staticmethod
    def resolve_status(obj: KeyResult) -> Status:
        return progress.key_result_status(obj)


class OwedPage(Schema):
    items: list[OwedOut]
    next_cursor: str | None = Field(
        default=None, description="Always null: the list holds every check-in the caller owes"
    )
