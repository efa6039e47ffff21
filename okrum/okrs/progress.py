"""Materialized progress: a key result's numbers, then its objective's and the ancestors'."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from okrum.core.time import today
from okrum.okrs import scoring
from okrum.okrs.models import CheckIn, KeyResult, Objective


def definition_of(kr: KeyResult) -> scoring.Definition:
    return scoring.Definition(
        kind=scoring.Kind(kr.kind),
        start=kr.start_value,
        target=kr.target_value,
        low=kr.low_value,
        high=kr.high_value,
    )


def expected(objective: Objective) -> Decimal:
    cycle = objective.cycle
    return scoring.expected_progress(today(), cycle.starts_on, cycle.ends_on)


def refresh_key_result(kr: KeyResult, also_save: Sequence[str] = ()) -> None:
    """Recompute current value, progress and status from the key result's check-ins."""
    values = list(
        CheckIn.objects.filter(key_result=kr)
        .order_by("created_at", "id")
        .values_list("value", flat=True)
    )
    kr.check_in_count = len(values)
    kr.current_value = values[-1] if values else None
    kr.progress = scoring.progress(definition_of(kr), values)
    kr.status = scoring.status(kr.progress, expected(kr.objective), has_data=bool(values))
    fields = ["check_in_count", "current_value", "progress", "status", *also_save]
    kr.save(update_fields=fields)


def refresh_objective_chain(objective: Objective) -> None:
    """Roll progress up from `objective` through its parents (only those rows change)."""
    seen: set[int] = set()
    node: Objective | None = objective
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        krs = list(
            KeyResult.objects.filter(objective=node).values_list(
                "progress", "weight", "check_in_count"
            )
        )
        children = list(Objective.objects.filter(parent=node).values_list("progress", "has_data"))
        mode = scoring.RollUp(node.roll_up)
        node.progress = scoring.roll_up(
            mode,
            [scoring.Weighted(p, w, n > 0) for p, w, n in krs],
            [p for p, _ in children],
        )
        uses_krs = mode in (scoring.RollUp.KEY_RESULTS, scoring.RollUp.BOTH)
        uses_children = mode in (scoring.RollUp.CHILDREN, scoring.RollUp.BOTH)
        node.has_data = (uses_krs and any(n > 0 for _, _, n in krs)) or (
            uses_children and any(d for _, d in children)
        )
        node.save(update_fields=["progress", "has_data"])
        node = node.parent


def key_result_status(kr: KeyResult) -> scoring.Status:
    """Status as of today (the stored one was right on the day of the last check-in)."""
    return scoring.status(kr.progress, expected(kr.objective), has_data=kr.check_in_count > 0)


def objective_status(objective: Objective) -> scoring.Status:
    return scoring.status(objective.progress, expected(objective), has_data=objective.has_data)
