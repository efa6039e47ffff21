"""HTML pages of insights: the home, the guide or, in an active cycle, the dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from okrum.insights.queries import dashboard as dashboards
from okrum.insights.queries import onboarding as queries
from okrum.insights.queries.onboarding import Guide
from okrum.okrs import queries as okrs
from okrum.okrs.models import CycleState
from okrum.teams import queries as teams
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import may_write, org_of
from okrum.tenancy.roles import Role


def _actionable(request: HttpRequest, guide: Guide) -> set[str]:
    """The steps whose button this member could use: admins all, members those of a team."""
    _, membership = org_of(request)
    if may_write(request, Role.ADMIN):
        return {step.key for step in guide.steps}
    # Members draft objectives, fill backlogs and plan sprints only in the teams they sit in.
    if not may_write(request, Role.MEMBER) or not teams.team_ids_of(membership):
        return set()
    return {step.key for step in guide.steps if step.role == Role.MEMBER}


@require_GET
def home(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The guide through the method; once a cycle is active, the dashboard beneath its one line."""
    org, _ = org_of(request)
    guide = queries.onboarding(org)
    cycle = okrs.current_cycle(org)
    active = cycle is not None and cycle.state == CycleState.ACTIVE
    next_step = guide.next_step
    actionable = _actionable(request, guide)
    context: dict[str, Any] = {
        "guide": guide,
        "next_key": next_step.key if next_step else None,
        "steps": [(step, step.key in actionable) for step in guide.steps],
        "cycle": cycle,
        "may_invite": may_write(request, Role.ADMIN),
    }
    if active:
        context["board"] = dashboards.dashboard(org, cycle)
        return render(request, "insights/dashboard.html", context)
    context["member_count"] = len(tenancy.members(org))
    return render(request, "insights/home.html", context)
