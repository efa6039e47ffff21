"""Reads of Scrum work: the backlog in rank order, sprints, product goals, the Definition of Done.

Every list costs a fixed number of queries whatever the number of rows: related rows come
with `select_related`, key-result chips with one prefetch per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from okrum.core.errors import Invalid
from okrum.core.pagination import Page, paginate
from okrum.okrs.models import CycleState, KeyResult
from okrum.scrum.models import (
    OPEN_STATUSES,
    Backlog,
    BacklogItem,
    BacklogItemKeyResult,
    DefinitionOfDone,
    ItemEvent,
    ItemField,
    ItemStatus,
    ProductGoal,
    ProductGoalStatus,
    Sprint,
    SprintCommitment,
    SprintState,
)
from okrum.teams.models import Team
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import get_for_org

BACKLOG_PAGE = 100
OPEN = "open"
NONE = "none"
KEY = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{1,9})-(\d+)\s*$")


# What a chip shows: the key result, where it stands, and its objective's title as a tooltip.
CHIP_FIELDS = (
    "id",
    "title",
    "status",
    "progress",
    "check_in_count",
    "objective_id",
    "position",
    "objective__id",
    "objective__title",
)


def _chips() -> Prefetch[Any]:
    """The key results an item serves: title and where they stand, for its chips."""
    rows = KeyResult.objects.select_related("objective").only(*CHIP_FIELDS)
    return Prefetch("key_results", queryset=rows.order_by("objective_id", "position", "id"))


def _cards(rows: QuerySet[BacklogItem]) -> QuerySet[BacklogItem]:
    """Items with what a row or card shows: team (for the key), assignee, sprint, chips."""
    return rows.select_related("team", "assignee__user", "sprint").prefetch_related(_chips())


def _items() -> QuerySet[BacklogItem]:
    return _cards(BacklogItem.objects.all())


@dataclass(frozen=True)
class ItemFilter:
    """What the backlog page and the items API narrow by; None means "any"."""

    team: Team | None = None
    statuses: tuple[str, ...] | None = None
    kind: str | None = None
    sprint: Sprint | str | None = None  # a sprint, "none" (in no sprint) or None (any)
    key_result: KeyResult | str | None = None  # a key result, "none" (linked to none) or None
    assignee_id: int | None = None
    text: str = ""


def statuses_of(value: str | None) -> tuple[str, ...] | None:
    """ "open", one status, or a comma-separated list of them; None or "" for any."""
    if not value:
        return None
    if value == OPEN:
        return tuple(OPEN_STATUSES)
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [s for s in chosen if s not in ItemStatus.values]
    if unknown:
        allowed = ", ".join([OPEN, *ItemStatus.values])
        raise Invalid({"status": f"Unknown status {unknown[0]!r}; choose from {allowed}."})
    return chosen


def _filtered(org: Organization, f: ItemFilter) -> QuerySet[BacklogItem]:
    """The organization's items that pass `f`, unordered."""
    rows: QuerySet[BacklogItem] = BacklogItem.objects.for_org(org)
    if f.team is not None:
        rows = rows.filter(team=f.team)
    if f.statuses is not None:
        rows = rows.filter(status__in=f.statuses)
    if f.kind:
        rows = rows.filter(kind=f.kind)
    if f.sprint == NONE:
        rows = rows.filter(sprint__isnull=True)
    elif isinstance(f.sprint, Sprint):
        rows = rows.filter(sprint=f.sprint)
    if f.key_result == NONE:
        rows = rows.exclude(Q(key_results__isnull=False))
    elif isinstance(f.key_result, KeyResult):
        rows = rows.filter(key_results=f.key_result)
    if f.assignee_id is not None:
        rows = rows.filter(assignee_id=f.assignee_id)
    if f.text:
        key = KEY.match(f.text)
        if key:
            rows = rows.filter(team__key=key.group(1).upper(), number=int(key.group(2)))
        else:
            rows = rows.filter(title__icontains=f.text.strip())
    return rows


