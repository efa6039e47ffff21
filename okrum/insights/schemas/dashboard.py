"""JSON shapes of the organization dashboard."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from okrum.core.schemas import DecimalOut
from okrum.okrs.schemas import CycleOut


class DashboardGoalOut(Schema):
    id: int
    kind: str
    title: str
    parent_id: int | None


class DashboardObjectiveOut(Schema):
    id: int
    title: str
    team_id: int | None
    team_name: str | None
    kind: str
    state: str  # draft, proposed, published or closed
    progress: DecimalOut
    status: str  # today's: no_data, on_track, at_risk, off_track or achieved
    confidence: DecimalOut | None  # mean of its key results' latest confidence, 0 to 10
    key_results: int


class DashboardTeamObjectivesOut(Schema):
    id: int
    name: str
    objectives: list[DashboardObjectiveOut]


class StatusCountOut(Schema):
    status: str
    count: int


class TrendOut(Schema):
    projected_value: DecimalOut
    projected_progress: DecimalOut


class DeliveryOut(Schema):
    probability: DecimalOut
    likely_ends_on: date | None


class DashboardForecastOut(Schema):
    trend: TrendOut | None
    delivery: DeliveryOut | None
    needs_history: bool


class DashboardKeyResultOut(Schema):
    id: int
    title: str
    objective_id: int
    objective_title: str
    team_id: int | None
    team_name: str | None
    owner_name: str | None
    unit: str
    current_value: DecimalOut | None
    target_value: DecimalOut | None
    progress: DecimalOut
    expected: DecimalOut
    gap: DecimalOut
    status: str
    confidence: int | None
    last_check_in_at: datetime | None
    forecast: DashboardForecastOut | None


class DashboardTeamOut(Schema):
    id: int
    name: str
    objectives: int
    average_progress: DecimalOut | None
    sprint_id: int | None
    sprint_name: str | None
    sprint_goal: str | None
    sprint_ends_on: date | None
    days_left: int | None


class DashboardOut(Schema):
    cycle: CycleOut | None
    today: date
    expected: DecimalOut  # where progress should be today at an even pace
    visions: list[DashboardGoalOut]
    focuses: list[DashboardGoalOut]
    company: list[DashboardObjectiveOut]
    teams_objectives: list[DashboardTeamObjectivesOut]
    objective_counts: list[StatusCountOut]
    key_result_counts: list[StatusCountOut]
    behind: list[DashboardKeyResultOut]
    stale_count: int
    stale: list[DashboardKeyResultOut]
    teams: list[DashboardTeamOut]
