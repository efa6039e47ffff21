"""Cycle pages: create a cycle, edit it, move it to its next state."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.core.time import today
from okrum.okrs import forms, queries, services
from okrum.okrs.models import CycleState
from okrum.tenancy.access import may_write, org_of, roles
from okrum.tenancy.roles import Role

STATE_CHANGED = {
    CycleState.ACTIVE: "{} is active: check-ins are open.",
    CycleState.REVIEW: "{} is in review: check-ins are still accepted while you grade.",
    CycleState.CLOSED: "{} is closed: its OKRs are now read-only.",
}


@roles(write=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def cycles(request: HttpRequest, org_slug: str) -> HttpResponse:
    org, membership = org_of(request)
    form = forms.CycleForm(request.POST or None, initial=_next_quarter())
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                cycle = services.create_cycle(org=org, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                f"Cycle {cycle.name} created, in planning. Draft its objectives, then activate it.",
            )
            return redirect("okrs:cycle", org_slug=org.slug, cycle_id=cycle.pk)
    context = {
        "cycles": queries.cycles(org),
        "form": form,
        "can_manage": may_write(request, Role.ADMIN),
    }
    return render(request, "okrs/cycles.html", context, status=422 if form.errors else 200)


def _next_quarter() -> dict[str, Any]:
    """A new cycle's suggested dates: the rest of this quarter, or the next one near its end."""
    day = today()
    start = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    if day - start > timedelta(days=60):
        start = (start + timedelta(days=100)).replace(day=1)
    end = (start + timedelta(days=100)).replace(day=1) - timedelta(days=1)
    quarter = (start.month - 1) // 3 + 1
    return {"name": f"Q{quarter} {start.year}", "starts_on": start, "ends_on": end}


@roles(write=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def edit_cycle(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    org, membership = org_of(request)
    cycle = queries.cycle(org, cycle_id)
    fields = ["name", "starts_on", "ends_on", "cadence", "planning_notes"]
    initial = {name: getattr(cycle, name) for name in fields}
    form = forms.CycleEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_cycle(cycle=cycle, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Cycle {cycle.name} saved.")
            return redirect("okrs:cycle", org_slug=org.slug, cycle_id=cycle.pk)
    context = {
        "cycle": cycle,
        "form": form,
        "can_manage": may_write(request, Role.ADMIN),
        "closed": cycle.state == CycleState.CLOSED,
    }
    return render(request, "okrs/edit_cycle.html", context, status=422 if form.errors else 200)


@roles(write=Role.ADMIN)
@require_POST
def change_cycle_state(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    org, membership = org_of(request)
    cycle = queries.cycle(org, cycle_id)
    form = forms.CycleStateForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("okrs:cycle", args=[org.slug, cycle.pk])
    if not form.is_valid():
        messages.error(request, "Choose the state to move the cycle to.")
        return redirect(back)
    try:
        with transaction.atomic():
            services.change_cycle_state(
                cycle=cycle, by=membership, state=form.cleaned_data["state"]
            )
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, STATE_CHANGED[CycleState(cycle.state)].format(cycle.name))
    return redirect(back)
