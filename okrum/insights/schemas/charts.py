"""Schemas of the chart series: one `ChartOut` shape for every chart."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class PointOut(Schema):
    x: str = Field(description="One of the chart's labels")
    y: float | None = Field(description="The value there; null where there is none")


class SeriesOut(Schema):
    key: str
    name: str = Field(description="What a legend shows")
    style: str = Field(description="line, dashed (a guide), step or bar")
    points: list[PointOut]


class BandOut(Schema):
    label: str
    start: str = Field(description="First label of the band")
    end: str = Field(description="Last label of the band (included)")


class ChartOut(Schema):
    key: str
    title: str
    kind: str = Field(description="line or bar")
    x_label: str
    y_label: str
    labels: list[str] = Field(description="The x axis: days, weeks (Mondays), sprints or grades")
    series: list[SeriesOut]
    bands: list[BandOut] = Field(description="Ranges of labels to shade: sprints")


class KeyResultChartOut(Schema):
    key_result: int
    kind: str
    unit: str
    charts: list[ChartOut] = Field(description="One chart: `key_result`")


class SprintBurnOut(Schema):
    sprint: int
    started: bool = Field(description="False before the start: the series are empty")
    committed_points: float | None
    start_points: float | None = Field(description="Points not done when the sprint started")
    charts: list[ChartOut] = Field(description="Two charts: `burndown`, `burnup`")


class VelocityOut(Schema):
    team: int
    charts: list[ChartOut] = Field(description="One chart: `velocity`")


class ReviewChartOut(Schema):
    cycle: int
    charts: list[ChartOut] = Field(description="Two charts: `grades`, `confidence`")
