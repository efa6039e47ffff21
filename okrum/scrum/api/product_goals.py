"""JSON handlers for a team's product goals."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.etag import check_if_match, tagged
from okrum.core.pagination import Page
from okrum.core.refs import maybe_referenced, referenced
from okrum.core.schemas import Id
from okrum.okrs import queries as okrs_queries
from okrum.scrum import queries, services
from okrum.scrum.models import ProductGoal
from okrum.scrum.schemas import ProductGoalIn, ProductGoalOut, ProductGoalPage, ProductGoalPatch
from okrum.teams import queries as teams_queries

# Members may call every write; the services refuse what their role and teams do not allow (403).
# Operation ids are spelled out: they keep the names clients knew before the API was split.
router = Router(tags=["scrum"], auth=api_auth())


@router.get(
    "/orgs/{org_slug}/product-goals",
    response=ProductGoalPage,
    operation_id="okrum_scrum_api_list_product_goals",
)
def list_product_goals(
    request: HttpRequest,
    org_slug: str,
    team: Id | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[ProductGoal]:
    org = principal(request).org
    chosen = maybe_referenced(teams_queries.team, org, team, "team")
    return queries.product_goals_page(org, chosen, limit=limit, cursor=cursor)


@router.post(
    "/orgs/{org_slug}/product-goals",
    response={201: ProductGoalOut},
    operation_id="okrum_scrum_api_create_product_goal",
)
def create_product_goal(
    request: HttpRequest, org_slug: str, payload: ProductGoalIn, response: HttpResponse
) -> ProductGoal:
    who = principal(request)
    with transaction.atomic():
        team = referenced(teams_queries.team, who.org, payload.team, "team")
        goal = services.create_product_goal(
            team=team,
            by=who.member,
            title=payload.title,
            description=payload.description,
            objective=maybe_referenced(
                okrs_queries.objective, who.org, payload.objective, "objective"
            ),
        )
    return tagged(response, goal)


@router.get(
    "/orgs/{org_slug}/product-goals/{product_goal_id}",
    response=ProductGoalOut,
    operation_id="okrum_scrum_api_get_product_goal",
)
def get_product_goal(
    request: HttpRequest, org_slug: str, product_goal_id: int, response: HttpResponse
) -> ProductGoal:
    goal = queries.product_goal(principal(request).org, product_goal_id)
    return tagged(response, goal)


@router.patch(
    "/orgs/{org_slug}/product-goals/{product_goal_id}",
    response=ProductGoalOut,
    operation_id="okrum_scrum_api_update_product_goal",
)
def update_product_goal(
    request: HttpRequest,
    org_slug: str,
    product_goal_id: int,
    payload: ProductGoalPatch,
    response: HttpResponse,
) -> ProductGoal:
    who = principal(request)
    with transaction.atomic():
        goal = queries.product_goal_for_update(who.org, product_goal_id)
        check_if_match(request, goal)
        changes = payload.model_dump(exclude_unset=True)
        if "objective" in changes:
            changes["objective"] = maybe_referenced(
                okrs_queries.objective, who.org, changes["objective"], "objective"
            )
        goal = services.update_product_goal(goal=goal, by=who.member, **changes)
    return tagged(response, goal)
