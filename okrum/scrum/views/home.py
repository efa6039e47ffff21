"""The Scrum home page: every team with its backlog, board and sprints."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from okrum.scrum import queries
from okrum.teams import queries as teams
from okrum.tenancy.access import org_of


@require_GET
def scrum_home(request: HttpRequest, org_slug: str) -> HttpResponse:
    org, membership = org_of(request)
    mine = teams.team_ids_of(membership)
    all_teams = sorted(teams.teams(org), key=lambda t: (t.pk not in mine, t.name))
    active = queries.active_sprints(org)
    context = {"rows": [(t, active.get(t.pk)) for t in all_teams], "my_team_ids": mine}
    return render(request, "scrum/home.html", context)
