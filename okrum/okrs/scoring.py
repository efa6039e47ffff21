"""Key-result maths of DESIGN §3: pure functions on Decimals, no ORM, no clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ZERO = Decimal(0)
ONE = Decimal(1)
FOUR_PLACES = Decimal("0.0001")
ON_TRACK_GAP = Decimal("0.10")
AT_RISK_GAP = Decimal("0.25")


class Kind(StrEnum):
    INCREASE_TO = "increase_to"
    DECREASE_TO = "decrease_to"
    STAY_ABOVE = "stay_above"
    STAY_BELOW = "stay_below"
    STAY_WITHIN = "stay_within"
    MILESTONE = "milestone"


class Status(StrEnum):
    NO_DATA = "no_data"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    ACHIEVED = "achieved"


class Band(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class RollUp(StrEnum):
    KEY_RESULTS = "key_results"
    CHILDREN = "children"
    BOTH = "both"


class ScoringError(ValueError):
    """A definition the maths cannot work with; `field` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Definition:
    """What a key result measures; values the kind does not use stay None."""

    kind: Kind
    start: Decimal | None = None
    target: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None


def quantize(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def clamp(value: Decimal, low: Decimal = ZERO, high: Decimal = ONE) -> Decimal:
    return max(low, min(high, value))


def validate(definition: Definition, *, baseline_allowed: bool = True) -> None:
    """Raise ScoringError when the values do not fit the kind (DESIGN §3, "valid when")."""
    kind, start, target = definition.kind, definition.start, definition.target
    if kind in (Kind.INCREASE_TO, Kind.DECREASE_TO):
        if target is None:
            raise ScoringError("target_value", "Set the target value.")
        if start is None:
            if not baseline_allowed:
                raise ScoringError("start_value", "Set the start value.")
            return
        if kind == Kind.INCREASE_TO and not target > start:
            raise ScoringError("target_value", "To increase, the target must be above the start.")
        if kind == Kind.DECREASE_TO and not target < start:
            raise ScoringError("target_value", "To decrease, the target must be below the start.")
    elif kind in (Kind.STAY_ABOVE, Kind.STAY_BELOW):
        if target is None:
            raise ScoringError("target_value", "Set the threshold to stay above or below.")
    elif kind == Kind.STAY_WITHIN:
        if definition.low is None:
            raise ScoringError("low_value", "Set the lower bound of the band.")
        if definition.high is None:
            raise ScoringError("high_value", "Set the upper bound of the band.")
        if definition.low > definition.high:
            raise ScoringError("low_value", "The lower bound must not exceed the upper bound.")


def effective_start(definition: Definition, values: Sequence[Decimal]) -> Decimal | None:
    """The start value, or the first check-in's value for a key result measuring a baseline."""
    if definition.start is not None:
        return definition.start
    return values[0] if values else None


def progress(definition: Definition, values: Sequence[Decimal]) -> Decimal:
    """Progress 0..1 from the cycle's check-in values in time order (oldest first)."""
    if not values:
        return ZERO
    kind, current = definition.kind, values[-1]
    if kind in (Kind.INCREASE_TO, Kind.DECREASE_TO):
        start, target = effective_start(definition, values), definition.target
        assert start is not None
        assert target is not None
        if not _reached(kind, target, start) or start == target:
            # A measured baseline already at or past the target: nothing left to move.
            return ONE if _reached(kind, current, target) else ZERO
        if kind == Kind.INCREASE_TO:
            return quantize(clamp((current - start) / (target - start)))
        return quantize(clamp((start - current) / (start - target)))
    if kind == Kind.MILESTONE:
        return ONE if current >= ONE else ZERO
    hits = sum(1 for v in values if _within(definition, v))
    return quantize(Decimal(hits) / Decimal(len(values)))


def _reached(kind: Kind, current: Decimal, target: Decimal) -> bool:
    return current >= target if kind == Kind.INCREASE_TO else current <= target


def _within(definition: Definition, value: Decimal) -> bool:
    if definition.kind == Kind.STAY_ABOVE:
        assert definition.target is not None
        return value >= definition.target
    if definition.kind == Kind.STAY_BELOW:
        assert definition.target is not None
        return value <= definition.target
    assert definition.low is not None
    assert definition.high is not None
    return definition.low <= value <= definition.high


def expected_progress(day: date, starts_on: date, ends_on: date) -> Decimal:
    """Where progress should be on `day` at an even pace through the cycle."""
    total = (ends_on - starts_on).days
    if total <= 0:
        return ONE if day >= ends_on else ZERO
    return quantize(clamp(Decimal((day - starts_on).days) / Decimal(total)))


def status(progress_value: Decimal, expected: Decimal, *, has_data: bool = True) -> Status:
    if not has_data:
        return Status.NO_DATA
    if progress_value >= ONE:
        return Status.ACHIEVED
    gap = expected - progress_value
    if gap <= ON_TRACK_GAP:
        return Status.ON_TRACK
    if gap <= AT_RISK_GAP:
        return Status.AT_RISK
    return Status.OFF_TRACK


@dataclass(frozen=True)
class Weighted:
    progress: Decimal
    weight: Decimal
    has_data: bool = True


def check_weights(weights: Sequence[Decimal]) -> None:
    """Weights are ≥ 0 and not all 0 (an objective with key results must count something)."""
    if any(w < 0 for w in weights):
        raise ScoringError("weight", "A weight cannot be negative.")
    if weights and not any(w > 0 for w in weights):
        raise ScoringError("weight", "At least one key result needs a weight above 0.")


def roll_up(mode: RollUp, key_results: Sequence[Weighted], children: Sequence[Decimal]) -> Decimal:
    """Objective progress: the weighted mean of its key results, its children, or both."""
    items: list[Weighted] = []
    if mode in (RollUp.KEY_RESULTS, RollUp.BOTH):
        check_weights([kr.weight for kr in key_results])
        items.extend(key_results)
    if mode in (RollUp.CHILDREN, RollUp.BOTH):
        items.extend(Weighted(progress=p, weight=ONE) for p in children)
    total = sum((item.weight for item in items), ZERO)
    if total == 0:
        return ZERO
    return quantize(sum((item.progress * item.weight for item in items), ZERO) / total)


def suggested_grade(progress_value: Decimal) -> Decimal:
    return clamp(progress_value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def band(grade: Decimal) -> Band:
    if grade < Decimal("0.4"):
        return Band.RED
    if grade < Decimal("0.7"):
        return Band.YELLOW
    return Band.GREEN


def met_bar(grade: Decimal, *, aspirational: bool) -> bool:
    """Committed objectives need 1.0; aspirational ones succeed at 0.7."""
    return grade >= (Decimal("0.7") if aspirational else ONE)
