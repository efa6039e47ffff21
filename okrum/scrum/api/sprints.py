"""JSON handlers for sprints: plan, change, start, close, their items and scope changes."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.errors import Invalid
from okrum.core.etag import check_if_match, tagged
from okrum.core.pagination import Page
from okrum.core.refs import maybe_referenced, referenced
from okrum.core.schemas import Id
from okrum.scrum import queries, services
from okrum.scrum.api._common import _key_results, _pick
from okrum.scrum.models import ItemEvent, Sprint, SprintState
from okrum.scrum.schemas import (
    ScopeChangePage,
    SprintCloseIn,
    SprintIn,
    SprintItemsIn,
    SprintOut,
    SprintPage,
    SprintPatch,
)
from okrum.scrum.services import BACKLOG
from okrum.teams import queries as teams_queries
from okrum.tenancy.models import Organization

# Members may call every write; the services refuse what their role and teams do not allow (403).
# Operation ids are spelled out: they keep the names clients knew before the API was split.
router = Router(tags=["scrum"], auth=api_auth())


def _sprint_out(org: Organization, sprint_id: int, response: HttpResponse) -> Sprint:
    found = queries.sprint(org, sprint_id)
    return tagged(response, found)


@router.get(
    "/orgs/{org_slug}/sprints", response=SprintPage, operation_id="okrum_scrum_api_list_sprints"
)
def list_sprints(
    request: HttpRequest,
    org_slug: str,
    team: Id | None = None,
    state: SprintState | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Sprint]:
    """The latest first."""
    org = principal(request).org
    return queries.sprints_page(
        org,
        team=maybe_referenced(teams_queries.team, org, team, "team"),
        state=state.value if state else None,
        limit=limit,
        cursor=cursor,
    )


@router.post(
    "/orgs/{org_slug}/sprints",
    response={201: SprintOut},
    operation_id="okrum_scrum_api_create_sprint",
)
def create_sprint(
    request: HttpRequest, org_slug: str, payload: SprintIn, response: HttpResponse
) -> Sprint:
    who = principal(request)
    with transaction.atomic():
        team = referenced(teams_queries.team, who.org, payload.team, "team")
        sprint = services.create_sprint(
            team=team,
            by=who.member,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            name=payload.name,
            goal=payload.goal,
            capacity=payload.capacity,
            goal_key_results=_key_results(who.org, payload.goal_key_results, "goal_key_results"),
        )
    return _sprint_out(who.org, sprint.pk, response)


@router.get(
    "/orgs/{org_slug}/sprints/{sprint_id}",
    response=SprintOut,
    operation_id="okrum_scrum_api_get_sprint",
)
def get_sprint(
    request: HttpRequest, org_slug: str, sprint_id: int, response: HttpResponse
) -> Sprint:
    return _sprint_out(principal(request).org, sprint_id, response)


@router.patch(
    "/orgs/{org_slug}/sprints/{sprint_id}",
    response=SprintOut,
    operation_id="okrum_scrum_api_update_sprint",
)
def update_sprint(
    request: HttpRequest,
    org_slug: str,
    sprint_id: int,
    payload: SprintPatch,
    response: HttpResponse,
) -> Sprint:
    who = principal(request)
    with transaction.atomic():
        sprint = queries.sprint_for_update(who.org, sprint_id)
        check_if_match(request, sprint)
        changes = payload.model_dump(exclude_unset=True)
        ids = changes.pop("goal_key_results", None)
        krs = None if ids is None else _key_results(who.org, ids, "goal_key_results")
        services.update_sprint(sprint=sprint, by=who.member, goal_key_results=krs, **changes)
    return _sprint_out(who.org, sprint_id, response)


@router.post(
    "/orgs/{org_slug}/sprints/{sprint_id}/start",
    response=SprintOut,
    operation_id="okrum_scrum_api_start_sprint",
)
def start_sprint(
    request: HttpRequest, org_slug: str, sprint_id: int, response: HttpResponse
) -> Sprint:
    """Freezes the committed scope: the sprint's items and their points now."""
    who = principal(request)
    with transaction.atomic():
        sprint = queries.sprint_for_update(who.org, sprint_id)
        check_if_match(request, sprint)
        services.start_sprint(sprint=sprint, by=who.member)
    return _sprint_out(who.org, sprint_id, response)


@router.post(
    "/orgs/{org_slug}/sprints/{sprint_id}/close",
    response=SprintOut,
    operation_id="okrum_scrum_api_close_sprint",
)
def close_sprint(
    request: HttpRequest,
    org_slug: str,
    sprint_id: int,
    payload: SprintCloseIn,
    response: HttpResponse,
) -> Sprint:
    """Records done points; unfinished items go to the backlog or a planned sprint."""
    who = principal(request)
    with transaction.atomic():
        sprint = queries.sprint_for_update(who.org, sprint_id)
        check_if_match(request, sprint)
        targets = [payload.unfinished_to, *(move.to for move in payload.moves)]
        found = queries.sprints_by_ids(who.org, [t for t in targets if isinstance(t, int)])

        def destination(target: int | str, field: str) -> Sprint | str:
            if target == BACKLOG:
                return BACKLOG
            chosen = _pick(found, int(target), field, "sprint")
            assert chosen is not None
            return chosen

        services.close_sprint(
            sprint=sprint,
            by=who.member,
            unfinished_to=destination(payload.unfinished_to, "unfinished_to"),
            moves={
                move.item: destination(move.to, f"moves.{index}.to")
                for index, move in enumerate(payload.moves)
            },
        )
    return _sprint_out(who.org, sprint_id, response)


@router.post(
    "/orgs/{org_slug}/sprints/{sprint_id}/items",
    response=SprintOut,
    operation_id="okrum_scrum_api_change_sprint_items",
)
def change_sprint_items(
    request: HttpRequest,
    org_slug: str,
    sprint_id: int,
    payload: SprintItemsIn,
    response: HttpResponse,
) -> Sprint:
    """Put items of the team into the sprint, or send them back to the backlog."""
    who = principal(request)
    with transaction.atomic():
        sprint = queries.sprint_for_update(who.org, sprint_id)
        both = set(payload.add) & set(payload.remove)
        if both:
            raise Invalid({"remove": f"Item {min(both)} cannot be added and removed at once."})
        found = queries.items_by_ids(who.org, [*payload.add, *payload.remove])
        adding = [_pick(found, pk, "add", "backlog item") for pk in payload.add]
        removing = [_pick(found, pk, "remove", "backlog item") for pk in payload.remove]
        added = [item for item in adding if item is not None]
        removed = [item for item in removing if item is not None]
        for item in added:
            if item.team_id != sprint.team_id:
                raise Invalid({"add": f"{item.key} is not in {sprint.team.name}'s backlog."})
        for item in removed:
            if item.sprint_id != sprint.pk:
                raise Invalid({"remove": f"{item.key} is not in {sprint.name}."})
        services.assign_items(sprint=sprint, items=added, by=who.member, team=sprint.team)
        services.assign_items(sprint=None, items=removed, by=who.member, team=sprint.team)
    return _sprint_out(who.org, sprint_id, response)


@router.get(
    "/orgs/{org_slug}/sprints/{sprint_id}/scope-changes",
    response=ScopeChangePage,
    operation_id="okrum_scrum_api_list_scope_changes",
)
def list_scope_changes(
    request: HttpRequest,
    org_slug: str,
    sprint_id: int,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[ItemEvent]:
    """Items that entered or left the sprint after it started, oldest first."""
    sprint = queries.sprint(principal(request).org, sprint_id)
    return queries.scope_changes_page(sprint, limit=limit, cursor=cursor)
