"""JSON shapes of the sprint review: the increment, the key results' movement, the feedback."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from okrum.core.schemas import DecimalOut
from okrum.scrum.models import BacklogItem, ItemEvent, ItemField, ItemStatus, SprintState
from okrum.scrum.queries.review import KeyResultMove, ReviewData
from okrum.scrum.services.review import is_editable
from okrum.tenancy.schemas import PersonOut


class ReviewPatch(Schema):
    feedback: str | None = Field(default=None, description="What the stakeholders said")
    notes: str | None = Field(default=None, description="The team's notes of the review")


class ReviewSprintOut(Schema):
    id: int
    team: int
    name: str
    goal: str
    state: SprintState
    starts_on: date
    ends_on: date
    started_at: datetime | None
    closed_at: datetime | None


class ReviewRecordOut(Schema):
    """What was written at the review; `editable` says whether it may still change."""

    id: int
    feedback: str
    notes: str
    started_at: datetime = Field(description="Backlog changes are listed from this moment")
    started_by: PersonOut | None
    updated_at: datetime
    version: int
    editable: bool


class KeyResultMoveOut(Schema):
    id: int
    title: str
    unit: str
    kind: str
    goal: bool = Field(description="Served by the Sprint Goal (its start value was stored)")
    start_value: DecimalOut | None = Field(description="When the sprint started")
    current_value: DecimalOut | None = Field(
        description="Now while the sprint runs; as stored at its close once closed (`final`)"
    )
    change: DecimalOut | None = Field(description="current_value minus start_value, in `unit`")
    start_progress: DecimalOut | None
    current_progress: DecimalOut | None
    progress_points: DecimalOut | None = Field(description="Progress gained, percentage points")
    start_confidence: int | None
    current_confidence: int | None
    final: bool = Field(description="The current values are those stored when the sprint closed")
    done_items: list[int] = Field(description="Done items of the sprint that serve it")


class ReviewItemOut(Schema):
    id: int
    key: str
    title: str
    status: ItemStatus
    estimate: DecimalOut | None


class IncrementGroupOut(Schema):
    """Done items under one key result (an item serving two appears in both), or unlinked."""

    key_result: int | None = Field(description="null: done items linked to no key result")
    items: list[ReviewItemOut]


class ReviewNumbersOut(Schema):
    committed_points: DecimalOut | None
    committed_items: int | None
    done_points: DecimalOut
    done_items: int
    added_items: int = Field(description="Items that entered the sprint after it started")
    removed_items: int = Field(description="Items that left the sprint before it closed")


class BacklogChangeOut(Schema):
    id: int
    item: ReviewItemOut
    field: ItemField
    from_value: str
    to_value: str
    actor: PersonOut | None
    at: datetime


class ReviewOut(Schema):
    sprint: ReviewSprintOut
    review: ReviewRecordOut | None = Field(description="null until the review is opened")
    key_results: list[KeyResultMoveOut] = Field(description="The Sprint Goal's key results")
    other_key_results: list[KeyResultMoveOut] = Field(
        description="Key results done items moved that the goal does not serve (no start value)"
    )
    increment: list[IncrementGroupOut]
    numbers: ReviewNumbersOut
    backlog_changes: list[BacklogChangeOut] = Field(
        description="Item events of the team since the review opened, until the sprint closed"
    )
    more_backlog_changes: bool


def _item(item: BacklogItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "key": item.key,
        "title": item.title,
        "status": item.status,
        "estimate": item.estimate,
    }


def _move(move: KeyResultMove) -> dict[str, Any]:
    kr = move.key_result
    return {
        "id": kr.pk,
        "title": kr.title,
        "unit": kr.unit,
        "kind": kr.kind,
        "goal": move.goal,
        "start_value": move.start_value,
        "current_value": move.value,
        "change": move.change,
        "start_progress": move.start_progress,
        "current_progress": move.progress,
        "progress_points": move.progress_points,
        "start_confidence": move.start_confidence,
        "current_confidence": move.confidence,
        "final": move.final,
        "done_items": [item.pk for item in move.items],
    }


def _change(event: ItemEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "item": _item(event.item),
        "field": event.field,
        "from_value": event.from_value,
        "to_value": event.to_value,
        "actor": event.actor,
        "at": event.at,
    }


def review_out(data: ReviewData) -> dict[str, Any]:
    """The review as ReviewOut reads it."""
    sprint = data.sprint
    review = data.review
    record = None
    if review is not None:
        record = {
            "id": review.pk,
            "feedback": review.feedback,
            "notes": review.notes,
            "started_at": review.started_at,
            "started_by": review.started_by,
            "updated_at": review.updated_at,
            "version": review.version,
            "editable": is_editable(sprint),
        }
    increment = [
        {"key_result": m.key_result.pk, "items": [_item(i) for i in m.items]}
        for m in data.increment
    ]
    if data.unlinked:
        increment.append({"key_result": None, "items": [_item(i) for i in data.unlinked]})
    return {
        "sprint": {
            "id": sprint.pk,
            "team": sprint.team_id,
            "name": sprint.name,
            "goal": sprint.goal,
            "state": sprint.state,
            "starts_on": sprint.starts_on,
            "ends_on": sprint.ends_on,
            "started_at": sprint.started_at,
            "closed_at": sprint.closed_at,
        },
        "review": record,
        "key_results": [_move(m) for m in data.key_results],
        "other_key_results": [_move(m) for m in data.other_key_results],
        "increment": increment,
        "numbers": {
            "committed_points": sprint.committed_points,
            "committed_items": sprint.committed_items,
            "done_points": data.done_points,
            "done_items": len(data.done_items),
            "added_items": len(data.added),
            "removed_items": len(data.removed),
        },
        "backlog_changes": [_change(e) for e in data.changes],
        "more_backlog_changes": data.more_changes,
    }
