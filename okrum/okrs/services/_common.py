"""Helpers shared by the OKR services: tidy input, snapshots for the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from okrum.core.errors import Conflict, Invalid
from okrum.okrs.models import Cycle, CycleState
from okrum.tenancy.models import Organization

MAX_ABS_VALUE = Decimal("1e15")
FOUR_PLACES = Decimal("0.0001")


def plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def snapshot(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: plain(getattr(obj, name)) for name in names}


def text(value: str, field: str, *, required: bool, limit: int) -> str:
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise Invalid({field: "This cannot be empty."})
    if len(cleaned) > limit:
        raise Invalid({field: f"Keep it under {limit} characters."})
    return cleaned


def same_org(org: Organization, field: str, *objects: Any) -> None:
    for obj in objects:
        if obj is not None and obj.organization_id != org.pk:
            raise Invalid({field: "Not found in this organization."})


def clean_value(raw: Any, field: str = "value") -> Decimal:
    """A finite decimal within range, rounded to the four places that are stored."""
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid({field: "Enter a number."}) from exc
    if not value.is_finite():
        raise Invalid({field: "Enter a number."})
    if abs(value) >= MAX_ABS_VALUE:
        raise Invalid({field: "This number is too large."})
    return value.quantize(FOUR_PLACES)


def require_open(cycle: Cycle) -> None:
    if cycle.state == CycleState.CLOSED:
        raise Conflict(f"The cycle {cycle.name} is closed: its OKRs are read-only.")
