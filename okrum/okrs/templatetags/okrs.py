"""Template filters of the OKR pages: today's status, its words, and numbers people read."""

from __future__ import annotations

from decimal import Decimal

from django import template

from okrum.okrs import progress, scoring
from okrum.okrs.models import KeyResult, Objective
from okrum.okrs.queries import check_in_sessions

register = template.Library()

STATUS_LABELS: dict[str, str] = {
    scoring.Status.NO_DATA: "No check-in yet",
    scoring.Status.ON_TRACK: "On track",
    scoring.Status.AT_RISK: "At risk",
    scoring.Status.OFF_TRACK: "Off track",
    scoring.Status.ACHIEVED: "Achieved",
}


@register.filter
def status_today(item: KeyResult | Objective) -> scoring.Status:
    """The status against today's expected pace (the stored one dates from the last check-in)."""
    if isinstance(item, KeyResult):
        return progress.key_result_status(item)
    return progress.objective_status(item)


@register.filter
def is_stale(kr: KeyResult) -> bool:
    """No check-in within the cycle's cadence; reads the cycle and team already loaded."""
    return check_in_sessions.is_stale(kr)


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.filter
def percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal(1))}%"


@register.filter
def num(value: Decimal | None) -> str:
    """A stored decimal without its trailing zeros: 35.5000 → 35.5, 100.0000 → 100."""
    if value is None:
        return "—"
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter("with_unit")
def _with_unit(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    gap = "" if unit == "%" else " "  # 12%, but 12 users
    return f"{num(value)}{gap}{unit}".strip()


@register.filter
def current(kr: KeyResult) -> str:
    """The latest value as a reader says it: "35 users", "done", or "—" before any check-in."""
    if kr.current_value is None:
        return "—"
    if kr.kind == "milestone":
        return "done" if kr.current_value >= 1 else "not done"
    return _with_unit(kr.current_value, kr.unit)


@register.filter
def definition(kr: KeyResult) -> str:
    """What the key result asks for, in one sentence."""
    unit = kr.unit
    if kr.kind in ("increase_to", "decrease_to"):
        verb = "Increase" if kr.kind == "increase_to" else "Decrease"
        start = (
            "the baseline (the first check-in)"
            if kr.start_value is None
            else _with_unit(kr.start_value, unit)
        )
        return f"{verb} from {start} to {_with_unit(kr.target_value, unit)}"
    if kr.kind == "stay_above":
        return f"Stay at or above {_with_unit(kr.target_value, unit)} at every check-in"
    if kr.kind == "stay_below":
        return f"Stay at or below {_with_unit(kr.target_value, unit)} at every check-in"
    if kr.kind == "stay_within":
        low, high = _with_unit(kr.low_value, unit), _with_unit(kr.high_value, unit)
        return f"Stay between {low} and {high} at every check-in"
    return "Done or not done"