def _order(f: ItemFilter) -> list[str]:
    """Backlog order: one team's items by rank; across teams by team, then rank."""
    return ["rank", "id"] if f.team is not None else ["team_id", "rank", "id"]


def items_page(
    org: Organization, f: ItemFilter, *, limit: int | None, cursor: str | None
) -> Page[BacklogItem]:
    """Items in backlog order, with what their rows and cards show."""
    return paginate(_cards(_filtered(org, f)), order=_order(f), limit=limit, cursor=cursor)


# What the items API shows of an item, read as plain rows: a page of 100 builds no objects.
ROW_FIELDS = (
    "id",
    "team_id",
    "team__key",
    "number",
    "title",
    "description",
    "acceptance_criteria",
    "kind",
    "status",
    "estimate",
    "rank",
    "sprint_id",
    "assignee_id",
    "assignee__user__name",
    "assignee__user__email",
    "done_at",
    "created_at",
    "updated_at",
    "version",
)


def item_rows_page(
    org: Organization, f: ItemFilter, *, limit: int | None, cursor: str | None
) -> Page[dict[str, Any]]:
    """The items of `items_page` as dicts of ROW_FIELDS, each with its `key_results` chips
    ({"id", "title"} in the order of items_page). Two queries whatever the page holds."""
    rows = _filtered(org, f).values(*ROW_FIELDS)
    page = paginate(rows, order=_order(f), limit=limit, cursor=cursor)
    chips: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in page.items}
    links = BacklogItemKeyResult.objects.filter(item_id__in=list(chips)).order_by(
        "key_result__objective_id", "key_result__position", "key_result_id"
    )
    for item_id, kr_id, title in links.values_list("item_id", "key_result_id", "key_result__title"):
        chips[item_id].append({"id": kr_id, "title": title})
    for row in page.items:
        row["key_results"] = chips[row["id"]]
    return page


def item(org: Organization, item_id: int) -> BacklogItem:
    return get_for_org(_items(), org, item_id)


def item_for_update(org: Organization, item_id: int) -> BacklogItem:
    """The item, its row locked until the transaction ends (concurrent edits go in turn)."""
    rows = BacklogItem.objects.select_related("team", "sprint", "organization")
    return get_for_org(rows.select_for_update(of=("self",)), org, item_id)


def items_by_ids(org: Organization, ids: list[int]) -> dict[int, BacklogItem]:
    rows = BacklogItem.objects.for_org(org).select_related("team", "sprint")
    return {row.pk: row for row in rows.filter(pk__in=ids)}


def history(item: BacklogItem) -> list[ItemEvent]:
    """The item's changes, newest first."""
    rows = ItemEvent.objects.filter(item=item).select_related("actor", "sprint")
    return list(rows.order_by("-at", "-id"))


def backlog(team: Team) -> Backlog:
    """The team's estimate settings (a team that never changed them has the defaults)."""
    found = Backlog.objects.filter(team=team).first()
    return found or Backlog(organization_id=team.organization_id, team=team)


def scale_points(team: Team) -> tuple[Decimal, ...]:
    return backlog(team).scale_points()


# --- Key results an item or a sprint may serve -------------------------------------------------


def linkable_key_results(org: Organization) -> list[KeyResult]:
    """Key results of cycles that are not closed, by cycle, objective and position."""
    rows = KeyResult.objects.for_org(org).exclude(objective__cycle__state=CycleState.CLOSED)
    rows = rows.select_related("objective__cycle", "objective__team")
    return list(rows.order_by("objective__cycle__starts_on", "objective_id", "position", "id"))


def key_results_by_ids(org: Organization, ids: list[int]) -> dict[int, KeyResult]:
    rows = KeyResult.objects.for_org(org).select_related("objective__cycle")
    return {row.pk: row for row in rows.filter(pk__in=ids)}


