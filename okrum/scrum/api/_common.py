"""Helpers the Scrum API modules share: ids resolved among the rows one query found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from okrum.core.errors import Invalid
from okrum.okrs.models import KeyResult
from okrum.scrum import queries
from okrum.tenancy.models import Organization

T = TypeVar("T")


def _pick(found: Mapping[int, T], pk: int | None, field: str, what: str) -> T | None:
    """The object `pk` names among those found in one query; an unknown id is 422 on `field`."""
    if pk is None:
        return None
    if pk not in found:
        raise Invalid({field: f"No such {what} in this organization."})
    return found[pk]


def _key_results(org: Organization, ids: Sequence[int], field: str) -> list[KeyResult]:
    found = queries.key_results_by_ids(org, list(set(ids)))
    return [kr for pk in ids if (kr := _pick(found, pk, field, "key result")) is not None]
