"""JSON shapes of the Scrum API: backlog items, sprints, product goals, team settings.

Decimals (estimates, points) go out as exact strings (`"2.5"`) and come in as numbers or
strings, as in the OKR API (DESIGN §8).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

from okrum.core.schemas import DecimalOut, Id, decimal_text, not_null
from okrum.okrs.schemas import OwnerOut
from okrum.scrum.models import (
    BacklogItem,
    EstimateScale,
    ItemEvent,
    ItemField,
    ItemKind,
    ItemStatus,
    ProductGoal,
    ProductGoalStatus,
    Sprint,
    SprintState,
)
from okrum.scrum.services import MAX_BATCH
from okrum.tenancy.schemas import PersonOut

Position = Literal["top", "bottom"]
Backlog = Literal["backlog"]


class KeyResultRef(Schema):
    """A key result an item or a sprint serves: enough to show it as a chip."""

    id: int
    title: str


# Backlog items -------------------------------------------------------------------------------


class ItemFields(Schema):
    """What a new backlog item says; one row of a bulk create."""

    title: str = Field(max_length=200)
    description: str = ""
    acceptance_criteria: str = ""
    kind: ItemKind = ItemKind.STORY
    status: ItemStatus = ItemStatus.NEW
    estimate: Decimal | None = Field(default=None, description="Points on the team's scale")
    assignee: Id | None = Field(default=None, description="A membership id")
    sprint: Id | None = Field(default=None, description="A planned or active sprint of the team")
    key_results: list[Id] = Field(default_factory=list, description="Key results it moves")


class ItemIn(ItemFields):
    team: Id
    position: Position = "bottom"


class ItemBulkIn(Schema):
    team: Id
    items: list[ItemFields] = Field(max_length=MAX_BATCH)
    position: Position = "bottom"


class ItemPatch(Schema):
    title: str | None = Field(default=None, max_length=200)
    description: str | None = None
    acceptance_criteria: str | None = None
    kind: ItemKind | None = None
    status: ItemStatus | None = None
    estimate: Decimal | None = Field(default=None, description="null: not estimated")
    assignee: Id | None = None
    sprint: Id | None = Field(default=None, description="null: back to the backlog")
    key_results: list[Id] | None = Field(default=None, description="Replaces the links")

    _present = field_validator(
        "title", "description", "acceptance_criteria", "kind", "status", "key_results"
    )(not_null)


class ItemMoveIn(Schema):
    before: Id | None = Field(default=None, description="Place the item directly above this one")
    after: Id | None = Field(default=None, description="Place the item directly below this one")
    to: Position | None = Field(default=None, description="Or: the top or bottom of the backlog")


class ItemOut(Schema):
    id: int
    key: str
    team: int
    number: int
    title: str
    description: str
    acceptance_criteria: str
    kind: ItemKind
    status: ItemStatus
    estimate: DecimalOut | None
    rank: str = Field(description="Sorts the backlog (bytewise); opaque")
    sprint: int | None
    assignee: OwnerOut | None
    key_results: list[KeyResultRef]
    done_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int

    @staticmethod
    def resolve_team(obj: BacklogItem) -> int:
        return obj.team_id

    @staticmethod
    def resolve_sprint(obj: BacklogItem) -> int | None:
        return obj.sprint_id

    @staticmethod
    def resolve_key_results(obj: BacklogItem) -> list[KeyResultRef]:
        return [KeyResultRef(id=kr.pk, title=kr.title) for kr in obj.key_results.all()]


def item_row_out(row: dict[str, Any]) -> dict[str, Any]:
    """What ItemOut makes of an item, made from a row of `queries.item_rows_page` instead.

    The items list answers with these: a page builds no model objects and runs no per-field
    resolvers. A test holds the two shapes equal, field by field.
    """
    estimate = row["estimate"]
    assignee = None
    if row["assignee_id"] is not None:
        assignee = {
            "id": row["assignee_id"],
            "name": row["assignee__user__name"],
            "email": row["assignee__user__email"],
        }
    return {
        "id": row["id"],
        "key": f"{row['team__key']}-{row['number']}",
        "team": row["team_id"],
        "number": row["number"],
        "title": row["title"],
        "description": row["description"],
        "acceptance_criteria": row["acceptance_criteria"],
        "kind": row["kind"],
        "status": row["status"],
        "estimate": None if estimate is None else decimal_text(estimate),
        "rank": row["rank"],
        "sprint": row["sprint_id"],
        "assignee": assignee,
        "key_results": row["key_results"],
        "done_at": row["done_at"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "version": row["version"],
    }


class ItemPage(Schema):
    items: list[ItemOut]
    next_cursor: str | None


class ItemList(Schema):
    items: list[ItemOut]


class ItemEventOut(Schema):
    id: int
    item: int
    field: ItemField
    from_value: str
    to_value: str
    sprint: int | None = Field(description="The sprint the item was in (or entered)")
    actor: PersonOut | None
    at: datetime

    @staticmethod
    def resolve_item(obj: ItemEvent) -> int:
        return obj.item_id

    @staticmethod
    def resolve_sprint(obj: ItemEvent) -> int | None:
        return obj.sprint_id


class ItemEventPage(Schema):
    items: list[ItemEventOut]
    next_cursor: str | None


# Sprints -------------------------------------------------------------------------------------


class SprintIn(Schema):
    team: Id
    name: str = Field(default="", max_length=80, description='Left out: "Sprint N"')
    goal: str = Field(default="", max_length=300, description="The Sprint Goal, one sentence")
    starts_on: date
    ends_on: date = Field(description="After the start, at most 28 days later")
    capacity: Decimal | None = None
    goal_key_results: list[Id] = Field(default_factory=list)


class SprintPatch(Schema):
    name: str | None = Field(default=None, max_length=80)
    goal: str | None = Field(default=None, max_length=300)
    starts_on: date | None = None
    ends_on: date | None = None
    capacity: Decimal | None = None
    goal_key_results: list[Id] | None = None

    _present = field_validator("name", "goal", "starts_on", "ends_on", "goal_key_results")(not_null)


class SprintItemMove(Schema):
    item: Id
    to: Backlog | Id = Field(description='"backlog" or a planned sprint of the team')


class SprintCloseIn(Schema):
    unfinished_to: Backlog | Id = Field(
        default="backlog", description='Where unfinished items go: "backlog" or a planned sprint'
    )
    moves: list[SprintItemMove] = Field(default_factory=list, description="Per-item exceptions")


class SprintItemsIn(Schema):
    add: list[Id] = Field(default_factory=list, description="Items of the team to put in")
    remove: list[Id] = Field(default_factory=list, description="Items to send to the backlog")


class SprintOut(Schema):
    id: int
    team: int
    number: int
    name: str
    goal: str
    goal_key_results: list[KeyResultRef]
    starts_on: date
    ends_on: date
    state: SprintState
    capacity: DecimalOut | None
    committed_points: DecimalOut | None = Field(description="Frozen when the sprint starts")
    committed_items: int | None
    done_points: DecimalOut | None = Field(description="Recorded when the sprint closes")
    done_items: int | None
    started_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    version: int

    @staticmethod
    def resolve_team(obj: Sprint) -> int:
        return obj.team_id

    @staticmethod
    def resolve_goal_key_results(obj: Sprint) -> list[KeyResultRef]:
        return [KeyResultRef(id=kr.pk, title=kr.title) for kr in obj.goal_key_results.all()]


class SprintPage(Schema):
    items: list[SprintOut]
    next_cursor: str | None


class ScopeChangeOut(Schema):
    item: int
    key: str
    added: bool = Field(description="true: entered the sprint after it started; false: left it")
    at: datetime
    actor: PersonOut | None

    @staticmethod
    def resolve_item(obj: ItemEvent) -> int:
        return obj.item_id

    @staticmethod
    def resolve_key(obj: ItemEvent) -> str:
        return obj.item.key

    @staticmethod
    def resolve_added(obj: ItemEvent) -> bool:
        return obj.to_value == str(obj.sprint_id)


class ScopeChangePage(Schema):
    items: list[ScopeChangeOut]
    next_cursor: str | None


# Product goals -------------------------------------------------------------------------------


class ProductGoalIn(Schema):
    team: Id
    title: str = Field(max_length=200)
    description: str = ""
    objective: Id | None = Field(default=None, description="An objective the goal serves")


class ProductGoalPatch(Schema):
    title: str | None = Field(default=None, max_length=200)
    description: str | None = None
    objective: Id | None = None
    status: ProductGoalStatus | None = None

    _present = field_validator("title", "description", "status")(not_null)


class ProductGoalOut(Schema):
    id: int
    team: int
    title: str
    description: str
    objective: int | None
    status: ProductGoalStatus
    created_at: datetime
    version: int

    @staticmethod
    def resolve_team(obj: ProductGoal) -> int:
        return obj.team_id

    @staticmethod
    def resolve_objective(obj: ProductGoal) -> int | None:
        return obj.objective_id


class ProductGoalPage(Schema):
    items: list[ProductGoalOut]
    next_cursor: str | None


# Team settings -------------------------------------------------------------------------------


class DefinitionOfDoneIn(Schema):
    checklist: list[str] = Field(description="The criteria, in order; replaces the current ones")


class DefinitionOfDoneOut(Schema):
    team: int
    version: int | None = Field(description="Counts from 1; null while the team has none")
    checklist: list[str]
    author: PersonOut | None
    created_at: datetime | None


class BacklogSettingsIn(Schema):
    estimate_scale: EstimateScale
    custom_points: list[Decimal] = Field(
        default_factory=list, description="The points of a custom scale"
    )


class BacklogSettingsOut(Schema):
    team: int
    estimate_scale: EstimateScale
    custom_points: list[DecimalOut]
    points: list[DecimalOut] = Field(description="The estimates the scale allows, ascending")
