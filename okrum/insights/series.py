"""Chart series, built from plain values: one shape for every chart of insights.

A `Chart` has category `labels` (days, weeks, sprints or grades, as text) and `series` whose
points each name one of the labels as `x`; `bands` mark ranges of labels (sprints). The API
returns this shape as it is and charts.js draws it, so other tools can draw the same numbers.
Pure: no ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from okrum.insights.burnup import Burnup
from okrum.scrum.burndown import Burndown

ONE_PLACE = Decimal("0.1")
GRADES = [Decimal(n) / 10 for n in range(11)]
# Grade bands of DESIGN §3, named so the chart never tells them by colour alone.
GRADE_BANDS = (
    ("red", "0.0-0.3 (red)", Decimal(0), Decimal("0.3")),
    ("yellow", "0.4-0.6 (yellow)", Decimal("0.4"), Decimal("0.6")),
    ("green", "0.7-1.0 (green)", Decimal("0.7"), Decimal(1)),
)

# How a series is drawn: `line` (with its points), `dashed` (a guide line), `step`, `bar`.
LINE, DASHED, STEP, BAR = "line", "dashed", "step", "bar"


@dataclass(frozen=True)
class Point:
    x: str
    y: Decimal | None


@dataclass(frozen=True)
class Series:
    key: str
    name: str
    style: str
    points: list[Point]


@dataclass(frozen=True)
class Band:
    """A range of labels to shade, both ends included (a sprint on a cycle's days)."""

    label: str
    start: str
    end: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str  # "line" or "bar"
    x_label: str
    y_label: str
    labels: list[str]
    series: list[Series]
    bands: list[Band] = field(default_factory=list)


@dataclass(frozen=True)
class CheckInPoint:
    day: date
    value: Decimal


@dataclass(frozen=True)
class SprintWindow:
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class KeyResultLine:
    """What the key result chart needs of a key result and its cycle."""

    kind: str
    unit: str
    starts_on: date
    ends_on: date
    start_value: Decimal | None
    target_value: Decimal | None
    low_value: Decimal | None = None
    high_value: Decimal | None = None


@dataclass(frozen=True)
class SprintPoints:
    name: str
    committed: Decimal | None
    done: Decimal | None


@dataclass(frozen=True)
class Confidence:
    """One check-in's confidence, on its day, for one objective."""

    objective_id: int
    day: date
    confidence: int


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _flat(key: str, name: str, first: date, last: date, y: Decimal) -> Series:
    return Series(key, name, DASHED, [Point(first.isoformat(), y), Point(last.isoformat(), y)])


def guides(kr: KeyResultLine, first_value: Decimal | None) -> list[Series]:
    """The lines the value is read against: the expected pace, a threshold, a band or done."""
    s, e, t = kr.starts_on, kr.ends_on, kr.target_value
    if kr.kind in ("increase_to", "decrease_to"):
        start = kr.start_value if kr.start_value is not None else first_value
        if start is None or t is None:
            return []
        pace = [Point(s.isoformat(), start), Point(e.isoformat(), t)]
        return [Series("pace", "Expected pace", DASHED, pace)]
    if kr.kind in ("stay_above", "stay_below") and t is not None:
        word = "at least" if kr.kind == "stay_above" else "at most"
        return [_flat("threshold", f"Threshold ({word})", s, e, t)]
    if kr.kind == "stay_within" and kr.low_value is not None and kr.high_value is not None:
        return [
            _flat("low", "Band low", s, e, kr.low_value),
            _flat("high", "Band high", s, e, kr.high_value),
        ]
    if kr.kind == "milestone":
        return [_flat("done", "Done", s, e, Decimal(1))]
    return []


def key_result_chart(
    kr: KeyResultLine, check_ins: Sequence[CheckInPoint], sprints: Sequence[SprintWindow]
) -> Chart:
    """The value over the cycle's days, its guide lines, and the sprints that overlap the cycle."""
    first, last = kr.starts_on, kr.ends_on
    ordered = sorted(check_ins, key=lambda c: c.day)
    # A check-in before the start or after the end shows at the nearest end of the cycle.
    values = [Point(min(max(c.day, first), last).isoformat(), c.value) for c in ordered]
    style = STEP if kr.kind == "milestone" else LINE
    name = "Done (1) or not (0)" if kr.kind == "milestone" else "Value"
    bands = [
        Band(w.name, max(w.starts_on, first).isoformat(), min(w.ends_on, last).isoformat())
        for w in sorted(sprints, key=lambda w: (w.starts_on, w.name))
        if w.starts_on <= last and w.ends_on >= first
    ]
    return Chart(
        key="key_result",
        title="Value over the cycle",
        kind="line",
        x_label="Day",
        y_label=kr.unit or "Value",
        labels=[d.isoformat() for d in days_between(first, last)],
        series=[
            Series("value", name, style, values),
            *guides(kr, ordered[0].value if ordered else None),
        ],
        bands=bands,
    )


def _daily(key: str, name: str, style: str, days: Sequence[date], ys: Sequence[Decimal]) -> Series:
    return Series(
        key, name, style, [Point(d.isoformat(), y) for d, y in zip(days, ys, strict=False)]
    )


def burn_charts(
    days: Sequence[date], burndown: Burndown | None, burnup: Burnup | None
) -> tuple[Chart, Chart]:
    """The burndown (remaining against ideal) and burnup (scope against done) of a sprint."""
    labels = [d.isoformat() for d in days]
    down = burndown.remaining if burndown else []
    ideal = burndown.ideal if burndown else []
    scope = burnup.scope if burnup else []
    done = burnup.done if burnup else []
    return (
        Chart(
            key="burndown",
            title="Burndown",
            kind="line",
            x_label="Day",
            y_label="Points",
            labels=labels,
            series=[
                _daily("remaining", "Remaining points", LINE, days, down),
                _daily("ideal", "Ideal pace", DASHED, days, ideal),
            ],
        ),
        Chart(
            key="burnup",
            title="Burnup",
            kind="line",
            x_label="Day",
            y_label="Points",
            labels=labels,
            series=[
                _daily("scope", "Scope", STEP, days, scope),
                _daily("done", "Done points", LINE, days, done),
            ],
        ),
    )


def _distinct(names: Sequence[str]) -> list[str]:
    """Names made unique for a category axis: a repeated one gets " (2)", " (3)"…"""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def velocity_chart(sprints: Sequence[SprintPoints]) -> Chart:
    """Committed against done points of closed sprints, oldest first."""
    labels = _distinct([s.name for s in sprints])
    pairs = list(zip(labels, sprints, strict=True))
    return Chart(
        key="velocity",
        title="Velocity",
        kind="bar",
        x_label="Sprint",
        y_label="Points",
        labels=labels,
        series=[
            Series("committed", "Committed", BAR, [Point(x, s.committed) for x, s in pairs]),
            Series("done", "Done", BAR, [Point(x, s.done) for x, s in pairs]),
        ],
    )


def grade_chart(scores: Iterable[Decimal]) -> Chart:
    """How many key results got each grade 0.0 … 1.0, one series per band."""
    counts = dict.fromkeys(GRADES, 0)
    for score in scores:
        counts[score.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)] += 1
    labels = [f"{g:.1f}" for g in GRADES]
    series = [
        Series(
            key,
            name,
            BAR,
            [Point(f"{g:.1f}", Decimal(counts[g]) if low <= g <= high else None) for g in GRADES],
        )
        for key, name, low, high in GRADE_BANDS
    ]
    return Chart(
        key="grades",
        title="Distribution of grades",
        kind="bar",
        x_label="Grade",
        y_label="Key results",
        labels=labels,
        series=series,
    )


