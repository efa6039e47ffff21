"""The check-in session: every key result of a team recorded in one go, or none of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from okrum.core.errors import Conflict, DomainError, Forbidden, Invalid
from okrum.okrs import permissions
from okrum.okrs.models import CheckIn, CheckInSource, Cycle, CycleState, KeyResult
from okrum.okrs.services._common import clean_value
from okrum.okrs.services.check_ins import record_check_in
from okrum.teams.models import Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership

CONFIDENCE = "Confidence is a whole number from 0 to 10."


@dataclass
class CheckInRow:
    """One row of the session's form: a key result and what its owner says about it now."""

    key_result: KeyResult
    value: Any
    confidence: Any
    note: str = ""


def _confidence(raw: Any) -> int | None:
    """A whole number from 0 to 10 (as a number or as text), else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if isinstance(raw, int) and 0 <= raw <= 10:
        return raw
    return None


def _row_errors(row: CheckInRow) -> dict[str, str]:
    """What is wrong with one row, by field; empty when record_check_in would accept it."""
    errors: dict[str, str] = {}
    try:
        value = clean_value(row.value)
    except Invalid as exc:
        errors.update(exc.errors)
    else:
        if row.key_result.kind == "milestone" and value not in (0, 1):
            errors["value"] = "A milestone is either done (1) or not done (0)."
    if _confidence(row.confidence) is None:
        errors["confidence"] = CONFIDENCE
    return errors


def _prefixed(index: int, errors: dict[str, str]) -> dict[str, str]:
    return {f"rows.{index}.{name}": message for name, message in errors.items()}


def _check_all(
    rows: list[CheckInRow], by: Membership, cycle: Cycle, team: Team | None
) -> list[int]:
    """Refuse the whole session before anything is written, naming every bad row; confidences."""
    if not rows:
        raise Invalid({"rows": "Enter at least one key result's value."})
    for index, row in enumerate(rows):
        kr = row.key_result
        cycle = kr.objective.cycle
        if cycle.state not in (CycleState.ACTIVE, CycleState.REVIEW):
            when = "has not started" if cycle.state == CycleState.PLANNING else "is closed"
            raise Conflict(
                f"The cycle {cycle.name} {when}: check-ins are open while it is active or "
                "in review.",
                {f"rows.{index}.value": f"The cycle {when}."},
            )
        if not permissions.may_check_in(by, kr):
            raise Forbidden(
                f"Row {index + 1} ({kr.title}): only the key result's owner, members of its team "
                "and admins may check in."
            )
    errors: dict[str, str] = {}
    seen: set[int] = set()
    named: list[str] = []
    for index, row in enumerate(rows):
        found = _row_errors(row)
        objective = row.key_result.objective
        if objective.cycle_id != cycle.pk or objective.team_id != (team.pk if team else None):
            found["key_result"] = "This key result is not in this check-in session."
        elif row.key_result.pk in seen:
            found["key_result"] = "This key result is already in another row."
        seen.add(row.key_result.pk)
        if found:
            errors.update(_prefixed(index, found))
            named.append(f"row {index + 1} ({row.key_result.title})")
    if errors:
        raise Invalid(errors, f"Nothing was saved. Fix {', '.join(named)}.")
    return [_confidence(row.confidence) or 0 for row in rows]


def record_check_ins(
    *,
    rows: list[CheckInRow],
    by: Membership,
    cycle: Cycle,
    team: Team | None = None,
    source: str = CheckInSource.MANUAL,
) -> list[CheckIn]:
    """One check-in per row, all validated first; the caller's transaction makes it all or none."""
    confidences = _check_all(rows, by, cycle, team)
    recorded = []
    for index, (row, confidence) in enumerate(zip(rows, confidences, strict=True)):
        try:
            check_in = record_check_in(
                key_result=row.key_result,
                by=by,
                value=row.value,
                confidence=confidence,
                note=row.note,
                source=source,
            )
        except DomainError as exc:
            # A refusal found while writing still names its row; the caller rolls back the rest.
            exc.errors = _prefixed(index, exc.errors)
            exc.detail = (
                f"Nothing was saved. Row {index + 1} ({row.key_result.title}): {exc.detail}"
            )
            raise
        recorded.append(check_in)
    audit.record(
        org=cycle.organization,
        actor=by.user,
        action="check_in_session.recorded",
        obj=cycle,
        after={
            "team": team.pk if team else None,
            "check_ins": [c.pk for c in recorded],
            "key_results": [row.key_result.pk for row in rows],
        },
    )
    return recorded
