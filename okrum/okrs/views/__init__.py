"""HTML handlers of OKRs: the cycle's OKR page, cycles, goals, objectives, key results."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.core.time import today
from okrum.okrs import forms, permissions, progress, queries, scoring, services
from okrum.okrs.models import Cycle, CycleState, Goal, GoalKind, KeyResult, Objective
from okrum.okrs.queries import Node
from okrum.okrs.templatetags.okrs import percent
from okrum.teams import queries as teams
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import may_write, org_of, roles
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.roles import Role, role_at_least

STATE_CHANGED = {
    CycleState.ACTIVE: "{} is active: check-ins are open.",
    CycleState.REVIEW: "{} is in review: check-ins are still accepted while you grade.",
    CycleState.CLOSED: "{} is closed: its OKRs are now read-only.",
}


# --- What the member may do on a page ----------------------------------------------------------


def _writable(org: Organization, cycle: Cycle) -> bool:
    return not org.is_read_only and cycle.state != CycleState.CLOSED


def _check_ins_open(org: Organization, cycle: Cycle) -> bool:
    return not org.is_read_only and cycle.state in (CycleState.ACTIVE, CycleState.REVIEW)


def _walk(nodes: Iterable[Node]) -> Iterator[Objective]:
    for node in nodes:
        yield node.objective
        yield from _walk(node.children)


def _abilities(
    org: Organization, membership: Membership, cycle: Cycle, objectives: Iterable[Objective]
) -> dict[str, Any]:
    """Which objectives the member may edit and which key results they may check in on."""
    team_ids = teams.team_ids_of(membership)
    writable, open_ = _writable(org, cycle), _check_ins_open(org, cycle)
    may_edit, may_check_in = set(), set()
    for objective in objectives:
        if writable and permissions.may_edit_objective(membership, objective, team_ids=team_ids):
            may_edit.add(objective.pk)
        for kr in objective.key_results.all():
            if open_ and permissions.may_check_in(membership, kr, team_ids=team_ids):
                may_check_in.add(kr.pk)
    member = role_at_least(membership.role, Role.MEMBER)
    return {
        "may_edit": may_edit,
        "may_check_in": may_check_in,
        "may_create": writable and (permissions.is_admin(membership) or (member and team_ids)),
        "check_ins_open": open_,
    }


# --- The cycle's OKR page ----------------------------------------------------------------------


def okrs(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The OKRs of the cycle people work in now."""
    org, _ = org_of(request)
    cycle = queries.current_cycle(org)
    if cycle is None:
        context = {
            "can_manage": may_write(request, Role.ADMIN),
            "goals": _goal_groups(queries.goals(org)),
        }
        return render(request, "okrs/no_cycle.html", context)
    return _okr_page(request, cycle)


