"""Template filters of the sprint review: a key result's change said in words, not colour."""

from __future__ import annotations

from decimal import Decimal

from django import template

from okrum.okrs.models import KeyResult
from okrum.okrs.templatetags.okrs import num
from okrum.scrum.queries.review import KeyResultMove

register = template.Library()


def with_unit(value: Decimal, unit: str) -> str:
    gap = "" if unit == "%" else " "  # 12%, but 12 users
    return f"{num(value)}{gap}{unit}".strip()


@register.filter
def kr_value(value: Decimal | None, kr: KeyResult) -> str:
    """A value of `kr` as people say it: "35 users", "done", or "—" when unknown."""
    if value is None:
        return "—"
    if kr.kind == "milestone":
        return "done" if value >= 1 else "not done"
    return with_unit(value, kr.unit)


@register.filter
def change_words(move: KeyResultMove) -> str:
    """ "up 12 %", "down 3 users", "no change", or "—" without a start value."""
    change = move.change
    if change is None:
        return "—"
    if change == 0:
        return "no change"
    kr = move.key_result
    if kr.kind == "milestone":
        return "done during the sprint" if change > 0 else "reopened during the sprint"
    direction = "up" if change > 0 else "down"
    return f"{direction} {with_unit(abs(change), kr.unit)}"


@register.filter
def progress_words(move: KeyResultMove) -> str:
    """The progress gained in percentage points: "+12 progress points", "no progress"."""
    gained = move.progress_points
    if gained is None:
        return ""
    if gained == 0:
        return "progress unchanged"
    sign = "+" if gained > 0 else "\u2212"  # a minus sign, not a hyphen
    return f"{sign}{num(abs(gained))} progress points"


@register.filter
def direction(move: KeyResultMove) -> str:
    """closer / further / same / unknown: a class name beside the words, never instead."""
    gained = move.progress_points
    if gained is None:
        return "unknown"
    if gained > 0:
        return "closer"
    return "further" if gained < 0 else "same"
