"""JSON shapes of OKR planning: the board of a cycle, comments and the planning actions."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from okrum.okrs.models import CommentKind, CycleState, Objective, ObjectiveComment, ObjectiveStatus
from okrum.okrs.queries.planning import OwnerGroup, PlanningBoard, PlanningRow
from okrum.okrs.schemas import OwnerOut
from okrum.tenancy.schemas import PersonOut


class CommentIn(Schema):
    body: str = Field(max_length=4000)


class CommentOut(Schema):
    id: int
    objective: int
    kind: CommentKind = Field(description="comment, proposed, published or sent_back")
    body: str
    author: PersonOut | None
    created_at: datetime

    @staticmethod
    def resolve_objective(obj: ObjectiveComment) -> int:
        return obj.objective_id


class CommentPage(Schema):
    items: list[CommentOut]
    next_cursor: str | None


class ProposeIn(Schema):
    note: str = Field(default="", max_length=4000, description="Optional: what to look at")


class ApproveIn(Schema):
    note: str = Field(default="", max_length=4000, description="Optional")


class SendBackIn(Schema):
    reason: str = Field(default="", max_length=4000, description="Required: what to change")


class PlanningNotesIn(Schema):
    notes: str = Field(description="Replaces the cycle's planning notes; empty clears them")


class KeyResultTitleOut(Schema):
    id: int
    title: str


class ActionsOut(Schema):
    """What the caller may do with the objective now."""

    propose: bool
    approve: bool
    send_back: bool
    comment: bool


class PlanningObjectiveOut(Schema):
    id: int
    title: str
    status: ObjectiveStatus
    kind: str
    team: int | None
    owner: OwnerOut | None
    key_result_count: int
    key_results: list[KeyResultTitleOut]
    comments: list[CommentOut] = Field(description="The planning thread, oldest first")
    may: ActionsOut

    @staticmethod
    def resolve_id(row: PlanningRow) -> int:
        return row.objective.pk

    @staticmethod
    def resolve_title(row: PlanningRow) -> str:
        return row.objective.title

    @staticmethod
    def resolve_status(row: PlanningRow) -> str:
        return row.objective.status

    @staticmethod
    def resolve_kind(row: PlanningRow) -> str:
        return row.objective.kind

    @staticmethod
    def resolve_team(row: PlanningRow) -> int | None:
        return row.objective.team_id

    @staticmethod
    def resolve_owner(row: PlanningRow) -> object:
        return row.objective.owner

    @staticmethod
    def resolve_key_result_count(row: PlanningRow) -> int:
        return len(row.key_results)

    @staticmethod
    def resolve_may(row: PlanningRow) -> dict[str, bool]:
        return {
            "propose": row.may_propose,
            "approve": row.may_approve,
            "send_back": row.may_send_back,
            "comment": row.may_comment,
        }


class OwnerGroupOut(Schema):
    owner: str = Field(description="company or team")
    team: int | None
    name: str
    objectives: list[PlanningObjectiveOut]

    @staticmethod
    def resolve_owner(group: OwnerGroup) -> str:
        return "team" if group.team else "company"

    @staticmethod
    def resolve_team(group: OwnerGroup) -> int | None:
        return group.team.pk if group.team else None

    @staticmethod
    def resolve_objectives(group: OwnerGroup) -> list[PlanningRow]:
        return group.rows


class UnpublishedOut(Schema):
    id: int
    title: str
    status: ObjectiveStatus
    team: int | None

    @staticmethod
    def resolve_team(obj: Objective) -> int | None:
        return obj.team_id


class PlanningBoardOut(Schema):
    cycle: int
    cycle_name: str
    state: CycleState
    notes: str
    groups: list[OwnerGroupOut] = Field(description="Company first, then each team by name")
    unpublished: list[UnpublishedOut] = Field(description="Draft and proposed objectives")
    published_count: int
    may_edit_notes: bool
    may_activate: bool = Field(description="An admin, the cycle in planning")
    can_activate: bool = Field(description="At least one objective is published")

    @staticmethod
    def resolve_cycle(board: PlanningBoard) -> int:
        return board.cycle.pk

    @staticmethod
    def resolve_cycle_name(board: PlanningBoard) -> str:
        return board.cycle.name

    @staticmethod
    def resolve_state(board: PlanningBoard) -> str:
        return board.cycle.state

    @staticmethod
    def resolve_notes(board: PlanningBoard) -> str:
        return board.cycle.planning_notes

    @staticmethod
    def resolve_can_activate(board: PlanningBoard) -> bool:
        return board.published_count > 0
