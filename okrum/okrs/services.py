"""Writes of the OKR domain; each audited, each leaving the commit to its caller."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from okrum.core.errors import Conflict, Invalid
from okrum.okrs import permissions, progress, scoring
from okrum.okrs.models import (
    KR_KINDS,
    ROLL_UPS,
    Cadence,
    CheckIn,
    CheckInSource,
    Cycle,
    CycleState,
    Goal,
    GoalKind,
    KeyResult,
    Objective,
    ObjectiveKind,
    ObjectiveStatus,
)
from okrum.teams.models import Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership, Organization

MAX_ABS_VALUE = Decimal("1e15")
FOUR_PLACES = Decimal("0.0001")
DEFINITION_FIELDS = ("start_value", "target_value", "low_value", "high_value")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _snapshot(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in names}


def _text(value: str, field: str, *, required: bool, limit: int) -> str:
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise Invalid({field: "This cannot be empty."})
    if len(cleaned) > limit:
        raise Invalid({field: f"Keep it under {limit} characters."})
    return cleaned


def _same_org(org: Organization, field: str, *objects: Any) -> None:
    for obj in objects:
        if obj is not None and obj.organization_id != org.pk:
            raise Invalid({field: "Not found in this organization."})


def clean_value(raw: Any, field: str = "value") -> Decimal:
    """A finite decimal within range, rounded to the four places that are stored."""
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid({field: "Enter a number."}) from exc
    if not value.is_finite():
        raise Invalid({field: "Enter a number."})
    if abs(value) >= MAX_ABS_VALUE:
        raise Invalid({field: "This number is too large."})
    return value.quantize(FOUR_PLACES)


# Goals ------------------------------------------------------------------------------------


def create_goal(
    *,
    org: Organization,
    by: Membership,
    kind: str,
    title: str,
    description: str = "",
    parent: Goal | None = None,
) -> Goal:
    permissions.require_admin(by, "goals")
    goal = Goal(organization=org)
    _apply_goal(goal, kind=kind, title=title, description=description, parent=parent)
    goal.save()
    audit.record(
        org=org,
        actor=by.user,
        action="goal.created",
        obj=goal,
        after=_snapshot(goal, ["kind", "title", "parent"]),
    )
    return goal


def update_goal(
    *, goal: Goal, by: Membership, title: str, description: str = "", parent: Goal | None = None
) -> Goal:
    permissions.require_admin(by, "goals")
    before = _snapshot(goal, ["title", "description", "parent"])
    _apply_goal(goal, kind=goal.kind, title=title, description=description, parent=parent)
    goal.version += 1
    goal.save()
    audit.record(
        org=goal.organization,
        actor=by.user,
        action="goal.updated",
        obj=goal,
        before=before,
        after=_snapshot(goal, ["title", "description", "parent"]),
    )
    return goal


def _apply_goal(
    goal: Goal, *, kind: str, title: str, description: str, parent: Goal | None
) -> None:
    if kind not in GoalKind.values:
        raise Invalid({"kind": "Choose vision or focus."})
    _same_org(goal.organization, "parent", parent)
    if parent is not None and (kind != GoalKind.FOCUS or parent.kind != GoalKind.VISION):
        raise Invalid({"parent": "Only a focus can sit under a goal, and only under a vision."})
    goal.kind = kind
    goal.title = _text(title, "title", required=True, limit=200)
    goal.description = description.strip()
    goal.parent = parent


# Cycles -----------------------------------------------------------------------------------

_NEXT_STATES = {
    CycleState.PLANNING: {CycleState.ACTIVE},
    CycleState.ACTIVE: {CycleState.REVIEW},
    CycleState.REVIEW: {CycleState.CLOSED, CycleState.ACTIVE},
    CycleState.CLOSED: set(),
}


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on <= starts_on:
        raise Invalid({"ends_on": "The cycle must end after it starts."})
    if (ends_on - starts_on).days > 366:
        raise Invalid({"ends_on": "A cycle lasts at most a year (usually a quarter)."})


def create_cycle(
    *,
    org: Organization,
    by: Membership,
    name: str,
    starts_on: date,
    ends_on: date,
    cadence: str = Cadence.WEEKLY,
) -> Cycle:
    permissions.require_admin(by, "cycles")
    _check_dates(starts_on, ends_on)
    if cadence not in Cadence.values:
        raise Invalid({"cadence": f"Choose one of: {', '.join(Cadence.values)}."})
    cycle = Cycle.objects.create(
        organization=org,
        name=_text(name, "name", required=True, limit=80),
        starts_on=starts_on,
        ends_on=ends_on,
        cadence=cadence,
    )
    audit.record(
        org=org,
        actor=by.user,
        action="cycle.created",
        obj=cycle,
        after=_snapshot(cycle, ["name", "starts_on", "ends_on", "cadence", "state"]),
    )
    return cycle


def update_cycle(
    *,
    cycle: Cycle,
    by: Membership,
    name: str,
    starts_on: date,
    ends_on: date,
    cadence: str,
    planning_notes: str = "",
) -> Cycle:
    permissions.require_admin(by, "cycles")
    _require_open(cycle)
    _check_dates(starts_on, ends_on)
    if cadence not in Cadence.values:
        raise Invalid({"cadence": f"Choose one of: {', '.join(Cadence.values)}."})
    names = ["name", "starts_on", "ends_on", "cadence", "planning_notes"]
    before = _snapshot(cycle, names)
    cycle.name = _text(name, "name", required=True, limit=80)
    cycle.starts_on, cycle.ends_on, cycle.cadence = starts_on, ends_on, cadence
    cycle.planning_notes = planning_notes.strip()
    cycle.version += 1
    cycle.save()
    audit.record(
        org=cycle.organization,
        actor=by.user,
        action="cycle.updated",
        obj=cycle,
        before=before,
        after=_snapshot(cycle, names),
    )
    return cycle


def change_cycle_state(*, cycle: Cycle, by: Membership, state: str) -> Cycle:
    """Move along planning → active → review → closed (review may go back to active)."""
    permissions.require_admin(by, "cycles")
    if state not in CycleState.values:
        raise Invalid({"state": f"Choose one of: {', '.join(CycleState.values)}."})
    current = CycleState(cycle.state)
    if state not in _NEXT_STATES[current]:
        allowed = ", ".join(sorted(_NEXT_STATES[current])) or "nothing (it is closed)"
        raise Conflict(
            f"A cycle in {current} cannot move to {state}; it can move to {allowed}.",
            {"state": f"Not allowed from {current}."},
        )
    cycle.state = state
    cycle.version += 1
    cycle.save(update_fields=["state", "version"])
    if state == CycleState.CLOSED:
        Objective.objects.filter(cycle=cycle).exclude(status=ObjectiveStatus.CLOSED).update(
            status=ObjectiveStatus.CLOSED
        )
    audit.record(
        org=cycle.organization,
        actor=by.user,
        action="cycle.state_changed",
        obj=cycle,
        before={"state": current.value},
        after={"state": state},
    )
    return cycle


def _require_open(cycle: Cycle) -> None:
    if cycle.state == CycleState.CLOSED:
        raise Conflict(f"The cycle {cycle.name} is closed: its OKRs are read-only.")


# Objectives -------------------------------------------------------------------------------

_OBJECTIVE_STATUS_MOVES = {
    ObjectiveStatus.DRAFT: {ObjectiveStatus.PROPOSED, ObjectiveStatus.PUBLISHED},
    ObjectiveStatus.PROPOSED: {ObjectiveStatus.DRAFT, ObjectiveStatus.PUBLISHED},
    ObjectiveStatus.PUBLISHED: {ObjectiveStatus.CLOSED, ObjectiveStatus.DRAFT},
    ObjectiveStatus.CLOSED: {ObjectiveStatus.PUBLISHED},
}
OBJECTIVE_FIELDS = [
    "title",
    "description",
    "team",
    "goal",
    "parent",
    "kind",
    "status",
    "roll_up",
    "owner",
]


@dataclass
class KeyResultSpec:
    """What defines a key result; used to create one and to change one."""

    title: str
    kind: str
    unit: str = ""
    start_value: Decimal | None = None
    target_value: Decimal | None = None
    low_value: Decimal | None = None
    high_value: Decimal | None = None
    weight: Decimal = Decimal(1)
    owner: Membership | None = None


def _check_parent(objective: Objective, parent: Objective | None) -> None:
    if parent is None:
        return
    _same_org(objective.organization, "parent", parent)
    if parent.cycle_id != objective.cycle_id:
        raise Invalid({"parent": "The parent objective must be in the same cycle."})
    node: Objective | None = parent
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if objective.pk is not None and node.pk == objective.pk:
            raise Invalid({"parent": "This parent would make a loop of objectives."})
        seen.add(node.pk)
        node = node.parent


def _apply_objective(objective: Objective, changes: dict[str, Any]) -> None:
    org = objective.organization
    if "title" in changes:
        objective.title = _text(changes["title"], "title", required=True, limit=200)
    if "description" in changes:
        objective.description = (changes["description"] or "").strip()
    for field in ("team", "goal", "owner"):
        if field in changes:
            _same_org(org, field, changes[field])
            setattr(objective, field, changes[field])
    if "kind" in changes:
        if changes["kind"] not in ObjectiveKind.values:
            raise Invalid({"kind": "Choose committed or aspirational."})
        objective.kind = changes["kind"]
    if "roll_up" in changes:
        if changes["roll_up"] not in dict(ROLL_UPS):
            raise Invalid({"roll_up": "Choose key_results, children or both."})
        objective.roll_up = changes["roll_up"]
    if "parent" in changes:
        _check_parent(objective, changes["parent"])
        objective.parent = changes["parent"]
    if "status" in changes and changes["status"] != objective.status:
        target = changes["status"]
        if target not in ObjectiveStatus.values:
            raise Invalid({"status": f"Choose one of: {', '.join(ObjectiveStatus.values)}."})
        if target not in _OBJECTIVE_STATUS_MOVES[ObjectiveStatus(objective.status)]:
            raise Invalid({"status": f"An objective in {objective.status} cannot become {target}."})
        objective.status = target


def create_objective(
    *,
    cycle: Cycle,
    by: Membership,
    title: str,
    team: Team | None = None,
    key_results: Sequence[KeyResultSpec] = (),
    **changes: Any,
) -> Objective:
    """An objective with its key results, all valid or none written."""
    _require_open(cycle)
    objective = Objective(organization=cycle.organization, cycle=cycle, team=team)
    _same_org(cycle.organization, "team", team)
    permissions.require_objective_editor(by, objective)
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise Invalid({next(iter(unknown)): "Unknown field."})
    _apply_objective(objective, {"title": title, **changes})
    specs = [_validated_spec(objective, spec, index) for index, spec in enumerate(key_results)]
    if objective.roll_up != "children":
        _check_weights([s.weight for s in specs])
    objective.save()
    audit.record(
        org=cycle.organization,
        actor=by.user,
        action="objective.created",
        obj=objective,
        after=_snapshot(objective, OBJECTIVE_FIELDS),
    )
    for position, spec in enumerate(specs):
        _create_key_result(objective, by, spec, position)
    progress.refresh_objective_chain(objective)
    return objective


def update_objective(*, objective: Objective, by: Membership, **changes: Any) -> Objective:
    _require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    if "team" in changes and changes["team"] != objective.team:
        moved = Objective(organization=objective.organization, team=changes["team"])
        permissions.require_objective_editor(by, moved)
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise Invalid({next(iter(unknown)): "Unknown field."})
    before = _snapshot(objective, OBJECTIVE_FIELDS)
    old_parent = objective.parent
    _apply_objective(objective, changes)
    if objective.roll_up != "children":
        _check_weights(
            list(KeyResult.objects.filter(objective=objective).values_list("weight", flat=True))
        )
    objective.version += 1
    objective.save()
    audit.record(
        org=objective.organization,
        actor=by.user,
        action="objective.updated",
        obj=objective,
        before=before,
        after=_snapshot(objective, OBJECTIVE_FIELDS),
    )
    progress.refresh_objective_chain(objective)
    if old_parent is not None and old_parent.pk != objective.parent_id:
        progress.refresh_objective_chain(old_parent)
    return objective


def set_supports(
    *, objective: Objective, by: Membership, supports: Sequence[Objective]
) -> Objective:
    """Cross-team "supports" links: shown beside the objective, never rolled up."""
    _require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    for other in supports:
        _same_org(objective.organization, "supports", other)
        if other.pk == objective.pk:
            raise Invalid({"supports": "An objective cannot support itself."})
    before = sorted(objective.supports.values_list("pk", flat=True))
    objective.supports.set(supports)
    audit.record(
        org=objective.organization,
        actor=by.user,
        action="objective.supports_set",
        obj=objective,
        before={"supports": before},
        after={"supports": sorted(o.pk for o in supports)},
    )
    return objective


# Key results ------------------------------------------------------------------------------


def _check_weights(weights: Sequence[Decimal]) -> None:
    try:
        scoring.check_weights(list(weights))
    except scoring.ScoringError as exc:
        raise Invalid({exc.field: exc.message}) from exc


def _validated_spec(
    objective: Objective, spec: KeyResultSpec, index: int | None = None
) -> KeyResultSpec:
    """The spec with tidied text and rounded values, or Invalid naming the field."""

    def name(field: str) -> str:
        return field if index is None else f"key_results.{index}.{field}"

    if spec.kind not in dict(KR_KINDS):
        raise Invalid({name("kind"): f"Choose one of: {', '.join(dict(KR_KINDS))}."})
    _same_org(objective.organization, name("owner"), spec.owner)
    cleaned = KeyResultSpec(
        title=_text(spec.title, name("title"), required=True, limit=200),
        kind=spec.kind,
        unit=_text(spec.unit or "", name("unit"), required=False, limit=20),
        weight=clean_value(spec.weight, name("weight")),
        owner=spec.owner,
    )
    for field in DEFINITION_FIELDS:
        raw = getattr(spec, field)
        setattr(cleaned, field, None if raw is None else clean_value(raw, name(field)))
    if cleaned.weight < 0:
        raise Invalid({name("weight"): "A weight cannot be negative."})
    try:
        scoring.validate(
            scoring.Definition(
                kind=scoring.Kind(cleaned.kind),
                start=cleaned.start_value,
                target=cleaned.target_value,
                low=cleaned.low_value,
                high=cleaned.high_value,
            )
        )
    except scoring.ScoringError as exc:
        raise Invalid({name(exc.field): exc.message}) from exc
    return cleaned


KR_FIELDS = [f.name for f in fields(KeyResultSpec)]


def _create_key_result(
    objective: Objective, by: Membership, spec: KeyResultSpec, position: int
) -> KeyResult:
    kr = KeyResult(organization=objective.organization, objective=objective, position=position)
    for field in KR_FIELDS:
        setattr(kr, field, getattr(spec, field))
    kr.measures_baseline = spec.kind in ("increase_to", "decrease_to") and spec.start_value is None
    kr.save()
    audit.record(
        org=objective.organization,
        actor=by.user,
        action="key_result.created",
        obj=kr,
        after=_snapshot(kr, KR_FIELDS),
    )
    return kr


def add_key_result(*, objective: Objective, by: Membership, spec: KeyResultSpec) -> KeyResult:
    _require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    cleaned = _validated_spec(objective, spec)
    existing = list(KeyResult.objects.filter(objective=objective).values_list("weight", flat=True))
    if objective.roll_up != "children":
        _check_weights([*existing, cleaned.weight])
    kr = _create_key_result(objective, by, cleaned, position=len(existing))
    progress.refresh_key_result(kr)
    progress.refresh_objective_chain(objective)
    return kr


def update_key_result(
    *, kr: KeyResult, by: Membership, spec: KeyResultSpec, reason: str = ""
) -> KeyResult:
    """Change a key result; once the cycle runs, moving its start or target needs a reason."""
    objective = kr.objective
    _require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    cleaned = _validated_spec(objective, spec)
    if kr.measures_baseline and kr.check_in_count == 0 and spec.start_value is None:
        cleaned.start_value = None
    definition_moved = cleaned.kind != kr.kind or any(
        getattr(cleaned, f) != getattr(kr, f) for f in DEFINITION_FIELDS
    )
    reason = reason.strip()
    if definition_moved and objective.cycle.state != CycleState.PLANNING and not reason:
        raise Invalid({"reason": "The cycle is running: say why the target or start changes."})
    others = KeyResult.objects.filter(objective=objective).exclude(pk=kr.pk)
    if objective.roll_up != "children":
        _check_weights([*others.values_list("weight", flat=True), cleaned.weight])
    before = _snapshot(kr, KR_FIELDS)
    for field in KR_FIELDS:
        setattr(kr, field, getattr(cleaned, field))
    kr.version += 1
    kr.save()
    after = _snapshot(kr, KR_FIELDS)
    if reason:
        after["reason"] = reason
    audit.record(
        org=kr.organization,
        actor=by.user,
        action="key_result.updated",
        obj=kr,
        before=before,
        after=after,
    )
    progress.refresh_key_result(kr)
    progress.refresh_objective_chain(objective)
    return kr


def delete_key_result(*, kr: KeyResult, by: Membership) -> None:
    objective = kr.objective
    _require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    others = KeyResult.objects.filter(objective=objective).exclude(pk=kr.pk)
    if objective.roll_up != "children":
        _check_weights(list(others.values_list("weight", flat=True)))
    audit.record(
        org=kr.organization,
        actor=by.user,
        action="key_result.deleted",
        obj=kr,
        before=_snapshot(kr, KR_FIELDS),
    )
    kr.delete()
    progress.refresh_objective_chain(objective)


# Check-ins --------------------------------------------------------------------------------


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
