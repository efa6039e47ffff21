"""The check-in cadence (pure): when a key result is stale, and where a reminder period starts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from okrum.okrs import cadence

AT = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


def stale(last: datetime | None, cadence_: str = "weekly", **kw: object) -> bool:
    kw.setdefault("cycle_state", "active")
    return cadence.is_stale(cadence=cadence_, last_check_in_at=last, at=AT, **kw)  # type: ignore[arg-type]


def test_a_key_result_without_any_check_in_is_stale():
    assert stale(None)


@pytest.mark.parametrize(("name", "days"), [("weekly", 7), ("biweekly", 14), ("per_sprint", 14)])
def test_a_check_in_counts_for_the_cadence_length_and_not_a_second_longer(name, days):
    edge = AT - timedelta(days=days)
    assert not stale(edge, name)
    assert stale(edge - timedelta(seconds=1), name)


def test_per_sprint_the_window_opens_when_the_sprint_started():
    started = AT - timedelta(days=3)
    assert stale(started - timedelta(minutes=1), "per_sprint", sprint_started_at=started)
    assert not stale(started + timedelta(minutes=1), "per_sprint", sprint_started_at=started)


def test_per_sprint_a_sprint_older_than_two_weeks_still_counts_from_its_start():
    started = AT - timedelta(days=20)
    assert not stale(AT - timedelta(days=18), "per_sprint", sprint_started_at=started)


def test_the_sprint_start_is_ignored_by_the_weekly_cadence():
    started = AT - timedelta(days=1)
    assert not stale(AT - timedelta(days=3), "weekly", sprint_started_at=started)


@pytest.mark.parametrize("state", ["planning", "review", "closed"])
def test_only_an_active_cycle_has_stale_key_results(state):
    assert not stale(None, cycle_state=state)


def test_the_window_starts_at_the_cadence_length_before_now():
    assert cadence.window_start("biweekly", AT) == AT - timedelta(days=14)
    assert cadence.window_start("per_sprint", AT, AT - timedelta(days=2)) == AT - timedelta(days=2)


def test_periods_are_cut_from_the_first_day_of_the_cycle():
    start = date(2026, 4, 1)
    assert cadence.period_start("weekly", start, date(2026, 4, 1)) == start
    assert cadence.period_start("weekly", start, date(2026, 4, 7)) == start
    assert cadence.period_start("weekly", start, date(2026, 4, 8)) == date(2026, 4, 8)
    assert cadence.period_start("biweekly", start, date(2026, 4, 28)) == date(2026, 4, 15)


def test_a_day_before_the_cycle_belongs_to_its_first_period():
    start = date(2026, 4, 1)
    assert cadence.period_start("weekly", start, date(2026, 3, 30)) == start


def test_per_sprint_the_period_is_the_sprint_and_without_one_two_weeks():
    start = date(2026, 4, 1)
    assert cadence.period_start("per_sprint", start, date(2026, 4, 20), date(2026, 4, 18)) == date(
        2026, 4, 18
    )
    assert cadence.period_start("per_sprint", start, date(2026, 4, 20)) == date(2026, 4, 15)
