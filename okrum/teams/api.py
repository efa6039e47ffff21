"""JSON handlers for teams and the seats (accountabilities) of their members."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.errors import NotFound
from okrum.core.pagination import Page
from okrum.core.refs import referenced
from okrum.teams import queries, services
from okrum.teams.models import Team, TeamMember
from okrum.teams.schemas import (
    SeatIn,
    SeatOut,
    SeatPage,
    SeatPatch,
    TeamIn,
    TeamOut,
    TeamPage,
    TeamPatch,
)
from okrum.tenancy import queries as tenancy_queries
from okrum.tenancy.models import Organization

# Members may call the writes; the services let only admins and owners manage teams (403).
router = Router(tags=["teams"], auth=api_auth())


def _seat(org: Organization, team: Team, seat_id: int) -> TeamMember:
    seat = queries.seat_by_id(org, seat_id)
    if seat.team_id != team.pk:
        raise NotFound("No such team member.")
    return seat


@router.get("/orgs/{org_slug}/teams", response=TeamPage)
def list_teams(
    request: HttpRequest, org_slug: str, limit: int | None = None, cursor: str | None = None
) -> Page[Team]:
    return queries.teams_page(principal(request).org, limit=limit, cursor=cursor)


@router.post("/orgs/{org_slug}/teams", response={201: TeamOut})
def create_team(request: HttpRequest, org_slug: str, payload: TeamIn) -> Team:
    who = principal(request)
    with transaction.atomic():
        return services.create_team(
            org=who.org,
            by=who.member,
            name=payload.name,
            key=payload.key,
            description=payload.description,
        )


@router.get("/orgs/{org_slug}/teams/{team_id}", response=TeamOut)
def get_team(request: HttpRequest, org_slug: str, team_id: int) -> Team:
    return queries.team(principal(request).org, team_id)


@router.patch("/orgs/{org_slug}/teams/{team_id}", response=TeamOut)
def update_team(request: HttpRequest, org_slug: str, team_id: int, payload: TeamPatch) -> Team:
    who = principal(request)
    with transaction.atomic():
        team = queries.team(who.org, team_id)
        return services.update_team(
            team=team,
            by=who.member,
            name=payload.name if payload.name is not None else team.name,
            key=payload.key if payload.key is not None else team.key,
            description=(
                payload.description if payload.description is not None else team.description
            ),
        )


@router.get("/orgs/{org_slug}/teams/{team_id}/members", response=SeatPage)
def list_team_members(
    request: HttpRequest,
    org_slug: str,
    team_id: int,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[TeamMember]:
    team = queries.team(principal(request).org, team_id)
    return queries.seats_page(team, limit=limit, cursor=cursor)


@router.post("/orgs/{org_slug}/teams/{team_id}/members", response={201: SeatOut})
def add_team_member(
    request: HttpRequest, org_slug: str, team_id: int, payload: SeatIn
) -> TeamMember:
    who = principal(request)
    with transaction.atomic():
        team = queries.team(who.org, team_id)
        membership = referenced(
            tenancy_queries.membership, who.org, payload.membership, "membership"
        )
        return services.add_team_member(
            team=team, by=who.member, membership=membership, accountability=payload.accountability
        )


@router.patch("/orgs/{org_slug}/teams/{team_id}/members/{seat_id}", response=SeatOut)
def change_accountability(
    request: HttpRequest, org_slug: str, team_id: int, seat_id: int, payload: SeatPatch
) -> TeamMember:
    who = principal(request)
    with transaction.atomic():
        seat = _seat(who.org, queries.team(who.org, team_id), seat_id)
        return services.change_accountability(
            seat=seat, by=who.member, accountability=payload.accountability
        )


@router.delete("/orgs/{org_slug}/teams/{team_id}/members/{seat_id}", response={204: None})
def remove_team_member(request: HttpRequest, org_slug: str, team_id: int, seat_id: int) -> None:
    who = principal(request)
    with transaction.atomic():
        seat = _seat(who.org, queries.team(who.org, team_id), seat_id)
        services.remove_team_member(seat=seat, by=who.member)
