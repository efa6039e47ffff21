"""JSON handlers of OKR planning: the board, notes, comments, propose, approve, send back."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.etag import check_if_match, tagged
from okrum.core.pagination import Page
from okrum.okrs import queries, services
from okrum.okrs.models import Cycle, Objective, ObjectiveComment
from okrum.okrs.queries import planning as planning_queries
from okrum.okrs.queries.planning import PlanningBoard
from okrum.okrs.schemas import CycleOut, ObjectiveOut
from okrum.okrs.schemas.planning import (
    ApproveIn,
    CommentIn,
    CommentOut,
    CommentPage,
    PlanningBoardOut,
    PlanningNotesIn,
    ProposeIn,
    SendBackIn,
)
from okrum.tenancy.roles import Role

# Members may call the actions; the services refuse what the caller's teams do not allow (403).
router = Router(tags=["okr planning"], auth=api_auth())


@router.get("/orgs/{org_slug}/cycles/{cycle_id}/planning", response=PlanningBoardOut)
def planning_board(request: HttpRequest, org_slug: str, cycle_id: int) -> PlanningBoard:
    who = principal(request)
    cycle = queries.cycle(who.org, cycle_id)
    return planning_queries.planning_board(who.org, cycle, who.member)


@router.put(
    "/orgs/{org_slug}/cycles/{cycle_id}/planning-notes",
    response=CycleOut,
    auth=api_auth(write=Role.ADMIN),
)
def set_planning_notes(
    request: HttpRequest, org_slug: str, cycle_id: int, payload: PlanningNotesIn
) -> Cycle:
    who = principal(request)
    with transaction.atomic():
        cycle = queries.cycle(who.org, cycle_id)
        return services.set_planning_notes(cycle=cycle, by=who.member, notes=payload.notes)


@router.get("/orgs/{org_slug}/objectives/{objective_id}/comments", response=CommentPage)
def list_comments(
    request: HttpRequest,
    org_slug: str,
    objective_id: int,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[ObjectiveComment]:
    objective = queries.objective(principal(request).org, objective_id)
    return planning_queries.comments_page(objective, limit=limit, cursor=cursor)


@router.post("/orgs/{org_slug}/objectives/{objective_id}/comments", response={201: CommentOut})
def comment_on_objective(
    request: HttpRequest, org_slug: str, objective_id: int, payload: CommentIn
) -> ObjectiveComment:
    who = principal(request)
    with transaction.atomic():
        objective = queries.objective(who.org, objective_id)
        return services.comment_on_objective(objective=objective, by=who.member, body=payload.body)


def _answer(request: HttpRequest, response: HttpResponse, objective_id: int) -> Objective:
    """The objective as it is now, with its new ETag."""
    return tagged(response, queries.objective(principal(request).org, objective_id))


@router.post("/orgs/{org_slug}/objectives/{objective_id}/propose", response=ObjectiveOut)
def propose_objective(
    request: HttpRequest,
    org_slug: str,
    objective_id: int,
    payload: ProposeIn,
    response: HttpResponse,
) -> Objective:
    who = principal(request)
    with transaction.atomic():
        objective = queries.objective_for_update(who.org, objective_id)
        check_if_match(request, objective)
        services.propose_objective(objective=objective, by=who.member, note=payload.note)
    return _answer(request, response, objective_id)


@router.post("/orgs/{org_slug}/objectives/{objective_id}/approve", response=ObjectiveOut)
def approve_objective(
    request: HttpRequest,
    org_slug: str,
    objective_id: int,
    payload: ApproveIn,
    response: HttpResponse,
) -> Objective:
    who = principal(request)
    with transaction.atomic():
        objective = queries.objective_for_update(who.org, objective_id)
        check_if_match(request, objective)
        services.approve_objective(objective=objective, by=who.member, note=payload.note)
    return _answer(request, response, objective_id)


@router.post("/orgs/{org_slug}/objectives/{objective_id}/send-back", response=ObjectiveOut)
def send_back_objective(
    request: HttpRequest,
    org_slug: str,
    objective_id: int,
    payload: SendBackIn,
    response: HttpResponse,
) -> Objective:
    who = principal(request)
    with transaction.atomic():
        objective = queries.objective_for_update(who.org, objective_id)
        check_if_match(request, objective)
        services.send_back_objective(objective=objective, by=who.member, reason=payload.reason)
    return _answer(request, response, objective_id)
