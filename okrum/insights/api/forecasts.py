"""JSON handlers of insights: the forecasts and outcome against output of a key result."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.insights.queries.forecasts import forecasts_for
from okrum.insights.queries.outcome import outcome_of
from okrum.insights.schemas.forecasts import ForecastOut, OutcomeOut
from okrum.okrs import queries as okrs

router = Router(tags=["insights"], auth=api_auth())

BASE = "/orgs/{org_slug}/insights/key-results/{key_result_id}"


@router.get(BASE + "/forecast", response=ForecastOut)
def key_result_forecast(request: HttpRequest, org_slug: str, key_result_id: int) -> dict[str, Any]:
    """Trend of the check-ins and Monte Carlo delivery of the linked work (seeded)."""
    org = principal(request).org
    kr = okrs.key_result(org, key_result_id)
    answer = forecasts_for(org, [kr])[kr.id]
    return {
        "key_result": kr.id,
        "trend": asdict(answer.trend) if answer.trend else None,
        "delivery": asdict(answer.delivery) if answer.delivery else None,
        "needs_history": answer.needs_history,
        "closed_sprints": answer.closed_sprints,
        "remaining_points": answer.remaining_points,
        "open_items": answer.open_items,
        "unestimated_items": answer.unestimated_items,
    }


@router.get(BASE + "/outcome", response=OutcomeOut)
def key_result_outcome(request: HttpRequest, org_slug: str, key_result_id: int) -> dict[str, Any]:
    """Output (linked work done) next to outcome (progress), and the change per sprint window."""
    org = principal(request).org
    result = outcome_of(org, okrs.key_result(org, key_result_id))
    return {
        "key_result": key_result_id,
        "output": asdict(result.output),
        "outcome": result.progress,
        "current_value": result.current_value,
        "windows": [
            {
                "sprint": w.sprint_id,
                "name": w.name,
                "team": w.team_name,
                "starts_on": w.starts_on,
                "ends_on": w.ends_on,
                "start_value": w.start_value,
                "end_value": w.end_value,
                "change": w.change,
                "done_items": w.done_items,
                "done_points": w.done_points,
            }
            for w in result.windows
        ],
    }
