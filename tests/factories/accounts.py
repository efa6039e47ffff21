"""Typed factories for people and tokens."""

from __future__ import annotations

from itertools import count
from typing import Any

from okrum.accounts import services
from okrum.accounts.models import ApiToken, TokenScope, User
from okrum.tenancy.models import Membership

PASSWORD = "a sturdy test passphrase"
_serial = count(1)


def make_user(**overrides: Any) -> User:
    n = next(_serial)
    fields: dict[str, Any] = {"email": f"user{n}@example.com", "name": f"User {n}"}
    fields.update(overrides)
    email = fields.pop("email")
    return User.objects.create_user(email, fields.pop("password", PASSWORD), **fields)


def make_token(membership: Membership, scope: str = TokenScope.WRITE, **overrides: Any) -> str:
    """A usable bearer token of `membership`; returns the raw secret."""
    _, raw = services.create_api_token(
        membership=membership, name=overrides.pop("name", "test"), scope=scope, **overrides
    )
    return raw


def token_row(raw: str) -> ApiToken:
    from okrum.core.secrets import digest

    return ApiToken.objects.get(token_hash=digest(raw))
