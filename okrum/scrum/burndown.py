"""The sprint burndown: remaining points at the end of each day, and the ideal line.

Pure: the queries hand over plain values. Remaining points are the estimates of the sprint's
open items: they fall when an item is done (or dropped as won't do), rise when one is re-opened,
and move with the scope (items added or removed after the start, estimates changed). The ideal
line falls from the committed points to 0 evenly across the sprint's **working days** (Monday to
Friday; it stays level over a weekend); a sprint without working days spreads it over all days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation

ZERO = Decimal(0)
ONE_PLACE = Decimal("0.1")
FINISHED = frozenset({"done", "wont_do"})

# What moved the remaining line.
SCOPE, DONE, REOPENED = "scope", "done", "reopened"


@dataclass(frozen=True)
class Change:
    """Remaining points moved by `points` (negative: down) at `at`, for the reason `kind`."""

    at: datetime
    points: Decimal
    kind: str


@dataclass(frozen=True)
class ItemNow:
    """An item as it is now: where the replay of its history ends."""

    estimate: Decimal | None
    status: str


@dataclass(frozen=True)
class ItemChange:
    """One recorded change of an item (an ItemEvent): `field` went from `before` to `after`."""

    item_id: int
    at: datetime
    field: str  # "status", "estimate" or "sprint"
    before: str
    after: str


@dataclass(frozen=True)
class Burndown:
    days: list[date]
    remaining: list[Decimal]  # one per day up to today (or the end), at the end of that day
    ideal: list[Decimal]  # one per day of the sprint
    committed: Decimal
    start: Decimal  # remaining when the sprint started


def sprint_days(starts_on: date, ends_on: date) -> list[date]:
    """Every day of the sprint, both ends included."""
    return [starts_on + timedelta(days=n) for n in range((ends_on - starts_on).days + 1)]


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def ideal(days: Sequence[date], committed: Decimal) -> list[Decimal]:
    """Committed points falling evenly to 0 by the end of the last working day."""
    working = [d for d in days if is_working_day(d)] or list(days)
    counted = set(working)
    total = len(working)
    line, done = [], 0
    for day in days:
        done += day in counted
        line.append((committed * (total - done) / total).quantize(ONE_PLACE))
    return line


def _points(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def changes(
    sprint_id: int,
    committed: Mapping[int, Decimal | None],
    history: Iterable[ItemChange],
    items_now: Mapping[int, ItemNow],
) -> tuple[Decimal, list[Change]]:
    """Remaining points at the start, and every later move of them, oldest first.

    `committed` holds the estimates frozen at the start; `history` the items' changes since the
    start (of every item that was ever in the sprint); `items_now` each item's present state,
    from which the state of an item at the start is told when no change says otherwise.
    """
    by_item: dict[int, list[ItemChange]] = {item_id: [] for item_id in committed}
    for change in history:
        by_item.setdefault(change.item_id, []).append(change)
    start = ZERO
    moves: list[Change] = []
    me = str(sprint_id)
    for item_id, rows in by_item.items():
        rows.sort(key=lambda c: c.at)
        now = items_now.get(item_id, ItemNow(None, "new"))
        first: dict[str, ItemChange] = {}
        for row in rows:
            first.setdefault(row.field, row)
        in_sprint = item_id in committed
        if in_sprint:
            estimate = committed[item_id]
        else:
            estimate = _points(first["estimate"].before) if "estimate" in first else now.estimate
        status = first["status"].before if "status" in first else now.status

        before = _counts(in_sprint, estimate, status)
        start += before
        for row in rows:
            if row.field == "sprint":
                if row.after == me:
                    in_sprint = True
                elif row.before == me:
                    in_sprint = False
            elif row.field == "estimate":
                estimate = _points(row.after)
            elif row.field == "status":
                status = row.after
            after = _counts(in_sprint, estimate, status)
            if after != before:
                moves.append(Change(row.at, after - before, _kind(row, after - before)))
            before = after
    moves.sort(key=lambda c: c.at)
    return start, moves


def _counts(in_sprint: bool, estimate: Decimal | None, status: str) -> Decimal:
    """What an item adds to the remaining points: its estimate while open in the sprint."""
    return (estimate or ZERO) if in_sprint and status not in FINISHED else ZERO


def _kind(row: ItemChange, delta: Decimal) -> str:
    if row.field != "status":
        return SCOPE
    if delta > 0:
        return REOPENED
    return DONE if row.after == "done" else SCOPE


def remaining(
    days: Sequence[date],
    start: Decimal,
    moves: Iterable[Change],
    *,
    until: date,
    tz: tzinfo,
) -> list[Decimal]:
    """Remaining points at the end of each day up to `until`.

    A change before the first day counts on the first day, one after the last on the last day
    (a sprint started early or closed late).
    """
    shown = [d for d in days if d <= until]
    if not shown:
        return []
    first, last = days[0], days[-1]
    per_day: dict[date, Decimal] = {}
    for move in moves:
        day = min(max(move.at.astimezone(tz).date(), first), last)
        per_day[day] = per_day.get(day, ZERO) + move.points
    line, level = [], start
    for day in shown:
        level += per_day.get(day, ZERO)
        line.append(level)
    return line


def burndown(
    *,
    starts_on: date,
    ends_on: date,
    committed: Decimal,
    start: Decimal,
    moves: Iterable[Change],
    today: date,
    tz: tzinfo,
) -> Burndown:
    """The whole chart of a started sprint, up to `today` (or its end)."""
    days = sprint_days(starts_on, ends_on)
    return Burndown(
        days=days,
        remaining=remaining(days, start, moves, until=today, tz=tz),
        ideal=ideal(days, committed),
        committed=committed,
        start=start,
    )
