"""Forecasts of a key result: the check-ins' trend and the linked work's delivery (pure, no ORM).

Trend: a least-squares line through the cycle's check-ins (x = days since the cycle started,
y = value) projects the value on the cycle's last day and the progress that value would mean.
It is only given for `increase_to` and `decrease_to`: a `stay_*` key result scores the share of
check-ins inside its band and a milestone is reached or not, so a projected line says nothing.

Delivery: a Monte Carlo simulation. Each run draws, for every future sprint, one velocity from the
team's last closed sprints (at most ten) and counts sprints until the remaining points are done.
Unestimated open items count as 0 points (the caller reports how many there are). When the work
is spread over several teams, each team burns its own share with its own history and sprint
length, and a run finishes when the last team does. The random generator is seeded, so the same
inputs always give the same answer.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from okrum.okrs import scoring

FOUR_PLACES = Decimal("0.0001")
MIN_HISTORY = 3
MAX_HISTORY = 10
DEFAULT_RUNS = 10_000
DEFAULT_SEED = 20_260_101
# A run that has not finished after this many sprints never will in any useful sense.
MAX_SPRINTS = 200
TREND_KINDS = (scoring.Kind.INCREASE_TO, scoring.Kind.DECREASE_TO)


def _q(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Trend:
    """Where the check-ins' straight line says the key result ends the cycle."""

    slope_per_day: Decimal
    projected_value: Decimal
    projected_progress: Decimal
    ends_on: date
    check_ins: int


def trend(
    definition: scoring.Definition,
    check_ins: Sequence[tuple[date, Decimal]],
    *,
    starts_on: date,
    ends_on: date,
) -> Trend | None:
    """Least-squares projection to `ends_on`; None for fewer than two check-in days or kinds
    where a line means nothing (stay_*, milestone)."""
    if definition.kind not in TREND_KINDS or len(check_ins) < 2:
        return None
    ordered = sorted(check_ins, key=lambda point: point[0])
    xs = [Decimal((day - starts_on).days) for day, _ in ordered]
    ys = [value for _, value in ordered]
    n = Decimal(len(ordered))
    sum_x, sum_y = sum(xs, Decimal(0)), sum(ys, Decimal(0))
    sum_xy = sum((x * y for x, y in zip(xs, ys, strict=True)), Decimal(0))
    sum_xx = sum((x * x for x in xs), Decimal(0))
    denominator = n * sum_xx - sum_x * sum_x
    if denominator == 0:
        # Every check-in on the same day: no line runs through a single x.
        return None
    slope = (n * sum_xy - sum_x * sum_y) / denominator
    intercept = (sum_y - slope * sum_x) / n
    projected = _q(intercept + slope * Decimal((ends_on - starts_on).days))
    # The first value stays in front so a key result that measures its baseline keeps its start.
    progress = scoring.progress(definition, [ys[0], projected])
    return Trend(
        slope_per_day=_q(slope),
        projected_value=projected,
        projected_progress=progress,
        ends_on=ends_on,
        check_ins=len(ordered),
    )


@dataclass(frozen=True)
class TeamWork:
    """One team's share of the linked work and its history."""

    remaining: Decimal
    velocities: Sequence[Decimal]  # done points of closed sprints, oldest first
    sprint_days: int


@dataclass(frozen=True)
class Delivery:
    """The simulation's answer: the chance to finish by the cycle's end and the likeliest finish."""

    remaining_points: Decimal
    sprints_left: int
    probability: Decimal  # 0..1, four places
    likely_sprints: int | None  # sprints from now in the most frequent finish; None: never
    likely_ends_on: date | None
    runs: int


def usual_sprint_days(lengths: Sequence[int]) -> int:
    """The median sprint length in days (the lower middle for an even count); 14 without any."""
    if not lengths:
        return 14
    ordered = sorted(lengths)
    return max(1, ordered[(len(ordered) - 1) // 2])


def _hundredths(value: Decimal) -> int:
    # Points carry one decimal place; whole hundredths keep the sums exact and fast.
    return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))


def _finish_sprints(rng: random.Random, remaining: int, velocities: Sequence[int]) -> int | None:
    done, sprints, size = 0, 0, len(velocities)
    while done < remaining:
        if sprints >= MAX_SPRINTS:
            return None
        done += velocities[int(rng.random() * size)]
        sprints += 1
    return sprints


Plan = tuple[int, tuple[int, ...], int]  # remaining hundredths, velocities, sprint days


@lru_cache(maxsize=1024)
def _simulate(plans: tuple[Plan, ...], runs: int, seed: int) -> tuple[tuple[int, int], ...]:
    """(days until the last team finishes, runs) pairs, runs never finishing left out; cached,
    as the same inputs always give the same runs."""
    rng = random.Random(seed)  # noqa: S311 - a seeded simulation, not a secret
    answer: Counter[int] = Counter()
    for _ in range(runs):
        last_day: int | None = 0
        for points, velocities, sprint_days in plans:
            sprints = _finish_sprints(rng, points, velocities)
            if sprints is None:
                last_day = None
                break
            assert last_day is not None
            last_day = max(last_day, sprints * sprint_days)
        if last_day is not None:
            answer[last_day] += 1
    return tuple(sorted(answer.items()))


def delivery(
    teams: Sequence[TeamWork],
    *,
    today: date,
    ends_on: date,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
) -> Delivery | None:
    """Monte Carlo over the teams' histories; None when a team has fewer than three sprints."""
    working = [team for team in teams if team.remaining > 0]
    if any(len(team.velocities) < MIN_HISTORY for team in working):
        return None
    remaining = sum((team.remaining for team in teams), Decimal(0))
    days_left = max(0, (ends_on - today).days)
    longest = max((team.sprint_days for team in teams), default=14)
    sprints_left = days_left // longest
    if not working:
        return Delivery(remaining, sprints_left, Decimal(1), 0, today, runs)
    plans = tuple(
        (
            _hundredths(t.remaining),
            tuple(_hundredths(v) for v in t.velocities[-MAX_HISTORY:]),
            t.sprint_days,
        )
        for t in working
    )
    if any(max(velocities) <= 0 for _, velocities, _ in plans):
        # A team that never finished a point never finishes this work either.
        return Delivery(remaining, sprints_left, Decimal(0), None, None, runs)
    finishes = dict(_simulate(plans, runs, seed))
    # k whole sprints of s days fit in d days exactly when k * s <= d.
    in_time = sum(count for day, count in finishes.items() if day <= days_left)
    probability = _q(Decimal(in_time) / Decimal(runs)) if runs else Decimal(0)
    if not finishes:
        return Delivery(remaining, sprints_left, probability, None, None, runs)
    # Ties go to the earlier finish, so the answer does not depend on the Counter's order.
    likely_day = min(finishes, key=lambda day: (-finishes[day], day))
    likely_sprints = -(-likely_day // longest)
    return Delivery(
        remaining_points=remaining,
        sprints_left=sprints_left,
        probability=probability,
        likely_sprints=likely_sprints,
        likely_ends_on=today + timedelta(days=likely_day),
        runs=runs,
    )
