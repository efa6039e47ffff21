"""Writes of cycles and their state machine: planning → active → review → closed."""

from __future__ import annotations

from datetime import date

from okrum.core.errors import Conflict, Invalid
from okrum.okrs import permissions
from okrum.okrs.models import Cadence, Cycle, CycleState, Objective, ObjectiveStatus
from okrum.okrs.services._common import require_open, snapshot, text
from okrum.tenancy import audit
from okrum.tenancy.models import Membership, Organization

_NEXT_STATES = {
    CycleState.PLANNING: {CycleState.ACTIVE},
    CycleState.ACTIVE: {CycleState.REVIEW},
    CycleState.REVIEW: {CycleState.CLOSED, CycleState.ACTIVE},
    CycleState.CLOSED: set(),
}


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on <= starts_on:
        raise Invalid({"ends_on": "The cycle must end after it starts."})
    if (ends_on - starts_on).days > 366:
        raise Invalid({"ends_on": "A cycle lasts at most a year (usually a quarter)."})


def create_cycle(
    *,
    org: Organization,
    by: Membership,
    name: str,
    starts_on: date,
    ends_on: date,
    cadence: str = Cadence.WEEKLY,
) -> Cycle:
    permissions.require_admin(by, "cycles")
    _check_dates(starts_on, ends_on)
    if cadence not in Cadence.values:
        raise Invalid({"cadence": f"Choose one of: {', '.join(Cadence.values)}."})
    cycle = Cycle.objects.create(
        organization=org,
        name=text(name, "name", required=True, limit=80),
        starts_on=starts_on,
        ends_on=ends_on,
        cadence=cadence,
    )
    audit.record(
        org=org,
        actor=by.user,
        action="cycle.created",
        obj=cycle,
        after=snapshot(cycle, ["name", "starts_on", "ends_on", "cadence", "state"]),
    )
    return cycle


def update_cycle(
    *,
    cycle: Cycle,
    by: Membership,
    name: str,
    starts_on: date,
    ends_on: date,
    cadence: str,
    planning_notes: str = "",
) -> Cycle:
    permissions.require_admin(by, "cycles")
    require_open(cycle)
    _check_dates(starts_on, ends_on)
    if cadence not in Cadence.values:
        raise Invalid({"cadence": f"Choose one of: {', '.join(Cadence.values)}."})
    names = ["name", "starts_on", "ends_on", "cadence", "planning_notes"]
    before = snapshot(cycle, names)
    cycle.name = text(name, "name", required=True, limit=80)
    cycle.starts_on, cycle.ends_on, cycle.cadence = starts_on, ends_on, cadence
    cycle.planning_notes = planning_notes.strip()
    cycle.version += 1
    cycle.save()
    audit.record(
        org=cycle.organization,
        actor=by.user,
        action="cycle.updated",
        obj=cycle,
        before=before,
        after=snapshot(cycle, names),
    )
    return cycle


def _require_a_published_objective(cycle: Cycle) -> None:
    """A cycle starts with at least one approved objective; drafts may still follow."""
    published = Objective.objects.filter(cycle=cycle, status=ObjectiveStatus.PUBLISHED)
    if not published.exists():
        raise Conflict(
            f"{cycle.name} has no published objective yet: approve at least one objective "
            "in OKR planning before activating the cycle.",
            {"state": "Publish at least one objective first."},
        )


def change_cycle_state(*, cycle: Cycle, by: Membership, state: str) -> Cycle:
    """Move along planning → active → review → closed (review may go back to active)."""
    permissions.require_admin(by, "cycles")
    if state not in CycleState.values:
        raise Invalid({"state": f"Choose one of: {', '.join(CycleState.values)}."})
    current = CycleState(cycle.state)
    if state not in _NEXT_STATES[current]:
        allowed = ", ".join(sorted(_NEXT_STATES[current])) or "nothing (it is closed)"
        raise Conflict(
            f"A cycle in {current} cannot move to {state}; it can move to {allowed}.",
            {"state": f"Not allowed from {current}."},
        )
    if state == CycleState.ACTIVE and current == CycleState.PLANNING:
        _require_a_published_objective(cycle)
    cycle.state = state
    cycle.version += 1
    cycle.save(update_fields=["state", "version"])
    if state == CycleState.CLOSED:
        Objective.objects.filter(cycle=cycle).exclude(status=ObjectiveStatus.CLOSED).update(
            status=ObjectiveStatus.CLOSED
        )
    audit.record(
        org=cycle.organization,
        actor=by.user,
        action="cycle.state_changed",
        obj=cycle,
        before={"state": current.value},
        after={"state": state},
    )
    return cycle
