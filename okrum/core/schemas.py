"""Pieces of API schemas every app shares: how decimals go out, how a PATCH treats null."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, TypeVar

from pydantic import Field, PlainSerializer
from pydantic_core import PydanticCustomError

T = TypeVar("T")


def decimal_text(value: Decimal) -> str:
    """`Decimal("12.5000")` → `"12.5"`: exact, without the storage's trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# Decimals go out as JSON strings (exact, unlike floats); they come in as numbers or strings.
DecimalOut = Annotated[Decimal, PlainSerializer(decimal_text, return_type=str)]

# An id a client filters by: the databases' integers stop at 2^63 - 1 (SQLite raises beyond).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def not_null(value: T | None) -> T:
    """For PATCH fields that may be left out (unchanged) but never set to null."""
    if value is None:
        raise PydanticCustomError(
            "not_null", "This cannot be null; leave the field out to keep its value."
        )
    return value
