"""HTML pages of sprint planning: the team's key results beside the backlog it pulls from."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.okrs.models import KeyResult
from okrum.scrum import queries, services
from okrum.scrum.forms.planning import CapacityForm, PlanningGoalForm
from okrum.scrum.models import BacklogItem, Sprint, SprintState
from okrum.scrum.permissions import may_work_on
from okrum.scrum.queries import planning as planning_queries
from okrum.tenancy.access import org_of


def _writable(request: HttpRequest, sprint: Sprint) -> bool:
    org, membership = org_of(request)
    return (
        not org.is_read_only
        and sprint.state != SprintState.CLOSED
        and may_work_on(membership, sprint.team)
    )


def _filter(request: HttpRequest, raw: str | None) -> KeyResult | None:
    """The key result the backlog is narrowed to; an unknown one is ignored, not an error."""
    if not raw or not raw.isdigit():
        return None
    org, _ = org_of(request)
    try:
        return queries.key_result(org, int(raw))
    except DomainError:
        return None


def _goal_choices(request: HttpRequest, sprint: Sprint) -> list[KeyResult]:
    """Key results the Sprint Goal may serve: the team's and the company's of open cycles."""
    org, _ = org_of(request)
    chosen = {kr.pk for kr in sprint.goal_key_results.all()}
    rows = [
        kr
        for kr in queries.linkable_key_results(org)
        if kr.objective.team_id in (sprint.team_id, None) or kr.pk in chosen
    ]
    return sorted(rows, key=lambda kr: kr.objective.team_id != sprint.team_id)


def _goal_form(request: HttpRequest, sprint: Sprint, data: Any = None) -> PlanningGoalForm:
    initial = {"goal": sprint.goal, "goal_key_results": list(sprint.goal_key_results.all())}
    return PlanningGoalForm(data, key_results=_goal_choices(request, sprint), initial=initial)


def _capacity_form(found: planning_queries.Planning, data: Any = None) -> CapacityForm:
    plan = found.capacity
    return CapacityForm(data, members=plan.members, working_days=plan.working_days)


def _more_url(slug: str, sprint: Sprint, cursor: str | None, key_result: KeyResult | None) -> str:
    """The planning page's next backlog rows, under the same key-result filter."""
    if not cursor:
        return ""
    url = reverse("scrum:planning", args=[slug, sprint.pk])
    params = QueryDict(mutable=True)
    if key_result is not None:
        params["key_result"] = str(key_result.pk)
    params["cursor"] = cursor
    return f"{url}?{params.urlencode()}"


def _context(request: HttpRequest, found: planning_queries.Planning) -> dict[str, Any]:
    org, _ = org_of(request)
    forecast = found.capacity.forecast
    return {
        "plan": found,
        "sprint": found.sprint,
        "team": found.team,
        "scale": found.scale,
        "writable": _writable(request, found.sprint),
        "more_url": _more_url(
            org.slug, found.sprint, found.backlog.next_cursor, found.key_result_filter
        ),
        "items": found.backlog.items,
        "chosen_kr": found.key_result_filter,
        "forecast_points": forecast.points if forecast else found.sprint.capacity,
    }


def _read(
    request: HttpRequest, sprint_id: int, key_result: str | None
) -> planning_queries.Planning:
    org, _ = org_of(request)
    found = queries.sprint(org, sprint_id)
    chosen = _filter(request, key_result)
    return planning_queries.planning(org, found, key_result=chosen)


