"""JSON handlers of insights: the charts' series, in the one shape of `ChartOut`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.insights.queries import charts as queries
from okrum.insights.schemas.charts import (
    KeyResultChartOut,
    ReviewChartOut,
    SprintBurnOut,
    VelocityOut,
)

router = Router(tags=["insights"], auth=api_auth())

BASE = "/orgs/{org_slug}/insights"


@router.get(BASE + "/key-results/{key_result_id}/chart", response=KeyResultChartOut)
def key_result_chart(request: HttpRequest, org_slug: str, key_result_id: int) -> dict[str, Any]:
    """The key result's check-ins over its cycle, its expected pace (or threshold) and sprints."""
    return queries.key_result_chart(principal(request).org, key_result_id).answer()


@router.get(BASE + "/sprints/{sprint_id}/burn", response=SprintBurnOut)
def sprint_burn(request: HttpRequest, org_slug: str, sprint_id: int) -> dict[str, Any]:
    """The sprint's burndown and burnup; empty series until it starts."""
    return queries.sprint_burn(principal(request).org, sprint_id).answer()


@router.get(BASE + "/teams/{team_id}/velocity", response=VelocityOut)
def team_velocity(request: HttpRequest, org_slug: str, team_id: int) -> dict[str, Any]:
    """Committed against done points of the team's last ten closed sprints."""
    return queries.velocity(principal(request).org, team_id).answer()


@router.get(BASE + "/cycles/{cycle_id}/review-chart", response=ReviewChartOut)
def review_chart(request: HttpRequest, org_slug: str, cycle_id: int) -> dict[str, Any]:
    """The cycle's distribution of grades and each objective's weekly confidence."""
    return queries.review_charts(principal(request).org, cycle_id).answer()
