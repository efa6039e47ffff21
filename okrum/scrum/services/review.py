"""Writes of the sprint review: opening it, and the stakeholders' feedback and the notes."""

from __future__ import annotations

from datetime import timedelta

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.core.time import now
from okrum.scrum.models import Sprint, SprintReview, SprintState
from okrum.teams import queries as teams
from okrum.teams.models import Accountability, Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least

# A closed sprint's review takes late additions for two weeks, then stays as it was written.
EDITABLE_AFTER_CLOSE = timedelta(days=14)
MAX_TEXT = 10_000
REVIEW_FIELDS = ("feedback", "notes")


def may_write_review(membership: Membership, team: Team) -> bool:
    """Admins, and the team's Scrum Team (not its stakeholders), write the review."""
    if role_at_least(membership.role, Role.ADMIN):
        return True
    if not role_at_least(membership.role, Role.MEMBER):
        return False
    seat = teams.seat(team, membership)
    return seat is not None and seat.accountability != Accountability.STAKEHOLDER


def require_review_writer(membership: Membership, team: Team) -> None:
    if not may_write_review(membership, team):
        raise Forbidden(
            f"Only the Scrum Team of {team.name} (or admins) write its sprint review; "
            "stakeholders and viewers read it."
        )


def is_editable(sprint: Sprint) -> bool:
    """Whether the review of `sprint` may still change: while it runs, and 14 days after close."""
    if sprint.state == SprintState.ACTIVE:
        return True
    if sprint.state != SprintState.CLOSED or sprint.closed_at is None:
        return False
    return now() <= sprint.closed_at + EDITABLE_AFTER_CLOSE


def _check_editable(sprint: Sprint) -> None:
    if sprint.state == SprintState.PLANNED:
        raise Invalid(
            {"state": f"{sprint.name} has not started; its review opens once it is active."}
        )
    if not is_editable(sprint):
        raise Conflict(
            f"{sprint.name} closed more than {EDITABLE_AFTER_CLOSE.days} days ago; "
            "its review is kept as it was written."
        )


def open_review(*, sprint: Sprint, by: Membership) -> tuple[SprintReview, bool]:
    """The sprint's review, opened now if it was not yet (True when this call opened it)."""
    require_review_writer(by, sprint.team)
    found = SprintReview.objects.filter(sprint=sprint).first()
    if found is not None:
        return found, False
    _check_editable(sprint)
    review = SprintReview.objects.create(
        organization_id=sprint.organization_id, sprint=sprint, started_by=by.user
    )
    audit.record(
        org=sprint.organization,
        actor=by.user,
        action="sprint_review.opened",
        obj=review,
        after={"sprint": sprint.pk, "started_at": review.started_at.isoformat()},
    )
    return review, True


def _clean(value: str, field: str) -> str:
    cleaned = value.strip()
    if len(cleaned) > MAX_TEXT:
        raise Invalid({field: f"Keep it under {MAX_TEXT:,} characters."})
    return cleaned


def update_review(
    *,
    review: SprintReview,
    by: Membership,
    feedback: str | None = None,
    notes: str | None = None,
) -> SprintReview:
    """Change the feedback and/or the notes (None leaves a field as it is)."""
    sprint = review.sprint
    require_review_writer(by, sprint.team)
    _check_editable(sprint)
    changes = {
        name: _clean(value, name)
        for name, value in (("feedback", feedback), ("notes", notes))
        if value is not None
    }
    before = {name: getattr(review, name) for name in REVIEW_FIELDS}
    for name, value in changes.items():
        setattr(review, name, value)
    after = {name: getattr(review, name) for name in REVIEW_FIELDS}
    if after == before:
        return review
    review.updated_at = now()
    review.version += 1
    review.save()
    audit.record(
        org=sprint.organization,
        actor=by.user,
        action="sprint_review.updated",
        obj=review,
        before=before,
        after=after,
    )
    return review
