"""Capacity: the days a team has for a sprint, and the velocity forecast scaled to them.

Working days are Monday to Friday from a sprint's first day to its last, both included;
public holidays and personal leave are what each member's available days account for.

The capacity-adjusted forecast is the average velocity of the last three closed sprints
scaled by the share of the team's full working days available this sprint:
average * available days / (working days * members). A member with no entry yet counts as
fully available, so a team that never sets capacity gets the plain average velocity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from okrum.scrum import velocity

ONE_PLACE = Decimal("0.1")
SATURDAY = 5


def working_days(starts_on: date, ends_on: date) -> int:
    """Mondays to Fridays from `starts_on` to `ends_on`, both included (0 if reversed)."""
    if ends_on < starts_on:
        return 0
    total = (ends_on - starts_on).days + 1
    weeks, rest = divmod(total, 7)
    days = weeks * 5
    for offset in range(rest):
        if (starts_on + timedelta(days=weeks * 7 + offset)).weekday() < SATURDAY:
            days += 1
    return days


def team_days(available: Iterable[Decimal | None], full: int) -> Decimal:
    """The team's days in the sprint: each member's entry, or all `full` days without one."""
    return sum((Decimal(full) if d is None else d for d in available), Decimal(0))


@dataclass(frozen=True)
class CapacityForecast:
    """Points the team may finish this sprint, with what the number is made of."""

    points: Decimal
    average: Decimal
    sprints: int
    available_days: Decimal
    full_days: Decimal

    @property
    def share(self) -> Decimal:
        """The part of the full days the team has, 0 to 1 (1 when there is nothing to compare)."""
        if self.full_days == 0:
            return Decimal(1)
        return self.available_days / self.full_days


def forecast(
    done_points: Sequence[Decimal], *, available_days: Decimal, full_days: Decimal
) -> CapacityForecast | None:
    """Average velocity * available / full days, to one decimal; None before a sprint closes."""
    plain = velocity.forecast(done_points)
    if plain is None:
        return None
    points = plain.average
    if full_days > 0:
        points = (plain.average * available_days / full_days).quantize(
            ONE_PLACE, rounding=ROUND_HALF_UP
        )
    return CapacityForecast(
        points=points,
        average=plain.average,
        sprints=plain.sprints,
        available_days=available_days,
        full_days=full_days,
    )
