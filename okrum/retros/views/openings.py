"""Entry points: open (or find) the board of a sprint, or an OKR retro of a cycle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from okrum.core.errors import DomainError, Invalid
from okrum.okrs import queries as okrs_queries
from okrum.okrs.models import Cycle
from okrum.retros import forms, queries, services
from okrum.retros.models import Retrospective
from okrum.retros.views.board import _back
from okrum.scrum import queries as scrum_queries
from okrum.teams import queries as teams_queries
from okrum.teams.models import Team
from okrum.tenancy.access import org_of


@require_http_methods(["GET", "POST"])
def sprint_retro(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    org, membership = org_of(request)
    sprint = scrum_queries.sprint(org, sprint_id)
    refused: DomainError | None = None
    if request.method == "POST":
        try:
            with transaction.atomic():
                found, _ = services.open_sprint_retro(sprint=sprint, by=membership)
        except DomainError as exc:
            refused = exc
        else:
            return _back(found)
    else:
        existing = queries.sprint_retro(sprint)
        if existing is not None:
            return _back(existing)
    context = {
        "sprint": sprint,
        "team": sprint.team,
        "may_open": not org.is_read_only and services.may_open_sprint_retro(membership, sprint),
        "refused": refused.detail if refused else "",
    }
    return render(
        request, "retros/open_sprint.html", context, status=refused.status if refused else 200
    )


def _chosen_team(org: Any, raw: Any) -> Team | None:
    if raw in (None, ""):
        return None
    try:
        return teams_queries.team(org, int(raw))
    except ValueError as exc:
        raise Invalid({"team": "Choose a team."}) from exc


@dataclass
class Opening:
    """One OKR retro a cycle may have: the company's or a team's, and the board if opened."""

    team: Team | None
    retro: Retrospective | None
    may_open: bool


@require_http_methods(["GET", "POST"])
def cycle_retro(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    """Every OKR retro of the cycle (the company's and each team's); `?team=` opens one."""
    org, membership = org_of(request)
    cycle = okrs_queries.cycle(org, cycle_id)
    refused: DomainError | None = None
    if request.method == "POST":
        form = forms.OpenForm(request.POST)
        try:
            if not form.is_valid():
                raise Invalid({"team": "Choose a team, or none for the company."})
            team = _chosen_team(org, form.cleaned_data["team"])
            with transaction.atomic():
                found, _ = services.open_cycle_retro(cycle=cycle, team=team, by=membership)
        except DomainError as exc:
            refused = exc
        else:
            return _back(found)
    elif "team" in request.GET:
        existing = queries.cycle_retro(cycle, _chosen_team(org, request.GET["team"]))
        if existing is not None:
            return _back(existing)
    context = {
        "cycle": cycle,
        "openings": _openings(request, cycle),
        "refused": refused.detail if refused else "",
    }
    return render(
        request, "retros/open_cycle.html", context, status=refused.status if refused else 200
    )


def _openings(request: HttpRequest, cycle: Cycle) -> list[Opening]:
    org, membership = org_of(request)
    opened = {r.team_id: r for r in queries.cycle_retros(cycle)}
    writable = not org.is_read_only and services.cycle_retro_opens(cycle)
    team_ids = teams_queries.team_ids_of(membership)
    rows = [
        Opening(
            None, opened.get(None), writable and services.may_open_cycle_retro(membership, None)
        )
    ]
    for team in teams_queries.teams(org):
        may = writable and services.may_open_cycle_retro(membership, team, team_ids=team_ids)
        rows.append(Opening(team, opened.get(team.pk), may))
    return rows
