"""JSON shapes of the alignment report; shares are fractions 0 to 1 as exact decimal strings."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Schema

from okrum.core.schemas import DecimalOut
from okrum.insights.alignment import RollUp
from okrum.insights.queries.alignment import AlignmentReport
from okrum.okrs.models import KeyResult
from okrum.scrum.models import Sprint


class CycleRefOut(Schema):
    id: int
    name: str
    state: str
    starts_on: date
    ends_on: date


class SprintAlignmentOut(Schema):
    id: int
    name: str
    state: str
    goal: str
    starts_on: date
    ends_on: date
    done_points: DecimalOut
    linked_points: DecimalOut
    share: DecimalOut | None
    serves_key_result: bool


class TeamAlignmentOut(Schema):
    id: int
    name: str
    key: str
    done_points: DecimalOut
    linked_points: DecimalOut
    share: DecimalOut | None
    sprints: list[SprintAlignmentOut]


class SprintRefOut(Schema):
    id: int
    name: str
    team_id: int
    goal: str


class KeyResultRefOut(Schema):
    id: int
    title: str
    objective_id: int
    cycle_id: int
    cycle_name: str


class StaleItemOut(Schema):
    id: int
    key: str
    title: str
    status: str
    key_results: list[KeyResultRefOut]


class RollUpOut(Schema):
    done_points: DecimalOut
    linked_points: DecimalOut
    share: DecimalOut | None
    sprints: int
    sprints_serving_key_results: int
    sprints_serving_no_key_result: int
    orphan_key_results: int
    stale_items: int


class AlignmentOut(Schema):
    cycle: CycleRefOut | None
    total: RollUpOut
    teams: list[TeamAlignmentOut]
    sprints_serving_no_key_result: list[SprintRefOut]
    orphan_key_results: list[KeyResultRefOut]
    stale_items: list[StaleItemOut]


def _points(total: RollUp) -> dict[str, Any]:
    return {"done_points": total.done, "linked_points": total.linked, "share": total.share}


def _key_result(kr: KeyResult) -> dict[str, Any]:
    cycle = kr.objective.cycle
    return {
        "id": kr.pk,
        "title": kr.title,
        "objective_id": kr.objective_id,
        "cycle_id": cycle.pk,
        "cycle_name": cycle.name,
    }


def _sprint_ref(sprint: Sprint) -> dict[str, Any]:
    return {"id": sprint.pk, "name": sprint.name, "team_id": sprint.team_id, "goal": sprint.goal}


def alignment_out(report: AlignmentReport) -> dict[str, Any]:
    """The report as the API sends it."""
    total = report.total
    teams = [
        {
            "id": team.team.pk,
            "name": team.team.name,
            "key": team.team.key,
            **_points(team.total),
            "sprints": [
                {
                    "id": row.sprint.pk,
                    "name": row.sprint.name,
                    "state": row.sprint.state,
                    "goal": row.sprint.goal,
                    "starts_on": row.sprint.starts_on,
                    "ends_on": row.sprint.ends_on,
                    "done_points": row.points.done,
                    "linked_points": row.points.linked,
                    "share": row.points.share,
                    "serves_key_result": row.points.serves_key_result,
                }
                for row in team.sprints
            ],
        }
        for team in report.teams
    ]
    return {
        "cycle": report.cycle,
        "total": {
            **_points(total),
            "sprints": total.sprints,
            "sprints_serving_key_results": total.sprints_serving,
            "sprints_serving_no_key_result": total.sprints_not_serving,
            "orphan_key_results": total.orphans,
            "stale_items": report.stale_total,
        },
        "teams": teams,
        "sprints_serving_no_key_result": [_sprint_ref(s) for s in report.unserving],
        "orphan_key_results": [_key_result(kr) for kr in report.orphans],
        "stale_items": [
            {
                "id": stale.item.pk,
                "key": stale.item.key,
                "title": stale.item.title,
                "status": stale.item.status,
                "key_results": [_key_result(kr) for kr in stale.key_results],
            }
            for stale in report.stale
        ],
    }
