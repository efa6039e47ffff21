"""Capacity maths: working days of a sprint, team days, and the capacity-adjusted forecast."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from okrum.scrum import capacity

MONDAY = date(2026, 3, 2)


def test_a_two_week_sprint_from_monday_to_friday_has_ten_working_days():
    assert capacity.working_days(MONDAY, date(2026, 3, 13)) == 10


def test_weekends_do_not_count_and_both_ends_do():
    assert capacity.working_days(MONDAY, MONDAY) == 1
    assert capacity.working_days(date(2026, 3, 7), date(2026, 3, 8)) == 0  # Sat, Sun
    assert capacity.working_days(date(2026, 3, 6), date(2026, 3, 9)) == 2  # Fri to Mon
    # 14 days from a Wednesday: two full weeks, plus nothing.
    assert capacity.working_days(date(2026, 3, 4), date(2026, 3, 17)) == 10
    # 15 days from a Wednesday: the extra day is a Wednesday again.
    assert capacity.working_days(date(2026, 3, 4), date(2026, 3, 18)) == 11


def test_a_sprint_ending_before_it_starts_has_no_working_days():
    assert capacity.working_days(MONDAY, date(2026, 3, 1)) == 0


def test_team_days_count_a_member_without_an_entry_as_every_working_day():
    assert capacity.team_days([D(8), None, D("2.5")], 10) == D("20.5")
    assert capacity.team_days([], 10) == D(0)


def test_no_closed_sprint_gives_no_forecast():
    assert capacity.forecast([], available_days=D(20), full_days=D(20)) is None


def test_the_forecast_scales_average_velocity_by_the_available_share_of_days():
    # Average of the last three: (20 + 22 + 18) / 3 = 20; 15 of 20 days → 15 points.
    result = capacity.forecast([D(5), D(20), D(22), D(18)], available_days=D(15), full_days=D(20))
    assert result is not None
    assert result.average == D("20.0")
    assert result.points == D("15.0")
    assert result.sprints == 3
    assert result.share == D("0.75")


def test_full_availability_gives_the_plain_average():
    result = capacity.forecast([D(13), D(8)], available_days=D(20), full_days=D(20))
    assert result is not None
    assert result.points == D("10.5")


def test_the_forecast_rounds_to_one_decimal():
    result = capacity.forecast([D(10)], available_days=D(2), full_days=D(3))
    assert result is not None
    assert result.points == D("6.7")


def test_a_team_without_days_to_compare_keeps_the_plain_average():
    result = capacity.forecast([D(12)], available_days=D(0), full_days=D(0))
    assert result is not None
    assert result.points == D("12.0")
    assert result.share == D(1)
