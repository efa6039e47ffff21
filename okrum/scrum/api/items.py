"""JSON handlers for backlog items: list, create (one or a batch), change, move, history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
from okrum.okrs.models import KeyResult
from okrum.scrum import queries, services
from okrum.scrum.api._common import _key_results, _pick
from okrum.scrum.models import BacklogItem, ItemEvent, ItemKind, Sprint
from okrum.scrum.schemas import (
    ItemBulkIn,
    ItemEventPage,
    ItemFields,
    ItemIn,
    ItemList,
    ItemMoveIn,
    ItemOut,
    ItemPage,
    ItemPatch,
    item_row_out,
)
from okrum.scrum.services import ItemSpec
from okrum.teams import queries as teams_queries
from okrum.tenancy import queries as tenancy_queries
from okrum.tenancy.models import Organization

# Members may call every write; the services refuse what their role and teams do not allow (403).
# Operation ids are spelled out: they keep the names clients knew before the API was split.
router = Router(tags=["scrum"], auth=api_auth())

# The renderer the API answers with, for the one handler that writes its JSON itself.
_JSON = JSONRenderer()
_MAX_ID = 2**63 - 1


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


@router.get(
    "/orgs/{org_slug}/backlog-items", response=ItemPage, operation_id="okrum_scrum_api_list_items"
)
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


@router.post(
    "/orgs/{org_slug}/backlog-items",
    response={201: ItemOut},
    operation_id="okrum_scrum_api_create_item",
)
def create_item(
    request: HttpRequest, org_slug: str, payload: ItemIn, response: HttpResponse
) -> BacklogItem:
    who = principal(request)
    with transaction.atomic():
        team = referenced(teams_queries.team, who.org, payload.team, "team")
        spec = _specs(who.org, [payload], name_rows=False)[0]
        item = services.create_item(team=team, by=who.member, spec=spec, position=payload.position)
    return _item_out(who.org, item.pk, response)


@router.post(
    "/orgs/{org_slug}/backlog-items/bulk",
    response={201: ItemList},
    operation_id="okrum_scrum_api_create_items",
)
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


@router.get(
    "/orgs/{org_slug}/backlog-items/{item_id}",
    response=ItemOut,
    operation_id="okrum_scrum_api_get_item",
)
def get_item(
    request: HttpRequest, org_slug: str, item_id: int, response: HttpResponse
) -> BacklogItem:
    return _item_out(principal(request).org, item_id, response)


@router.patch(
    "/orgs/{org_slug}/backlog-items/{item_id}",
    response=ItemOut,
    operation_id="okrum_scrum_api_update_item",
)
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


@router.delete(
    "/orgs/{org_slug}/backlog-items/{item_id}",
    response={204: None},
    operation_id="okrum_scrum_api_delete_item",
)
def delete_item(request: HttpRequest, org_slug: str, item_id: int) -> None:
    who = principal(request)
    with transaction.atomic():
        item = queries.item_for_update(who.org, item_id)
        check_if_match(request, item)
        services.delete_item(item=item, by=who.member)


@router.post(
    "/orgs/{org_slug}/backlog-items/{item_id}/move",
    response=ItemOut,
    operation_id="okrum_scrum_api_move_item",
)
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


@router.get(
    "/orgs/{org_slug}/backlog-items/{item_id}/events",
    response=ItemEventPage,
    operation_id="okrum_scrum_api_list_item_events",
)
def list_item_events(
    request: HttpRequest,
    org_slug: str,
    item_id: int,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[ItemEvent]:
    item = queries.item(principal(request).org, item_id)
    return queries.history_page(item, limit=limit, cursor=cursor)
