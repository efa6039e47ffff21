"""Writes of objectives: alignment (parent, supports), lifecycle, and their key results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from okrum.core.errors import Invalid
from okrum.okrs import permissions, progress
from okrum.okrs.models import ROLL_UPS, Cycle, KeyResult, Objective, ObjectiveKind, ObjectiveStatus
from okrum.okrs.planning_rules import require_approver
from okrum.okrs.queries.planning import product_owner_team_ids
from okrum.okrs.services._common import require_open, same_org, snapshot, text
from okrum.okrs.services.key_results import (
    KeyResultSpec,
    check_weights,
    create_key_result,
    validated_spec,
)
from okrum.teams.models import Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership

_OBJECTIVE_STATUS_MOVES = {
    ObjectiveStatus.DRAFT: {ObjectiveStatus.PROPOSED, ObjectiveStatus.PUBLISHED},
    ObjectiveStatus.PROPOSED: {ObjectiveStatus.DRAFT, ObjectiveStatus.PUBLISHED},
    ObjectiveStatus.PUBLISHED: {ObjectiveStatus.CLOSED, ObjectiveStatus.DRAFT},
    ObjectiveStatus.CLOSED: {ObjectiveStatus.PUBLISHED},
}
OBJECTIVE_FIELDS = [
    "title",
    "description",
    "team",
    "goal",
    "parent",
    "kind",
    "status",
    "roll_up",
    "owner",
]


def _check_parent(objective: Objective, parent: Objective | None) -> None:
    if parent is None:
        return
    same_org(objective.organization, "parent", parent)
    if parent.cycle_id != objective.cycle_id:
        raise Invalid({"parent": "The parent objective must be in the same cycle."})
    node: Objective | None = parent
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if objective.pk is not None and node.pk == objective.pk:
            raise Invalid({"parent": "This parent would make a loop of objectives."})
        seen.add(node.pk)
        node = node.parent


def _check_status_move(objective: Objective, target: str, by: Membership) -> None:
    """Publishing, unpublishing and reopening follow the approval rule of OKR planning."""
    current = ObjectiveStatus(objective.status)
    if target not in _OBJECTIVE_STATUS_MOVES[current]:
        raise Invalid({"status": f"An objective in {objective.status} cannot become {target}."})
    approval = {ObjectiveStatus.PUBLISHED, ObjectiveStatus.CLOSED}
    if target in approval or current in approval:
        require_approver(by, objective, product_owner_of=product_owner_team_ids(by))


def _apply_objective(objective: Objective, changes: dict[str, Any], by: Membership) -> None:
    org = objective.organization
    if "title" in changes:
        objective.title = text(changes["title"], "title", required=True, limit=200)
    if "description" in changes:
        objective.description = (changes["description"] or "").strip()
    for field in ("team", "goal", "owner"):
        if field in changes:
            same_org(org, field, changes[field])
            setattr(objective, field, changes[field])
    if "kind" in changes:
        if changes["kind"] not in ObjectiveKind.values:
            raise Invalid({"kind": "Choose committed or aspirational."})
        objective.kind = changes["kind"]
    if "roll_up" in changes:
        if changes["roll_up"] not in dict(ROLL_UPS):
            raise Invalid({"roll_up": "Choose key_results, children or both."})
        objective.roll_up = changes["roll_up"]
    if "parent" in changes:
        _check_parent(objective, changes["parent"])
        objective.parent = changes["parent"]
    if "status" in changes and changes["status"] != objective.status:
        target = changes["status"]
        if target not in ObjectiveStatus.values:
            raise Invalid({"status": f"Choose one of: {', '.join(ObjectiveStatus.values)}."})
        _check_status_move(objective, target, by)
        objective.status = target


def create_objective(
    *,
    cycle: Cycle,
    by: Membership,
    title: str,
    team: Team | None = None,
    key_results: Sequence[KeyResultSpec] = (),
    **changes: Any,
) -> Objective:
    """An objective with its key results, all valid or none written."""
    require_open(cycle)
    objective = Objective(organization=cycle.organization, cycle=cycle, team=team)
    same_org(cycle.organization, "team", team)
    permissions.require_objective_editor(by, objective)
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise Invalid({next(iter(unknown)): "Unknown field."})
    _apply_objective(objective, {"title": title, **changes}, by)
    specs = [validated_spec(objective, spec, index) for index, spec in enumerate(key_results)]
    if objective.roll_up != "children":
        check_weights([s.weight for s in specs])
    objective.save()
    audit.record(
        org=cycle.organization,
        actor=by.user,
        action="objective.created",
        obj=objective,
        after=snapshot(objective, OBJECTIVE_FIELDS),
    )
    for position, spec in enumerate(specs):
        create_key_result(objective, by, spec, position)
    progress.refresh_objective_chain(objective)
    return objective


def update_objective(*, objective: Objective, by: Membership, **changes: Any) -> Objective:
    require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    if "team" in changes and changes["team"] != objective.team:
        moved = Objective(organization=objective.organization, team=changes["team"])
        permissions.require_objective_editor(by, moved)
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise Invalid({next(iter(unknown)): "Unknown field."})
    before = snapshot(objective, OBJECTIVE_FIELDS)
    old_parent = objective.parent
    _apply_objective(objective, changes, by)
    if objective.roll_up != "children":
        check_weights(
            list(KeyResult.objects.filter(objective=objective).values_list("weight", flat=True))
        )
    objective.version += 1
    objective.save()
    audit.record(
        org=objective.organization,
        actor=by.user,
        action="objective.updated",
        obj=objective,
        before=before,
        after=snapshot(objective, OBJECTIVE_FIELDS),
    )
    progress.refresh_objective_chain(objective)
    if old_parent is not None and old_parent.pk != objective.parent_id:
        progress.refresh_objective_chain(old_parent)
    return objective


def set_supports(
    *, objective: Objective, by: Membership, supports: Sequence[Objective]
) -> Objective:
    """Cross-team "supports" links: shown beside the objective, never rolled up."""
    require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    for other in supports:
        same_org(objective.organization, "supports", other)
        if other.pk == objective.pk:
            raise Invalid({"supports": "An objective cannot support itself."})
    before = sorted(objective.supports.values_list("pk", flat=True))
    after = sorted({o.pk for o in supports})
    if before == after:
        return objective
    objective.supports.set(supports)
    # The links are part of what a client read: an ETag taken before them must no longer match.
    objective.version += 1
    objective.save(update_fields=["version"])
    audit.record(
        org=objective.organization,
        actor=by.user,
        action="objective.supports_set",
        obj=objective,
        before={"supports": before},
        after={"supports": after},
    )
    return objective
