"""Errors that services raise and both front doors translate (API: JSON 4xx, HTML: form errors)."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses; `status` is the HTTP answer it maps to."""

    status = 400

    def __init__(self, detail: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or {}


class Invalid(DomainError):
    """Input that breaks a rule; `errors` maps field names to messages."""

    status = 422

    def __init__(self, errors: dict[str, str], detail: str | None = None) -> None:
        first = next(iter(errors.values()), "Invalid input.")
        super().__init__(detail or first, errors)


class Conflict(DomainError):
    status = 409


class Forbidden(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class ReadOnly(DomainError):
    """The organization's trial has ended: reads work, writes are refused."""

    status = 402


class PreconditionFailed(DomainError):
    """The client wrote from a stale version of the object."""

    status = 412
