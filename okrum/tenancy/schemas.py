"""JSON shapes of the tenancy API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from okrum.tenancy.models import AuditEvent, Invitation, Organization
from okrum.tenancy.roles import Role


class PersonOut(Schema):
    id: int
    email: str
    name: str


class OrganizationOut(Schema):
    slug: str
    name: str
    plan: str
    trial_ends_at: datetime
    trial_days_left: int | None
    read_only: bool

    @staticmethod
    def resolve_plan(obj: Organization) -> str:
        return obj.effective_plan

    @staticmethod
    def resolve_read_only(obj: Organization) -> bool:
        return obj.is_read_only


class OrganizationPatch(Schema):
    name: str = Field(min_length=1, max_length=120)


class MemberOut(Schema):
    id: int
    user: PersonOut
    role: Role
    created_at: datetime


class MemberPatch(Schema):
    role: Role


class MemberPage(Schema):
    items: list[MemberOut]
    next_cursor: str | None


class InvitationIn(Schema):
    email: str = Field(max_length=254)
    role: Role = Role.MEMBER


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    status: str
    invited_by: PersonOut | None
    created_at: datetime
    expires_at: datetime

    @staticmethod
    def resolve_status(obj: Invitation) -> str:
        if obj.accepted_at:
            return "accepted"
        if obj.revoked_at:
            return "revoked"
        return "open" if obj.is_open() else "expired"


class InvitationPage(Schema):
    items: list[InvitationOut]
    next_cursor: str | None


class AuditEventOut(Schema):
    id: int
    actor: PersonOut | None
    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    created_at: datetime

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> Any:
        return obj.actor


class AuditEventPage(Schema):
    items: list[AuditEventOut]
    next_cursor: str | None


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []
