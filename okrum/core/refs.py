"""Objects a request body names by id: a missing or another tenant's one is invalid input."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from okrum.core.errors import Invalid, NotFound

Org = TypeVar("Org")
T = TypeVar("T")


def referenced(find: Callable[[Org, int], T], org: Org, pk: int, field: str) -> T:
    """`find(org, pk)`, but an unknown id is a 422 naming `field` (a path id would be a 404)."""
    try:
        return find(org, pk)
    except NotFound as exc:
        message = f"{exc.detail.rstrip('.')} in this organization."
        raise Invalid({field: message}, f"Invalid {field}: {message}") from exc


def maybe_referenced(
    find: Callable[[Org, int], T], org: Org, pk: int | None, field: str
) -> T | None:
    return None if pk is None else referenced(find, org, pk, field)
