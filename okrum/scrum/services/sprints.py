"""Writes of sprints: plan, start (freezing the scope), close (recording what was done)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from okrum.core.cleaning import snapshot, text
from okrum.core.errors import Conflict, Invalid
from okrum.core.time import now
from okrum.okrs.models import KeyResult
from okrum.scrum import permissions
from okrum.scrum.models import (
    BacklogItem,
    ItemEvent,
    ItemField,
    ItemStatus,
    Sprint,
    SprintCommitment,
    SprintKeyResult,
    SprintState,
)
from okrum.scrum.services._common import check_key_results, event
from okrum.scrum.services.items import update_item
from okrum.teams.models import Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership

MAX_LENGTH = timedelta(days=28)
SPRINT_FIELDS = ("name", "goal", "starts_on", "ends_on", "capacity")
MAX_CAPACITY = Decimal(100_000)
BACKLOG = "backlog"


def _clean(values: dict[str, Any], sprint: Sprint | None = None) -> dict[str, Any]:
    cleaned = dict(values)
    if "name" in values:
        cleaned["name"] = text(values["name"] or "", "name", required=True, limit=80)
    if "goal" in values:
        cleaned["goal"] = text(values["goal"] or "", "goal", required=False, limit=300)
    starts_on = cleaned.get("starts_on", sprint.starts_on if sprint else None)
    ends_on = cleaned.get("ends_on", sprint.ends_on if sprint else None)
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not isinstance(day, date):
            raise Invalid({name: "Enter a date."})
    assert isinstance(starts_on, date)
    assert isinstance(ends_on, date)
    if ends_on <= starts_on:
        raise Invalid({"ends_on": "A sprint ends after it starts."})
    if ends_on - starts_on > MAX_LENGTH:
        raise Invalid({"ends_on": "A sprint lasts at most 4 weeks (28 days from its start)."})
    if cleaned.get("capacity") is not None:
        capacity = Decimal(str(cleaned["capacity"]))
        if not capacity.is_finite() or capacity < 0 or capacity >= MAX_CAPACITY:
            raise Invalid({"capacity": "Capacity is a number of points from 0 to 99,999."})
        cleaned["capacity"] = capacity.quantize(Decimal("0.1"))
    return cleaned


def create_sprint(
    *,
    team: Team,
    by: Membership,
    starts_on: date,
    ends_on: date,
    name: str = "",
    goal: str = "",
    capacity: Decimal | None = None,
    goal_key_results: Sequence[KeyResult] = (),
) -> Sprint:
    """A planned sprint with the team's next number (named "Sprint N" unless named)."""
    permissions.require_team_work(by, team)
    last = Sprint.objects.filter(team=team).order_by("-number").values_list("number", flat=True)
    number = (last.first() or 0) + 1
    cleaned = _clean(
        {
            "name": name or f"Sprint {number}",
            "goal": goal,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "capacity": capacity,
        }
    )
    krs = check_key_results(team.organization_id, goal_key_results, "goal_key_results")
    sprint = Sprint.objects.create(
        organization_id=team.organization_id, team=team, number=number, **cleaned
    )
    _link(sprint, krs)
    audit.record(
        org=team.organization,
        actor=by.user,
        action="sprint.created",
        obj=sprint,
        after={**snapshot(sprint, SPRINT_FIELDS), "goal_key_results": [kr.pk for kr in krs]},
    )
    return sprint


def _link(sprint: Sprint, key_results: Sequence[KeyResult]) -> None:
    SprintKeyResult.objects.bulk_create(
        [
            SprintKeyResult(organization_id=sprint.organization_id, sprint=sprint, key_result=kr)
            for kr in key_results
        ]
    )


