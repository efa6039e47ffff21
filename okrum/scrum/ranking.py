"""Backlog order as fractional string ranks: a move writes one row, nothing is renumbered.

A rank is a string that sorts by its bytes; a new rank between two others always exists, so an
item moved between neighbours takes a rank between theirs and no other item changes. Columns
holding ranks must compare bytewise (PostgreSQL: the "C" collation; SQLite does by default).
"""

from __future__ import annotations

from fractional_indexing import (  # type: ignore[import-untyped]
    FIError,
    generate_key_between,
    generate_n_keys_between,
    validate_order_key,
)

MAX_LENGTH = 64


class RankError(ValueError):
    """Ranks that cannot frame a new one: out of order, equal, or not ranks at all."""


def between(before: str | None, after: str | None) -> str:
    """A rank that sorts after `before` and before `after`; None means the open end."""
    _check(before, after)
    try:
        return str(generate_key_between(before, after))
    except FIError as exc:
        raise RankError(str(exc)) from exc


def many_between(before: str | None, after: str | None, count: int) -> list[str]:
    """`count` ascending ranks between `before` and `after`, spread evenly (bulk appends)."""
    if count < 0:
        raise RankError("count must not be negative")
    _check(before, after)
    try:
        return [str(rank) for rank in generate_n_keys_between(before, after, count)]
    except FIError as exc:
        raise RankError(str(exc)) from exc


def first() -> str:
    """The rank of the first item of an empty backlog."""
    return between(None, None)


def is_rank(value: str) -> bool:
    if not value:
        return False
    try:
        validate_order_key(value)
    except (FIError, IndexError, ValueError):
        return False
    return len(value) <= MAX_LENGTH


def _check(before: str | None, after: str | None) -> None:
    for rank in (before, after):
        if rank is not None and not is_rank(rank):
            raise RankError(f"not a rank: {rank!r}")
    if before is not None and after is not None and before >= after:
        raise RankError(f"{before!r} does not sort before {after!r}")
