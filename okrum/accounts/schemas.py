"""JSON shapes of the accounts API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from okrum.accounts.models import TokenScope
from okrum.tenancy.roles import Role
from okrum.tenancy.schemas import OrganizationOut, PersonOut


class SignupIn(Schema):
    email: str = Field(max_length=254)
    name: str = Field(max_length=120)
    password: str = Field(max_length=200)
    organization: str = Field(max_length=120)


class SignupOut(Schema):
    user: PersonOut
    organization: OrganizationOut
    token: str


class MembershipOut(Schema):
    id: int
    organization: OrganizationOut
    role: Role


class MeOut(Schema):
    user: PersonOut
    memberships: list[MembershipOut]


class TokenIn(Schema):
    name: str = Field(max_length=80)
    scope: TokenScope = TokenScope.READ
    expires_at: datetime | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: TokenScope
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The secret; shown this once and never again.")


class TokenPage(Schema):
    items: list[TokenOut]
    next_cursor: str | None
