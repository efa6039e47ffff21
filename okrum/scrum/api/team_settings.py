"""JSON handlers for a team's Definition of Done and estimate scale."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.scrum import estimates, queries, services
from okrum.scrum.models import DefinitionOfDone
from okrum.scrum.schemas import (
    BacklogSettingsIn,
    BacklogSettingsOut,
    DefinitionOfDoneIn,
    DefinitionOfDoneOut,
)
from okrum.teams import queries as teams_queries
from okrum.teams.models import Team

# Members may call every write; the services refuse what their role and teams do not allow (403).
# Operation ids are spelled out: they keep the names clients knew before the API was split.
router = Router(tags=["scrum"], auth=api_auth())


def _definition_of_done(team: Team, dod: DefinitionOfDone | None) -> dict[str, Any]:
    if dod is None:
        return {
            "team": team.pk,
            "version": None,
            "checklist": [],
            "author": None,
            "created_at": None,
        }
    return {
        "team": team.pk,
        "version": dod.number,
        "checklist": dod.checklist,
        "author": dod.author,
        "created_at": dod.created_at,
    }


@router.get(
    "/orgs/{org_slug}/teams/{team_id}/definition-of-done",
    response=DefinitionOfDoneOut,
    operation_id="okrum_scrum_api_get_definition_of_done",
)
def get_definition_of_done(request: HttpRequest, org_slug: str, team_id: int) -> dict[str, Any]:
    team = teams_queries.team(principal(request).org, team_id)
    return _definition_of_done(team, queries.definition_of_done(team))


@router.put(
    "/orgs/{org_slug}/teams/{team_id}/definition-of-done",
    response=DefinitionOfDoneOut,
    operation_id="okrum_scrum_api_set_definition_of_done",
)
def set_definition_of_done(
    request: HttpRequest, org_slug: str, team_id: int, payload: DefinitionOfDoneIn
) -> dict[str, Any]:
    """A new version when the checklist changed; earlier versions are kept."""
    who = principal(request)
    with transaction.atomic():
        team = teams_queries.team(who.org, team_id)
        dod = services.set_definition_of_done(team=team, by=who.member, checklist=payload.checklist)
    return _definition_of_done(team, dod)


def _backlog_settings(team: Team) -> dict[str, Any]:
    backlog = queries.backlog(team)
    custom = [Decimal(p) for p in backlog.custom_points]
    return {
        "team": team.pk,
        "estimate_scale": backlog.estimate_scale,
        "custom_points": custom,
        "points": estimates.points(backlog.estimate_scale, custom),
    }


@router.get(
    "/orgs/{org_slug}/teams/{team_id}/backlog-settings",
    response=BacklogSettingsOut,
    operation_id="okrum_scrum_api_get_backlog_settings",
)
def get_backlog_settings(request: HttpRequest, org_slug: str, team_id: int) -> dict[str, Any]:
    return _backlog_settings(teams_queries.team(principal(request).org, team_id))


@router.put(
    "/orgs/{org_slug}/teams/{team_id}/backlog-settings",
    response=BacklogSettingsOut,
    operation_id="okrum_scrum_api_set_backlog_settings",
)
def set_backlog_settings(
    request: HttpRequest, org_slug: str, team_id: int, payload: BacklogSettingsIn
) -> dict[str, Any]:
    """How the team estimates; estimates already made off the new scale are kept."""
    who = principal(request)
    with transaction.atomic():
        team = teams_queries.team(who.org, team_id)
        services.set_estimate_scale(
            team=team,
            by=who.member,
            scale=payload.estimate_scale.value,
            custom_points=payload.custom_points,
        )
        return _backlog_settings(team)
