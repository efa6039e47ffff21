"""The OKR retro's carry-forward: close, drop or extend an unfinished objective."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from okrum.core.cleaning import same_org
from okrum.core.errors import Conflict, Invalid
from okrum.core.time import now
from okrum.okrs import permissions as okr_permissions
from okrum.okrs.models import Objective
from okrum.okrs.services.carry_forward import close_objective, extend_objective
from okrum.retros import queries
from okrum.retros.models import CarryForward, Decision, RetroKind, Retrospective
from okrum.tenancy import audit
from okrum.tenancy.models import Membership

MAX_NOTE = 2000


def decide_carry_forward(
    *,
    retrospective: Retrospective,
    objective: Objective,
    decision: str,
    by: Membership,
    note: str = "",
) -> CarryForward:
    """Close, drop or extend an unfinished objective of the OKR retro's cycle and owner."""
    if retrospective.kind != RetroKind.CYCLE or retrospective.cycle is None:
        raise Invalid({"retrospective": "Carry-forward decisions belong to OKR retrospectives."})
    same_org(retrospective.organization_id, "objective", objective)
    if objective.cycle_id != retrospective.cycle_id:
        raise Invalid({"objective": "Choose an objective of this retrospective's cycle."})
    if objective.team_id != retrospective.team_id:
        owner = "the company" if retrospective.team is None else retrospective.team.name
        raise Invalid({"objective": f"Choose an objective owned by {owner}."})
    if objective.progress >= queries.ACHIEVED:
        raise Invalid({"objective": "This objective was achieved; there is nothing to carry."})
    if decision not in Decision.values:
        raise Invalid({"decision": f"Choose one of: {', '.join(Decision.values)}."})
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise Invalid({"note": f"Keep the note under {MAX_NOTE} characters."})
    okr_permissions.require_objective_editor(by, objective)
    if queries.decision_on(objective) is not None:
        raise Conflict(f"“{objective.title}” already has a carry-forward decision.")
    extended_to = None
    if decision == Decision.EXTEND:
        into = queries.next_cycle(retrospective.cycle)
        if into is None:
            raise Conflict(
                "Create the next cycle first: an objective is extended into the earliest "
                "later cycle in planning or active."
            )
        extended_to = extend_objective(objective=objective, into=into, by=by)
    elif objective.status != "closed":
        close_objective(objective=objective, by=by)
    try:
        with transaction.atomic():
            row = CarryForward.objects.create(
                organization_id=retrospective.organization_id,
                retrospective=retrospective,
                objective=objective,
                decision=decision,
                extended_to=extended_to,
                note=note,
                decided_by=by.user,
                decided_at=now(),
            )
    except IntegrityError as exc:
        raise Conflict(f"“{objective.title}” already has a carry-forward decision.") from exc
    audit.record(
        org=retrospective.organization,
        actor=by.user,
        action="carry_forward.decided",
        obj=row,
        after={
            "objective": objective.pk,
            "decision": decision,
            "extended_to": extended_to.pk if extended_to else None,
            "note": note,
        },
    )
    return row
