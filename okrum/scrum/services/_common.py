"""Helpers shared by the Scrum services: the backlog lock, estimates, links, item history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from okrum.core.cleaning import same_org
from okrum.core.errors import Invalid
from okrum.okrs.models import CycleState, KeyResult
from okrum.scrum.models import Backlog, BacklogItem, ItemEvent, Sprint
from okrum.teams.models import Team
from okrum.tenancy.models import Membership


def locked_backlog(team: Team) -> Backlog:
    """The team's backlog row, locked: numbering and ranking of its items go one at a time."""
    Backlog.objects.get_or_create(team=team, defaults={"organization_id": team.organization_id})
    return Backlog.objects.select_for_update().get(team=team)


def clean_estimate(raw: Any, allowed: Sequence[Decimal], field: str = "estimate") -> Decimal | None:
    """None (not estimated) or one of the points the team's scale allows."""
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid({field: "Enter a number of points."}) from exc
    if not value.is_finite():
        raise Invalid({field: "Enter a number of points."})
    if value < 0:
        raise Invalid({field: "An estimate cannot be negative."})
    if value not in allowed:
        shown = ", ".join(format(p.normalize(), "f") for p in allowed)
        raise Invalid({field: f"Choose a value of the team's scale: {shown}."})
    return value.quantize(Decimal("0.1"))


def check_key_results(org_id: int, key_results: Iterable[KeyResult], field: str) -> list[KeyResult]:
    """Key results of this organization whose cycle is still open, without repeats."""
    found: dict[int, KeyResult] = {}
    for kr in key_results:
        same_org(org_id, field, kr)
        if kr.objective.cycle.state == CycleState.CLOSED:
            raise Invalid(
                {field: f"“{kr.title}” belongs to the closed cycle {kr.objective.cycle.name}."}
            )
        found[kr.pk] = kr
    return list(found.values())


def check_sprint(team: Team, sprint: Sprint | None, field: str = "sprint") -> None:
    """A sprint an item may go into: one of its own team's that is not closed."""
    if sprint is None:
        return
    same_org(team.organization_id, field, sprint)
    if sprint.team_id != team.pk:
        raise Invalid({field: "Choose a sprint of the item's own team."})
    if sprint.state == "closed":
        raise Invalid({field: f"{sprint.name} is closed; choose a planned or active sprint."})


def event(
    item: BacklogItem,
    field: str,
    before: Any,
    after: Any,
    by: Membership | None,
    sprint_id: int | None = None,
) -> ItemEvent:
    """An ItemEvent (unsaved): what changed on `item`, in the sprint it is in (or just left)."""
    return ItemEvent(
        organization_id=item.organization_id,
        item=item,
        sprint_id=sprint_id if sprint_id is not None else item.sprint_id,
        field=field,
        from_value=_text(before),
        to_value=_text(after),
        actor=by.user if by is not None else None,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
