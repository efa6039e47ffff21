"""HTML handlers of Scrum: the backlog, items, sprints, the sprint board and backlog settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.core.time import today
from okrum.okrs import queries as okrs
from okrum.okrs.models import KeyResult, Objective
from okrum.scrum import estimates, forms, queries, services, velocity
from okrum.scrum.models import (
    BacklogItem,
    ItemEvent,
    ItemField,
    ItemStatus,
    ProductGoal,
    ProductGoalStatus,
    Sprint,
    SprintState,
)
from okrum.scrum.permissions import may_work_on
from okrum.teams import queries as teams
from okrum.teams.models import Team
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import org_of

BOARD_COLUMNS = (ItemStatus.NEW, ItemStatus.READY, ItemStatus.IN_PROGRESS, ItemStatus.DONE)


def _writable(request: HttpRequest, team: Team) -> bool:
    """Whether the member may change this team's backlog and sprints right now."""
    org, membership = org_of(request)
    return not org.is_read_only and may_work_on(membership, team)


def _status(form: Any, refused: DomainError | None = None) -> int:
    if refused is not None:
        return refused.status
    return 422 if form is not None and form.errors else 200


def _refusal(exc: DomainError) -> HttpResponse:
    """A refused htmx write: the reason as text, with the status the domain gave."""
    return HttpResponse(exc.detail, status=exc.status, content_type="text/plain; charset=utf-8")


# --- Scrum home: every team with its backlog, board and sprints --------------------------------


@require_GET
def scrum_home(request: HttpRequest, org_slug: str) -> HttpResponse:
    org, membership = org_of(request)
    mine = teams.team_ids_of(membership)
    all_teams = sorted(teams.teams(org), key=lambda t: (t.pk not in mine, t.name))
    active = queries.active_sprints(org)
    context = {"rows": [(t, active.get(t.pk)) for t in all_teams], "my_team_ids": mine}
    return render(request, "scrum/home.html", context)


# --- The backlog --------------------------------------------------------------------------------


def _new_item_form(team: Team, data: Any = None) -> forms.NewItemForm:
    backlog = queries.backlog(team)
    return forms.NewItemForm(
        data, scale=backlog.estimate_scale, points=queries.scale_points(team), auto_id="new-%s"
    )


def _filters(request: HttpRequest, team: Team) -> tuple[forms.FilterForm, queries.ItemFilter]:
    org, _ = org_of(request)
    form = forms.FilterForm(
        request.GET or None,
        members=tenancy.members(org),
        key_results=queries.linkable_key_results(org),
    )
    if not form.is_bound or not form.is_valid():
        return form, queries.ItemFilter(team=team, statuses=queries.statuses_of(queries.OPEN))
    data = form.cleaned_data
    assignee = data["assignee"]
    return form, queries.ItemFilter(
        team=team,
        statuses=queries.statuses_of(form.statuses()),
        kind=data["kind"] or None,
        key_result=form.chosen_key_result(),
        assignee_id=assignee.pk if assignee else None,
        text=data["text"].strip(),
    )


