"""The burndown: remaining points per day from an item history, and the ideal line."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from okrum.scrum import burndown
from okrum.scrum.burndown import DONE, REOPENED, SCOPE, Change, ItemChange, ItemNow

# Monday 7 December 2026 to Friday 18 December 2026: ten working days, one weekend.
MON = date(2026, 12, 7)
FRI2 = date(2026, 12, 18)
SPRINT = 7


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def day(n: int) -> date:
    return MON + timedelta(days=n)


def test_the_sprint_days_include_both_ends():
    days = burndown.sprint_days(MON, FRI2)

    assert len(days) == 12
    assert days[0] == MON
    assert days[-1] == FRI2


def test_the_ideal_line_falls_evenly_over_working_days_and_rests_at_weekends():
    days = burndown.sprint_days(MON, FRI2)

    line = burndown.ideal(days, D(20))

    # Ten working days: 2 points a day; Saturday 12 and Sunday 13 keep Friday's 10.
    assert line == [D(18), D(16), D(14), D(12), D(10), D(10), D(10), D(8), D(6), D(4), D(2), D(0)]


def test_the_ideal_line_is_rounded_to_one_place():
    line = burndown.ideal(burndown.sprint_days(MON, day(2)), D(10))

    assert line == [D("6.7"), D("3.3"), D(0)]


def test_a_weekend_only_sprint_spreads_the_ideal_over_all_its_days():
    saturday = date(2026, 12, 12)

    line = burndown.ideal([saturday, saturday + timedelta(days=1)], D(8))

    assert line == [D(4), D(0)]


def test_done_items_bring_the_remaining_line_down_day_by_day():
    committed = {1: D(5), 2: D(3), 3: D(2)}
    history = [
        ItemChange(1, at(day(1)), "status", "in_progress", "done"),
        ItemChange(3, at(day(1), 15), "status", "new", "done"),
        ItemChange(2, at(day(3)), "status", "ready", "done"),
    ]
    now = {1: ItemNow(D(5), "done"), 2: ItemNow(D(3), "done"), 3: ItemNow(D(2), "done")}

    start, moves = burndown.changes(SPRINT, committed, history, now)
    line = burndown.remaining(burndown.sprint_days(MON, FRI2), start, moves, until=day(4), tz=UTC)

    assert start == D(10)
    assert [m.kind for m in moves] == [DONE, DONE, DONE]
    assert line == [D(10), D(3), D(3), D(0), D(0)]


def test_scope_added_and_removed_after_the_start_moves_the_line():
    committed = {1: D(5), 2: D(3)}
    history = [
        # Item 4 is estimated at 8 before it joins the sprint on day 1.
        ItemChange(4, at(day(0), 9), "estimate", "", "8"),
        ItemChange(4, at(day(1)), "sprint", "", str(SPRINT)),
        # Item 2 leaves for another sprint on day 2: two events, one per sprint.
        ItemChange(2, at(day(2)), "sprint", str(SPRINT), ""),
        ItemChange(2, at(day(2)), "sprint", "", "99"),
    ]
    now = {1: ItemNow(D(5), "new"), 2: ItemNow(D(3), "new"), 4: ItemNow(D(8), "new")}

    start, moves = burndown.changes(SPRINT, committed, history, now)
    line = burndown.remaining(burndown.sprint_days(MON, FRI2), start, moves, until=day(2), tz=UTC)

    assert start == D(8)
    assert [(m.points, m.kind) for m in moves] == [(D(8), SCOPE), (D(-3), SCOPE)]
    assert line == [D(8), D(16), D(13)]


def test_an_estimate_change_moves_the_line_and_a_reopened_item_comes_back():
    committed = {1: D(5)}
    history = [
        ItemChange(1, at(day(0)), "estimate", "5", "8"),
        ItemChange(1, at(day(1)), "status", "in_progress", "done"),
        ItemChange(1, at(day(2)), "status", "done", "in_progress"),
    ]

    start, moves = burndown.changes(SPRINT, committed, history, {1: ItemNow(D(8), "in_progress")})
    line = burndown.remaining(burndown.sprint_days(MON, FRI2), start, moves, until=day(2), tz=UTC)

    assert [(m.points, m.kind) for m in moves] == [(D(3), SCOPE), (D(-8), DONE), (D(8), REOPENED)]
    assert line == [D(8), D(0), D(8)]


def test_wont_do_leaves_the_remaining_points_as_a_scope_change():
    history = [ItemChange(1, at(day(1)), "status", "new", "wont_do")]

    _, moves = burndown.changes(SPRINT, {1: D(3)}, history, {1: ItemNow(D(3), "wont_do")})

    assert [(m.points, m.kind) for m in moves] == [(D(-3), SCOPE)]


def test_an_item_done_before_the_start_is_not_remaining():
    start, moves = burndown.changes(
        SPRINT,
        {1: D(5), 2: D(2)},
        [],
        {
            1: ItemNow(D(5), "done"),
            2: ItemNow(D(2), "new"),
        },
    )

    assert start == D(2)
    assert moves == []


def test_changes_to_an_item_outside_the_sprint_do_not_count():
    history = [
        ItemChange(5, at(day(1)), "estimate", "1", "13"),
        ItemChange(5, at(day(2)), "status", "new", "done"),
    ]

    start, moves = burndown.changes(SPRINT, {}, history, {5: ItemNow(D(13), "done")})

    assert (start, moves) == (D(0), [])


def test_remaining_stops_at_today_and_days_are_read_in_the_local_time_zone():
    # 23:30 UTC on Monday is already Tuesday in Berlin.
    moves = [Change(datetime(2026, 12, 7, 23, 30, tzinfo=UTC), D(-2), DONE)]
    days = burndown.sprint_days(MON, FRI2)

    in_utc = burndown.remaining(days, D(5), moves, until=day(1), tz=UTC)
    in_berlin = burndown.remaining(days, D(5), moves, until=day(1), tz=ZoneInfo("Europe/Berlin"))

    assert in_utc == [D(3), D(3)]
    assert in_berlin == [D(5), D(3)]


def test_changes_outside_the_sprint_days_count_on_its_first_or_last_day():
    moves = [
        Change(at(MON - timedelta(days=1)), D(-1), DONE),
        Change(at(FRI2 + timedelta(days=2)), D(-1), DONE),
    ]
    days = burndown.sprint_days(MON, FRI2)

    line = burndown.remaining(days, D(4), moves, until=FRI2 + timedelta(days=5), tz=UTC)

    assert line[0] == D(3)
    assert line[-1] == D(2)
    assert len(line) == len(days)


def test_before_the_first_day_there_is_no_remaining_line():
    assert burndown.remaining([MON], D(4), [], until=MON - timedelta(days=1), tz=UTC) == []


def test_the_whole_burndown_of_a_sprint():
    chart = burndown.burndown(
        starts_on=MON,
        ends_on=day(4),
        committed=D(10),
        start=D(10),
        moves=[Change(at(day(1)), D(-4), DONE)],
        today=day(2),
        tz=UTC,
    )

    assert chart.days == [day(n) for n in range(5)]
    assert chart.remaining == [D(10), D(6), D(6)]
    assert chart.ideal == [D(8), D(6), D(4), D(2), D(0)]
