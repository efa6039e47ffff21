"""JSON handlers of the sprint review: the increment, key-result movement, feedback."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from okrum.accounts.auth import api_auth, principal
from okrum.core.errors import NotFound
from okrum.core.etag import check_if_match, tagged
from okrum.scrum import queries
from okrum.scrum.models import Sprint
from okrum.scrum.queries import review as review_queries
from okrum.scrum.schemas.review import ReviewOut, ReviewPatch, review_out
from okrum.scrum.services import review as review_services
from okrum.tenancy.models import Organization

router = Router(tags=["sprint review"], auth=api_auth())

PATH = "/orgs/{org_slug}/sprints/{sprint_id}/review"


def _answer(org: Organization, sprint: Sprint, response: HttpResponse) -> dict[str, Any]:
    """The whole review; its ETag names the written record once there is one."""
    data = review_queries.review_data(org, sprint)
    if data.review is not None:
        tagged(response, data.review)
    return review_out(data)


@router.get(PATH, response=ReviewOut)
def get_review(
    request: HttpRequest, org_slug: str, sprint_id: int, response: HttpResponse
) -> dict[str, Any]:
    """Any sprint's review; before it is opened `review` is null and the rest reads live."""
    org = principal(request).org
    return _answer(org, queries.sprint(org, sprint_id), response)


@router.post(PATH, response={200: ReviewOut, 201: ReviewOut})
def open_review(
    request: HttpRequest, org_slug: str, sprint_id: int, response: HttpResponse
) -> Status[dict[str, Any]]:
    """Open the review of an active (or recently closed) sprint: 201, or 200 if already open."""
    who = principal(request)
    with transaction.atomic():
        sprint = queries.sprint_for_update(who.org, sprint_id)
        _, created = review_services.open_review(sprint=sprint, by=who.member)
    return Status(
        201 if created else 200, _answer(who.org, queries.sprint(who.org, sprint_id), response)
    )


@router.patch(PATH, response=ReviewOut)
def update_review(
    request: HttpRequest,
    org_slug: str,
    sprint_id: int,
    payload: ReviewPatch,
    response: HttpResponse,
) -> dict[str, Any]:
    """Change the feedback and/or notes; a stale If-Match answers 412."""
    who = principal(request)
    with transaction.atomic():
        sprint = queries.sprint(who.org, sprint_id)
        review = review_queries.review_for_update(who.org, sprint)
        if review is None:
            raise NotFound("No review yet: open it with POST first.")
        check_if_match(request, review)
        review_services.update_review(
            review=review, by=who.member, **payload.model_dump(exclude_unset=True)
        )
    return _answer(who.org, sprint, response)
