"""JSON handlers for goals, cycles, objectives, key results and check-ins."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.etag import check_if_match, tagged
from okrum.core.pagination import Page
from okrum.core.refs import maybe_referenced, referenced
from okrum.core.schemas import Id
from okrum.okrs import queries, services
from okrum.okrs.models import (
    CheckIn,
    CheckInSource,
    Cycle,
    Goal,
    KeyResult,
    Objective,
    ObjectiveStatus,
)
from okrum.okrs.schemas import (
    CheckInIn,
    CheckInOut,
    CheckInPage,
    CycleIn,
    CycleOut,
    CyclePage,
    CyclePatch,
    CycleTransitionIn,
    GoalIn,
    GoalOut,
    GoalPage,
    GoalPatch,
    KeyResultFields,
    KeyResultIn,
    KeyResultOut,
    KeyResultPage,
    KeyResultPatch,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePage,
    ObjectivePatch,
)
from okrum.okrs.services import KeyResultSpec
from okrum.teams import queries as teams_queries
from okrum.tenancy import queries as tenancy_queries
from okrum.tenancy.models import Organization

# Members may call every write; the services refuse what their role and teams do not allow (403).
router = Router(tags=["okrs"], auth=api_auth())

# Ids in a body → the query that finds such an object in the caller's organization.
_FINDERS: dict[str, Any] = {
    "team": teams_queries.team,
    "goal": queries.goal,
    "parent": queries.objective,
    "owner": tenancy_queries.membership,
}

# What create_objective takes as keyword arguments, besides the cycle, title and key results.
_OBJECTIVE_FIELDS = {"description", "team", "goal", "parent", "owner", "kind", "status", "roll_up"}


def _resolve(org: Organization, changes: dict[str, Any]) -> dict[str, Any]:
    """Replace the ids in `changes` by the objects they name (422 naming a foreign one)."""
    return {
        field: maybe_referenced(_FINDERS[field], org, value, field) if field in _FINDERS else value
        for field, value in changes.items()
    }


def _supports(org: Organization, ids: list[int]) -> list[Objective]:
    return [referenced(queries.objective, org, pk, "supports") for pk in ids]


def _spec(org: Organization, fields: KeyResultFields, prefix: str = "") -> KeyResultSpec:
    return KeyResultSpec(
        title=fields.title,
        kind=fields.kind.value,
        unit=fields.unit,
        start_value=fields.start_value,
        target_value=fields.target_value,
        low_value=fields.low_value,
        high_value=fields.high_value,
        weight=fields.weight,
        owner=maybe_referenced(tenancy_queries.membership, org, fields.owner, f"{prefix}owner"),
    )


# Goals -------------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/goals", response=GoalPage)
def list_goals(
    request: HttpRequest, org_slug: str, limit: int | None = None, cursor: str | None = None
) -> Page[Goal]:
    return queries.goals_page(principal(request).org, limit=limit, cursor=cursor)


@router.post("/orgs/{org_slug}/goals", response={201: GoalOut})
def create_goal(request: HttpRequest, org_slug: str, payload: GoalIn) -> Goal:
    who = principal(request)
    with transaction.atomic():
        return services.create_goal(
            org=who.org,
            by=who.member,
            kind=payload.kind.value,
            title=payload.title,
            description=payload.description,
            parent=maybe_referenced(queries.goal, who.org, payload.parent, "parent"),
        )


@router.get("/orgs/{org_slug}/goals/{goal_id}", response=GoalOut)
def get_goal(request: HttpRequest, org_slug: str, goal_id: int) -> Goal:
    return queries.goal(principal(request).org, goal_id)


@router.patch("/orgs/{org_slug}/goals/{goal_id}", response=GoalOut)
def update_goal(request: HttpRequest, org_slug: str, goal_id: int, payload: GoalPatch) -> Goal:
    who = principal(request)
    with transaction.atomic():
        goal = queries.goal(who.org, goal_id)
        changes = payload.model_dump(exclude_unset=True)
        parent = goal.parent
        if "parent" in changes:
            parent = maybe_referenced(queries.goal, who.org, changes["parent"], "parent")
        return services.update_goal(
            goal=goal,
            by=who.member,
            title=changes.get("title", goal.title),
            description=changes.get("description", goal.description),
            parent=parent,
        )


# Cycles ------------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/cycles", response=CyclePage)
def list_cycles(
    request: HttpRequest, org_slug: str, limit: int | None = None, cursor: str | None = None
) -> Page[Cycle]:
    return queries.cycles_page(principal(request).org, limit=limit, cursor=cursor)


@router.post("/orgs/{org_slug}/cycles", response={201: CycleOut})
def create_cycle(request: HttpRequest, org_slug: str, payload: CycleIn) -> Cycle:
    who = principal(request)
    with transaction.atomic():
        return services.create_cycle(
            org=who.org,
            by=who.member,
            name=payload.name,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            cadence=payload.cadence.value,
        )


@router.get("/orgs/{org_slug}/cycles/{cycle_id}", response=CycleOut)
def get_cycle(request: HttpRequest, org_slug: str, cycle_id: int) -> Cycle:
    return queries.cycle(principal(request).org, cycle_id)


@router.patch("/orgs/{org_slug}/cycles/{cycle_id}", response=CycleOut)
def update_cycle(request: HttpRequest, org_slug: str, cycle_id: int, payload: CyclePatch) -> Cycle:
    who = principal(request)
    with transaction.atomic():
        cycle = queries.cycle(who.org, cycle_id)
        changes = payload.model_dump(exclude_unset=True)
        return services.update_cycle(
            cycle=cycle,
            by=who.member,
            name=changes.get("name", cycle.name),
            starts_on=changes.get("starts_on", cycle.starts_on),
            ends_on=changes.get("ends_on", cycle.ends_on),
            cadence=changes.get("cadence", cycle.cadence),
            planning_notes=changes.get("planning_notes", cycle.planning_notes),
        )


@router.post("/orgs/{org_slug}/cycles/{cycle_id}/transition", response=CycleOut)
def change_cycle_state(
    request: HttpRequest, org_slug: str, cycle_id: int, payload: CycleTransitionIn
) -> Cycle:
    who = principal(request)
    with transaction.atomic():
        cycle = queries.cycle(who.org, cycle_id)
        return services.change_cycle_state(cycle=cycle, by=who.member, state=payload.state.value)


# Objectives --------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/objectives", response=ObjectivePage)
def list_objectives(
    request: HttpRequest,
    org_slug: str,
    cycle: Id | None = None,
    team: Id | None = None,
    status: ObjectiveStatus | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Objective]:
    return queries.objectives_page(
        principal(request).org,
        cycle_id=cycle,
        team_id=team,
        status=status.value if status else None,
        limit=limit,
        cursor=cursor,
    )


@router.post("/orgs/{org_slug}/objectives", response={201: ObjectiveOut})
def create_objective(
    request: HttpRequest, org_slug: str, payload: ObjectiveIn, response: HttpResponse
) -> Objective:
    who = principal(request)
    with transaction.atomic():
        cycle = referenced(queries.cycle, who.org, payload.cycle, "cycle")
        fields = _resolve(who.org, payload.model_dump(include=_OBJECTIVE_FIELDS))
        supports = _supports(who.org, payload.supports)
        specs = [
            _spec(who.org, kr, f"key_results.{index}.")
            for index, kr in enumerate(payload.key_results)
        ]
        objective = services.create_objective(
            cycle=cycle, by=who.member, title=payload.title, key_results=specs, **fields
        )
        if supports:
            services.set_supports(objective=objective, by=who.member, supports=supports)
    found = queries.objective(who.org, objective.pk)
    return tagged(response, found)


@router.get("/orgs/{org_slug}/objectives/{objective_id}", response=ObjectiveOut)
def get_objective(
    request: HttpRequest, org_slug: str, objective_id: int, response: HttpResponse
) -> Objective:
    objective = queries.objective(principal(request).org, objective_id)
    return tagged(response, objective)


@router.patch("/orgs/{org_slug}/objectives/{objective_id}", response=ObjectiveOut)
def update_objective(
    request: HttpRequest,
    org_slug: str,
    objective_id: int,
    payload: ObjectivePatch,
    response: HttpResponse,
) -> Objective:
    who = principal(request)
    with transaction.atomic():
        objective = queries.objective_for_update(who.org, objective_id)
        check_if_match(request, objective)
        changes = payload.model_dump(exclude_unset=True)
        ids = changes.pop("supports", None)
        changes = _resolve(who.org, changes)
        supports = None if ids is None else _supports(who.org, ids)
        # Always: it checks the caller and the cycle, and its new version covers the supports.
        services.update_objective(objective=objective, by=who.member, **changes)
        if supports is not None:
            services.set_supports(objective=objective, by=who.member, supports=supports)
    found = queries.objective(who.org, objective_id)
    return tagged(response, found)


# Key results -------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/key-results", response=KeyResultPage)
def list_key_results(
    request: HttpRequest,
    org_slug: str,
    objective: Id | None = None,
    cycle: Id | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[KeyResult]:
    return queries.key_results_page(
        principal(request).org, objective_id=objective, cycle_id=cycle, limit=limit, cursor=cursor
    )


@router.post("/orgs/{org_slug}/key-results", response={201: KeyResultOut})
def create_key_result(
    request: HttpRequest, org_slug: str, payload: KeyResultIn, response: HttpResponse
) -> KeyResult:
    who = principal(request)
    with transaction.atomic():
        objective = referenced(queries.objective, who.org, payload.objective, "objective")
        spec = _spec(who.org, payload)
        kr = services.add_key_result(objective=objective, by=who.member, spec=spec)
    found = queries.key_result(who.org, kr.pk)
    return tagged(response, found)


@router.get("/orgs/{org_slug}/key-results/{key_result_id}", response=KeyResultOut)
def get_key_result(
    request: HttpRequest, org_slug: str, key_result_id: int, response: HttpResponse
) -> KeyResult:
    kr = queries.key_result(principal(request).org, key_result_id)
    return tagged(response, kr)


@router.patch("/orgs/{org_slug}/key-results/{key_result_id}", response=KeyResultOut)
def update_key_result(
    request: HttpRequest,
    org_slug: str,
    key_result_id: int,
    payload: KeyResultPatch,
    response: HttpResponse,
) -> KeyResult:
    who = principal(request)
    with transaction.atomic():
        kr = queries.key_result_for_update(who.org, key_result_id)
        check_if_match(request, kr)
        changes = payload.model_dump(exclude_unset=True)
        reason = changes.pop("reason", "")
        owner = kr.owner
        if "owner" in changes:
            owner = maybe_referenced(tenancy_queries.membership, who.org, changes["owner"], "owner")
        spec = KeyResultSpec(
            title=changes.get("title", kr.title),
            kind=str(changes.get("kind", kr.kind)),
            unit=changes.get("unit", kr.unit),
            start_value=changes.get("start_value", kr.start_value),
            target_value=changes.get("target_value", kr.target_value),
            low_value=changes.get("low_value", kr.low_value),
            high_value=changes.get("high_value", kr.high_value),
            weight=changes.get("weight", kr.weight),
            owner=owner,
        )
        services.update_key_result(kr=kr, by=who.member, spec=spec, reason=reason)
    found = queries.key_result(who.org, key_result_id)
    return tagged(response, found)


@router.delete("/orgs/{org_slug}/key-results/{key_result_id}", response={204: None})
def delete_key_result(request: HttpRequest, org_slug: str, key_result_id: int) -> None:
    who = principal(request)
    with transaction.atomic():
        kr = queries.key_result_for_update(who.org, key_result_id)
        check_if_match(request, kr)
        services.delete_key_result(kr=kr, by=who.member)


# Check-ins ---------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/key-results/{key_result_id}/check-ins", response=CheckInPage)
def list_check_ins(
    request: HttpRequest,
    org_slug: str,
    key_result_id: int,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[CheckIn]:
    kr = queries.key_result(principal(request).org, key_result_id)
    return queries.check_ins_page(kr, limit=limit, cursor=cursor)


@router.post("/orgs/{org_slug}/key-results/{key_result_id}/check-ins", response={201: CheckInOut})
def record_check_in(
    request: HttpRequest, org_slug: str, key_result_id: int, payload: CheckInIn
) -> CheckIn:
    who = principal(request)
    # A script's token says "api"; a person in the browser checks in by hand.
    source = CheckInSource.API if who.token is not None else CheckInSource.MANUAL
    with transaction.atomic():
        kr = queries.key_result_for_update(who.org, key_result_id)
        return services.record_check_in(
            key_result=kr,
            by=who.member,
            value=payload.value,
            confidence=payload.confidence,
            note=payload.note,
            source=source,
        )
