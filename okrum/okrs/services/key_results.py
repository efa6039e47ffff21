"""Writes of key results; a change of definition recomputes progress at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from okrum.core.errors import Invalid
from okrum.okrs import permissions, progress, queries, scoring
from okrum.okrs.models import KR_KINDS, CycleState, KeyResult, Objective
from okrum.okrs.services._common import clean_value, require_open, same_org, snapshot, text
from okrum.tenancy import audit
from okrum.tenancy.models import Membership

DEFINITION_FIELDS = ("start_value", "target_value", "low_value", "high_value")
BASELINE_KINDS = ("increase_to", "decrease_to")
# The weight column holds six digits, two of them after the point.
MAX_WEIGHT = Decimal(10_000)
WEIGHT_PLACES = Decimal("0.01")


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


def check_weights(weights: Sequence[Decimal]) -> None:
    try:
        scoring.check_weights(list(weights))
    except scoring.ScoringError as exc:
        raise Invalid({exc.field: exc.message}) from exc


def validated_spec(
    objective: Objective, spec: KeyResultSpec, index: int | None = None
) -> KeyResultSpec:
    """The spec with tidied text and rounded values, or Invalid naming the field."""

    def name(field: str) -> str:
        return field if index is None else f"key_results.{index}.{field}"

    if spec.kind not in dict(KR_KINDS):
        raise Invalid({name("kind"): f"Choose one of: {', '.join(dict(KR_KINDS))}."})
    same_org(objective.organization, name("owner"), spec.owner)
    cleaned = KeyResultSpec(
        title=text(spec.title, name("title"), required=True, limit=200),
        kind=spec.kind,
        unit=text(spec.unit or "", name("unit"), required=False, limit=20),
        weight=clean_value(spec.weight, name("weight")),
        owner=spec.owner,
    )
    for field in DEFINITION_FIELDS:
        raw = getattr(spec, field)
        setattr(cleaned, field, None if raw is None else clean_value(raw, name(field)))
    if cleaned.weight < 0:
        raise Invalid({name("weight"): "A weight cannot be negative."})
    if cleaned.weight >= MAX_WEIGHT:
        raise Invalid({name("weight"): f"A weight must be below {MAX_WEIGHT}."})
    if cleaned.weight != cleaned.weight.quantize(WEIGHT_PLACES):
        raise Invalid({name("weight"): "A weight has at most two decimal places."})
    cleaned.weight = cleaned.weight.quantize(WEIGHT_PLACES)
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


def create_key_result(
    objective: Objective, by: Membership, spec: KeyResultSpec, position: int
) -> KeyResult:
    kr = KeyResult(organization=objective.organization, objective=objective, position=position)
    for field in KR_FIELDS:
        setattr(kr, field, getattr(spec, field))
    kr.measures_baseline = spec.kind in BASELINE_KINDS and spec.start_value is None
    kr.save()
    audit.record(
        org=objective.organization,
        actor=by.user,
        action="key_result.created",
        obj=kr,
        after=snapshot(kr, KR_FIELDS),
    )
    return kr


def add_key_result(*, objective: Objective, by: Membership, spec: KeyResultSpec) -> KeyResult:
    require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    cleaned = validated_spec(objective, spec)
    existing = list(KeyResult.objects.filter(objective=objective).values_list("weight", flat=True))
    if objective.roll_up != "children":
        check_weights([*existing, cleaned.weight])
    kr = create_key_result(objective, by, cleaned, position=len(existing))
    progress.refresh_key_result(kr)
    progress.refresh_objective_chain(objective)
    return kr


def update_key_result(
    *, kr: KeyResult, by: Membership, spec: KeyResultSpec, reason: str = ""
) -> KeyResult:
    """Change a key result; once the cycle runs, moving its start or target needs a reason."""
    objective = kr.objective
    require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    cleaned = validated_spec(objective, spec)
    measures_baseline = cleaned.kind in BASELINE_KINDS and cleaned.start_value is None
    if measures_baseline:
        # A start left open is measured: the first check-in already made (if any) is it.
        cleaned.start_value = queries.first_check_in_value(kr)
    definition_moved = cleaned.kind != kr.kind or any(
        getattr(cleaned, f) != getattr(kr, f) for f in DEFINITION_FIELDS
    )
    reason = reason.strip()
    if definition_moved and objective.cycle.state != CycleState.PLANNING and not reason:
        raise Invalid({"reason": "The cycle is running: say why the target or start changes."})
    others = KeyResult.objects.filter(objective=objective).exclude(pk=kr.pk)
    if objective.roll_up != "children":
        check_weights([*others.values_list("weight", flat=True), cleaned.weight])
    before = snapshot(kr, KR_FIELDS)
    for field in KR_FIELDS:
        setattr(kr, field, getattr(cleaned, field))
    kr.measures_baseline = measures_baseline
    kr.version += 1
    kr.save()
    after = snapshot(kr, KR_FIELDS)
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
    require_open(objective.cycle)
    permissions.require_objective_editor(by, objective)
    others = KeyResult.objects.filter(objective=objective).exclude(pk=kr.pk)
    if objective.roll_up != "children":
        check_weights(list(others.values_list("weight", flat=True)))
    audit.record(
        org=kr.organization,
        actor=by.user,
        action="key_result.deleted",
        obj=kr,
        before=snapshot(kr, KR_FIELDS),
    )
    kr.delete()
    progress.refresh_objective_chain(objective)
