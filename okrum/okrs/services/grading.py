"""Grading at the OKR review: a score per key result, the suggestion accepted or overridden."""

from __future__ import annotations

from typing import Any

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.core.time import now
from okrum.okrs import grading, permissions, scoring
from okrum.okrs.models import Cycle, CycleState, Grade, KeyResult
from okrum.teams import queries as teams
from okrum.tenancy import audit
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least

_SNAPSHOT = ("suggested", "score", "reason")


def require_review(cycle: Cycle) -> None:
    """Grades change only while the cycle is in review; a closed cycle keeps them as they were."""
    if cycle.state == CycleState.REVIEW:
        return
    if cycle.state == CycleState.CLOSED:
        raise Conflict(f"The cycle {cycle.name} is closed: its grades are read-only.")
    raise Conflict(
        f"The cycle {cycle.name} is {cycle.state}: grading opens when it moves to review."
    )


def _snapshot(grade: Grade) -> dict[str, Any]:
    return {
        "key_result": grade.key_result_id,
        **{name: str(getattr(grade, name)) for name in _SNAPSHOT},
    }


def _existing(key_result: KeyResult) -> Grade | None:
    try:
        return key_result.grade
    except Grade.DoesNotExist:
        return None


def grade_key_result(
    *, key_result: KeyResult, by: Membership, score: Any, reason: str = ""
) -> Grade:
    """Grade (or regrade) a key result; a score other than the suggested one needs a reason."""
    objective = key_result.objective
    require_review(objective.cycle)
    if not permissions.may_edit_objective(by, objective):
        raise Forbidden(
            "Only owners and admins grade company objectives."
            if objective.team_id is None
            else "Only members of the objective's team (or admins) may grade it."
        )
    return _write(key_result=key_result, by=by, score=score, reason=reason)


def _write(*, key_result: KeyResult, by: Membership, score: Any, reason: str) -> Grade:
    try:
        value = grading.clean_score(score)
    except scoring.ScoringError as exc:
        raise Invalid({exc.field: exc.message}) from exc
    suggested = scoring.suggested_grade(key_result.progress)
    reason = (reason or "").strip()
    if value != suggested and not reason:
        raise Invalid(
            {
                "reason": f"Say why the grade differs from the suggested {suggested} "
                f"(progress {key_result.progress * 100:.0f}%)."
            }
        )
    grade = _existing(key_result)
    before = _snapshot(grade) if grade is not None else None
    if grade is None:
        grade = Grade(organization=key_result.organization, key_result=key_result, version=0)
    grade.suggested, grade.score, grade.reason = suggested, value, reason
    grade.graded_by, grade.graded_at = by.user, now()
    grade.version += 1
    grade.save()
    audit.record(
        org=key_result.organization,
        actor=by.user,
        action="grade.updated" if before else "grade.created",
        obj=grade,
        before=before,
        after=_snapshot(grade),
    )
    return grade


def accept_suggested_grades(*, cycle: Cycle, by: Membership) -> list[Grade]:
    """Grade each ungraded key result the member may grade with its suggestion (one click)."""
    require_review(cycle)
    if not role_at_least(by.role, Role.MEMBER):
        raise Forbidden("Only members of a team and admins grade key results.")
    team_ids = teams.team_ids_of(by)
    ungraded = (
        KeyResult.objects.for_org(cycle.organization)
        .filter(objective__cycle=cycle, grade__isnull=True)
        .select_related("objective", "organization")
        .order_by("objective_id", "position", "id")
    )
    graded: list[Grade] = []
    for kr in ungraded:
        if permissions.may_edit_objective(by, kr.objective, team_ids=team_ids):
            suggestion = scoring.suggested_grade(kr.progress)
            graded.append(_write(key_result=kr, by=by, score=suggestion, reason=""))
    return graded