def _record_key_results(sprint: Sprint, moment: str, *, only_unset: bool = False) -> None:
    """Store the goal key results' value, progress and confidence as they are now.

    `moment` is "start" (the sprint starts, or a key result joins a running sprint) or "end".
    """
    rows = list(SprintKeyResult.objects.filter(sprint=sprint).select_related("key_result"))
    if only_unset:
        rows = [row for row in rows if row.start_progress is None]
    for row in rows:
        kr = row.key_result
        # Before its first check-in a key result stands at its start value.
        value = kr.current_value if kr.current_value is not None else kr.start_value
        setattr(row, f"{moment}_value", value)
        setattr(row, f"{moment}_progress", kr.progress)
        setattr(row, f"{moment}_confidence", kr.confidence)
    fields = [f"{moment}_{name}" for name in ("value", "progress", "confidence")]
    SprintKeyResult.objects.bulk_update(rows, fields)


def update_sprint(
    *,
    sprint: Sprint,
    by: Membership,
    goal_key_results: Sequence[KeyResult] | None = None,
    **changes: Any,
) -> Sprint:
    """Change a sprint that is not closed; its goal and key results may change while it runs."""
    permissions.require_team_work(by, sprint.team)
    if sprint.state == SprintState.CLOSED:
        raise Conflict(f"{sprint.name} is closed; it can no longer change.")
    unknown = set(changes) - set(SPRINT_FIELDS)
    if unknown:
        raise Invalid({sorted(unknown)[0]: "Unknown field."})
    started = sprint.state == SprintState.ACTIVE
    if started and changes.get("starts_on", sprint.starts_on) != sprint.starts_on:
        raise Invalid({"starts_on": "The sprint has started; its start date stays."})
    before = snapshot(sprint, SPRINT_FIELDS)
    cleaned = _clean(changes, sprint)
    for name, value in cleaned.items():
        setattr(sprint, name, value)
    old_krs = None
    if goal_key_results is not None:
        krs = check_key_results(sprint.organization_id, goal_key_results, "goal_key_results")
        rows = SprintKeyResult.objects.filter(sprint=sprint)
        old_krs = sorted(rows.values_list("key_result_id", flat=True))
        kept = {
            row.key_result_id: row for row in rows if row.key_result_id in {kr.pk for kr in krs}
        }
        rows.exclude(key_result_id__in=list(kept)).delete()
        _link(sprint, [kr for kr in krs if kr.pk not in kept])
        if started:
            _record_key_results(sprint, "start", only_unset=True)
    sprint.version += 1
    sprint.save()
    after = snapshot(sprint, SPRINT_FIELDS)
    if old_krs is not None:
        before["goal_key_results"] = old_krs
        after["goal_key_results"] = sorted(kr.pk for kr in goal_key_results or [])
    audit.record(
        org=sprint.organization,
        actor=by.user,
        action="sprint.updated",
        obj=sprint,
        before=before,
        after=after,
    )
    return sprint


def start_sprint(*, sprint: Sprint, by: Membership) -> Sprint:
    """Start a planned sprint: its items and their points become the committed scope."""
    permissions.require_team_work(by, sprint.team)
    if sprint.state != SprintState.PLANNED:
        raise Invalid({"state": f"{sprint.name} is {sprint.state}; only a planned sprint starts."})
    running = Sprint.objects.filter(team_id=sprint.team_id, state=SprintState.ACTIVE).first()
    if running is not None:
        raise Invalid(
            {"state": f"{running.name} is still active; close it before starting another."}
        )
    if not sprint.goal:
        raise Invalid({"goal": "Agree on a Sprint Goal before starting the sprint."})
    items = list(BacklogItem.objects.filter(sprint=sprint).order_by("rank"))
    SprintCommitment.objects.bulk_create(
        [
            SprintCommitment(
                organization_id=sprint.organization_id,
                sprint=sprint,
                item=item,
                estimate=item.estimate,
            )
            for item in items
        ]
    )
    sprint.state = SprintState.ACTIVE
    sprint.committed_items = len(items)
    sprint.committed_points = sum((i.estimate or Decimal(0) for i in items), Decimal(0))
    sprint.started_at = now()
    sprint.version += 1
    sprint.save()
    _record_key_results(sprint, "start")
    Team.objects.filter(pk=sprint.team_id).update(sprint_started_at=sprint.started_at)
    audit.record(
        org=sprint.organization,
        actor=by.user,
        action="sprint.started",
        obj=sprint,
        after={
            "committed_items": sprint.committed_items,
            "committed_points": str(sprint.committed_points),
            "items": [item.pk for item in items],
        },
    )
    return sprint


