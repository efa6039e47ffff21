"""The sprint burnup: the scope line and the done line, from the moves the burndown replays.

Pure: it reads the `Change`s of `okrum.scrum.burndown.changes`, so both charts tell one story.
The scope starts at the committed points and steps with every scope change (items added or
removed, estimates changed, items dropped as won't do); the done line starts at the points already
done when the sprint started and rises when an item is done. A re-opened item lowers the done
line: scope minus done always equals the burndown's remaining points.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from decimal import Decimal

from okrum.scrum.burndown import DONE, REOPENED, SCOPE, Change

ZERO = Decimal(0)


@dataclass(frozen=True)
class Burnup:
    days: list[date]
    scope: list[Decimal]  # one per day shown, at the end of that day
    done: list[Decimal]


def burnup(
    *,
    days: Sequence[date],
    committed: Decimal,
    start: Decimal,
    moves: Iterable[Change],
    until: date,
    tz: tzinfo,
) -> Burnup:
    """Scope and done points at the end of each day up to `until` (clamped as the burndown)."""
    shown = [d for d in days if d <= until]
    if not shown:
        return Burnup(days=[], scope=[], done=[])
    first, last = days[0], days[-1]
    scope_moves: dict[date, Decimal] = {}
    done_moves: dict[date, Decimal] = {}
    for move in moves:
        day = min(max(move.at.astimezone(tz).date(), first), last)
        if move.kind == SCOPE:
            scope_moves[day] = scope_moves.get(day, ZERO) + move.points
        elif move.kind in (DONE, REOPENED):
            # Remaining falls by what is done, so done rises by the opposite.
            done_moves[day] = done_moves.get(day, ZERO) - move.points
    scope_level, done_level = committed, committed - start
    scope, done = [], []
    for day in shown:
        scope_level += scope_moves.get(day, ZERO)
        done_level += done_moves.get(day, ZERO)
        scope.append(scope_level)
        done.append(done_level)
    return Burnup(days=shown, scope=scope, done=done)
