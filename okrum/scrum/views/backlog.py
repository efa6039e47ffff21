"""The backlog page: items in rank order, filtered and paged; new items and moves."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.htmx import is_htmx
from okrum.scrum import forms, queries, services
from okrum.scrum.views._common import (
    _goal_form,
    _refusal,
    _status,
    _writable,
    create_top_item,
    new_item_form,
)
from okrum.teams import queries as teams
from okrum.teams.models import Team
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import org_of


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
        "new_form": new_form or new_item_form(team),
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
    form = new_item_form(team, request.POST)
    created, refused = create_top_item(form, team, membership)
    if isinstance(refused, Invalid):
        refused = None  # the form shows it
    if not is_htmx(request):
        if created is None:
            return _backlog_page(request, team, new_form=form, status=_status(form, refused))
        messages.success(request, f"{created.key} added to the top of the backlog.")
        return redirect("scrum:backlog", org_slug=org.slug, team_id=team.pk)
    context = {
        "team": team,
        "new_form": form if created is None else new_item_form(team),
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
