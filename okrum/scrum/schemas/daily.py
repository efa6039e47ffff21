"""JSON shapes of the daily scrum: entries, impediments, the day's scrum and the burndown."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from okrum.core.schemas import DecimalOut, Id
from okrum.okrs.schemas import OwnerOut
from okrum.scrum.models import DailyScrumEntry, Impediment, SprintState
from okrum.scrum.queries.daily import Participant
from okrum.scrum.services.daily import ENTRY_LIMIT, IMPEDIMENT_LIMIT, MAX_IMPEDIMENTS
from okrum.tenancy.models import Membership


class EntryIn(Schema):
    """My entry for a day: done since the last daily scrum, the plan until the next."""

    day: date | None = Field(
        default=None, description="A day of the sprint up to today; today if left out"
    )
    done: str = Field(default="", max_length=ENTRY_LIMIT)
    plan: str = Field(default="", max_length=ENTRY_LIMIT)
    impediments: list[str] = Field(
        default_factory=list,
        max_length=MAX_IMPEDIMENTS,
        description="Each non-blank line becomes an open impediment of the team",
    )


class ImpedimentIn(Schema):
    description: str = Field(max_length=IMPEDIMENT_LIMIT)
    sprint: Id | None = Field(
        default=None, description="The sprint it is raised in; the team's active sprint if left out"
    )


class ImpedimentResolveIn(Schema):
    resolution: str = Field(max_length=ENTRY_LIMIT, description="How it was removed")


class ImpedimentOut(Schema):
    id: int
    team: int
    sprint: int | None
    entry: int | None
    description: str
    raised_by: OwnerOut | None
    raised_at: datetime
    open: bool
    resolved_at: datetime | None
    resolved_by: OwnerOut | None
    resolution: str
    version: int

    @staticmethod
    def resolve_team(obj: Impediment) -> int:
        return obj.team_id

    @staticmethod
    def resolve_sprint(obj: Impediment) -> int | None:
        return obj.sprint_id

    @staticmethod
    def resolve_entry(obj: Impediment) -> int | None:
        return obj.entry_id

    @staticmethod
    def resolve_open(obj: Impediment) -> bool:
        return obj.resolved_at is None


class ImpedimentPage(Schema):
    items: list[ImpedimentOut]
    next_cursor: str | None


class EntryOut(Schema):
    id: int
    sprint: int
    day: date
    member: OwnerOut
    done: str
    plan: str
    created_at: datetime
    updated_at: datetime
    version: int

    @staticmethod
    def resolve_sprint(obj: DailyScrumEntry) -> int:
        return obj.sprint_id

    @staticmethod
    def resolve_member(obj: DailyScrumEntry) -> Membership:
        return obj.membership


class EntryRecordedOut(EntryOut):
    impediments: list[ImpedimentOut] = Field(description="The open impediments this entry raised")

    @staticmethod
    def resolve_impediments(obj: DailyScrumEntry) -> list[Impediment]:
        return list(obj.impediments.all())


class ParticipantOut(Schema):
    """One person at the daily scrum: their entry of the day (null: not yet) and the previous."""

    member: OwnerOut
    accountability: str
    entry: EntryOut | None
    previous_day: date | None
    previous_plan: str | None

    @staticmethod
    def resolve_member(obj: Participant) -> Membership:
        return obj.membership

    @staticmethod
    def resolve_previous_day(obj: Participant) -> date | None:
        return obj.previous.day if obj.previous else None

    @staticmethod
    def resolve_previous_plan(obj: Participant) -> str | None:
        return obj.previous.plan if obj.previous else None


class SprintRef(Schema):
    id: int
    name: str
    goal: str
    state: SprintState
    starts_on: date
    ends_on: date


class DailyScrumOut(Schema):
    sprint: SprintRef
    day: date
    previous_day: date | None
    next_day: date | None
    days: list[date] = Field(description="The days of the sprint up to today")
    participants: list[ParticipantOut] = Field(
        description="The team's developers, then anyone else who posted that day"
    )
    open_impediments: list[ImpedimentOut] = Field(description="The team's, oldest first")


class BurndownOut(Schema):
    sprint: int
    days: list[date] = Field(description="Every day of the sprint")
    remaining: list[DecimalOut] = Field(
        description="Points not done at the end of each day, up to today (or the sprint's end)"
    )
    ideal: list[DecimalOut] = Field(
        description="Committed points falling to 0 evenly over the working days (Monday to Friday)"
    )
    committed_points: DecimalOut | None = Field(description="Frozen when the sprint started")
    start_points: DecimalOut | None = Field(
        description="Points of open committed items when the sprint started"
    )
