"""Helpers the OKR pages share: what the member may do on a page, goals grouped by vision."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from okrum.okrs import permissions
from okrum.okrs.models import Cycle, CycleState, Goal, GoalKind, Objective
from okrum.okrs.queries import Node
from okrum.teams import queries as teams
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.roles import Role, role_at_least


def _writable(org: Organization, cycle: Cycle) -> bool:
    return not org.is_read_only and cycle.state != CycleState.CLOSED


def _check_ins_open(org: Organization, cycle: Cycle) -> bool:
    return not org.is_read_only and cycle.state in (CycleState.ACTIVE, CycleState.REVIEW)


def _walk(nodes: Iterable[Node]) -> Iterator[Objective]:
    for node in nodes:
        yield node.objective
        yield from _walk(node.children)


def _abilities(
    org: Organization, membership: Membership, cycle: Cycle, objectives: Iterable[Objective]
) -> dict[str, Any]:
    """Which objectives the member may edit and which key results they may check in on."""
    team_ids = teams.team_ids_of(membership)
    writable, open_ = _writable(org, cycle), _check_ins_open(org, cycle)
    may_edit, may_check_in = set(), set()
    for objective in objectives:
        if writable and permissions.may_edit_objective(membership, objective, team_ids=team_ids):
            may_edit.add(objective.pk)
        for kr in objective.key_results.all():
            if open_ and permissions.may_check_in(membership, kr, team_ids=team_ids):
                may_check_in.add(kr.pk)
    member = role_at_least(membership.role, Role.MEMBER)
    return {
        "may_edit": may_edit,
        "may_check_in": may_check_in,
        "may_create": writable and (permissions.is_admin(membership) or (member and team_ids)),
        "check_ins_open": open_,
    }


def _goal_groups(goals: list[Goal]) -> dict[str, Any]:
    """Visions with the focuses under them, and the focuses under no vision."""
    focuses: dict[int | None, list[Goal]] = {}
    for goal in goals:
        if goal.kind == GoalKind.FOCUS:
            focuses.setdefault(goal.parent_id, []).append(goal)
    visions = [(g, focuses.pop(g.pk, [])) for g in goals if g.kind == GoalKind.VISION]
    loose = [g for group in focuses.values() for g in group]
    return {"visions": visions, "loose": loose, "any": bool(goals)}
