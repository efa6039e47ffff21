"""HTML pages of the sprint review: the increment, how far the key results moved, then close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.okrs import permissions as okr_permissions
from okrum.okrs import queries as okrs
from okrum.okrs import services as okr_services
from okrum.okrs.forms import CheckInForm
from okrum.scrum import forms, queries
from okrum.scrum.forms.review import ReviewForm
from okrum.scrum.models import ItemEvent, ItemField, Sprint, SprintState
from okrum.scrum.permissions import may_work_on
from okrum.scrum.queries import review as review_queries
from okrum.scrum.queries.review import KeyResultMove
from okrum.scrum.services import review as review_services
from okrum.scrum.views._common import (
    close_from_form,
    create_top_item,
    event_value,
    new_item_form,
)
from okrum.teams import queries as teams
from okrum.tenancy.access import org_of

FIELD_WORDS: dict[str, str] = {
    ItemField.CREATED: "Added to the backlog as",
    ItemField.STATUS: "Status",
    ItemField.ESTIMATE: "Estimate",
    ItemField.SPRINT: "Sprint",
    ItemField.RANK: "Moved in the backlog order",
}


@dataclass(frozen=True)
class BacklogChange:
    """One backlog change made during the review, as people read it."""

    event: ItemEvent
    what: str
    before: str
    after: str


def _described(events: list[ItemEvent], names: dict[str, str], scale: str) -> list[BacklogChange]:
    def say(field: str, value: str) -> str:
        return event_value(field, value, sprint_names=names, scale=scale)

    rows = []
    for e in events:
        before = (
            "" if e.field in (ItemField.CREATED, ItemField.RANK) else say(e.field, e.from_value)
        )
        rows.append(
            BacklogChange(e, FIELD_WORDS.get(e.field, e.field), before, say(e.field, e.to_value))
        )
    return rows


def _team_writable(request: HttpRequest, sprint: Sprint) -> bool:
    org, membership = org_of(request)
    return not org.is_read_only and may_work_on(membership, sprint.team)


def _close_form(sprint: Sprint, data: Any = None) -> forms.CloseSprintForm:
    """The sprint page's close form: the same choices, checked by the same service."""
    planned = [s for s in queries.planned_sprints(sprint.team) if s.pk != sprint.pk]
    unfinished = [i for i in queries.sprint_items(sprint) if i.is_open]
    return forms.CloseSprintForm(data, planned=planned, unfinished=unfinished)


def _check_in_rows(request: HttpRequest, moves: list[KeyResultMove]) -> set[int]:
    """The goal key results this member may check in from the review."""
    _, membership = org_of(request)
    mine = teams.team_ids_of(membership)
    return {
        m.key_result.pk
        for m in moves
        if okr_permissions.may_check_in(membership, m.key_result, team_ids=mine)
    }


def _page(
    request: HttpRequest,
    sprint: Sprint,
    *,
    review_form: ReviewForm | None = None,
    item_form: forms.NewItemForm | None = None,
    close_form: forms.CloseSprintForm | None = None,
    status: int = 200,
) -> HttpResponse:
    org, membership = org_of(request)
    data = review_queries.review_data(org, sprint)
    writes = not org.is_read_only and review_services.may_write_review(membership, sprint.team)
    team_writes = _team_writable(request, sprint)
    active = sprint.state == SprintState.ACTIVE
    editable = writes and review_services.is_editable(sprint)
    if review_form is None and data.review is not None:
        review_form = ReviewForm(
            initial={"feedback": data.review.feedback, "notes": data.review.notes}
        )
    scale = queries.backlog(sprint.team).estimate_scale
    context = {
        "sprint": sprint,
        "team": sprint.team,
        "data": data,
        "review": data.review,
        "scale": scale,
        "changes": _described(data.changes, data.sprint_names, scale),
        "may_open": editable and data.review is None,
        "editable": editable and data.review is not None,
        "review_form": review_form,
        "may_check_in": _check_in_rows(request, data.key_results)
        if active and not org.is_read_only
        else set(),
        "item_form": item_form
        or (
            new_item_form(sprint.team, auto_id="review-item-%s") if team_writes and active else None
        ),
        "close_form": close_form or (_close_form(sprint) if team_writes and active else None),
        "editable_until": (
            sprint.closed_at + review_services.EDITABLE_AFTER_CLOSE if sprint.closed_at else None
        ),
    }
    return render(request, "scrum/review.html", context, status=status)


