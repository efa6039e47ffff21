"""Estimate scales: which points an item may carry, and how a scale names them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

FIBONACCI = tuple(Decimal(p) for p in (0, 1, 2, 3, 5, 8, 13, 21))
TSHIRT = {
    "XS": Decimal(1),
    "S": Decimal(2),
    "M": Decimal(3),
    "L": Decimal(5),
    "XL": Decimal(8),
    "XXL": Decimal(13),
}
MAX_CUSTOM = 20
MAX_POINTS = Decimal(1000)


class ScaleError(ValueError):
    pass


def points(scale: str, custom: Sequence[Decimal] = ()) -> tuple[Decimal, ...]:
    """The points an estimate on `scale` may take, ascending."""
    if scale == "fibonacci":
        return FIBONACCI
    if scale == "tshirt":
        return tuple(TSHIRT.values())
    if scale == "custom":
        return tuple(sorted(custom))
    raise ScaleError(f"unknown scale {scale!r}")


def label(scale: str, value: Decimal) -> str:
    """How the team says an estimate: a T-shirt size, or the points themselves."""
    if scale == "tshirt":
        for size, size_points in TSHIRT.items():
            if size_points == value:
                return size
    return format(value.normalize(), "f")


def custom_points(raw: Sequence[object]) -> list[Decimal]:
    """A custom scale: distinct, non-negative points below 1000, one decimal at most."""
    if not raw:
        raise ScaleError("A custom scale needs at least one value.")
    if len(raw) > MAX_CUSTOM:
        raise ScaleError(f"A custom scale has at most {MAX_CUSTOM} values.")
    values = set()
    for item in raw:
        try:
            value = Decimal(str(item))
        except ArithmeticError as exc:
            raise ScaleError(f"{item!r} is not a number.") from exc
        if not value.is_finite() or value < 0 or value >= MAX_POINTS:
            raise ScaleError(f"{item} is not between 0 and {MAX_POINTS}.")
        if value != value.quantize(Decimal("0.1")):
            raise ScaleError(f"{item} has more than one decimal place.")
        values.add(value.quantize(Decimal("0.1")))
    return sorted(values)
