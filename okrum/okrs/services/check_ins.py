"""Recording check-ins: the one write that moves key results and objectives."""

from __future__ import annotations

from typing import Any

from okrum.core.errors import Conflict, Invalid
from okrum.okrs import permissions, progress
from okrum.okrs.models import CheckIn, CheckInSource, CycleState, KeyResult
from okrum.okrs.services._common import clean_value
from okrum.tenancy import audit
from okrum.tenancy.models import Membership


def record_check_in(
    *,
    key_result: KeyResult,
    by: Membership,
    value: Any,
    confidence: int,
    note: str = "",
    source: str = CheckInSource.MANUAL,
) -> CheckIn:
    """A new value for a key result; its progress and its objectives' follow at once."""
    cycle = key_result.objective.cycle
    if cycle.state == CycleState.PLANNING:
        raise Conflict(
            f"The cycle {cycle.name} has not started; check-ins open when it is active.",
            {"value": "The cycle is still in planning."},
        )
    if cycle.state == CycleState.CLOSED:
        raise Conflict(
            f"The cycle {cycle.name} is closed; its check-ins can no longer change.",
            {"value": "The cycle is closed."},
        )
    permissions.require_check_in(by, key_result)
    number = clean_value(value)
    errors: dict[str, str] = {}
    if key_result.kind == "milestone" and number not in (0, 1):
        errors["value"] = "A milestone is either done (1) or not done (0)."
    if not isinstance(confidence, int) or isinstance(confidence, bool) or not 0 <= confidence <= 10:
        errors["confidence"] = "Confidence is a whole number from 0 to 10."
    if source not in CheckInSource.values:
        errors["source"] = f"Choose one of: {', '.join(CheckInSource.values)}."
    if errors:
        raise Invalid(errors)
    check_in = CheckIn.objects.create(
        organization=key_result.organization,
        key_result=key_result,
        value=number,
        confidence=confidence,
        note=note.strip(),
        author=by.user,
        source=source,
    )
    if key_result.measures_baseline and key_result.start_value is None:
        key_result.start_value = number
    key_result.confidence = confidence
    key_result.last_check_in_at = check_in.created_at
    progress.refresh_key_result(
        key_result, also_save=["start_value", "confidence", "last_check_in_at"]
    )
    progress.refresh_objective_chain(key_result.objective)
    audit.record(
        org=key_result.organization,
        actor=by.user,
        action="check_in.created",
        obj=check_in,
        after={
            "key_result": key_result.pk,
            "value": str(number),
            "confidence": confidence,
            "source": source,
        },
    )
    return check_in
