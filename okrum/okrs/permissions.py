"""Who may change which OKRs (DESIGN §5): admins everything, members their teams' objectives."""

from __future__ import annotations

from collections.abc import Collection

from okrum.core.errors import Forbidden
from okrum.okrs.models import KeyResult, Objective
from okrum.teams import queries as teams
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least


def is_admin(membership: Membership) -> bool:
    return role_at_least(membership.role, Role.ADMIN)


def require_admin(membership: Membership, what: str) -> None:
    if not is_admin(membership):
        raise Forbidden(f"Only owners and admins manage {what}.")


def may_edit_objective(
    membership: Membership, objective: Objective, *, team_ids: Collection[int] | None = None
) -> bool:
    """`team_ids`: the member's teams when the caller already has them (pages ask per row)."""
    if is_admin(membership):
        return True
    if not role_at_least(membership.role, Role.MEMBER) or objective.team_id is None:
        return False
    mine = teams.team_ids_of(membership) if team_ids is None else team_ids
    return objective.team_id in mine


def require_objective_editor(membership: Membership, objective: Objective) -> None:
    if not may_edit_objective(membership, objective):
        if objective.team_id is None:
            raise Forbidden("Only owners and admins edit company objectives.")
        raise Forbidden("Only members of the objective's team (or admins) may edit it.")


def may_check_in(
    membership: Membership, kr: KeyResult, *, team_ids: Collection[int] | None = None
) -> bool:
    """The key result's owner, the objective's editors, and admins record check-ins."""
    if not role_at_least(membership.role, Role.MEMBER):
        return False
    if kr.owner_id == membership.pk:
        return True
    return may_edit_objective(membership, kr.objective, team_ids=team_ids)


def require_check_in(membership: Membership, kr: KeyResult) -> None:
    if not may_check_in(membership, kr):
        raise Forbidden("Only the key result's owner, members of its team and admins may check in.")
