"""The OKR page of a cycle (the current one by default), and a team's objectives."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from okrum.core.htmx import is_htmx
from okrum.core.time import today
from okrum.okrs import forms, queries, scoring
from okrum.okrs.models import Cycle
from okrum.okrs.views._common import _abilities, _goal_groups, _walk
from okrum.teams import queries as teams
from okrum.tenancy.access import may_write, org_of
from okrum.tenancy.roles import Role


def okrs(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The OKRs of the cycle people work in now."""
    org, _ = org_of(request)
    cycle = queries.current_cycle(org)
    if cycle is None:
        context = {
            "can_manage": may_write(request, Role.ADMIN),
            "goals": _goal_groups(queries.goals(org)),
        }
        return render(request, "okrs/no_cycle.html", context)
    return _okr_page(request, cycle)


def cycle_okrs(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    org, _ = org_of(request)
    return _okr_page(request, queries.cycle(org, cycle_id))


def _okr_page(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    org, membership = org_of(request)
    filters = forms.FilterForm(request.GET or None, teams=teams.teams(org))
    team, status = None, None
    if filters.is_valid():
        team, status = filters.cleaned_data["team"], filters.cleaned_data["status"] or None
    tree = queries.cycle_tree(org, cycle, team_id=team.pk if team else None, status=status)
    objectives = list(_walk([*tree.company, *(n for ns in tree.by_team.values() for n in ns)]))
    context = {
        "cycle": cycle,
        "cycles": queries.cycles(org),
        "goals": _goal_groups(queries.goals(org)),
        "tree": tree,
        "objective_count": len(objectives),
        "filters": filters,
        "filtered": bool(team or status),
        "expected": scoring.expected_progress(today(), cycle.starts_on, cycle.ends_on),
        "can_manage": may_write(request, Role.ADMIN),
        "new_for_team": team,
        **_abilities(org, membership, cycle, objectives),
    }
    return render(request, "okrs/okr_page.html", context)


def team_objectives(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    """A team's objectives in the current cycle: a section of its team page (htmx) or a page."""
    org, membership = org_of(request)
    team = teams.team(org, team_id)
    cycle = queries.current_cycle(org)
    context: dict[str, Any] = {"team": team, "cycle": cycle, "nodes": []}
    if cycle is not None:
        tree = queries.cycle_tree(org, cycle, team_id=team.pk)
        context["nodes"] = tree.by_team.get(team.name, [])
        context.update(_abilities(org, membership, cycle, _walk(context["nodes"])))
    template = "okrs/_team_objectives.html" if is_htmx(request) else "okrs/team_objectives.html"
    return render(request, template, context)
