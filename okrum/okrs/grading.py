"""OKR review maths: objective scores, grade bands, bars met and per-goal summaries; no ORM."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from okrum.okrs.scoring import ONE, ZERO, Band, ScoringError, band, met_bar, quantize

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Scored:
    """One key result's score at review and its weight in the objective."""

    score: Decimal
    weight: Decimal


def clean_score(raw: object) -> Decimal:
    """A grade from 0.0 to 1.0 in steps of 0.1, or ScoringError on `score`."""
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ScoringError("score", "Enter a grade from 0.0 to 1.0.") from exc
    if not value.is_finite() or not ZERO <= value <= ONE:
        raise ScoringError("score", "A grade goes from 0.0 to 1.0.")
    if value % TENTH != 0:
        raise ScoringError("score", "Grade in steps of 0.1 (0.0, 0.1, … 1.0).")
    return value.quantize(TENTH)


def objective_score(items: Sequence[Scored]) -> Decimal | None:
    """Weighted mean of the key results' scores; all weights 0 → the plain mean; none → None."""
    if not items:
        return None
    total = sum((item.weight for item in items), ZERO)
    if total <= 0:
        # The maths refuses all-zero weights at edit time; a review still needs a score.
        return quantize(sum((item.score for item in items), ZERO) / len(items))
    return quantize(sum((item.score * item.weight for item in items), ZERO) / total)


def distribution(scores: Iterable[Decimal]) -> dict[Band, int]:
    """How many grades fall in each band, red to green (every band present, maybe 0)."""
    counts = dict.fromkeys(Band, 0)
    for score in scores:
        counts[band(score)] += 1
    return counts


def bar_met(score: Decimal | None, *, kind: str) -> bool | None:
    """Whether an objective of `kind` (committed/aspirational) met its bar; None without a score."""
    if score is None:
        return None
    return met_bar(score, aspirational=kind == "aspirational")


def bar_of(kind: str) -> Decimal:
    """The score an objective of `kind` needs: 1.0 committed, 0.7 aspirational."""
    return Decimal("0.7") if kind == "aspirational" else ONE


@dataclass(frozen=True)
class GoalSummary:
    """How the objectives serving one goal scored: "did we come closer?"."""

    objectives: int
    scored: int
    mean_score: Decimal | None
    met_bar: int


def goal_summary(objectives: Iterable[tuple[Decimal | None, bool | None]]) -> GoalSummary:
    """From each serving objective's (score, bar met): the mean score and how many met their bar."""
    rows = list(objectives)
    scores = [score for score, _ in rows if score is not None]
    mean = quantize(sum(scores, ZERO) / len(scores)) if scores else None
    return GoalSummary(
        objectives=len(rows),
        scored=len(scores),
        mean_score=mean,
        met_bar=sum(1 for _, met in rows if met),
    )
