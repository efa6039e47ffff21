"""HTML pages of the OKR review: grading."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.okrs import permissions, queries
from okrum.okrs import services as okr_services
from okrum.okrs.forms.review import SCORES, GradeForm
from okrum.okrs.models import Cycle, CycleState
from okrum.okrs.queries import review as review_queries
from okrum.okrs.queries.review import Review
from okrum.teams import queries as teams
from okrum.tenancy.access import may_write, org_of
from okrum.tenancy.roles import Role


def _context(request: HttpRequest, cycle: Cycle, **extra: Any) -> dict[str, Any]:
    """The review of the cycle and what this member may grade in it."""
    org, membership = org_of(request)
    found: Review = review_queries.review(org, cycle)
    grading_open = cycle.state == CycleState.REVIEW and not org.is_read_only
    may_grade: set[int] = set()
    if grading_open and may_write(request):
        team_ids = teams.team_ids_of(membership)
        may_grade = {
            o.objective.pk
            for o in found.objectives
            if permissions.may_edit_objective(membership, o.objective, team_ids=team_ids)
        }
    ungraded_mine = sum(
        1
        for o in found.objectives
        if o.objective.pk in may_grade
        for row in o.key_results
        if not row.graded
    )
    return {
        "cycle": cycle,
        "review": found,
        "grading_open": grading_open,
        "may_grade": may_grade,
        "ungraded_mine": ungraded_mine,
        "scores": SCORES,
        "can_manage": may_write(request, Role.ADMIN),
        **extra,
    }


@require_GET
def review(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    org, _ = org_of(request)
    cycle = queries.cycle(org, cycle_id)
    return render(request, "okrs/review.html", _context(request, cycle))


@require_POST
def grade_key_result(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    """Save one grade; from the page (htmx) the answer is the objective's block and the summary."""
    org, membership = org_of(request)
    kr = review_queries.key_result_to_grade(org, key_result_id)
    cycle = kr.objective.cycle
    form = GradeForm(request.POST, auto_id=f"grade-{kr.pk}-%s")
    status, refused = 422, ""
    if form.is_valid():
        try:
            with transaction.atomic():
                locked = review_queries.key_result_to_grade_for_update(org, kr.pk)
                grade = okr_services.grade_key_result(
                    key_result=locked, by=membership, **form.cleaned_data
                )
        except DomainError as exc:
            add_errors(form, exc)
            # Invalid input shows on the form; any other refusal has no field to sit on.
            status, refused = exc.status, "" if isinstance(exc, Invalid) else exc.detail
        else:
            saved = f"Graded {grade.score}."
            if not is_htmx(request):
                messages.success(request, f"{kr.title}: {saved.lower()}")
                url = reverse("okrs:review", args=[org.slug, cycle.pk])
                return redirect(f"{url}#review-o{kr.objective_id}")
            return _objective_answer(request, cycle, kr.objective_id, saved_for=kr.pk, saved=saved)
    extra = {"error_for": kr.pk, "error_form": form, "refused": refused}
    if is_htmx(request):
        return _objective_answer(request, cycle, kr.objective_id, status=status, **extra)
    return render(request, "okrs/review.html", _context(request, cycle, **extra), status=status)


def _objective_answer(
    request: HttpRequest, cycle: Cycle, objective_id: int, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _context(request, cycle, **extra)
    context["o"] = context["review"].objective(objective_id)
    return render(request, "okrs/_grade_answer.html", context, status=status)


@require_POST
def accept_suggested_grades(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    org, membership = org_of(request)
    cycle = queries.cycle(org, cycle_id)
    try:
        with transaction.atomic():
            accepted = okr_services.accept_suggested_grades(cycle=cycle, by=membership)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        count = len(accepted)
        if count:
            plural = "s" if count != 1 else ""
            messages.success(
                request, f"Accepted the suggested grade of {count} key result{plural}."
            )
        else:
            messages.info(request, "Every key result you may grade already has a grade.")
    return redirect("okrs:review", org_slug=org.slug, cycle_id=cycle.pk)
