"""Writes of OKR planning: comments, propose, approve (publish), send back, planning notes."""

from __future__ import annotations

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.okrs import permissions
from okrum.okrs.models import (
    CommentKind,
    Cycle,
    Objective,
    ObjectiveComment,
    ObjectiveStatus,
)
from okrum.okrs.planning_rules import require_approver, require_planning
from okrum.okrs.queries.planning import product_owner_team_ids
from okrum.okrs.services._common import require_open
from okrum.tenancy import audit
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least

COMMENT_LIMIT = 4000
NOTES_LIMIT = 20000


def _body(value: str, field: str, *, required: bool) -> str:
    body = (value or "").strip()
    if required and not body:
        raise Invalid({field: "This cannot be empty."})
    if len(body) > COMMENT_LIMIT:
        raise Invalid({field: f"Keep it under {COMMENT_LIMIT} characters."})
    return body


def _write(objective: Objective, by: Membership, kind: str, body: str) -> ObjectiveComment:
    return ObjectiveComment.objects.create(
        organization=objective.organization,
        objective=objective,
        kind=kind,
        body=body,
        author=by.user,
    )


def comment_on_objective(*, objective: Objective, by: Membership, body: str) -> ObjectiveComment:
    """A remark in the objective's planning thread; any member may join the conversation."""
    require_planning(objective.cycle)
    if not role_at_least(by.role, Role.MEMBER):
        raise Forbidden("Viewers read the planning conversation; members and admins take part.")
    text = _body(body, "body", required=True)
    comment = _write(objective, by, CommentKind.COMMENT, text)
    audit.record(
        org=objective.organization,
        actor=by.user,
        action="objective.commented",
        obj=objective,
        after={"comment": comment.pk, "body": text},
    )
    return comment


def _move(
    objective: Objective, by: Membership, target: str, kind: str, body: str, action: str
) -> ObjectiveComment:
    """Change the objective's status, note it in its thread and in the audit log."""
    before = objective.status
    objective.status = target
    objective.version += 1
    objective.save(update_fields=["status", "version"])
    comment = _write(objective, by, kind, body)
    after: dict[str, object] = {"status": target, "comment": comment.pk}
    if body:
        after["note" if kind != CommentKind.SENT_BACK else "reason"] = body
    audit.record(
        org=objective.organization,
        actor=by.user,
        action=action,
        obj=objective,
        before={"status": before},
        after=after,
    )
    return comment


def propose_objective(*, objective: Objective, by: Membership, note: str = "") -> Objective:
    """A team asks for its draft to be approved: draft → proposed."""
    require_planning(objective.cycle)
    permissions.require_objective_editor(by, objective)
    if objective.status != ObjectiveStatus.DRAFT:
        raise Conflict(
            f"Only a draft can be proposed; this objective is {objective.status}.",
            {"status": f"The objective is {objective.status}."},
        )
    text = _body(note, "note", required=False)
    _move(objective, by, ObjectiveStatus.PROPOSED, CommentKind.PROPOSED, text, "objective.proposed")
    return objective


def approve_objective(*, objective: Objective, by: Membership, note: str = "") -> Objective:
    """An approver publishes a proposed (or draft) objective: it becomes part of the cycle."""
    require_planning(objective.cycle)
    require_approver(by, objective, product_owner_of=product_owner_team_ids(by))
    if objective.status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.PROPOSED):
        raise Conflict(
            f"Only a draft or proposed objective can be approved; this one is {objective.status}.",
            {"status": f"The objective is {objective.status}."},
        )
    text = _body(note, "note", required=False)
    _move(
        objective, by, ObjectiveStatus.PUBLISHED, CommentKind.PUBLISHED, text, "objective.published"
    )
    return objective


def send_back_objective(*, objective: Objective, by: Membership, reason: str) -> Objective:
    """An approver returns a proposed or published objective to draft, saying why."""
    require_planning(objective.cycle)
    require_approver(by, objective, product_owner_of=product_owner_team_ids(by))
    if objective.status not in (ObjectiveStatus.PROPOSED, ObjectiveStatus.PUBLISHED):
        raise Conflict(
            f"Only a proposed or published objective can be sent back; this one is "
            f"{objective.status}.",
            {"status": f"The objective is {objective.status}."},
        )
    text = _body(reason, "reason", required=True)
    _move(objective, by, ObjectiveStatus.DRAFT, CommentKind.SENT_BACK, text, "objective.sent_back")
    return objective


def set_planning_notes(*, cycle: Cycle, by: Membership, notes: str) -> Cycle:
    """The cycle's planning notes: themes, dates and agreements everyone plans by."""
    permissions.require_admin(by, "planning notes")
    require_open(cycle)
    cleaned = (notes or "").strip()
    if len(cleaned) > NOTES_LIMIT:
        raise Invalid({"notes": f"Keep the notes under {NOTES_LIMIT} characters."})
    before = cycle.planning_notes
    cycle.planning_notes = cleaned
    cycle.version += 1
    cycle.save(update_fields=["planning_notes", "version"])
    audit.record(
        org=cycle.organization,
        actor=by.user,
        action="cycle.planning_notes_set",
        obj=cycle,
        before={"planning_notes": before},
        after={"planning_notes": cleaned},
    )
    return cycle
