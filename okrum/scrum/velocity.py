"""Velocity: what a team finished in its closed sprints, and what that says about the next one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_WINDOW = 3
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Forecast:
    """Points a team may finish next sprint: the mean of recent sprints and their spread."""

    average: Decimal
    low: Decimal
    high: Decimal
    sprints: int


def recent(done_points: Sequence[Decimal], window: int = DEFAULT_WINDOW) -> list[Decimal]:
    """The last `window` closed sprints' done points (oldest first in, oldest first out)."""
    if window < 1:
        raise ValueError("window must be at least 1")
    return list(done_points[-window:])


def average(done_points: Sequence[Decimal], window: int = DEFAULT_WINDOW) -> Decimal | None:
    """Mean done points of the last `window` closed sprints, to one decimal; None without any."""
    points = recent(done_points, window)
    if not points:
        return None
    return (sum(points, Decimal(0)) / len(points)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def forecast(done_points: Sequence[Decimal], window: int = DEFAULT_WINDOW) -> Forecast | None:
    """Average, lowest and highest of the recent sprints; None before the first sprint closes."""
    points = recent(done_points, window)
    mean = average(points, window)
    if mean is None:
        return None
    return Forecast(average=mean, low=min(points), high=max(points), sprints=len(points))


def load(committed: Decimal, forecast_: Forecast | None, capacity: Decimal | None) -> str:
    """How a plan compares with what the team can do: `under`, `fits` or `over`.

    The yardstick is the sprint's capacity when the team set one, else the average velocity;
    with neither there is nothing to compare with and the plan `fits`.
    """
    limit = capacity if capacity is not None else (forecast_.average if forecast_ else None)
    if limit is None:
        return "fits"
    if committed > limit:
        return "over"
    if committed < limit * Decimal("0.8"):
        return "under"
    return "fits"
