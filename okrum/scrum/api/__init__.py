"""JSON handlers for backlog items, sprints, product goals and a team's Scrum settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.renderers import JSONRenderer

from okrum.accounts.auth import api_auth, principal
from okrum.core.errors import Invalid
from okrum.core.etag import check_if_match, tagged
from okrum.core.pagination import Page
from okrum.core.refs import maybe_referenced, referenced
from okrum.core.schemas import Id
from okrum.okrs import queries as okrs_queries
from okrum.okrs.models import KeyResult
from okrum.scrum import estimates, queries, services
from okrum.scrum.models import (
    BacklogItem,
    DefinitionOfDone,
    ItemEvent,
    ItemKind,
    ProductGoal,
    Sprint,
    SprintState,
)
from okrum.scrum.schemas import (
    BacklogSettingsIn,
    BacklogSettingsOut,
    DefinitionOfDoneIn,
    DefinitionOfDoneOut,
    ItemBulkIn,
    ItemEventPage,
    ItemFields,
    ItemIn,
    ItemList,
    ItemMoveIn,
    ItemOut,
    ItemPage,
    ItemPatch,
    ProductGoalIn,
    ProductGoalOut,
    ProductGoalPage,
    ProductGoalPatch,
    ScopeChangePage,
    SprintCloseIn,
    SprintIn,
    SprintItemsIn,
    SprintOut,
    SprintPage,
    SprintPatch,
    item_row_out,
)
from okrum.scrum.services import BACKLOG, ItemSpec
from okrum.teams import queries as teams_queries
from okrum.teams.models import Team
from okrum.tenancy import queries as tenancy_queries
from okrum.tenancy.models import Organization

# Members may call every write; the services refuse what their role and teams do not allow (403).
router = Router(tags=["scrum"], auth=api_auth())
# The renderer the API answers with, for the one handler that writes its JSON itself.
_JSON = JSONRenderer()

T = TypeVar("T")
_MAX_ID = 2**63 - 1


def _pick(found: Mapping[int, T], pk: int | None, field: str, what: str) -> T | None:
    """The object `pk` names among those found in one query; an unknown id is 422 on `field`."""
    if pk is None:
        return None
    if pk not in found:
        raise Invalid({field: f"No such {what} in this organization."})
    return found[pk]


def _key_results(org: Organization, ids: Sequence[int], field: str) -> list[KeyResult]:
    found = queries.key_results_by_ids(org, list(set(ids)))
    return [kr for pk in ids if (kr := _pick(found, pk, field, "key result")) is not None]


def _specs(org: Organization, rows: Sequence[ItemFields], *, name_rows: bool) -> list[ItemSpec]:
    """Item specs with the ids of every row resolved: one query per kind of id, not per row."""
    key_results = queries.key_results_by_ids(org, list({pk for r in rows for pk in r.key_results}))
    members = queries.members_by_ids(org, list({r.assignee for r in rows if r.assignee}))
    sprints = queries.sprints_by_ids(org, list({r.sprint for r in rows if r.sprint}))
    specs = []
    for index, row in enumerate(rows):
        prefix = f"items.{index}." if name_rows else ""
        links = [
            _pick(key_results, pk, f"{prefix}key_results", "key result") for pk in row.key_results
        ]
        specs.append(
            ItemSpec(
                title=row.title,
                description=row.description,
                acceptance_criteria=row.acceptance_criteria,
                kind=row.kind.value,
                status=row.status.value,
                estimate=row.estimate,
                assignee=_pick(members, row.assignee, f"{prefix}assignee", "member"),
                sprint=_pick(sprints, row.sprint, f"{prefix}sprint", "sprint"),
                key_results=[kr for kr in links if kr is not None],
            )
        )
    return specs


def _sprint_filter(org: Organization, value: str | None) -> Sprint | str | None:
    if not value:
        return None
    if value == queries.NONE:
        return queries.NONE
    return referenced(queries.sprint, org, _id_of(value, "sprint"), "sprint")


def _key_result_filter(org: Organization, value: str | None) -> KeyResult | str | None:
    if not value:
        return None
    if value == queries.NONE:
        return queries.NONE
    return referenced(queries.key_result, org, _id_of(value, "key_result"), "key_result")


def _id_of(value: str, field: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= _MAX_ID:
        raise Invalid({field: "Give an id, or none."})
    return int(value)


def _item_out(org: Organization, item_id: int, response: HttpResponse) -> BacklogItem:
    found = queries.item(org, item_id)
    return tagged(response, found)


def _sprint_out(org: Organization, sprint_id: int, response: HttpResponse) -> Sprint:
    found = queries.sprint(org, sprint_id)
    return tagged(response, found)


# Backlog items -------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/backlog-items", response=ItemPage)
def list_items(
    request: HttpRequest,
    org_slug: str,
    team: Id | None = None,
    status: str | None = None,
    kind: ItemKind | None = None,
    sprint: str | None = None,
    key_result: str | None = None,
    assignee: Id | None = None,
    q: str = "",
    limit: int | None = None,
    cursor: str | None = None,
) -> HttpResponse:
    """Items in backlog order; `status` is one, a comma list or `open`; `q` a text or a key."""
    org = principal(request).org
    chosen = queries.ItemFilter(
        team=maybe_referenced(teams_queries.team, org, team, "team"),
        statuses=queries.statuses_of(status),
        kind=kind.value if kind else None,
        sprint=_sprint_filter(org, sprint),
        key_result=_key_result_filter(org, key_result),
        assignee_id=assignee,
        text=q.strip(),
    )
    page = queries.item_rows_page(org, chosen, limit=limit, cursor=cursor)
    # Written here rather than through ItemPage: the rows are already in ItemOut's shape
    # (item_row_out), and validating 100 of them again would cost more than the query.
    body = {"items": [item_row_out(row) for row in page.items], "next_cursor": page.next_cursor}
    content = _JSON.render(request, body, response_status=200)
    return HttpResponse(content, content_type=f"{_JSON.media_type}; charset={_JSON.charset}")


@router.post("/orgs/{org_slug}/backlog-items", response={201: ItemOut})
def create_item(
    request: HttpRequest, org_slug: str, payload: ItemIn, response: HttpResponse
) -> BacklogItem:
    who = principal(request)
    with transaction.atomic():
        team = referenced(teams_queries.team, who.org, payload.team, "team")
        spec = _specs(who.org, [payload], name_rows=False)[0]
        item = services.create_item(team=team, by=who.member, spec=spec, position=payload.position)
    return _item_out(who.org, item.pk, response)


@router.post("/orgs/{org_slug}/backlog-items/bulk", response={201: ItemList})
def create_items(request: HttpRequest, org_slug: str, payload: ItemBulkIn) -> dict[str, Any]:
    """Up to 1,000 items in one transaction: all are written or none (errors name `items.3.x`)."""
    who = principal(request)
    with transaction.atomic():
        team = referenced(teams_queries.team, who.org, payload.team, "team")
        specs = _specs(who.org, payload.items, name_rows=True)
        items = services.create_items(
            team=team, by=who.member, specs=specs, position=payload.position
        )
    return {"items": queries.items_with_cards(who.org, [item.pk for item in items])}


@router.get("/orgs/{org_slug}/backlog-items/{item_id}", response=ItemOut)
def get_item(
    request: HttpRequest, org_slug: str, item_id: int, response: HttpResponse
) -> BacklogItem:
    return _item_out(principal(request).org, item_id, response)


@router.patch("/orgs/{org_slug}/backlog-items/{item_id}", response=ItemOut)
def update_item(
    request: HttpRequest, org_slug: str, item_id: int, payload: ItemPatch, response: HttpResponse
) -> BacklogItem:
    who = principal(request)
    with transaction.atomic():
        item = queries.item_for_update(who.org, item_id)
        check_if_match(request, item)
        changes = payload.model_dump(exclude_unset=True)
        if "assignee" in changes:
            changes["assignee"] = maybe_referenced(
                tenancy_queries.membership, who.org, changes["assignee"], "assignee"
            )
        if "sprint" in changes:
            changes["sprint"] = maybe_referenced(
                queries.sprint, who.org, changes["sprint"], "sprint"
            )
        if "key_results" in changes:
            changes["key_results"] = _key_results(who.org, changes["key_results"], "key_results")
        services.update_item(item=item, by=who.member, **changes)
    return _item_out(who.org, item_id, response)


@router.delete("/orgs/{org_slug}/backlog-items/{item_id}", response={204: None})
def delete_item(request: HttpRequest, org_slug: str, item_id: int) -> None:
    who = principal(request)
    with transaction.atomic():
        item = queries.item_for_update(who.org, item_id)
        check_if_match(request, item)
        services.delete_item(item=item, by=who.member)


@router.post("/orgs/{org_slug}/backlog-items/{item_id}/move", response=ItemOut)
def move_item(
    request: HttpRequest, org_slug: str, item_id: int, payload: ItemMoveIn, response: HttpResponse
) -> BacklogItem:
    """Directly above `before`, directly below `after`, between both, or `to` the top/bottom."""
    who = principal(request)
    with transaction.atomic():
        item = queries.item_for_update(who.org, item_id)
        check_if_match(request, item)
        ids = [pk for pk in (payload.before, payload.after) if pk is not None]
        found = queries.items_by_ids(who.org, ids)
        services.move_item(
            item=item,
            by=who.member,
            before=_pick(found, payload.before, "before", "backlog item"),
            after=_pick(found, payload.after, "after", "backlog item"),
            to=payload.to,
        )
    return _item_out(who.org, item_id, response)


@router.get("/orgs/{org_slug}/backlog-items/{item_id}/events", response=ItemEventPage)
def list_item_events(
    request: HttpRequest,
    org_slug: str,
    item_id: int,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[ItemEvent]:
    item = queries.item(principal(request).org, item_id)
    return queries.history_page(item, limit=limit, cursor=cursor)


# Sprints -------------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/sprints", response=SprintPage)
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


@router.post("/orgs/{org_slug}/sprints", response={201: SprintOut})
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


@router.get("/orgs/{org_slug}/sprints/{sprint_id}", response=SprintOut)
def get_sprint(
    request: HttpRequest, org_slug: str, sprint_id: int, response: HttpResponse
) -> Sprint:
    return _sprint_out(principal(request).org, sprint_id, response)


@router.patch("/orgs/{org_slug}/sprints/{sprint_id}", response=SprintOut)
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


@router.post("/orgs/{org_slug}/sprints/{sprint_id}/start", response=SprintOut)
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


@router.post("/orgs/{org_slug}/sprints/{sprint_id}/close", response=SprintOut)
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


@router.post("/orgs/{org_slug}/sprints/{sprint_id}/items", response=SprintOut)
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


@router.get("/orgs/{org_slug}/sprints/{sprint_id}/scope-changes", response=ScopeChangePage)
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


# Product goals -------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/product-goals", response=ProductGoalPage)
def list_product_goals(
    request: HttpRequest,
    org_slug: str,
    team: Id | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[ProductGoal]:
    org = principal(request).org
    chosen = maybe_referenced(teams_queries.team, org, team, "team")
    return queries.product_goals_page(org, chosen, limit=limit, cursor=cursor)


@router.post("/orgs/{org_slug}/product-goals", response={201: ProductGoalOut})
def create_product_goal(
    request: HttpRequest, org_slug: str, payload: ProductGoalIn, response: HttpResponse
) -> ProductGoal:
    who = principal(request)
    with transaction.atomic():
        team = referenced(teams_queries.team, who.org, payload.team, "team")
        goal = services.create_product_goal(
            team=team,
            by=who.member,
            title=payload.title,
            description=payload.description,
            objective=maybe_referenced(
                okrs_queries.objective, who.org, payload.objective, "objective"
            ),
        )
    return tagged(response, goal)


@router.get("/orgs/{org_slug}/product-goals/{product_goal_id}", response=ProductGoalOut)
def get_product_goal(
    request: HttpRequest, org_slug: str, product_goal_id: int, response: HttpResponse
) -> ProductGoal:
    goal = queries.product_goal(principal(request).org, product_goal_id)
    return tagged(response, goal)


@router.patch("/orgs/{org_slug}/product-goals/{product_goal_id}", response=ProductGoalOut)
def update_product_goal(
    request: HttpRequest,
    org_slug: str,
    product_goal_id: int,
    payload: ProductGoalPatch,
    response: HttpResponse,
) -> ProductGoal:
    who = principal(request)
    with transaction.atomic():
        goal = queries.product_goal_for_update(who.org, product_goal_id)
        check_if_match(request, goal)
        changes = payload.model_dump(exclude_unset=True)
        if "objective" in changes:
            changes["objective"] = maybe_referenced(
                okrs_queries.objective, who.org, changes["objective"], "objective"
            )
        goal = services.update_product_goal(goal=goal, by=who.member, **changes)
    return tagged(response, goal)


# A team's Definition of Done and estimate scale ----------------------------------------------


def _definition_of_done(team: Team, dod: DefinitionOfDone | None) -> dict[str, Any]:
    if dod is None:
        return {
            "team": team.pk,
            "version": None,
            "checklist": [],
            "author": None,
            "created_at": None,
        }
    return {
        "team": team.pk,
        "version": dod.number,
        "checklist": dod.checklist,
        "author": dod.author,
        "created_at": dod.created_at,
    }


@router.get("/orgs/{org_slug}/teams/{team_id}/definition-of-done", response=DefinitionOfDoneOut)
def get_definition_of_done(request: HttpRequest, org_slug: str, team_id: int) -> dict[str, Any]:
    team = teams_queries.team(principal(request).org, team_id)
    return _definition_of_done(team, queries.definition_of_done(team))


@router.put("/orgs/{org_slug}/teams/{team_id}/definition-of-done", response=DefinitionOfDoneOut)
def set_definition_of_done(
    request: HttpRequest, org_slug: str, team_id: int, payload: DefinitionOfDoneIn
) -> dict[str, Any]:
    """A new version when the checklist changed; earlier versions are kept."""
    who = principal(request)
    with transaction.atomic():
        team = teams_queries.team(who.org, team_id)
        dod = services.set_definition_of_done(team=team, by=who.member, checklist=payload.checklist)
    return _definition_of_done(team, dod)


def _backlog_settings(team: Team) -> dict[str, Any]:
    backlog = queries.backlog(team)
    custom = [Decimal(p) for p in backlog.custom_points]
    return {
        "team": team.pk,
        "estimate_scale": backlog.estimate_scale,
        "custom_points": custom,
        "points": estimates.points(backlog.estimate_scale, custom),
    }


@router.get("/orgs/{org_slug}/teams/{team_id}/backlog-settings", response=BacklogSettingsOut)
def get_backlog_settings(request: HttpRequest, org_slug: str, team_id: int) -> dict[str, Any]:
    return _backlog_settings(teams_queries.team(principal(request).org, team_id))


@router.put("/orgs/{org_slug}/teams/{team_id}/backlog-settings", response=BacklogSettingsOut)
def set_backlog_settings(
    request: HttpRequest, org_slug: str, team_id: int, payload: BacklogSettingsIn
) -> dict[str, Any]:
    """How the team estimates; estimates already made off the new scale are kept."""
    who = principal(request)
    with transaction.atomic():
        team = teams_queries.team(who.org, team_id)
        services.set_estimate_scale(
            team=team,
            by=who.member,
            scale=payload.estimate_scale.value,
            custom_points=payload.custom_points,
        )
        return _backlog_settings(team)
