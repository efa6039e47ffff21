"""Objective pages: a new objective with its key results, an objective, its edit form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.okrs import forms, permissions, progress, queries, services
from okrum.okrs.models import Cycle, CycleState, Objective
from okrum.okrs.views._common import _abilities
from okrum.teams import queries as teams
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import org_of


def _objective_form(
    request: HttpRequest, cycle: Cycle, objective: Objective | None = None, **kw: Any
) -> forms.ObjectiveForm:
    """The objective form with the choices this member has: teams, owners, goals, parents."""
    org, membership = org_of(request)
    admin = permissions.is_admin(membership)
    all_teams = teams.teams(org)
    if not admin:
        mine = teams.team_ids_of(membership)
        all_teams = [t for t in all_teams if t.pk in mine]
    others = [o for o in queries.cycle_objectives(org, cycle) if o != objective]
    return forms.ObjectiveForm(
        request.POST or None,
        teams=all_teams,
        company=admin,
        members=tenancy.members(org),
        goals=queries.goals(org),
        objectives=others,
        **kw,
    )


@require_http_methods(["GET", "POST"])
def new_objective(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    """An objective and its key results, written together or not at all."""
    org, membership = org_of(request)
    cycle = queries.cycle(org, cycle_id)
    team_id = request.GET.get("team", "")
    form = _objective_form(request, cycle, initial={"team": team_id})
    key_results = forms.KeyResultFormSet(
        request.POST or None, prefix="kr", form_kwargs={"members": tenancy.members(org)}
    )
    if request.method == "POST" and form.is_valid() and key_results.is_valid():
        rows = forms.filled(key_results)
        try:
            with transaction.atomic():
                objective = services.create_objective(
                    cycle=cycle,
                    by=membership,
                    key_results=[row.spec() for row in rows],
                    **form.objective_fields(),
                )
                if form.cleaned_data.get("supports"):
                    services.set_supports(
                        objective=objective, by=membership, supports=form.cleaned_data["supports"]
                    )
        except DomainError as exc:
            _place_errors(form, rows, exc)
        else:
            count = len(rows)
            messages.success(
                request,
                f"Objective “{objective.title}” created with {count} key "
                f"result{'s' if count != 1 else ''}.",
            )
            return redirect(reverse("okrs:cycle", args=[org.slug, cycle.pk]) + f"#o{objective.pk}")
    invalid = (
        form.errors or any(f.errors for f in key_results.forms) or key_results.non_form_errors()
    )
    context = {
        "cycle": cycle,
        "form": form,
        "key_results": key_results,
        "may_create": _abilities(org, membership, cycle, [])["may_create"],
        "closed": cycle.state == CycleState.CLOSED,
    }
    return render(request, "okrs/new_objective.html", context, status=422 if invalid else 200)


def _place_errors(
    form: forms.ObjectiveForm, rows: list[forms.KeyResultForm], exc: DomainError
) -> None:
    """A refusal naming `key_results.<i>.<field>` goes on that row's field; the rest on the form."""
    rest: dict[str, str] = {}
    for name, message in exc.errors.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "key_results" and parts[1].isdigit():
            row = rows[int(parts[1])]
            row.add_error(parts[2] if parts[2] in row.fields else None, message)
        else:
            rest[name] = message
    if rest or not exc.errors:
        add_errors(form, Invalid(rest, exc.detail) if rest else exc)


def objective(request: HttpRequest, org_slug: str, objective_id: int) -> HttpResponse:
    org, membership = org_of(request)
    obj = queries.objective_page(org, objective_id)
    context = {
        "objective": obj,
        "key_results": list(obj.key_results.all()),
        "expected": progress.expected(obj),
        **_abilities(org, membership, obj.cycle, [obj]),
    }
    return render(request, "okrs/objective.html", context)


@require_http_methods(["GET", "POST"])
def edit_objective(request: HttpRequest, org_slug: str, objective_id: int) -> HttpResponse:
    org, membership = org_of(request)
    obj = queries.objective(org, objective_id)
    initial = {name: getattr(obj, name) for name in services.OBJECTIVE_FIELDS}
    initial["supports"] = list(obj.supports.all())
    form = _objective_form(request, obj.cycle, obj, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_objective(objective=obj, by=membership, **form.objective_fields())
                if "supports" in form.fields:
                    services.set_supports(
                        objective=obj, by=membership, supports=form.cleaned_data["supports"]
                    )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Objective saved.")
            return redirect("okrs:objective", org_slug=org.slug, objective_id=obj.pk)
    abilities = _abilities(org, membership, obj.cycle, [obj])
    context = {
        "objective": obj,
        "form": form,
        "key_results": list(obj.key_results.all()),
        "may_edit_this": obj.pk in abilities["may_edit"],
        "closed": obj.cycle.state == CycleState.CLOSED,
    }
    return render(request, "okrs/edit_objective.html", context, status=422 if form.errors else 200)
