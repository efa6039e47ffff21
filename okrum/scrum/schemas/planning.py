"""JSON shapes of sprint planning: the team's key results beside the backlog, capacity, forecast."""

from __future__ import annotations

from decimal import Decimal

from ninja import Schema
from pydantic import Field

from okrum.core.schemas import DecimalOut, Id
from okrum.okrs.models import CycleState
from okrum.scrum.queries.planning import Capacity, KeyResultLine, Planning
from okrum.scrum.schemas import ItemOut, SprintOut


class CycleRef(Schema):
    id: int
    name: str
    state: CycleState


class ObjectiveRef(Schema):
    id: int
    title: str
    team: int | None = Field(description="None: a company objective")


class LinkedWork(Schema):
    """Open items linked to a key result, and their points."""

    items: int
    points: DecimalOut


class PlanningKeyResultOut(Schema):
    id: int
    title: str
    objective: ObjectiveRef
    unit: str
    current_value: DecimalOut | None
    target_value: DecimalOut | None
    progress: DecimalOut = Field(description="0 to 1")
    status: str = Field(description="As of today: no_data, on_track, at_risk, off_track, achieved")
    confidence: int | None = Field(description="0 to 10, from the latest check-in")
    stale: bool = Field(description="No check-in within the cycle's cadence")
    team_owned: bool = Field(description="An objective of the sprint's own team")
    in_goal: bool = Field(description="The Sprint Goal serves it")
    in_sprint: LinkedWork
    in_backlog: LinkedWork


class BacklogPage(Schema):
    items: list[ItemOut]
    next_cursor: str | None


class SelectedOut(Schema):
    items: list[ItemOut]
    points: DecimalOut
    unestimated: int = Field(description="Selected items without an estimate")


class MemberCapacityOut(Schema):
    membership: int
    name: str
    accountability: str
    available_days: DecimalOut | None = Field(description="None: not set (counts as all days)")


class ForecastOut(Schema):
    points: DecimalOut = Field(description="Average velocity scaled to the available days")
    average: DecimalOut = Field(description="Average done points of the last closed sprints")
    sprints: int = Field(description="How many closed sprints the average is made of")


class CapacityOut(Schema):
    working_days: int = Field(description="Monday to Friday, first and last day included")
    members: list[MemberCapacityOut]
    available_days: DecimalOut
    full_days: DecimalOut
    forecast: ForecastOut | None = Field(description="None before the first sprint closes")


class WarningOut(Schema):
    code: str
    message: str


class PlanningOut(Schema):
    sprint: SprintOut
    cycle: CycleRef | None = Field(description="The active OKR cycle")
    key_results: list[PlanningKeyResultOut]
    backlog: BacklogPage = Field(description="Open items in no sprint: ready first, then rank")
    selected: SelectedOut
    capacity: CapacityOut
    warnings: list[WarningOut]


class MemberDaysIn(Schema):
    membership: Id
    available_days: Decimal


class CapacityIn(Schema):
    members: list[MemberDaysIn] = Field(max_length=200)


def _work(items: int, points: Decimal) -> dict[str, object]:
    return {"items": items, "points": points}


def _key_result(line: KeyResultLine) -> dict[str, object]:
    kr = line.key_result
    return {
        "id": kr.pk,
        "title": kr.title,
        "objective": {
            "id": kr.objective_id,
            "title": kr.objective.title,
            "team": kr.objective.team_id,
        },
        "unit": kr.unit,
        "current_value": kr.current_value,
        "target_value": kr.target_value,
        "progress": kr.progress,
        "status": line.status,
        "confidence": kr.confidence,
        "stale": line.stale,
        "team_owned": line.team_owned,
        "in_goal": line.in_goal,
        "in_sprint": _work(line.sprint_items, line.sprint_points),
        "in_backlog": _work(line.backlog_items, line.backlog_points),
    }


def capacity_out(plan: Capacity) -> dict[str, object]:
    forecast = plan.forecast
    return {
        "working_days": plan.working_days,
        "members": [
            {
                "membership": m.seat.membership_id,
                "name": m.seat.membership.user.name,
                "accountability": m.seat.accountability,
                "available_days": m.available_days,
            }
            for m in plan.members
        ],
        "available_days": plan.available_days,
        "full_days": plan.full_days,
        "forecast": None
        if forecast is None
        else {"points": forecast.points, "average": forecast.average, "sprints": forecast.sprints},
    }


def planning_out(found: Planning) -> dict[str, object]:
    """The planning read as PlanningOut's fields."""
    cycle = found.cycle
    return {
        "sprint": found.sprint,
        "cycle": None
        if cycle is None
        else {"id": cycle.pk, "name": cycle.name, "state": cycle.state},
        "key_results": [_key_result(line) for line in found.key_results],
        "backlog": {"items": found.backlog.items, "next_cursor": found.backlog.next_cursor},
        "selected": {
            "items": found.selected,
            "points": found.selected_points,
            "unestimated": found.unestimated,
        },
        "capacity": capacity_out(found.capacity),
        "warnings": [{"code": w.code, "message": w.message} for w in found.warnings],
    }
