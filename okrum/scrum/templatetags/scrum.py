"""Template filters of the Scrum pages: estimates as the team says them, points people read."""

from __future__ import annotations

from decimal import Decimal

from django import template

from okrum.scrum import estimates

register = template.Library()


@register.filter
def estimate(value: Decimal | None, scale: str) -> str:
    """An item's estimate on the team's scale: "M" for T-shirt sizes, else its points."""
    if value is None:
        return "—"
    return estimates.label(scale, Decimal(value))


@register.filter
def points(value: Decimal | None) -> str:
    """Points without trailing zeros: 13.0 → 13, 2.5 → 2.5; "—" when unknown."""
    if value is None:
        return "—"
    return format(Decimal(value).normalize(), "f")
