"""JSON shapes of the teams API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field, field_validator

from okrum.core.schemas import not_null
from okrum.teams.models import Accountability, TeamMember
from okrum.tenancy.schemas import PersonOut


class TeamIn(Schema):
    name: str = Field(max_length=80)
    key: str = Field(max_length=10, description="2 to 10 capitals or digits, e.g. CHK")
    description: str = ""


class TeamPatch(Schema):
    name: str | None = Field(default=None, max_length=80)
    key: str | None = Field(default=None, max_length=10)
    description: str | None = None

    _present = field_validator("name", "key", "description")(not_null)


class TeamOut(Schema):
    id: int
    name: str
    key: str
    description: str
    created_at: datetime


class TeamPage(Schema):
    items: list[TeamOut]
    next_cursor: str | None


class SeatIn(Schema):
    membership: int = Field(description="The id of the organization member who joins")
    accountability: Accountability = Accountability.DEVELOPER


class SeatPatch(Schema):
    accountability: Accountability


class SeatOut(Schema):
    id: int
    team: int
    membership: int
    user: PersonOut
    accountability: Accountability
    created_at: datetime

    @staticmethod
    def resolve_team(obj: TeamMember) -> int:
        return obj.team_id

    @staticmethod
    def resolve_membership(obj: TeamMember) -> int:
        return obj.membership_id

    @staticmethod
    def resolve_user(obj: TeamMember) -> object:
        return obj.membership.user


class SeatPage(Schema):
    items: list[SeatOut]
    next_cursor: str | None
