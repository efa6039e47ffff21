"""Reads of teams."""

from __future__ import annotations

from okrum.core.pagination import Page, paginate
from okrum.teams.models import Team, TeamMember
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import get_for_org


def teams(org: Organization) -> list[Team]:
    return list(Team.objects.for_org(org).order_by("name", "id"))


def teams_page(org: Organization, *, limit: int | None, cursor: str | None) -> Page[Team]:
    return paginate(Team.objects.for_org(org), order=["id"], limit=limit, cursor=cursor)


def team(org: Organization, team_id: int) -> Team:
    return get_for_org(Team.objects.all(), org, team_id)


def seats(team: Team) -> list[TeamMember]:
    rows = TeamMember.objects.filter(team=team).select_related("membership__user")
    return list(rows.order_by("membership__user__name", "id"))


def seats_page(team: Team, *, limit: int | None, cursor: str | None) -> Page[TeamMember]:
    rows = TeamMember.objects.filter(team=team).select_related("membership__user")
    return paginate(rows, order=["id"], limit=limit, cursor=cursor)


def seat(team: Team, membership: Membership) -> TeamMember | None:
    return TeamMember.objects.filter(team=team, membership=membership).first()


def seat_by_id(org: Organization, seat_id: int) -> TeamMember:
    rows = TeamMember.objects.select_related("team", "membership__user", "organization")
    return get_for_org(rows, org, seat_id)


def team_ids_of(membership: Membership) -> set[int]:
    """The teams a member sits in: where a member (not admin) may edit objectives."""
    return set(TeamMember.objects.filter(membership=membership).values_list("team_id", flat=True))
