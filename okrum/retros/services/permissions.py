"""Who may write on a retrospective board, and who may open one."""

from __future__ import annotations

from collections.abc import Collection

from okrum.core.errors import Forbidden
from okrum.okrs.models import Cycle, CycleState
from okrum.retros.models import Retrospective
from okrum.scrum import permissions as scrum_permissions
from okrum.scrum.models import Sprint, SprintState
from okrum.teams.models import Team
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least

RETRO_SPRINT_STATES = (SprintState.ACTIVE, SprintState.CLOSED)
RETRO_CYCLE_STATES = (CycleState.REVIEW, CycleState.CLOSED)


def team_of(retrospective: Retrospective) -> Team | None:
    """The sprint's team, or the OKR retro's team (None: the company's retro)."""
    if retrospective.sprint is not None:
        return retrospective.sprint.team
    return retrospective.team


def may_write(membership: Membership, retrospective: Retrospective) -> bool:
    """Sprint and team retros: the team's members and admins; the company's OKR retro: admins."""
    team = team_of(retrospective)
    if team is None:
        return role_at_least(membership.role, Role.ADMIN)
    return scrum_permissions.may_work_on(membership, team)


def _require_write(membership: Membership, retrospective: Retrospective) -> None:
    if may_write(membership, retrospective):
        return
    team = team_of(retrospective)
    if team is None:
        raise Forbidden("Only owners and admins write on the company's OKR retrospective.")
    raise Forbidden(f"Only members of {team.name} (or admins) write on its retrospective.")


def may_open_sprint_retro(membership: Membership, sprint: Sprint) -> bool:
    return sprint.state in RETRO_SPRINT_STATES and scrum_permissions.may_work_on(
        membership, sprint.team
    )


def cycle_retro_opens(cycle: Cycle) -> bool:
    """OKR retros are held at the end of a cycle: in review, or once it is closed."""
    return cycle.state in RETRO_CYCLE_STATES


def may_open_cycle_retro(
    membership: Membership, team: Team | None, *, team_ids: Collection[int] | None = None
) -> bool:
    if team is None:
        return role_at_least(membership.role, Role.ADMIN)
    return scrum_permissions.may_work_on(membership, team, team_ids=team_ids)
