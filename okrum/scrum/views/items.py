"""An item's page with its history, and a card moved across the board."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.okrs.models import KeyResult
from okrum.scrum import forms, queries, services
from okrum.scrum.models import BacklogItem, ItemEvent, ItemField, SprintState
from okrum.scrum.views._common import _refusal, _status, _writable, event_value
from okrum.scrum.views.board import _board_context
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import org_of


@dataclass(frozen=True)
class Change:
    """One line of an item's history as people read it."""

    event: ItemEvent
    what: str
    before: str
    after: str


def _history(item: BacklogItem, scale: str) -> list[Change]:
    names = queries.team_sprint_names(item.team)

    def say(field: str, value: str) -> str:
        return event_value(field, value, sprint_names=names, scale=scale)

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
