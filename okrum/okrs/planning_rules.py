"""Who may propose, approve and send back objectives during OKR planning."""

from __future__ import annotations

from collections.abc import Collection

from okrum.core.errors import Conflict, Forbidden
from okrum.okrs import permissions
from okrum.okrs.models import Cycle, CycleState, Objective
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least

# Objectives are proposed, approved and sent back before the cycle starts and while it runs.
PLANNING_STATES = frozenset({CycleState.PLANNING, CycleState.ACTIVE})


def may_plan_in(cycle: Cycle) -> bool:
    return cycle.state in PLANNING_STATES


def require_planning(cycle: Cycle) -> None:
    if not may_plan_in(cycle):
        raise Conflict(
            f"The cycle {cycle.name} is in {cycle.state}: objectives are planned only while "
            "a cycle is in planning or active."
        )


def may_approve(
    membership: Membership, objective: Objective, *, product_owner_of: Collection[int]
) -> bool:
    """Admins and owners; for a team objective also that team's Product Owner."""
    if permissions.is_admin(membership):
        return True
    if objective.team_id is None or not role_at_least(membership.role, Role.MEMBER):
        return False
    return objective.team_id in product_owner_of


def require_approver(
    membership: Membership, objective: Objective, *, product_owner_of: Collection[int]
) -> None:
    if not may_approve(membership, objective, product_owner_of=product_owner_of):
        if objective.team_id is None:
            raise Forbidden("Only owners and admins approve or send back company objectives.")
        raise Forbidden(
            "Only the team's Product Owner or an admin may approve or send back this objective."
        )
