"""JSON handlers of insights: the dashboard."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.insights.queries import dashboard as queries
from okrum.insights.queries.dashboard import Dashboard
from okrum.insights.schemas.dashboard import DashboardOut
from okrum.okrs import queries as okrs

router = Router(tags=["insights"], auth=api_auth())


@router.get("/orgs/{org_slug}/insights/dashboard", response=DashboardOut)
def dashboard(request: HttpRequest, org_slug: str, cycle: int | None = None) -> Dashboard:
    """Where the organization stands in a cycle (default: the current one), as on the home."""
    org = principal(request).org
    chosen = okrs.cycle(org, cycle) if cycle is not None else okrs.current_cycle(org)
    return queries.dashboard(org, chosen)