def cycle_okrs(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    org, _ = org_of(request)
    return _okr_page(request, queries.cycle(org, cycle_id))


def _okr_page(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    org, membership = org_of(request)
    filters = forms.FilterForm(request.GET or None, teams=teams.teams(org))
    team, status = None, None
    if filters.is_valid():
        team, status = filters.cleaned_data["team"], filters.cleaned_data["status"] or None
    tree = queries.cycle_tree(org, cycle, team_id=team.pk if team else None, status=status)
    objectives = list(_walk([*tree.company, *(n for ns in tree.by_team.values() for n in ns)]))
    context = {
        "cycle": cycle,
        "cycles": queries.cycles(org),
        "goals": _goal_groups(queries.goals(org)),
        "tree": tree,
        "objective_count": len(objectives),
        "filters": filters,
        "filtered": bool(team or status),
        "expected": scoring.expected_progress(today(), cycle.starts_on, cycle.ends_on),
        "can_manage": may_write(request, Role.ADMIN),
        "new_for_team": team,
        **_abilities(org, membership, cycle, objectives),
    }
    return render(request, "okrs/okr_page.html", context)


def team_objectives(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    """A team's objectives in the current cycle: a section of its team page (htmx) or a page."""
    org, membership = org_of(request)
    team = teams.team(org, team_id)
    cycle = queries.current_cycle(org)
    context: dict[str, Any] = {"team": team, "cycle": cycle, "nodes": []}
    if cycle is not None:
        tree = queries.cycle_tree(org, cycle, team_id=team.pk)
        context["nodes"] = tree.by_team.get(team.name, [])
        context.update(_abilities(org, membership, cycle, _walk(context["nodes"])))
    template = "okrs/_team_objectives.html" if is_htmx(request) else "okrs/team_objectives.html"
    return render(request, template, context)


def _goal_groups(goals: list[Goal]) -> dict[str, Any]:
    """Visions with the focuses under them, and the focuses under no vision."""
    focuses: dict[int | None, list[Goal]] = {}
    for goal in goals:
        if goal.kind == GoalKind.FOCUS:
            focuses.setdefault(goal.parent_id, []).append(goal)
    visions = [(g, focuses.pop(g.pk, [])) for g in goals if g.kind == GoalKind.VISION]
    loose = [g for group in focuses.values() for g in group]
    return {"visions": visions, "loose": loose, "any": bool(goals)}


# --- Cycles ------------------------------------------------------------------------------------


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


# --- Goals -------------------------------------------------------------------------------------


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


# --- Objectives --------------------------------------------------------------------------------


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
    obj = queries.objective(org, objective_id)
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


# --- Key results -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def new_key_result(request: HttpRequest, org_slug: str, objective_id: int) -> HttpResponse:
    org, membership = org_of(request)
    obj = queries.objective(org, objective_id)
    form = forms.KeyResultForm(request.POST or None, members=tenancy.members(org))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                kr = services.add_key_result(objective=obj, by=membership, spec=form.spec())
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Key result “{kr.title}” added.")
            return redirect("okrs:edit_objective", org_slug=org.slug, objective_id=obj.pk)
    context = {
        "objective": obj,
        "form": form,
        "may_edit_this": bool(_abilities(org, membership, obj.cycle, [obj])["may_edit"]),
        "closed": obj.cycle.state == CycleState.CLOSED,
    }
    return render(request, "okrs/new_key_result.html", context, status=422 if form.errors else 200)


def key_result(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    org, _ = org_of(request)
    kr = queries.key_result(org, key_result_id)
    return _key_result_page(request, kr, forms.CheckInForm(auto_id="check-in-%s"))


def _key_result_page(
    request: HttpRequest, kr: KeyResult, form: forms.CheckInForm, status: int = 200
) -> HttpResponse:
    org, membership = org_of(request)
    objective = kr.objective
    abilities = _abilities(org, membership, objective.cycle, [objective])
    context = {
        "kr": kr,
        "objective": objective,
        "cycle": objective.cycle,
        "expected": progress.expected(objective),
        "check_ins": queries.check_ins(kr),
        "form": form,
        "may_check_in_this": kr.pk in abilities["may_check_in"],
        "may_edit_this": objective.pk in abilities["may_edit"],
        "check_ins_open": abilities["check_ins_open"],
    }
    return render(request, "okrs/key_result.html", context, status=status)


@require_http_methods(["GET", "POST"])
def edit_key_result(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    org, membership = org_of(request)
    kr = queries.key_result(org, key_result_id)
    form = forms.KeyResultEditForm(
        request.POST or None, members=tenancy.members(org), initial=forms.key_result_initial(kr)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_key_result(
                    kr=kr, by=membership, spec=form.spec(), reason=form.cleaned_data["reason"]
                )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Key result saved.")
            return redirect("okrs:key_result", org_slug=org.slug, key_result_id=kr.pk)
    running = kr.objective.cycle.state != CycleState.PLANNING
    if not running:
        del form.fields["reason"]
    context = {
        "kr": kr,
        "objective": kr.objective,
        "form": form,
        "running": running,
        "may_edit_this": bool(
            _abilities(org, membership, kr.objective.cycle, [kr.objective])["may_edit"]
        ),
        "closed": kr.objective.cycle.state == CycleState.CLOSED,
    }
    return render(request, "okrs/edit_key_result.html", context, status=422 if form.errors else 200)


@require_POST
def delete_key_result(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    org, membership = org_of(request)
    kr = queries.key_result(org, key_result_id)
    objective_id, title = kr.objective_id, kr.title
    try:
        with transaction.atomic():
            services.delete_key_result(kr=kr, by=membership)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("okrs:edit_key_result", org_slug=org.slug, key_result_id=key_result_id)
    messages.success(request, f"Key result “{title}” deleted.")
    return redirect("okrs:edit_objective", org_slug=org.slug, objective_id=objective_id)


@require_POST
def check_in(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    """A new value; from the tree (htmx) the answer is the key result's updated row."""
    org, membership = org_of(request)
    kr = queries.key_result(org, key_result_id)
    form = forms.CheckInForm(request.POST, auto_id="check-in-%s")
    status, refused = 422, ""
    if form.is_valid():
        try:
            with transaction.atomic():
                kr = queries.key_result_for_update(org, kr.pk)
                services.record_check_in(key_result=kr, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
            # Invalid input shows on the form; any other refusal has no form field to sit on.
            status, refused = exc.status, "" if isinstance(exc, Invalid) else exc.detail
        else:
            return _checked_in(request, kr)
    if is_htmx(request):
        return _row(request, kr, check_in_form=form, refused=refused, status=status)
    return _key_result_page(request, kr, form, status=status)


def _checked_in(request: HttpRequest, kr: KeyResult) -> HttpResponse:
    org, _ = org_of(request)
    if not is_htmx(request):
        messages.success(request, f"Checked in: {kr.title} is at {percent(kr.progress)}.")
        return redirect("okrs:key_result", org_slug=org.slug, key_result_id=kr.pk)
    # The objective and its ancestors moved too: their progress comes along out of band.
    chain = []
    node: Objective | None = kr.objective
    while node is not None and node not in chain:
        chain.append(node)
        node = node.parent if node.parent_id else None
    return _row(request, kr, saved=f"Check-in saved: now at {percent(kr.progress)}.", chain=chain)


def _row(request: HttpRequest, kr: KeyResult, status: int = 200, **extra: Any) -> HttpResponse:
    org, membership = org_of(request)
    abilities = _abilities(org, membership, kr.objective.cycle, [kr.objective])
    context = {"kr": kr, **abilities, **extra}
    return render(request, "okrs/_check_in_answer.html", context, status=status)