@require_GET
def backlog(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    """The team's items in rank order, 100 at a time; htmx asks for the next page by cursor."""
    org, _ = org_of(request)
    team = teams.team(org, team_id)
    return _backlog_page(request, team)


def _backlog_page(
    request: HttpRequest,
    team: Team,
    *,
    new_form: forms.NewItemForm | None = None,
    goal_form: forms.ProductGoalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    org, _ = org_of(request)
    filters, item_filter = _filters(request, team)
    cursor = request.GET.get("cursor") or None
    try:
        page = queries.items_page(org, item_filter, limit=queries.BACKLOG_PAGE, cursor=cursor)
    except Invalid:
        cursor = None  # an edited or stale cursor: start from the top again
        page = queries.items_page(org, item_filter, limit=queries.BACKLOG_PAGE, cursor=None)
    more = request.GET.copy()
    more["cursor"] = page.next_cursor or ""
    context: dict[str, Any] = {
        "team": team,
        "items": page.items,
        "more_url": f"{request.path}?{more.urlencode()}" if page.next_cursor else "",
        "scale": queries.backlog(team).estimate_scale,
        "writable": _writable(request, team),
    }
    if is_htmx(request) and cursor:
        return render(request, "scrum/_backlog_rows.html", context)
    goal = queries.active_product_goal(team)
    context |= {
        "goal": goal,
        "goal_form": goal_form or _goal_form(request, team, None),
        "new_form": new_form or _new_item_form(team),
        "filters": filters,
        "filtered": any(k != "cursor" and v for k, v in request.GET.items()),
        "later_page": cursor is not None,
    }
    return render(request, "scrum/backlog.html", context, status=status)


@require_POST
def new_item(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    """An item from the inline form, at the top of the backlog."""
    org, membership = org_of(request)
    team = teams.team(org, team_id)
    form = _new_item_form(team, request.POST)
    created: BacklogItem | None = None
    refused: DomainError | None = None
    if form.is_valid():
        spec = services.ItemSpec(
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
            estimate=form.cleaned_data["estimate"] or None,
        )
        try:
            with transaction.atomic():
                created = services.create_item(
                    team=team, by=membership, spec=spec, position=services.TOP
                )
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc if not isinstance(exc, Invalid) else None
    if not is_htmx(request):
        if created is None:
            return _backlog_page(request, team, new_form=form, status=_status(form, refused))
        messages.success(request, f"{created.key} added to the top of the backlog.")
        return redirect("scrum:backlog", org_slug=org.slug, team_id=team.pk)
    context = {
        "team": team,
        "new_form": form if created is None else _new_item_form(team),
        "created": created,
        "scale": queries.backlog(team).estimate_scale,
        "writable": True,
    }
    return render(request, "scrum/_new_item.html", context, status=_status(form, refused))


@require_POST
def move_item(request: HttpRequest, org_slug: str, item_id: int) -> HttpResponse:
    """Drag-and-drop or a move button: between two neighbours, or to the top or bottom."""
    org, membership = org_of(request)
    form = forms.MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise Invalid({"before": "Say where the item goes."})
        data = form.cleaned_data
        with transaction.atomic():
            item = queries.item_for_update(org, item_id)
            ids = [i for i in (data["before"], data["after"]) if i]
            neighbours = queries.items_by_ids(org, ids)
            if any(i not in neighbours for i in ids):
                raise Invalid({"before": "That neighbour is not in the backlog any more."})
            services.move_item(
                item=item,
                by=membership,
                before=neighbours.get(data["before"]) if data["before"] else None,
                after=neighbours.get(data["after"]) if data["after"] else None,
                to=data["to"] or None,
            )
    except DomainError as exc:
        if is_htmx(request):
            return _refusal(exc)
        messages.error(request, exc.detail)
        item = queries.item(org, item_id)
        return redirect("scrum:backlog", org_slug=org.slug, team_id=item.team_id)
    if is_htmx(request):
        return HttpResponse(status=204)
    return redirect("scrum:backlog", org_slug=org.slug, team_id=item.team_id)


# --- Product goal ------------------------------------------------------------------------------


def _objectives(request: HttpRequest, goal: ProductGoal | None) -> list[Objective]:
    """Objectives of the current cycle a product goal may serve (and the one it serves)."""
    org, _ = org_of(request)
    cycle = okrs.current_cycle(org)
    found = okrs.cycle_objectives(org, cycle) if cycle else []
    if goal is not None and goal.objective is not None and goal.objective not in found:
        found.append(goal.objective)
    return found


def _goal_form(
    request: HttpRequest, team: Team, goal: ProductGoal | None, data: Any = None
) -> forms.ProductGoalForm:
    initial = {}
    if goal is not None:
        initial = {name: getattr(goal, name) for name in ("title", "description", "status")}
        initial["objective"] = goal.objective_id
    return forms.ProductGoalForm(
        data,
        objectives=_objectives(request, goal),
        editing=goal is not None,
        initial=initial,
        prefix="goal",
    )


@require_POST
def new_product_goal(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, membership = org_of(request)
    team = teams.team(org, team_id)
    form = _goal_form(request, team, None, request.POST)
    refused = None
    if form.is_valid():
        try:
            with transaction.atomic():
                services.create_product_goal(team=team, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, "Product goal set.")
            return redirect("scrum:backlog", org_slug=org.slug, team_id=team.pk)
    return _backlog_page(request, team, goal_form=form, status=_status(form, refused))


@require_http_methods(["GET", "POST"])
def product_goal(request: HttpRequest, org_slug: str, product_goal_id: int) -> HttpResponse:
    org, membership = org_of(request)
    goal = queries.product_goal(org, product_goal_id)
    form = _goal_form(request, goal.team, goal, request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                locked = queries.product_goal_for_update(org, goal.pk)
                services.update_product_goal(goal=locked, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, "Product goal saved.")
            return redirect("scrum:backlog", org_slug=org.slug, team_id=goal.team_id)
    context = {
        "goal": goal,
        "team": goal.team,
        "form": form,
        "writable": _writable(request, goal.team),
        "history": queries.product_goals(goal.team),
    }
    return render(request, "scrum/product_goal.html", context, status=_status(form, refused))


@require_POST
def product_goal_status(request: HttpRequest, org_slug: str, product_goal_id: int) -> HttpResponse:
    """Mark the product goal achieved (or abandoned) in one click from the backlog."""
    org, membership = org_of(request)
    goal = queries.product_goal(org, product_goal_id)
    status = request.POST.get("status", "")
    try:
        with transaction.atomic():
            locked = queries.product_goal_for_update(org, goal.pk)
            services.update_product_goal(goal=locked, by=membership, status=status)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        label = ProductGoalStatus(status).label.lower()
        messages.success(request, f"“{goal.title}” is {label}. Set the next product goal.")
    return redirect("scrum:backlog", org_slug=org.slug, team_id=goal.team_id)


# --- An item ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One line of an item's history as people read it."""

    event: ItemEvent
    what: str
    before: str
    after: str


def _history(item: BacklogItem, scale: str) -> list[Change]:
    names = queries.team_sprint_names(item.team)
    statuses = dict(ItemStatus.choices)

    def say(field: str, value: str) -> str:
        if field in (ItemField.STATUS, ItemField.CREATED):
            return statuses.get(value, value)
        if field == ItemField.SPRINT:
            return names.get(value, "Product backlog") if value else "Product backlog"
        if field == ItemField.ESTIMATE:
            return estimates.label(scale, Decimal(value)) if value else "not estimated"
        return ""

    rows = []
    for e in queries.history(item):
        what = {
            ItemField.CREATED: "Created as",
            ItemField.STATUS: "Status",
            ItemField.ESTIMATE: "Estimate",
            ItemField.SPRINT: "Sprint",
            ItemField.RANK: "Moved in the backlog order",
        }.get(ItemField(e.field), e.field)
        before = "" if e.field == ItemField.CREATED else say(e.field, e.from_value)
        rows.append(Change(e, what, before, say(e.field, e.to_value)))
    return rows


def _item_form(
    request: HttpRequest, item: BacklogItem, linkable: list[KeyResult], data: Any = None
) -> forms.ItemForm:
    org, _ = org_of(request)
    team = item.team
    points = list(queries.scale_points(team))
    if item.estimate is not None and item.estimate not in points:
        points = sorted([*points, item.estimate])  # kept from an earlier scale
    sprints = [s for s in queries.sprints(team) if s.state != SprintState.CLOSED]
    if item.sprint is not None and item.sprint not in sprints:
        sprints.append(item.sprint)
    linked = {kr.pk for kr in item.key_results.all()}
    initial = {
        "title": item.title,
        "description": item.description,
        "acceptance_criteria": item.acceptance_criteria,
        "kind": item.kind,
        "status": item.status,
        "estimate": _points_text(item.estimate),
        "assignee": item.assignee_id,
        "sprint": item.sprint_id,
        "key_results": [kr for kr in linkable if kr.pk in linked],
    }
    return forms.ItemForm(
        data,
        initial=initial,
        scale=queries.backlog(team).estimate_scale,
        points=points,
        members=tenancy.members(org),
        sprints=sprints,
        key_results=linkable,
    )


def _points_text(value: Decimal | None) -> str:
    return "" if value is None else forms.points_text(value)


def _changes(item: BacklogItem, data: dict[str, Any], linkable: list[KeyResult]) -> dict[str, Any]:
    """Only what the form changed: an untouched field is not checked again (nor audited)."""
    changes: dict[str, Any] = {}
    for name in ("title", "description", "acceptance_criteria", "kind", "status"):
        if data[name] != getattr(item, name):
            changes[name] = data[name]
    if data["estimate"] != _points_text(item.estimate):
        changes["estimate"] = data["estimate"] or None
    for name in ("assignee", "sprint"):
        chosen = data[name]
        if (chosen.pk if chosen else None) != getattr(item, f"{name}_id"):
            changes[name] = chosen
    offered = {kr.pk for kr in linkable}
    kept = [kr for kr in item.key_results.all() if kr.pk not in offered]  # closed cycles stay
    now_linked = {kr.pk for kr in item.key_results.all()}
    chosen_krs = [*data["key_results"], *kept]
    if {kr.pk for kr in chosen_krs} != now_linked:
        changes["key_results"] = chosen_krs
    return changes


@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, org_slug: str, item_id: int) -> HttpResponse:
    org, membership = org_of(request)
    found = queries.item(org, item_id)
    linkable = queries.linkable_key_results(org)
    form = _item_form(request, found, linkable, request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        changes = _changes(found, form.cleaned_data, linkable)
        try:
            with transaction.atomic():
                locked = queries.item_for_update(org, found.pk)
                services.update_item(item=locked, by=membership, **changes)
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, f"{found.key} saved.")
            return redirect("scrum:item", org_slug=org.slug, item_id=found.pk)
    scale = queries.backlog(found.team).estimate_scale
    context = {
        "item": found,
        "team": found.team,
        "form": form,
        "scale": scale,
        "dod": queries.definition_of_done(found.team),
        "history": _history(found, scale),
        "writable": _writable(request, found.team),
    }
    return render(request, "scrum/item.html", context, status=_status(form, refused))


@require_POST
def item_status(request: HttpRequest, org_slug: str, item_id: int) -> HttpResponse:
    """A card moved to another column of the board (drag-and-drop or its arrow buttons)."""
    org, membership = org_of(request)
    form = forms.StatusForm(request.POST)
    refused = None
    try:
        if not form.is_valid():
            raise Invalid({"status": "Choose one of the board's columns."})
        with transaction.atomic():
            locked = queries.item_for_update(org, item_id)
            services.update_item(item=locked, by=membership, status=form.cleaned_data["status"])
    except DomainError as exc:
        refused = exc
    found = queries.item(org, item_id)
    if not is_htmx(request):
        if refused is not None:
            messages.error(request, refused.detail)
        return redirect("scrum:board", org_slug=org.slug, team_id=found.team_id)
    if refused is not None and not isinstance(refused, Invalid):
        return _refusal(refused)
    context = _board_context(request, found.team)
    context["refused"] = refused.detail if refused else ""
    return render(request, "scrum/_board.html", context, status=_status(None, refused))


# --- Sprints ----------------------------------------------------------------------------------


def _goal_key_results(request: HttpRequest, team: Team) -> list[KeyResult]:
    """Open key results a sprint of `team` may serve: the team's own, then the company's."""
    org, _ = org_of(request)
    rows = [
        kr for kr in queries.linkable_key_results(org) if kr.objective.team_id in (team.pk, None)
    ]
    return sorted(rows, key=lambda kr: kr.objective.team_id is None)


def _next_dates(sprints: list[Sprint]) -> dict[str, date]:
    """A new sprint starts the day after the latest one ends (or today), for two weeks."""
    start = today()
    if sprints:
        start = max(start, max(s.ends_on for s in sprints) + timedelta(days=1))
    return {"starts_on": start, "ends_on": start + timedelta(days=14)}


@require_http_methods(["GET", "POST"])
def sprints(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, membership = org_of(request)
    team = teams.team(org, team_id)
    all_sprints = queries.sprints(team)
    form = forms.SprintForm(
        request.POST or None,
        key_results=_goal_key_results(request, team),
        initial=_next_dates(all_sprints),
    )
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                sprint = services.create_sprint(team=team, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, f"{sprint.name} planned. Now add items from the backlog.")
            return redirect("scrum:sprint", org_slug=org.slug, sprint_id=sprint.pk)
    forecast = velocity.forecast(queries.done_points(team))
    loads = queries.sprint_loads(team)
    context = {
        "team": team,
        "rows": [(s, loads.get(s.pk, queries.Load(0, Decimal(0)))) for s in all_sprints],
        "forecast": forecast,
        "form": form,
        "writable": _writable(request, team),
    }
    return render(request, "scrum/sprints.html", context, status=_status(form, refused))


def _sprint_form(request: HttpRequest, sprint: Sprint, data: Any = None) -> forms.SprintForm:
    initial = {name: getattr(sprint, name) for name in services.SPRINT_FIELDS}
    initial["goal_key_results"] = list(sprint.goal_key_results.all())
    return forms.SprintForm(
        data, key_results=_goal_key_results(request, sprint.team), initial=initial
    )


def _sprint_changes(sprint: Sprint, data: dict[str, Any]) -> dict[str, Any]:
    changes = {n: data[n] for n in services.SPRINT_FIELDS if data[n] != getattr(sprint, n)}
    if not data["name"]:
        changes.pop("name", None)  # an emptied name keeps the one it has
    chosen = data["goal_key_results"]
    if {kr.pk for kr in chosen} != {kr.pk for kr in sprint.goal_key_results.all()}:
        changes["goal_key_results"] = chosen
    return changes


@require_http_methods(["GET", "POST"])
def sprint(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """A sprint: its goal, its items, planning against capacity; start and close it."""
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    form = _sprint_form(request, found, request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                locked = queries.sprint_for_update(org, found.pk)
                services.update_sprint(
                    sprint=locked, by=membership, **_sprint_changes(found, form.cleaned_data)
                )
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, f"{found.name} saved.")
            return redirect("scrum:sprint", org_slug=org.slug, sprint_id=found.pk)
    return _sprint_page(request, found, form=form, status=_status(form, refused))


def _sprint_page(
    request: HttpRequest,
    sprint: Sprint,
    *,
    form: forms.SprintForm | None = None,
    close_form: forms.CloseSprintForm | None = None,
    status: int = 200,
) -> HttpResponse:
    org, _ = org_of(request)
    team = sprint.team
    items = queries.sprint_items(sprint)
    writable = _writable(request, team) and sprint.state != SprintState.CLOSED
    committed = queries.committed_item_ids(sprint) if sprint.started_at else set()
    planned_points = sum((i.estimate or Decimal(0) for i in items), Decimal(0))
    forecast = velocity.forecast(queries.done_points(team))
    candidates: list[BacklogItem] = []
    if writable:
        open_backlog = queries.ItemFilter(
            team=team, statuses=queries.statuses_of(queries.OPEN), sprint=queries.NONE
        )
        page = queries.items_page(org, open_backlog, limit=queries.BACKLOG_PAGE, cursor=None)
        candidates = page.items
    if close_form is None and sprint.state == SprintState.ACTIVE:
        close_form = _close_form(sprint, items)
    context = {
        "sprint": sprint,
        "team": team,
        "items": items,
        "scale": queries.backlog(team).estimate_scale,
        "committed": committed,
        "planned_points": planned_points,
        "forecast": forecast,
        "load": velocity.load(planned_points, forecast, sprint.capacity),
        "scope_changes": queries.scope_changes(sprint),
        "candidates": candidates,
        "form": form or _sprint_form(request, sprint),
        "close_form": close_form,
        "writable": writable,
        "done_count": sum(1 for i in items if i.status == ItemStatus.DONE),
    }
    return render(request, "scrum/sprint.html", context, status=status)


def _close_form(
    sprint: Sprint, items: list[BacklogItem], data: Any = None
) -> forms.CloseSprintForm:
    planned = [s for s in queries.planned_sprints(sprint.team) if s.pk != sprint.pk]
    unfinished = [i for i in items if i.is_open]
    return forms.CloseSprintForm(data, planned=planned, unfinished=unfinished)


@require_POST
def add_to_sprint(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    open_backlog = queries.ItemFilter(
        team=found.team, statuses=queries.statuses_of(queries.OPEN), sprint=queries.NONE
    )
    page = queries.items_page(org, open_backlog, limit=queries.BACKLOG_PAGE, cursor=None)
    form = forms.ItemsForm(request.POST, items=page.items)
    if not form.is_valid() or not form.cleaned_data["items"]:
        messages.error(request, "Tick the items to add to the sprint.")
        return redirect("scrum:sprint", org_slug=org.slug, sprint_id=found.pk)
    chosen = form.cleaned_data["items"]
    try:
        with transaction.atomic():
            locked = queries.sprint_for_update(org, found.pk)
            services.assign_items(sprint=locked, items=chosen, by=membership, team=found.team)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        keys = ", ".join(i.key for i in chosen)
        messages.success(request, f"Added to {found.name}: {keys}.")
    return redirect("scrum:sprint", org_slug=org.slug, sprint_id=found.pk)


@require_POST
def remove_from_sprint(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    form = forms.ItemChoiceForm(request.POST, items=queries.sprint_items(found))
    if not form.is_valid():
        messages.error(request, "That item is not in the sprint.")
        return redirect("scrum:sprint", org_slug=org.slug, sprint_id=found.pk)
    chosen = form.cleaned_data["item"]
    try:
        with transaction.atomic():
            services.assign_items(sprint=None, items=[chosen], by=membership, team=found.team)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"{chosen.key} went back to the product backlog.")
    return redirect("scrum:sprint", org_slug=org.slug, sprint_id=found.pk)


@require_POST
def start_sprint(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    try:
        with transaction.atomic():
            locked = queries.sprint_for_update(org, found.pk)
            services.start_sprint(sprint=locked, by=membership)
    except DomainError as exc:
        messages.error(request, f"{found.name} did not start: {exc.detail}")
        return redirect("scrum:sprint", org_slug=org.slug, sprint_id=found.pk)
    messages.success(request, f"{found.name} started: its scope is committed. Good sprint!")
    return redirect("scrum:board", org_slug=org.slug, team_id=found.team_id)


@require_POST
def close_sprint(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    items = queries.sprint_items(found)
    form = _close_form(found, items, request.POST)
    refused = None
    if form.is_valid():
        try:
            with transaction.atomic():
                locked = queries.sprint_for_update(org, found.pk)
                services.close_sprint(
                    sprint=locked,
                    by=membership,
                    unfinished_to=form.destination(),
                    moves=form.moves(),
                )
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, f"{found.name} closed.")
            return redirect("scrum:sprint", org_slug=org.slug, sprint_id=found.pk)
    return _sprint_page(request, found, close_form=form, status=_status(form, refused))


# --- The sprint board -------------------------------------------------------------------------


def _board_context(request: HttpRequest, team: Team) -> dict[str, Any]:
    running = queries.active_sprint(team)
    items = queries.sprint_items(running) if running else []
    labels = dict(ItemStatus.choices)
    columns = []
    for index, status in enumerate(BOARD_COLUMNS):
        cards = [i for i in items if i.status == status]
        columns.append(
            {
                "status": status,
                "label": labels[status],
                "cards": cards,
                "points": sum((i.estimate or Decimal(0) for i in cards), Decimal(0)),
                "left": BOARD_COLUMNS[index - 1] if index > 0 else "",
                "right": BOARD_COLUMNS[index + 1] if index + 1 < len(BOARD_COLUMNS) else "",
                "left_label": labels[BOARD_COLUMNS[index - 1]] if index > 0 else "",
                "right_label": (
                    labels[BOARD_COLUMNS[index + 1]] if index + 1 < len(BOARD_COLUMNS) else ""
                ),
            }
        )
    return {
        "team": team,
        "sprint": running,
        "columns": columns,
        "wont_do": [i for i in items if i.status == ItemStatus.WONT_DO],
        "scale": queries.backlog(team).estimate_scale,
        "writable": _writable(request, team),
    }


@require_GET
def board(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, _ = org_of(request)
    team = teams.team(org, team_id)
    context = _board_context(request, team)
    context["dod"] = queries.definition_of_done(team)
    return render(request, "scrum/board.html", context)


# --- Backlog settings: the Definition of Done and the estimate scale -------------------------


def _settings_page(
    request: HttpRequest,
    team: Team,
    *,
    dod_form: forms.DefinitionOfDoneForm | None = None,
    scale_form: forms.EstimateScaleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    dod = queries.definition_of_done(team)
    backlog_row = queries.backlog(team)
    custom = ", ".join(str(p) for p in backlog_row.custom_points)
    context = {
        "team": team,
        "dod": dod,
        "dod_form": dod_form
        or forms.DefinitionOfDoneForm(
            initial={"checklist": "\n".join(dod.checklist if dod else [])}
        ),
        "scale_form": scale_form
        or forms.EstimateScaleForm(
            initial={"scale": backlog_row.estimate_scale, "custom_points": custom}
        ),
        "points": queries.scale_points(team),
        "scale": backlog_row.estimate_scale,
        "writable": _writable(request, team),
    }
    return render(request, "scrum/settings.html", context, status=status)


@require_GET
def backlog_settings(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, _ = org_of(request)
    return _settings_page(request, teams.team(org, team_id))


@require_POST
def definition_of_done(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, membership = org_of(request)
    team = teams.team(org, team_id)
    form = forms.DefinitionOfDoneForm(request.POST)
    refused = None
    if form.is_valid():
        try:
            with transaction.atomic():
                dod = services.set_definition_of_done(
                    team=team, by=membership, checklist=form.lines()
                )
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, f"Definition of Done saved as version {dod.number}.")
            return redirect("scrum:settings", org_slug=org.slug, team_id=team.pk)
    return _settings_page(request, team, dod_form=form, status=_status(form, refused))


@require_POST
def estimate_scale(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, membership = org_of(request)
    team = teams.team(org, team_id)
    form = forms.EstimateScaleForm(request.POST)
    refused = None
    if form.is_valid():
        try:
            with transaction.atomic():
                services.set_estimate_scale(
                    team=team,
                    by=membership,
                    scale=form.cleaned_data["scale"],
                    custom_points=form.points(),
                )
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, "Estimate scale saved.")
            return redirect("scrum:settings", org_slug=org.slug, team_id=team.pk)
    return _settings_page(request, team, scale_form=form, status=_status(form, refused))