@require_GET
def review(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """The sprint review; kept readable after the sprint closes."""
    org, _ = org_of(request)
    return _page(request, queries.sprint(org, sprint_id))


@require_POST
def open_review(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    try:
        with transaction.atomic():
            locked = queries.sprint_for_update(org, found.pk)
            review_services.open_review(sprint=locked, by=membership)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, "Review started: backlog changes are listed from now on.")
    return redirect("scrum:review", org_slug=org.slug, sprint_id=found.pk)


@require_POST
def save_review(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """The feedback and notes; the review is opened first if nobody opened it yet."""
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    form = ReviewForm(request.POST)
    refused: DomainError | None = None
    if form.is_valid():
        try:
            with transaction.atomic():
                locked = queries.sprint_for_update(org, found.pk)
                review_services.open_review(sprint=locked, by=membership)
                record = review_queries.review_for_update(org, locked)
                assert record is not None
                review_services.update_review(review=record, by=membership, **form.cleaned_data)
        except DomainError as exc:
            refused = exc
            if any(name in form.fields for name in exc.errors):
                add_errors(form, exc)
            else:
                # The form may not be on the page any more (a closed review): say it on top.
                messages.error(request, exc.detail)
        else:
            messages.success(request, "Feedback and notes saved.")
            return redirect("scrum:review", org_slug=org.slug, sprint_id=found.pk)
    status = refused.status if refused is not None else 422
    return _page(request, found, review_form=form, status=status)


@require_POST
def review_check_in(
    request: HttpRequest, org_slug: str, sprint_id: int, key_result_id: int
) -> HttpResponse:
    """An inline check-in of a goal key result; htmx gets the row back with its new change."""
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    review_queries.goal_key_result(org, found, key_result_id)  # 404 unless the goal serves it
    form = CheckInForm(request.POST, auto_id=f"ci{key_result_id}-%s")
    status, refused, saved = 422, "", ""
    if form.is_valid():
        try:
            with transaction.atomic():
                kr = okrs.key_result_for_update(org, key_result_id)
                okr_services.record_check_in(key_result=kr, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
            # Invalid input shows on its field; any other refusal has no field to sit on.
            status, refused = exc.status, "" if isinstance(exc, Invalid) else exc.detail
        else:
            status, saved = 200, "Check-in saved."
            form = CheckInForm(auto_id=f"ci{key_result_id}-%s")
    if not is_htmx(request):
        if saved:
            messages.success(request, saved)
        else:
            messages.error(request, refused or "Check-in not saved: " + _errors(form))
        return redirect("scrum:review", org_slug=org.slug, sprint_id=found.pk)
    move = review_queries.goal_key_result(org, found, key_result_id)
    context = {
        "move": move,
        "sprint": found,
        "may_check_in": _check_in_rows(request, [move]),
        "form": form,
        "saved": saved,
        "refused": refused,
    }
    return render(request, "scrum/_review_kr_row.html", context, status=status)


def _errors(form: CheckInForm) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
def review_new_item(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """A backlog item made during the review, at the top of the product backlog."""
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    form = new_item_form(found.team, request.POST, auto_id="review-item-%s")
    created, refused = create_top_item(form, found.team, membership)
    if created is None:
        status = refused.status if refused is not None else 422
        return _page(request, found, item_form=form, status=status)
    messages.success(request, f"{created.key} added to the top of the product backlog.")
    return redirect("scrum:review", org_slug=org.slug, sprint_id=found.pk)


@require_POST
def review_close(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """Close the sprint from its review, with the same carry-over choice as the sprint page."""
    org, membership = org_of(request)
    found = queries.sprint(org, sprint_id)
    form = _close_form(found, request.POST)
    closed, refused = close_from_form(form, found, membership)
    if closed:
        messages.success(request, f"{found.name} closed. Its review stays here to read.")
        return redirect("scrum:review", org_slug=org.slug, sprint_id=found.pk)
    status = refused.status if refused is not None else 422
    return _page(request, found, close_form=form, status=status)
