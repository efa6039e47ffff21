"""Outcome against output for a key result: the work finished next to the number it moved (pure).

Output is the linked work: the share of linked items done and their done points. Outcome is the
key result's progress. Per sprint window of the teams doing the linked work, the value at the
window's start is the latest check-in on or before the sprint's first day and the value at its
end the latest on or before its last day (before any check-in: the key result's start value),
so consecutive sprints sharing a boundary day show the same value on both sides of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

FOUR_PLACES = Decimal("0.0001")
ZERO = Decimal(0)


@dataclass(frozen=True)
class LinkedItem:
    """A backlog item linked to the key result, as much of it as the maths needs."""

    done: bool
    estimate: Decimal | None
    sprint_id: int | None


@dataclass(frozen=True)
class Output:
    items: int
    done_items: int
    share_done: Decimal  # 0..1, four places; 0 without linked items
    done_points: Decimal
    open_points: Decimal


@dataclass(frozen=True)
class SprintSpan:
    """A sprint of a team doing the linked work."""

    sprint_id: int
    name: str
    team_name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Window:
    """One sprint window: how the key result moved and what linked work was finished in it."""

    sprint_id: int
    name: str
    team_name: str
    starts_on: date
    ends_on: date
    start_value: Decimal | None
    end_value: Decimal | None
    change: Decimal | None
    done_items: int
    done_points: Decimal


def output(items: Sequence[LinkedItem]) -> Output:
    """Share of linked items done and the points done and still open (unestimated count 0)."""
    done = [item for item in items if item.done]
    share = (
        (Decimal(len(done)) / Decimal(len(items))).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
        if items
        else ZERO
    )
    return Output(
        items=len(items),
        done_items=len(done),
        share_done=share,
        done_points=sum((item.estimate or ZERO for item in done), ZERO),
        open_points=sum((item.estimate or ZERO for item in items if not item.done), ZERO),
    )


def value_on(
    check_ins: Sequence[tuple[date, Decimal]], day: date, before_any: Decimal | None = None
) -> Decimal | None:
    """The latest check-in value on or before `day` (check-ins oldest first)."""
    value = before_any
    for when, checked in check_ins:
        if when > day:
            break
        value = checked
    return value


def windows(
    sprints: Sequence[SprintSpan],
    check_ins: Sequence[tuple[date, Decimal]],
    items: Sequence[LinkedItem],
    *,
    start_value: Decimal | None = None,
) -> list[Window]:
    """Each sprint's start and end value, their change, and the linked items done in it."""
    ordered = sorted(check_ins, key=lambda point: point[0])
    answer = []
    for sprint in sorted(sprints, key=lambda s: (s.starts_on, s.team_name, s.sprint_id)):
        begin = value_on(ordered, sprint.starts_on, start_value)
        end = value_on(ordered, sprint.ends_on, start_value)
        done = [item for item in items if item.done and item.sprint_id == sprint.sprint_id]
        answer.append(
            Window(
                sprint_id=sprint.sprint_id,
                name=sprint.name,
                team_name=sprint.team_name,
                starts_on=sprint.starts_on,
                ends_on=sprint.ends_on,
                start_value=begin,
                end_value=end,
                change=end - begin if begin is not None and end is not None else None,
                done_items=len(done),
                done_points=sum((item.estimate or ZERO for item in done), ZERO),
            )
        )
    return answer
