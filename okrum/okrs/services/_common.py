"""Helpers shared by the OKR services: tidy input, snapshots for the audit log."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from okrum.core import cleaning
from okrum.core.cleaning import plain, snapshot, text
from okrum.core.errors import Conflict, Invalid
from okrum.okrs.models import Cycle, CycleState
from okrum.tenancy.models import Organization

MAX_ABS_VALUE = Decimal("1e15")
FOUR_PLACES = Decimal("0.0001")


def same_org(org: Organization, field: str, *objects: Any) -> None:
    cleaning.same_org(org.pk, field, *objects)


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


__all__ = ["clean_value", "plain", "require_open", "same_org", "snapshot", "text"]
