"""Writes of goals: the vision and the focuses above cycles."""

from __future__ import annotations

from okrum.core.errors import Invalid
from okrum.okrs import permissions
from okrum.okrs.models import Goal, GoalKind
from okrum.okrs.services._common import same_org, snapshot, text
from okrum.tenancy import audit
from okrum.tenancy.models import Membership, Organization


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
        after=snapshot(goal, ["kind", "title", "parent"]),
    )
    return goal


def update_goal(
    *, goal: Goal, by: Membership, title: str, description: str = "", parent: Goal | None = None
) -> Goal:
    permissions.require_admin(by, "goals")
    before = snapshot(goal, ["title", "description", "parent"])
    _apply_goal(goal, kind=goal.kind, title=title, description=description, parent=parent)
    goal.version += 1
    goal.save()
    audit.record(
        org=goal.organization,
        actor=by.user,
        action="goal.updated",
        obj=goal,
        before=before,
        after=snapshot(goal, ["title", "description", "parent"]),
    )
    return goal


def _apply_goal(
    goal: Goal, *, kind: str, title: str, description: str, parent: Goal | None
) -> None:
    if kind not in GoalKind.values:
        raise Invalid({"kind": "Choose vision or focus."})
    same_org(goal.organization, "parent", parent)
    if parent is not None and (kind != GoalKind.FOCUS or parent.kind != GoalKind.VISION):
        raise Invalid({"parent": "Only a focus can sit under a goal, and only under a vision."})
    goal.kind = kind
    goal.title = text(title, "title", required=True, limit=200)
    goal.description = description.strip()
    goal.parent = parent