def close_sprint(
    *,
    sprint: Sprint,
    by: Membership,
    unfinished_to: Sprint | str = BACKLOG,
    moves: Mapping[int, Sprint | str] | None = None,
) -> Sprint:
    """Close the active sprint: record done points, send each unfinished item where chosen.

    `unfinished_to` is "backlog" or a planned sprint of the team; `moves` overrides it per item
    id. Done and won't-do items stay in the sprint as its record.
    """
    permissions.require_team_work(by, sprint.team)
    if sprint.state != SprintState.ACTIVE:
        raise Invalid({"state": f"{sprint.name} is {sprint.state}; only an active sprint closes."})
    items = list(BacklogItem.objects.filter(sprint=sprint))
    unfinished = {i.pk: i for i in items if i.status not in (ItemStatus.DONE, ItemStatus.WONT_DO)}
    moves = dict(moves or {})
    strays = set(moves) - set(unfinished)
    if strays:
        raise Invalid({"moves": f"Item {min(strays)} is not an unfinished item of this sprint."})
    for field, target in [
        ("unfinished_to", unfinished_to),
        *(("moves", t) for t in moves.values()),
    ]:
        _check_destination(sprint, target, field)
    stamp = now()
    history: list[ItemEvent] = []
    for pk, item in unfinished.items():
        target = moves.get(pk, unfinished_to)
        destination = None if target == BACKLOG else target
        assert destination is None or isinstance(destination, Sprint)
        history.append(
            event(
                item,
                ItemField.SPRINT,
                sprint.pk,
                destination.pk if destination else None,
                by,
                sprint_id=sprint.pk,
            )
        )
        history[-1].at = stamp
        item.sprint = destination
        item.version += 1
        item.updated_at = stamp
    BacklogItem.objects.bulk_update(list(unfinished.values()), ["sprint", "version", "updated_at"])
    ItemEvent.objects.bulk_create(history)
    done = [i for i in items if i.status == ItemStatus.DONE]
    sprint.state = SprintState.CLOSED
    sprint.done_items = len(done)
    sprint.done_points = sum((i.estimate or Decimal(0) for i in done), Decimal(0))
    sprint.closed_at = stamp
    sprint.version += 1
    sprint.save()
    _record_key_results(sprint, "end")
    Team.objects.filter(pk=sprint.team_id).update(sprint_started_at=None)
    audit.record(
        org=sprint.organization,
        actor=by.user,
        action="sprint.closed",
        obj=sprint,
        after={
            "done_items": sprint.done_items,
            "done_points": str(sprint.done_points),
            "unfinished": {
                str(pk): (None if item.sprint is None else item.sprint.pk)
                for pk, item in unfinished.items()
            },
        },
    )
    return sprint


def _check_destination(sprint: Sprint, target: Sprint | str, field: str) -> None:
    if target == BACKLOG:
        return
    if not isinstance(target, Sprint):
        raise Invalid({field: "Choose the backlog or a planned sprint of the team."})
    if target.organization_id != sprint.organization_id or target.team_id != sprint.team_id:
        raise Invalid({field: "Choose a planned sprint of the same team."})
    if target.state != SprintState.PLANNED:
        raise Invalid({field: f"{target.name} is {target.state}; choose a planned sprint."})


def assign_items(
    *, sprint: Sprint | None, items: Sequence[BacklogItem], by: Membership, team: Team
) -> list[BacklogItem]:
    """Put items of `team` into `sprint` (None: back to the backlog), each change recorded."""
    permissions.require_team_work(by, team)
    if sprint is not None and sprint.team_id != team.pk:
        raise Invalid({"sprint": "Choose a sprint of the same team."})
    for item in items:
        if item.team_id != team.pk or item.organization_id != team.organization_id:
            raise Invalid({"items": f"{item.key} is not in {team.name}'s backlog."})
    return [
        update_item(item=item, by=by, sprint=sprint) if item.sprint_id != _pk(sprint) else item
        for item in items
    ]


def _pk(sprint: Sprint | None) -> int | None:
    return None if sprint is None else sprint.pk
