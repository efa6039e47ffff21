"""Tidying input for services and describing rows for the audit log; no domain knowledge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from okrum.core.errors import Invalid


def plain(value: Any) -> Any:
    """A value as the audit log's JSON keeps it: decimals and dates as strings, rows as ids."""
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
    """One line of text with its spaces tidied, or Invalid naming `field`."""
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise Invalid({field: "This cannot be empty."})
    if len(cleaned) > limit:
        raise Invalid({field: f"Keep it under {limit} characters."})
    return cleaned


def same_org(org_id: int, field: str, *objects: Any) -> None:
    """Refuse, naming `field`, any of `objects` that belongs to another organization."""
    for obj in objects:
        if obj is not None and obj.organization_id != org_id:
            raise Invalid({field: "Not found in this organization."})
