"""Outcome against output with worked examples (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from okrum.insights import outcome
from okrum.insights.outcome import LinkedItem, SprintSpan

CHECK_INS = [(date(2026, 1, 1), D(10)), (date(2026, 1, 15), D(20)), (date(2026, 1, 20), D(26))]


def test_output_counts_linked_items_and_points() -> None:
    items = [
        LinkedItem(True, D(5), 1),
        LinkedItem(True, None, 1),  # done but unestimated: counts, with 0 points
        LinkedItem(False, D(8), None),
    ]
    result = outcome.output(items)
    assert (result.items, result.done_items) == (3, 2)
    assert result.share_done == D("0.6667")
    assert result.done_points == D(5)
    assert result.open_points == D(8)


def test_output_without_linked_items_is_zero() -> None:
    result = outcome.output([])
    assert result.share_done == D(0)
    assert result.items == 0


def test_value_on_takes_the_latest_check_in_on_or_before_the_day() -> None:
    assert outcome.value_on(CHECK_INS, date(2025, 12, 31)) is None
    assert outcome.value_on(CHECK_INS, date(2025, 12, 31), D(0)) == D(0)
    assert outcome.value_on(CHECK_INS, date(2026, 1, 1)) == D(10)
    assert outcome.value_on(CHECK_INS, date(2026, 1, 14)) == D(10)
    assert outcome.value_on(CHECK_INS, date(2026, 1, 15)) == D(20)
    assert outcome.value_on(CHECK_INS, date(2026, 3, 1)) == D(26)


def test_windows_show_the_change_and_the_work_done_in_each_sprint() -> None:
    sprints = [
        SprintSpan(2, "Sprint 2", "Checkout", date(2026, 1, 15), date(2026, 1, 29)),
        SprintSpan(1, "Sprint 1", "Checkout", date(2026, 1, 1), date(2026, 1, 15)),
        SprintSpan(9, "Sprint 0", "Payments", date(2025, 12, 18), date(2026, 1, 1)),
    ]
    items = [
        LinkedItem(True, D(5), 1),
        LinkedItem(True, D(3), 1),
        LinkedItem(False, D(8), 2),
        LinkedItem(True, D(2), 2),
    ]
    rows = outcome.windows(sprints, CHECK_INS, items, start_value=D(0))
    assert [row.sprint_id for row in rows] == [9, 1, 2]
    before, first, second = rows
    # Before any check-in the start value stands in: 0 → 10 on the sprint's last day.
    assert (before.start_value, before.end_value, before.change) == (D(0), D(10), D(10))
    assert (first.start_value, first.end_value, first.change) == (D(10), D(20), D(10))
    assert (first.done_items, first.done_points) == (2, D(8))
    assert (second.start_value, second.end_value, second.change) == (D(20), D(26), D(6))
    assert (second.done_items, second.done_points) == (1, D(2))


def test_a_window_before_any_value_has_no_change() -> None:
    sprints = [SprintSpan(1, "Sprint 1", "Checkout", date(2025, 12, 1), date(2025, 12, 15))]
    (row,) = outcome.windows(sprints, CHECK_INS, [])
    assert row.start_value is None
    assert row.change is None
