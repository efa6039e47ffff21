"""Helpers the Scrum pages share: who may write, the answer's status, forms used on two pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.okrs import queries as okrs
from okrum.okrs.models import Objective
from okrum.scrum import estimates, forms, queries, services
from okrum.scrum.models import BacklogItem, ItemField, ItemStatus, ProductGoal, Sprint
from okrum.scrum.permissions import may_work_on
from okrum.teams.models import Team
from okrum.tenancy.access import org_of
from okrum.tenancy.models import Membership


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


def new_item_form(team: Team, data: Any = None, *, auto_id: str = "new-%s") -> forms.NewItemForm:
    """The short form that adds an item (title, kind, estimate on the team's scale)."""
    return forms.NewItemForm(
        data,
        scale=queries.backlog(team).estimate_scale,
        points=queries.scale_points(team),
        auto_id=auto_id,
    )


def create_top_item(
    form: forms.NewItemForm, team: Team, membership: Membership
) -> tuple[BacklogItem | None, DomainError | None]:
    """The item the form describes, at the top of the backlog; a refusal lands on the form."""
    if not form.is_valid():
        return None, None
    spec = services.ItemSpec(
        title=form.cleaned_data["title"],
        kind=form.cleaned_data["kind"],
        estimate=form.cleaned_data["estimate"] or None,
    )
    try:
        with transaction.atomic():
            item = services.create_item(team=team, by=membership, spec=spec, position=services.TOP)
    except DomainError as exc:
        add_errors(form, exc)
        return None, exc
    return item, None


def event_value(field: str, value: str, *, sprint_names: dict[str, str], scale: str) -> str:
    """One side of an item's change as people read it: a status, a sprint, an estimate."""
    if field in (ItemField.STATUS, ItemField.CREATED):
        return dict(ItemStatus.choices).get(value, value)
    if field == ItemField.SPRINT:
        return sprint_names.get(value, "Product backlog") if value else "Product backlog"
    if field == ItemField.ESTIMATE:
        return estimates.label(scale, Decimal(value)) if value else "not estimated"
    return ""


def close_from_form(
    form: forms.CloseSprintForm, sprint: Sprint, membership: Membership
) -> tuple[bool, DomainError | None]:
    """Close the sprint as the form chose for unfinished items; a refusal lands on the form."""
    if not form.is_valid():
        return False, None
    try:
        with transaction.atomic():
            locked = queries.sprint_for_update(sprint.organization, sprint.pk)
            services.close_sprint(
                sprint=locked, by=membership, unfinished_to=form.destination(), moves=form.moves()
            )
    except DomainError as exc:
        add_errors(form, exc)
        return False, exc
    return True, None