def week_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def weeks(first: date, last: date) -> list[date]:
    """The Mondays of every week the range touches."""
    start = week_of(first)
    return [start + timedelta(weeks=n) for n in range((week_of(last) - start).days // 7 + 1)]


def confidence_chart(
    first: date,
    last: date,
    objectives: Sequence[tuple[int, str]],
    check_ins: Iterable[Confidence],
) -> Chart:
    """Per objective, the mean confidence (0-10) of its key results' check-ins in each week."""
    mondays = weeks(first, last)
    sums: dict[tuple[int, date], list[int]] = {}
    for c in check_ins:
        week = min(max(week_of(c.day), mondays[0]), mondays[-1])
        sums.setdefault((c.objective_id, week), []).append(c.confidence)

    def mean(pk: int, week: date) -> Decimal | None:
        found = sums.get((pk, week))
        if not found:
            return None
        return (Decimal(sum(found)) / len(found)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)

    return Chart(
        key="confidence",
        title="Confidence per objective",
        kind="line",
        x_label="Week from",
        y_label="Mean confidence (0-10)",
        labels=[m.isoformat() for m in mondays],
        series=[
            Series(
                f"objective-{pk}",
                title,
                LINE,
                [Point(m.isoformat(), mean(pk, m)) for m in mondays],
            )
            for pk, title in objectives
        ],
    )


def as_json(chart: Chart) -> dict[str, Any]:
    """The chart as JSON-ready values, numbers as floats (what Chart.js and the API hand out)."""
    return {
        "key": chart.key,
        "title": chart.title,
        "kind": chart.kind,
        "x_label": chart.x_label,
        "y_label": chart.y_label,
        "labels": chart.labels,
        "series": [
            {
                "key": s.key,
                "name": s.name,
                "style": s.style,
                "points": [{"x": p.x, "y": None if p.y is None else float(p.y)} for p in s.points],
            }
            for s in chart.series
        ],
        "bands": [{"label": b.label, "start": b.start, "end": b.end} for b in chart.bands],
    }


def _text(y: float | None) -> str:
    if y is None:
        return ""
    return f"{y:g}" if abs(y) < 1e15 else str(y)


def table(chart: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The chart's numbers as rows: each label with a value in some series, one cell per series.

    Several points of a series on one label (two check-ins on a day) share the cell.
    """
    cells: dict[str, list[list[str]]] = {}
    count = len(chart["series"])
    for i, s in enumerate(chart["series"]):
        for p in s["points"]:
            if p["y"] is not None:
                cells.setdefault(p["x"], [[] for _ in range(count)])[i].append(_text(p["y"]))
    return [
        (label, [", ".join(values) or "-" for values in cells[label]])
        for label in chart["labels"]
        if label in cells
    ]
