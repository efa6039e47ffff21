"""Velocity from closed sprints, and how a plan compares with it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from okrum.scrum import velocity


def test_no_closed_sprint_gives_no_velocity():
    assert velocity.average([]) is None
    assert velocity.forecast([]) is None


def test_velocity_is_the_mean_of_the_last_three_closed_sprints():
    done = [D(5), D(20), D(21), D(13), D(8)]

    assert velocity.average(done) == D("14.0")  # (21 + 13 + 8) / 3


def test_the_window_can_be_chosen_and_fewer_sprints_count_as_they_are():
    assert velocity.average([D(10), D(11)], window=5) == D("10.5")
    assert velocity.average([D(1), D(2), D(4)], window=1) == D("4.0")


def test_the_mean_is_rounded_half_up_to_one_decimal():
    assert velocity.average([D(1), D(1), D(2)]) == D("1.3")
    assert velocity.average([D("0.5"), D(0)], window=2) == D("0.3")


def test_the_forecast_spans_the_lowest_and_highest_recent_sprint():
    forecast = velocity.forecast([D(30), D(8), D(13), D(10)])

    assert forecast == velocity.Forecast(average=D("10.3"), low=D(8), high=D(13), sprints=3)


def test_a_window_below_one_is_refused():
    with pytest.raises(ValueError, match="window"):
        velocity.average([D(1)], window=0)


@pytest.mark.parametrize(
    ("committed", "capacity", "history", "verdict"),
    [
        (D(30), D(20), [], "over"),
        (D(20), D(20), [], "fits"),
        (D(15), D(20), [], "under"),
        (D(16), D(20), [], "fits"),
        (D(12), None, [D(10), D(10), D(10)], "over"),
        (D(5), None, [D(10)], "under"),
        (D(99), None, [], "fits"),
    ],
)
def test_a_plan_is_measured_against_capacity_else_velocity(committed, capacity, history, verdict):
    assert velocity.load(committed, velocity.forecast(history), capacity) == verdict