def _page(
    request: HttpRequest,
    found: planning_queries.Planning,
    *,
    goal_form: PlanningGoalForm | None = None,
    capacity_form: CapacityForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _context(request, found) | {
        "goal_form": goal_form or _goal_form(request, found.sprint),
        "capacity_form": capacity_form or _capacity_form(found),
    }
    return render(request, "scrum/planning.html", context, status=status)


@require_GET
def planning(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """The planning page; htmx asks it for the next backlog rows by cursor."""
    org, _ = org_of(request)
    sprint = queries.sprint(org, sprint_id)
    chosen = _filter(request, request.GET.get("key_result"))
    cursor = request.GET.get("cursor") or None
    if is_htmx(request) and cursor:
        try:
            page = planning_queries.backlog_page(org, sprint.team, key_result=chosen, cursor=cursor)
        except Invalid:
            page = planning_queries.backlog_page(org, sprint.team, key_result=chosen)
        context = {
            "sprint": sprint,
            "items": page.items,
            "scale": queries.backlog(sprint.team).estimate_scale,
            "writable": _writable(request, sprint),
            "more_url": _more_url(org.slug, sprint, page.next_cursor, chosen),
            "chosen_kr": chosen,
        }
        return render(request, "scrum/_planning_backlog_rows.html", context)
    try:
        found = planning_queries.planning(org, sprint, key_result=chosen, cursor=cursor)
    except Invalid:
        found = planning_queries.planning(org, sprint, key_result=chosen)
    return _page(request, found)


def _back(request: HttpRequest, sprint: Sprint, key_result: str | None = None) -> HttpResponse:
    org, _ = org_of(request)
    url = reverse("scrum:planning", args=[org.slug, sprint.pk])
    return redirect(f"{url}?key_result={key_result}" if key_result else url)


@require_POST
def planning_goal(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """Save the Sprint Goal and the key results it serves (through update_sprint)."""
    org, membership = org_of(request)
    sprint = queries.sprint(org, sprint_id)
    form = _goal_form(request, sprint, request.POST)
    refused: DomainError | None = None
    if form.is_valid():
        data = form.cleaned_data
        changes: dict[str, Any] = {}
        if data["goal"] != sprint.goal:
            changes["goal"] = data["goal"]
        chosen = data["goal_key_results"]
        if {kr.pk for kr in chosen} != {kr.pk for kr in sprint.goal_key_results.all()}:
            changes["goal_key_results"] = chosen
        try:
            with transaction.atomic():
                locked = queries.sprint_for_update(org, sprint.pk)
                services.update_sprint(sprint=locked, by=membership, **changes)
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, "Sprint Goal saved.")
            return _back(request, sprint)
    status = refused.status if refused is not None else 422
    found = planning_queries.planning(org, sprint)
    return _page(request, found, goal_form=form, status=status)


@require_POST
def planning_capacity(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """Save each member's available days; the forecast follows them."""
    org, membership = org_of(request)
    sprint = queries.sprint(org, sprint_id)
    found = planning_queries.planning(org, sprint)
    form = _capacity_form(found, request.POST)
    refused: DomainError | None = None
    if form.is_valid():
        try:
            with transaction.atomic():
                locked = queries.sprint_for_update(org, sprint.pk)
                services.set_capacity(sprint=locked, by=membership, days=form.days())
        except DomainError as exc:
            form.place(exc.errors or {"": exc.detail})
            refused = exc
        else:
            messages.success(request, "Capacity saved; the forecast follows it.")
            return _back(request, sprint)
    status = refused.status if refused is not None else 422
    return _page(request, found, capacity_form=form, status=status)


def _item(request: HttpRequest) -> BacklogItem | None:
    org, _ = org_of(request)
    raw = request.POST.get("item", "")
    if not raw.isdigit():
        return None
    try:
        return queries.item(org, int(raw))
    except DomainError:
        return None


def _moved(request: HttpRequest, sprint_id: int, *, into_sprint: bool) -> HttpResponse:
    """Pull an item into the sprint or send it back; htmx gets the board part again."""
    org, membership = org_of(request)
    sprint = queries.sprint(org, sprint_id)
    key_result = request.POST.get("key_result") or None
    item = _item(request)
    error = ""
    if item is None or item.team_id != sprint.team_id:
        error = "That item is not in the team's backlog."
    elif into_sprint and (item.sprint_id is not None or not item.is_open):
        error = f"{item.key} is not an open item of the backlog any more."
    elif not into_sprint and item.sprint_id != sprint.pk:
        error = f"{item.key} is not in {sprint.name}."
    if not error and item is not None:
        try:
            with transaction.atomic():
                locked = queries.sprint_for_update(org, sprint.pk)
                services.assign_items(
                    sprint=locked if into_sprint else None,
                    items=[item],
                    by=membership,
                    team=sprint.team,
                )
        except DomainError as exc:
            if exc.status in (402, 403):
                raise  # the middleware answers with the refusal page and its status
            error = exc.detail
    if error:
        flash = error
    elif into_sprint:
        flash = f"{item.key} pulled into {sprint.name}." if item else ""
    else:
        flash = f"{item.key} went back to the product backlog." if item else ""
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, flash)
        return _back(request, sprint, key_result)
    found = _read(request, sprint_id, key_result)
    context = _context(request, found) | {"flash": flash, "flash_error": bool(error), "oob": True}
    return render(request, "scrum/_planning_board.html", context, status=422 if error else 200)


@require_POST
def planning_pull(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    return _moved(request, sprint_id, into_sprint=True)


@require_POST
def planning_remove(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    return _moved(request, sprint_id, into_sprint=False)
