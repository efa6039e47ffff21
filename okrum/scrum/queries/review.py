"""Reads of the sprint review: the increment by key result, how far the key results moved.

A review costs the same few queries however many items and key results the sprint holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from okrum.core.errors import NotFound
from okrum.okrs.models import KeyResult
from okrum.scrum.models import (
    BacklogItem,
    ItemEvent,
    ItemStatus,
    Sprint,
    SprintKeyResult,
    SprintReview,
    SprintState,
)
from okrum.scrum.queries import ScopeChange, scope_changes, team_sprint_names
from okrum.tenancy.models import Organization

# The backlog changes a review lists; a review that changes more is rare and links the backlog.
CHANGES_SHOWN = 200
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class KeyResultMove:
    """A key result at the sprint's start and now (or at its close), and the done items on it."""

    key_result: KeyResult
    goal: bool  # one the Sprint Goal serves (its start was stored) or only one items moved
    start_value: Decimal | None
    start_progress: Decimal | None
    start_confidence: int | None
    value: Decimal | None
    progress: Decimal | None
    confidence: int | None
    final: bool  # the values were stored when the sprint closed
    items: list[BacklogItem] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        """The value's change since the start, in the key result's unit."""
        if self.value is None or self.start_value is None:
            return None
        return self.value - self.start_value

    @property
    def progress_points(self) -> Decimal | None:
        """The progress gained since the start, in percentage points (one decimal)."""
        if self.progress is None or self.start_progress is None:
            return None
        return ((self.progress - self.start_progress) * HUNDRED).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ReviewData:
    """Everything the sprint review shows of one sprint."""

    sprint: Sprint
    review: SprintReview | None
    key_results: list[KeyResultMove]  # the Sprint Goal's, in objective order
    other_key_results: list[KeyResultMove]  # moved by done items, not served by the goal
    unlinked: list[BacklogItem]  # done items linked to no key result
    done_items: list[BacklogItem]
    done_points: Decimal
    scope: list[ScopeChange]
    changes: list[ItemEvent]  # backlog changes since the review opened (until the close)
    more_changes: bool
    sprint_names: dict[str, str]

    @property
    def added(self) -> list[ScopeChange]:
        return [c for c in self.scope if c.added]

    @property
    def removed(self) -> list[ScopeChange]:
        return [c for c in self.scope if not c.added]

    @property
    def increment(self) -> list[KeyResultMove]:
        """Key results with done items on them: the goal's first, then the others."""
        return [m for m in [*self.key_results, *self.other_key_results] if m.items]


def _ordered_krs() -> QuerySet[KeyResult]:
    rows = KeyResult.objects.select_related("objective__team", "owner__user")
    return rows.order_by("objective_id", "position", "id")


def _goal_rows(org: Organization, sprint: Sprint) -> QuerySet[SprintKeyResult]:
    rows = SprintKeyResult.objects.for_org(org).filter(sprint=sprint)
    rows = rows.select_related(
        "key_result__objective__cycle", "key_result__objective__team", "key_result__owner__user"
    )
    return rows.order_by("key_result__objective_id", "key_result__position", "key_result_id")


def _move(row: SprintKeyResult, sprint: Sprint) -> KeyResultMove:
    kr = row.key_result
    # Closed: the values stored at the close, so later check-ins do not rewrite the record.
    if sprint.state == SprintState.CLOSED and row.end_progress is not None:
        value, progress, confidence = row.end_value, row.end_progress, row.end_confidence
    else:
        value = kr.current_value if kr.current_value is not None else kr.start_value
        progress, confidence = kr.progress, kr.confidence
    return KeyResultMove(
        key_result=kr,
        goal=True,
        start_value=row.start_value,
        start_progress=row.start_progress,
        start_confidence=row.start_confidence,
        value=value,
        progress=progress,
        confidence=confidence,
        final=sprint.state == SprintState.CLOSED and row.end_progress is not None,
    )


def _live(kr: KeyResult) -> KeyResultMove:
    """A key result the goal does not serve: no value was stored at the start, only now's."""
    return KeyResultMove(
        key_result=kr,
        goal=False,
        start_value=None,
        start_progress=None,
        start_confidence=None,
        value=kr.current_value if kr.current_value is not None else kr.start_value,
        progress=kr.progress,
        confidence=kr.confidence,
        final=False,
    )


def _done_items(org: Organization, sprint: Sprint) -> list[BacklogItem]:
    rows = BacklogItem.objects.for_org(org).filter(sprint=sprint, status=ItemStatus.DONE)
    rows = rows.select_related("team", "assignee__user").prefetch_related(
        Prefetch("key_results", queryset=_ordered_krs())
    )
    return list(rows.order_by("rank", "id"))


def _changes(
    org: Organization, sprint: Sprint, review: SprintReview | None
) -> tuple[list[ItemEvent], bool]:
    """The team's item events since the review opened, and whether more than shown happened."""
    if review is None:
        return [], False
    rows = ItemEvent.objects.for_org(org).filter(
        item__team_id=sprint.team_id, at__gte=review.started_at
    )
    if sprint.closed_at is not None:
        rows = rows.filter(at__lt=sprint.closed_at)  # the close's carry-over is no review change
    rows = rows.select_related("item__team", "actor").order_by("at", "id")
    found = list(rows[: CHANGES_SHOWN + 1])
    return found[:CHANGES_SHOWN], len(found) > CHANGES_SHOWN


def review_of(org: Organization, sprint: Sprint) -> SprintReview | None:
    rows = SprintReview.objects.for_org(org).filter(sprint=sprint)
    return rows.select_related("started_by").first()


def review_for_update(org: Organization, sprint: Sprint) -> SprintReview | None:
    """The sprint's review, its row locked until the transaction ends."""
    rows = SprintReview.objects.for_org(org).filter(sprint=sprint)
    found = rows.select_for_update(of=("self",)).select_related(
        "sprint__team", "sprint__organization"
    )
    return found.first()


def review_data(org: Organization, sprint: Sprint) -> ReviewData:
    """The review of `sprint` (with `team` loaded): seven queries whatever its size."""
    review = review_of(org, sprint)
    goal = [_move(row, sprint) for row in _goal_rows(org, sprint)]
    by_kr = {move.key_result.pk: move for move in goal}
    others: dict[int, KeyResultMove] = {}
    unlinked = []
    done = _done_items(org, sprint)
    for item in done:
        linked = list(item.key_results.all())
        if not linked:
            unlinked.append(item)
        # An item that serves two key results counts in the increment of both.
        for kr in linked:
            move = by_kr.get(kr.pk) or others.setdefault(kr.pk, _live(kr))
            move.items.append(item)
    changes, more = _changes(org, sprint, review)
    if sprint.state == SprintState.CLOSED and sprint.done_points is not None:
        done_points = sprint.done_points
    else:
        done_points = sum((i.estimate or Decimal(0) for i in done), Decimal(0))
    return ReviewData(
        sprint=sprint,
        review=review,
        key_results=goal,
        other_key_results=list(others.values()),
        unlinked=unlinked,
        done_items=done,
        done_points=done_points,
        scope=scope_changes(sprint),
        changes=changes,
        more_changes=more,
        sprint_names=team_sprint_names(sprint.team),
    )


def goal_key_result(org: Organization, sprint: Sprint, key_result_id: int) -> KeyResultMove:
    """One key result of the Sprint Goal as the review shows it (404 for any other)."""
    found = _goal_rows(org, sprint).filter(key_result_id=key_result_id).first()
    if found is None:
        raise NotFound("No such key result in this sprint's goal.")
    return _move(found, sprint)
