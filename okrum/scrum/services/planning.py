"""Writes of sprint planning: how many days each team member can give to the sprint."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from okrum.core.errors import Conflict, Invalid
from okrum.scrum import capacity, permissions
from okrum.scrum.models import Sprint, SprintCapacity, SprintState
from okrum.teams.models import Accountability, TeamMember
from okrum.tenancy import audit
from okrum.tenancy.models import Membership

ONE_PLACE = Decimal("0.1")


def _days(raw: Any, most: int, field: str) -> Decimal:
    """A number of days from 0 to the sprint's working days, in tenths at most."""
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid({field: "Enter a number of days."}) from exc
    if not value.is_finite():
        raise Invalid({field: "Enter a number of days."})
    if value < 0 or value > most:
        raise Invalid({field: f"Enter from 0 to {most} days (the sprint's working days)."})
    if value != value.quantize(ONE_PLACE):
        raise Invalid({field: "Enter days to one decimal at most, e.g. 4.5."})
    return value.quantize(ONE_PLACE)


def set_capacity(
    *, sprint: Sprint, by: Membership, days: Mapping[Membership, Decimal]
) -> list[SprintCapacity]:
    """Record the available days of the given team members in a planned or active sprint."""
    permissions.require_team_work(by, sprint.team)
    if sprint.state not in (SprintState.PLANNED, SprintState.ACTIVE):
        raise Conflict(f"{sprint.name} is {sprint.state}; its capacity can no longer change.")
    seated = set(
        TeamMember.objects.filter(team_id=sprint.team_id)
        .exclude(accountability=Accountability.STAKEHOLDER)
        .values_list("membership_id", flat=True)
    )
    most = capacity.working_days(sprint.starts_on, sprint.ends_on)
    errors: dict[str, str] = {}
    cleaned: dict[int, Decimal] = {}
    for member, raw in days.items():
        field = f"days.{member.pk}"
        if member.organization_id != sprint.organization_id or member.pk not in seated:
            errors[field] = f"Not a member of {sprint.team.name} who works in its sprints."
            continue
        try:
            cleaned[member.pk] = _days(raw, most, field)
        except Invalid as exc:
            errors |= exc.errors
    if errors:
        raise Invalid(errors)
    rows = {row.membership_id: row for row in SprintCapacity.objects.filter(sprint=sprint)}
    before = {str(pk): str(rows[pk].available_days) for pk in cleaned if pk in rows}
    changed: list[SprintCapacity] = []
    added: list[SprintCapacity] = []
    for pk, value in cleaned.items():
        row = rows.get(pk)
        if row is None:
            added.append(
                SprintCapacity(
                    organization_id=sprint.organization_id,
                    sprint=sprint,
                    membership_id=pk,
                    available_days=value,
                )
            )
        elif row.available_days != value:
            row.available_days = value
            changed.append(row)
    SprintCapacity.objects.bulk_create(added)
    SprintCapacity.objects.bulk_update(changed, ["available_days"])
    audit.record(
        org=sprint.organization,
        actor=by.user,
        action="sprint.capacity_set",
        obj=sprint,
        before=before,
        after={str(pk): str(value) for pk, value in cleaned.items()},
    )
    return [*rows.values(), *added]
