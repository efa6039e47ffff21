"""Writes an OKR retrospective makes on objectives: extend one into the next cycle, or close it."""

from __future__ import annotations

from okrum.core.errors import Invalid
from okrum.okrs import permissions
from okrum.okrs.models import Cycle, KeyResult, Objective, ObjectiveStatus
from okrum.okrs.services._common import snapshot
from okrum.okrs.services.key_results import KeyResultSpec
from okrum.okrs.services.objectives import OBJECTIVE_FIELDS, create_objective
from okrum.tenancy import audit
from okrum.tenancy.models import Membership

ONE = 1


def _carried_spec(kr: KeyResult) -> KeyResultSpec:
    """The key result again, starting where it stands now (or as it started, without data)."""
    start = kr.current_value if kr.current_value is not None else kr.start_value
    return KeyResultSpec(
        title=kr.title,
        kind=kr.kind,
        unit=kr.unit,
        start_value=start,
        target_value=kr.target_value,
        low_value=kr.low_value,
        high_value=kr.high_value,
        weight=kr.weight,
        owner=kr.owner,
    )


def extend_objective(*, objective: Objective, into: Cycle, by: Membership) -> Objective:
    """A draft copy of `objective` in `into`, with its unachieved key results, linked back."""
    if into.pk == objective.cycle_id or into.starts_on <= objective.cycle.starts_on:
        raise Invalid({"cycle": "Extend an objective into a later cycle."})
    krs = KeyResult.objects.filter(objective=objective).order_by("position", "id")
    # An achieved key result has nothing left to carry (and its target would sit behind its start).
    specs = [_carried_spec(kr) for kr in krs if kr.progress < ONE]
    copy = create_objective(
        cycle=into,
        by=by,
        title=objective.title,
        team=objective.team,
        key_results=specs,
        description=objective.description,
        goal=objective.goal,
        kind=objective.kind,
        roll_up=objective.roll_up,
        owner=objective.owner,
    )
    copy.carried_from = objective
    copy.save(update_fields=["carried_from"])
    audit.record(
        org=objective.organization,
        actor=by.user,
        action="objective.carried_forward",
        obj=copy,
        after={"carried_from": objective.pk, "cycle": into.pk, "key_results": len(specs)},
    )
    return copy


def close_objective(*, objective: Objective, by: Membership) -> Objective:
    """Mark an objective closed, whatever its status: its retrospective has decided on it."""
    permissions.require_objective_editor(by, objective)
    if objective.status == ObjectiveStatus.CLOSED:
        return objective
    before = snapshot(objective, OBJECTIVE_FIELDS)
    objective.status = ObjectiveStatus.CLOSED
    objective.version += 1
    objective.save(update_fields=["status", "version"])
    audit.record(
        org=objective.organization,
        actor=by.user,
        action="objective.closed",
        obj=objective,
        before=before,
        after=snapshot(objective, OBJECTIVE_FIELDS),
    )
    return objective
