"""The burnup maths on a worked week, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from okrum.insights.burnup import burnup
from okrum.scrum.burndown import DONE, REOPENED, SCOPE, Change, remaining, sprint_days

D = Decimal
DAYS = sprint_days(date(2026, 11, 2), date(2026, 11, 6))  # Monday to Friday


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


# 10 committed, 2 of them already done at the start; an item of 3 added on Tuesday, 5 done on
# Wednesday, a done item of 2 re-opened and an estimate cut by 1 on Thursday.
MOVES = [
    Change(at(3), D(3), SCOPE),
    Change(at(4), D(-5), DONE),
    Change(at(5, 9), D(2), REOPENED),
    Change(at(5, 15), D(-1), SCOPE),
]


def test_scope_steps_with_scope_changes_and_done_climbs_with_done_items():
    chart = burnup(
        days=DAYS, committed=D(10), start=D(8), moves=MOVES, until=date(2026, 11, 5), tz=UTC
    )

    assert chart.days == DAYS[:4]
    assert chart.scope == [D(10), D(13), D(13), D(12)]
    assert chart.done == [D(2), D(2), D(7), D(5)]


def test_scope_minus_done_is_the_burndowns_remaining():
    chart = burnup(days=DAYS, committed=D(10), start=D(8), moves=MOVES, until=DAYS[-1], tz=UTC)
    down = remaining(DAYS, D(8), MOVES, until=DAYS[-1], tz=UTC)

    assert [s - d for s, d in zip(chart.scope, chart.done, strict=True)] == down


def test_moves_outside_the_sprint_count_on_its_first_and_last_day():
    moves = [Change(at(1), D(4), SCOPE), Change(at(9), D(-3), DONE)]

    chart = burnup(days=DAYS, committed=D(6), start=D(6), moves=moves, until=DAYS[-1], tz=UTC)

    assert chart.scope == [D(10)] * 5
    assert chart.done == [D(0)] * 4 + [D(3)]


def test_nothing_is_shown_before_the_sprint_starts():
    chart = burnup(days=DAYS, committed=D(6), start=D(6), moves=[], until=date(2026, 11, 1), tz=UTC)

    assert (chart.days, chart.scope, chart.done) == ([], [], [])