def key_result(org: Organization, key_result_id: int) -> KeyResult:
    return get_for_org(KeyResult.objects.select_related("objective__cycle"), org, key_result_id)


# --- Product goals, Definition of Done ----------------------------------------------------------


def product_goals(team: Team) -> list[ProductGoal]:
    rows = ProductGoal.objects.filter(team=team).select_related("objective")
    return list(rows.order_by("-created_at", "-id"))


def product_goals_page(
    org: Organization, team: Team | None, *, limit: int | None, cursor: str | None
) -> Page[ProductGoal]:
    rows = ProductGoal.objects.for_org(org).select_related("objective")
    if team is not None:
        rows = rows.filter(team=team)
    return paginate(rows, order=["id"], limit=limit, cursor=cursor)


def active_product_goal(team: Team) -> ProductGoal | None:
    rows = ProductGoal.objects.filter(team=team, status=ProductGoalStatus.ACTIVE)
    return rows.select_related("objective").first()


def product_goal(org: Organization, goal_id: int) -> ProductGoal:
    return get_for_org(ProductGoal.objects.select_related("team", "objective"), org, goal_id)


def definition_of_done(team: Team) -> DefinitionOfDone | None:
    return DefinitionOfDone.objects.filter(team=team).order_by("-number").first()


def definitions_of_done(team: Team) -> list[DefinitionOfDone]:
    rows = DefinitionOfDone.objects.filter(team=team).select_related("author")
    return list(rows.order_by("-number"))


# --- Sprints ----------------------------------------------------------------------------------


def _with_goal(rows: QuerySet[Sprint]) -> QuerySet[Sprint]:
    krs = KeyResult.objects.select_related("objective").order_by("objective_id", "position", "id")
    return rows.select_related("team").prefetch_related(Prefetch("goal_key_results", queryset=krs))


def _sprints() -> QuerySet[Sprint]:
    return _with_goal(Sprint.objects.all())


def sprint(org: Organization, sprint_id: int) -> Sprint:
    return get_for_org(_sprints(), org, sprint_id)


def sprint_for_update(org: Organization, sprint_id: int) -> Sprint:
    rows = Sprint.objects.select_related("team", "organization")
    return get_for_org(rows.select_for_update(of=("self",)), org, sprint_id)


def sprints(team: Team) -> list[Sprint]:
    """The team's sprints, the latest first."""
    return list(_sprints().filter(team=team).order_by("-number"))


def sprints_page(
    org: Organization,
    *,
    team: Team | None,
    state: str | None,
    limit: int | None,
    cursor: str | None,
) -> Page[Sprint]:
    rows = _with_goal(Sprint.objects.for_org(org))
    if team is not None:
        rows = rows.filter(team=team)
    if state:
        if state not in SprintState.values:
            raise Invalid({"state": f"Choose one of: {', '.join(SprintState.values)}."})
        rows = rows.filter(state=state)
    return paginate(rows, order=["-id"], limit=limit, cursor=cursor)


def active_sprint(team: Team) -> Sprint | None:
    return _sprints().filter(team=team, state=SprintState.ACTIVE).first()


def planned_sprints(team: Team) -> list[Sprint]:
    return list(_sprints().filter(team=team, state=SprintState.PLANNED).order_by("number"))


def sprint_items(sprint: Sprint) -> list[BacklogItem]:
    """The sprint's items in backlog order, with what their cards show."""
    return list(_items().filter(sprint=sprint).order_by("rank", "id"))


def done_points(team: Team) -> list[Decimal]:
    """Done points of the team's closed sprints, oldest first: what velocity is made of."""
    rows = Sprint.objects.filter(team=team, state=SprintState.CLOSED).order_by("number")
    return [p or Decimal(0) for p in rows.values_list("done_points", flat=True)]


@dataclass(frozen=True)
class ScopeChange:
    event: ItemEvent
    added: bool


