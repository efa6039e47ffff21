"""The organization's goals: visions and the focuses under them."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.okrs import forms, queries, services
from okrum.okrs.models import GoalKind
from okrum.okrs.views._common import _goal_groups
from okrum.tenancy.access import may_write, org_of, roles
from okrum.tenancy.roles import Role


@roles(write=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def goals(request: HttpRequest, org_slug: str) -> HttpResponse:
    org, membership = org_of(request)
    all_goals = queries.goals(org)
    visions = [g for g in all_goals if g.kind == GoalKind.VISION]
    kind = GoalKind.FOCUS if visions else GoalKind.VISION
    form = forms.GoalForm(request.POST or None, visions=visions, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                goal = services.create_goal(org=org, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{goal.get_kind_display()} “{goal.title}” added.")
            return redirect("okrs:goals", org_slug=org.slug)
    context = {
        "goals": _goal_groups(all_goals),
        "form": form,
        "can_manage": may_write(request, Role.ADMIN),
    }
    return render(request, "okrs/goals.html", context, status=422 if form.errors else 200)


@roles(write=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def edit_goal(request: HttpRequest, org_slug: str, goal_id: int) -> HttpResponse:
    org, membership = org_of(request)
    goal = queries.goal(org, goal_id)
    visions = [g for g in queries.goals(org) if g.kind == GoalKind.VISION and g.pk != goal.pk]
    initial = {"title": goal.title, "description": goal.description, "parent": goal.parent_id}
    form = forms.GoalForm(request.POST or None, visions=visions, editing=True, initial=initial)
    if goal.kind == GoalKind.VISION:
        del form.fields["parent"]
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_goal(goal=goal, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{goal.get_kind_display()} saved.")
            return redirect("okrs:goals", org_slug=org.slug)
    context = {"goal": goal, "form": form, "can_manage": may_write(request, Role.ADMIN)}
    return render(request, "okrs/edit_goal.html", context, status=422 if form.errors else 200)
