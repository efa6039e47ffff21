"""Estimate scales: the points each allows and how the team names them."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from okrum.scrum import estimates


def test_fibonacci_is_the_default_scale_of_points():
    assert estimates.points("fibonacci") == tuple(D(p) for p in (0, 1, 2, 3, 5, 8, 13, 21))


def test_t_shirt_sizes_map_to_points_and_back():
    assert estimates.points("tshirt") == (D(1), D(2), D(3), D(5), D(8), D(13))
    assert estimates.label("tshirt", D(5)) == "L"
    assert estimates.label("fibonacci", D("5.0")) == "5"
    assert estimates.label("custom", D("0.5")) == "0.5"


def test_a_custom_scale_is_sorted_and_without_repeats():
    assert estimates.custom_points(["8", 1, "0.5", 1]) == [D("0.5"), D(1), D(8)]
    assert estimates.points("custom", [D(3), D(1)]) == (D(1), D(3))


@pytest.mark.parametrize("raw", [[], ["x"], [-1], [1000], ["0.25"], ["NaN"], list(range(21))])
def test_a_bad_custom_scale_is_refused(raw):
    with pytest.raises(estimates.ScaleError):
        estimates.custom_points(raw)


def test_an_unknown_scale_is_refused():
    with pytest.raises(estimates.ScaleError):
        estimates.points("moons")
