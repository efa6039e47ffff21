"""Alignment maths: how much finished work served a key result, on Decimals, no ORM."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
FOUR_PLACES = Decimal("0.0001")


def share(linked: Decimal, done: Decimal) -> Decimal | None:
    """Linked points as a fraction of done points (4 places); None when nothing was done."""
    if done <= ZERO:
        return None
    return (linked / done).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def percent(fraction: Decimal | None) -> int | None:
    """A fraction as a whole percentage for display, half rounded up."""
    if fraction is None:
        return None
    return int((fraction * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class SprintPoints:
    """One sprint's done points, those linked to a key result, and whether its goal serves one."""

    done: Decimal
    linked: Decimal
    serves_key_result: bool

    @property
    def share(self) -> Decimal | None:
        return share(self.linked, self.done)


@dataclass(frozen=True)
class RollUp:
    """Totals over many sprints: the share is weighted by points, not a mean of shares."""

    done: Decimal
    linked: Decimal
    sprints_serving: int
    sprints_not_serving: int
    orphans: int = 0

    @property
    def share(self) -> Decimal | None:
        return share(self.linked, self.done)

    @property
    def sprints(self) -> int:
        return self.sprints_serving + self.sprints_not_serving


def roll_up(sprints: Iterable[SprintPoints], *, orphans: int = 0) -> RollUp:
    """Add the sprints' points up; a sprint of 40 points weighs four times one of 10."""
    done = linked = ZERO
    serving = not_serving = 0
    for sprint in sprints:
        done += sprint.done
        linked += sprint.linked
        if sprint.serves_key_result:
            serving += 1
        else:
            not_serving += 1
    return RollUp(
        done=done,
        linked=linked,
        sprints_serving=serving,
        sprints_not_serving=not_serving,
        orphans=orphans,
    )
