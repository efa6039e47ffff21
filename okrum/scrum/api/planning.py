"""JSON handlers of sprint planning: the planning data and member capacity."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.errors import Invalid
from okrum.core.refs import maybe_referenced
from okrum.core.schemas import Id
from okrum.scrum import queries, services
from okrum.scrum.queries import planning as planning_queries
from okrum.scrum.schemas.planning import (
    CapacityIn,
    CapacityOut,
    PlanningOut,
    capacity_out,
    planning_out,
)

router = Router(tags=["sprint planning"], auth=api_auth())


@router.get("/orgs/{org_slug}/sprints/{sprint_id}/planning", response=PlanningOut)
def get_planning(
    request: HttpRequest,
    org_slug: str,
    sprint_id: int,
    key_result: Id | None = None,
    cursor: str | None = None,
) -> dict[str, object]:
    """The team's key results beside its backlog, the selection, capacity, forecast, warnings."""
    org = principal(request).org
    sprint = queries.sprint(org, sprint_id)
    chosen = maybe_referenced(queries.key_result, org, key_result, "key_result")
    found = planning_queries.planning(org, sprint, key_result=chosen, cursor=cursor)
    return planning_out(found)


@router.put("/orgs/{org_slug}/sprints/{sprint_id}/capacity", response=CapacityOut)
def set_capacity(
    request: HttpRequest, org_slug: str, sprint_id: int, payload: CapacityIn
) -> dict[str, object]:
    """Each listed member's available days; members left out keep what they had."""
    who = principal(request)
    with transaction.atomic():
        sprint = queries.sprint_for_update(who.org, sprint_id)
        ids = [row.membership for row in payload.members]
        found = queries.members_by_ids(who.org, ids)
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise Invalid({f"days.{pk}": "No such member in this organization." for pk in missing})
        services.set_capacity(
            sprint=sprint,
            by=who.member,
            days={found[row.membership]: row.available_days for row in payload.members},
        )
    fresh = queries.sprint(who.org, sprint_id)
    return capacity_out(planning_queries.capacity_of(who.org, fresh))
