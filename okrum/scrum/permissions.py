"""Who may change a team's Scrum work (DESIGN §5): the team's members, and admins."""

from __future__ import annotations

from collections.abc import Collection

from okrum.core.errors import Forbidden
from okrum.teams import queries as teams
from okrum.teams.models import Team
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least


def may_work_on(
    membership: Membership, team: Team | int, *, team_ids: Collection[int] | None = None
) -> bool:
    """Admins everywhere; members in the teams they sit in; viewers nowhere."""
    if role_at_least(membership.role, Role.ADMIN):
        return True
    if not role_at_least(membership.role, Role.MEMBER):
        return False
    team_id = team if isinstance(team, int) else team.pk
    mine = teams.team_ids_of(membership) if team_ids is None else team_ids
    return team_id in mine


def require_team_work(membership: Membership, team: Team) -> None:
    if not may_work_on(membership, team):
        raise Forbidden(f"Only members of {team.name} (or admins) change its backlog and sprints.")