def committed_item_ids(sprint: Sprint) -> set[int]:
    return set(SprintCommitment.objects.filter(sprint=sprint).values_list("item_id", flat=True))


def _scope_change_events(sprint: Sprint) -> QuerySet[ItemEvent]:
    """Sprint changes recorded against `sprint` between its start and its close."""
    rows = ItemEvent.objects.filter(sprint=sprint, field=ItemField.SPRINT)
    # A sprint that never started has no scope changes; planning it is no change.
    rows = rows.none() if sprint.started_at is None else rows.filter(at__gt=sprint.started_at)
    if sprint.closed_at is not None:
        rows = rows.filter(at__lt=sprint.closed_at)  # what closing sent onwards is no change
    return rows.select_related("item__team", "actor")


def scope_changes(sprint: Sprint) -> list[ScopeChange]:
    """Items that entered or left the sprint after it started, in order."""
    rows = _scope_change_events(sprint).order_by("at", "id")
    return [ScopeChange(e, e.to_value == str(sprint.pk)) for e in rows]


# --- Reads the API adds -----------------------------------------------------------------------


def history_page(item: BacklogItem, *, limit: int | None, cursor: str | None) -> Page[ItemEvent]:
    """The item's changes, newest first, a page at a time."""
    rows = ItemEvent.objects.filter(item=item).select_related("actor")
    return paginate(rows, order=["-at", "-id"], limit=limit, cursor=cursor)


def items_with_cards(org: Organization, ids: list[int]) -> list[BacklogItem]:
    """The items with `ids`, in backlog order, with what their JSON shows (a bulk's answer)."""
    rows = _cards(BacklogItem.objects.for_org(org)).filter(pk__in=ids)
    return list(rows.order_by("team_id", "rank", "id"))


def sprints_by_ids(org: Organization, ids: list[int]) -> dict[int, Sprint]:
    rows = Sprint.objects.for_org(org).select_related("team")
    return {row.pk: row for row in rows.filter(pk__in=ids)}


def members_by_ids(org: Organization, ids: list[int]) -> dict[int, Membership]:
    """Memberships of the organization (items' assignees), one query for a whole batch."""
    rows = Membership.objects.for_org(org).select_related("user")
    return {row.pk: row for row in rows.filter(pk__in=ids)}


def scope_changes_page(sprint: Sprint, *, limit: int | None, cursor: str | None) -> Page[ItemEvent]:
    """Like scope_changes, a page at a time: an event added the item when it names the sprint."""
    return paginate(_scope_change_events(sprint), order=["at", "id"], limit=limit, cursor=cursor)


def product_goal_for_update(org: Organization, goal_id: int) -> ProductGoal:
    rows = ProductGoal.objects.select_related("team", "objective", "organization")
    return get_for_org(rows.select_for_update(of=("self",)), org, goal_id)


# --- What the Scrum pages add ------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """How many items, and how many points, a sprint holds now."""

    items: int
    points: Decimal


def sprint_loads(team: Team) -> dict[int, Load]:
    """Items and points now in each of the team's sprints, in one query."""
    rows = (
        BacklogItem.objects.filter(team=team, sprint__isnull=False)
        .values("sprint_id")
        .annotate(items=Count("id"), points=Sum("estimate"))
        .order_by("sprint_id")
    )
    return {row["sprint_id"]: Load(row["items"], row["points"] or Decimal(0)) for row in rows}


def active_sprints(org: Organization) -> dict[int, Sprint]:
    """The running sprint of every team that has one, by team id."""
    rows = Sprint.objects.for_org(org).filter(state=SprintState.ACTIVE)
    return {row.team_id: row for row in rows}


def team_sprint_names(team: Team) -> dict[str, str]:
    """Every sprint of the team by id (as history stores it) → its name."""
    rows = Sprint.objects.filter(team=team).values_list("pk", "name")
    return {str(pk): name for pk, name in rows}
