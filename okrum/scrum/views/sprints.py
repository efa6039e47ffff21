"""Sprint pages: plan sprints, edit one, add and remove its items, start and close it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.core.time import today
from okrum.okrs.models import KeyResult
from okrum.scrum import forms, queries, services, velocity
from okrum.scrum.models import BacklogItem, ItemStatus, Sprint, SprintState
from okrum.scrum.views._common import _status, _writable, close_from_form
from okrum.teams import queries as teams
from okrum.teams.models import Team
from okrum.tenancy.access import org_of


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
    closed, refused = close_from_form(form, found, membership)
    if closed:
        messages.success(request, f"{found.name} closed.")
        return redirect("scrum:sprint", org_slug=org.slug, sprint_id=found.pk)
    return _sprint_page(request, found, close_form=form, status=_status(form, refused))
