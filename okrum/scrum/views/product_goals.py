"""A team's product goal: set it from the backlog, edit it, mark it achieved or abandoned."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.scrum import queries, services
from okrum.scrum.models import ProductGoalStatus
from okrum.scrum.views._common import _goal_form, _status, _writable
from okrum.scrum.views.backlog import _backlog_page
from okrum.teams import queries as teams
from okrum.tenancy.access import org_of


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
