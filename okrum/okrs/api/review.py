"""JSON handlers of the OKR review: grades, objective scores, the grading summary."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.errors import NotFound
from okrum.core.etag import check_if_match, tagged
from okrum.okrs import queries, services
from okrum.okrs.models import Grade
from okrum.okrs.queries import review as review_queries
from okrum.okrs.schemas.review import AcceptedOut, GradeIn, GradeOut, ReviewOut

router = Router(tags=["okr review"], auth=api_auth())

# The generated route tests read a graded key result for this parameter (tests/routes.py).
GRADE_PATH = "/orgs/{org_slug}/key-results/{graded_key_result_id}/grade"


@router.get("/orgs/{org_slug}/cycles/{cycle_id}/review", response=ReviewOut)
def get_review(request: HttpRequest, org_slug: str, cycle_id: int) -> dict[str, Any]:
    org = principal(request).org
    return ReviewOut.data(review_queries.review(org, queries.cycle(org, cycle_id)))


@router.get(GRADE_PATH, response=GradeOut)
def get_grade(
    request: HttpRequest, response: HttpResponse, org_slug: str, graded_key_result_id: int
) -> Grade:
    found = review_queries.grade(principal(request).org, graded_key_result_id)
    if found is None:
        raise NotFound("This key result has no grade yet.")
    return tagged(response, found)


@router.put(GRADE_PATH, response=GradeOut)
def grade_key_result(
    request: HttpRequest,
    response: HttpResponse,
    org_slug: str,
    graded_key_result_id: int,
    payload: GradeIn,
) -> Grade:
    who = principal(request)
    with transaction.atomic():
        kr = review_queries.key_result_to_grade_for_update(who.org, graded_key_result_id)
        existing = review_queries.grade(who.org, kr.pk)
        if existing is not None:
            check_if_match(request, existing)
        found = services.grade_key_result(
            key_result=kr, by=who.member, score=payload.score, reason=payload.reason
        )
    return tagged(response, found)


@router.post("/orgs/{org_slug}/cycles/{cycle_id}/review/accept-suggestions", response=AcceptedOut)
def accept_suggestions(request: HttpRequest, org_slug: str, cycle_id: int) -> AcceptedOut:
    who = principal(request)
    with transaction.atomic():
        cycle = queries.cycle(who.org, cycle_id)
        accepted = services.accept_suggested_grades(cycle=cycle, by=who.member)
    review = review_queries.review(who.org, cycle)
    return AcceptedOut(accepted=len(accepted), graded=review.graded, total=review.total)
