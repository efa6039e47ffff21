"""Keyset (cursor) pagination: the cost of a page grows with the page, never with the table."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from okrum.core.errors import Invalid

# A page holds model objects, or plain rows (dicts) where a list is read with `.values()`.
R = TypeVar("R")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
_FOREIGN_CURSOR = "This cursor is not one the API handed out."


@dataclass(frozen=True)
class Page(Generic[R]):
    items: list[R]
    next_cursor: str | None


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise Invalid({"cursor": _FOREIGN_CURSOR}) from exc
    if not isinstance(values, list) or len(values) != size:
        raise Invalid({"cursor": _FOREIGN_CURSOR})
    return values


def _after(order: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after `values` in `order`: (a > x) or (a = x and b > y) and so on."""
    condition = Q()
    for index, field in enumerate(order):
        name = field.lstrip("-")
        op = "lt" if field.startswith("-") else "gt"
        step = Q(**{f"{name}__{op}": values[index]})
        for prior, prior_field in enumerate(order[:index]):
            step &= Q(**{prior_field.lstrip("-"): values[prior]})
        condition |= step
    # The same rows, but with a plain range on the leading column an index can start from.
    first = order[0]
    bound = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]})
    return bound & condition


def clamp_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1 or limit > MAX_LIMIT:
        raise Invalid({"limit": f"Choose a limit between 1 and {MAX_LIMIT}."})
    return limit


def _field(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def paginate(
    queryset: QuerySet[Any, R], *, order: Sequence[str], limit: int | None, cursor: str | None
) -> Page[R]:
    """One page of `queryset` in `order` (whose last field must be unique, usually "id")."""
    size = clamp_limit(limit)
    rows = queryset.order_by(*order)
    if cursor:
        values = _decode(cursor, len(order))
        try:
            rows = rows.filter(_after(order, values))
        except (ValueError, TypeError, ValidationError) as exc:
            # A well-formed cursor can still carry values of the wrong type (forged or edited).
            raise Invalid({"cursor": _FOREIGN_CURSOR}) from exc
    items = list(rows[: size + 1])
    if len(items) <= size:
        return Page(items, None)
    items = items[:size]
    last = items[-1]
    return Page(items, _encode([_field(last, f.lstrip("-")) for f in order]))
