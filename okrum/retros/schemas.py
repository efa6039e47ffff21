"""JSON shapes of the retrospectives API: boards, cards, votes and carry-forward decisions."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field, field_validator

from okrum.core.schemas import DecimalOut, Id, not_null
from okrum.okrs.schemas import OwnerOut
from okrum.retros.models import CarryForward, Column, Decision, RetroCard, RetroKind


class RetrospectiveIn(Schema):
    """A sprint's retro (`sprint`), or an OKR retro of a cycle (`cycle`, and `team` or none)."""

    sprint: Id | None = Field(default=None, description="An active or closed sprint")
    cycle: Id | None = Field(default=None, description="A cycle in review or closed")
    team: Id | None = Field(default=None, description="The team of an OKR retro; none: company")


class RetrospectiveOut(Schema):
    id: int
    kind: RetroKind
    sprint: int | None = Field(validation_alias="sprint_id")
    cycle: int | None = Field(validation_alias="cycle_id")
    team: int | None
    created_at: datetime

    @staticmethod
    def resolve_team(obj: object) -> int | None:
        """The sprint's team for a sprint retro; the OKR retro's team (or none)."""
        sprint = getattr(obj, "sprint", None)
        if sprint is not None:
            return int(sprint.team_id)
        team_id = getattr(obj, "team_id", None)
        return None if team_id is None else int(team_id)


class RetrospectivePage(Schema):
    items: list[RetrospectiveOut]
    next_cursor: str | None


class ItemRef(Schema):
    id: int
    key: str
    title: str


class CardIn(Schema):
    column: Column
    body: str = Field(min_length=1, max_length=2000)
    owner: Id | None = Field(default=None, description="Actions only: a membership id")
    due_on: date | None = Field(default=None, description="Actions only")


class CardPatch(Schema):
    column: Column | None = None
    body: str | None = Field(default=None, max_length=2000)
    owner: Id | None = Field(default=None, description="Actions only; null takes it away")
    due_on: date | None = Field(default=None, description="Actions only; null takes it away")
    done: bool | None = None

    _present = field_validator("column", "body", "done")(not_null)


class CardOut(Schema):
    id: int
    retrospective: int = Field(validation_alias="retrospective_id")
    column: Column
    body: str
    author: str | None
    owner: OwnerOut | None
    due_on: date | None
    done: bool
    votes: int
    voted: bool = Field(description="Whether the caller voted for this card")
    backlog_item: ItemRef | None
    created_at: datetime

    @staticmethod
    def resolve_author(obj: RetroCard) -> str | None:
        return obj.author.name if obj.author is not None else None

    @staticmethod
    def resolve_voted(obj: RetroCard) -> bool:
        return bool(getattr(obj, "voted", False))


class ObjectiveRef(Schema):
    id: int
    title: str
    progress: DecimalOut
    status: str
    cycle: int = Field(validation_alias="cycle_id")
    team: int | None = Field(validation_alias="team_id")


class CarryForwardIn(Schema):
    objective: Id
    decision: Decision
    note: str = Field(default="", max_length=2000)


class CarryForwardOut(Schema):
    id: int
    retrospective: int = Field(validation_alias="retrospective_id")
    objective: int = Field(validation_alias="objective_id")
    decision: Decision
    extended_to: ObjectiveRef | None
    note: str
    decided_by: str | None
    decided_at: datetime

    @staticmethod
    def resolve_decided_by(obj: CarryForward) -> str | None:
        return obj.decided_by.name if obj.decided_by is not None else None


class UnfinishedOut(Schema):
    """An objective of the OKR retro that was not achieved, and its decision (or null)."""

    objective: ObjectiveRef
    decision: CarryForwardOut | None


class UnfinishedList(Schema):
    items: list[UnfinishedOut]
    next_cycle: int | None = Field(description="Where `extend` copies an objective to")


class BoardOut(RetrospectiveOut):
    """The board: cards most voted first, and for an OKR retro its unfinished objectives."""

    cards: list[CardOut] = Field(validation_alias="board_cards")
    unfinished: list[UnfinishedOut] = Field(
        validation_alias="board_unfinished", description="OKR retros only: the carry-forward"
    )


class BacklogItemMadeOut(Schema):
    item: ItemRef
    card: CardOut
