"""Schemas of the forecasts and of outcome against output; decimals go out as exact strings."""

from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import Field

from okrum.core.schemas import DecimalOut


class TrendOut(Schema):
    slope_per_day: DecimalOut = Field(description="Change of the value per day along the line")
    projected_value: DecimalOut = Field(description="The line's value on the cycle's last day")
    projected_progress: DecimalOut = Field(description="The progress that value means, 0..1")
    ends_on: date
    check_ins: int


class DeliveryOut(Schema):
    remaining_points: DecimalOut
    sprints_left: int = Field(description="Whole sprints between today and the cycle's end")
    probability: DecimalOut = Field(description="Share of simulated runs done in time, 0..1")
    likely_sprints: int | None = Field(description="Sprints from now of the likeliest finish")
    likely_ends_on: date | None
    runs: int


class ForecastOut(Schema):
    key_result: int
    trend: TrendOut | None = Field(
        description="Null under two check-in days or for stay_*/milestone"
    )
    delivery: DeliveryOut | None = Field(description="Null without open linked work or history")
    needs_history: bool = Field(description="The linked work's teams have < 3 closed sprints")
    closed_sprints: int = Field(description="Fewest closed sprints among those teams")
    remaining_points: DecimalOut
    open_items: int
    unestimated_items: int = Field(description="Open linked items without estimate (0 points)")


class OutputOut(Schema):
    items: int
    done_items: int
    share_done: DecimalOut = Field(description="Linked items done / linked items, 0..1")
    done_points: DecimalOut
    open_points: DecimalOut


class WindowOut(Schema):
    sprint: int
    name: str
    team: str
    starts_on: date
    ends_on: date
    start_value: DecimalOut | None = Field(description="Latest check-in on or before the start")
    end_value: DecimalOut | None = Field(description="Latest check-in on or before the end")
    change: DecimalOut | None
    done_items: int = Field(description="Linked items done in this sprint")
    done_points: DecimalOut


class OutcomeOut(Schema):
    key_result: int
    output: OutputOut
    outcome: DecimalOut = Field(description="The key result's progress, 0..1")
    current_value: DecimalOut | None
    windows: list[WindowOut]
