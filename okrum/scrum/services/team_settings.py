"""Writes of a team's Scrum settings: product goals, the Definition of Done, the estimate scale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from okrum.core.cleaning import same_org, snapshot, text
from okrum.core.errors import Invalid
from okrum.okrs.models import Objective
from okrum.scrum import estimates, permissions
from okrum.scrum.models import (
    DefinitionOfDone,
    EstimateScale,
    ProductGoal,
    ProductGoalStatus,
)
from okrum.scrum.services._common import locked_backlog
from okrum.teams.models import Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership

GOAL_FIELDS = ("title", "description", "objective", "status")
MAX_CHECKLIST = 30


def _clean_goal(team: Team, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    if "title" in values:
        cleaned["title"] = text(values["title"] or "", "title", required=True, limit=200)
    if "description" in values:
        cleaned["description"] = (values["description"] or "").strip()
    if "objective" in values:
        same_org(team.organization_id, "objective", values["objective"])
    if "status" in values and values["status"] not in ProductGoalStatus.values:
        raise Invalid({"status": f"Choose one of: {', '.join(ProductGoalStatus.values)}."})
    return cleaned


def _refuse_second_active(team: Team, goal: ProductGoal | None = None) -> None:
    active = ProductGoal.objects.filter(team=team, status=ProductGoalStatus.ACTIVE)
    if goal is not None:
        active = active.exclude(pk=goal.pk)
    current = active.first()
    if current is not None:
        raise Invalid(
            {
                "status": f"{team.name} already pursues “{current.title}”; mark it achieved or "
                "abandoned first."
            }
        )


def create_product_goal(
    *,
    team: Team,
    by: Membership,
    title: str,
    description: str = "",
    objective: Objective | None = None,
) -> ProductGoal:
    """The team's active product goal (there is at most one)."""
    permissions.require_team_work(by, team)
    cleaned = _clean_goal(
        team, {"title": title, "description": description, "objective": objective}
    )
    locked_backlog(team)  # two goals written at once still leave one active
    _refuse_second_active(team)
    goal = ProductGoal.objects.create(organization_id=team.organization_id, team=team, **cleaned)
    audit.record(
        org=team.organization,
        actor=by.user,
        action="product_goal.created",
        obj=goal,
        after=snapshot(goal, GOAL_FIELDS),
    )
    return goal


def update_product_goal(*, goal: ProductGoal, by: Membership, **changes: Any) -> ProductGoal:
    permissions.require_team_work(by, goal.team)
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise Invalid({sorted(unknown)[0]: "Unknown field."})
    cleaned = _clean_goal(goal.team, changes)
    if cleaned.get("status") == ProductGoalStatus.ACTIVE:
        locked_backlog(goal.team)
        _refuse_second_active(goal.team, goal)
    before = snapshot(goal, GOAL_FIELDS)
    for name, value in cleaned.items():
        setattr(goal, name, value)
    goal.version += 1
    goal.save()
    audit.record(
        org=goal.organization,
        actor=by.user,
        action="product_goal.updated",
        obj=goal,
        before=before,
        after=snapshot(goal, GOAL_FIELDS),
    )
    return goal


def set_definition_of_done(
    *, team: Team, by: Membership, checklist: Sequence[str]
) -> DefinitionOfDone:
    """A new version of the team's Definition of Done; earlier versions are kept."""
    permissions.require_team_work(by, team)
    lines = [" ".join(str(line).split()) for line in checklist]
    lines = [line for line in lines if line]
    if not lines:
        raise Invalid({"checklist": "Write at least one criterion."})
    if len(lines) > MAX_CHECKLIST:
        raise Invalid({"checklist": f"Keep it to {MAX_CHECKLIST} criteria at most."})
    for index, line in enumerate(lines):
        if len(line) > 300:
            raise Invalid({f"checklist.{index}": "Keep each criterion under 300 characters."})
    locked_backlog(team)
    latest = DefinitionOfDone.objects.filter(team=team).order_by("-number").first()
    if latest is not None and latest.checklist == lines:
        return latest
    dod = DefinitionOfDone.objects.create(
        organization_id=team.organization_id,
        team=team,
        number=(latest.number + 1) if latest else 1,
        checklist=lines,
        author=by.user,
    )
    audit.record(
        org=team.organization,
        actor=by.user,
        action="definition_of_done.changed",
        obj=dod,
        before={"checklist": latest.checklist if latest else []},
        after={"checklist": lines, "number": dod.number},
    )
    return dod


def set_estimate_scale(
    *, team: Team, by: Membership, scale: str, custom_points: Sequence[Any] = ()
) -> None:
    """How the team estimates. Existing estimates off the new scale are kept as they are."""
    permissions.require_team_work(by, team)
    if scale not in EstimateScale.values:
        raise Invalid({"estimate_scale": f"Choose one of: {', '.join(EstimateScale.values)}."})
    points: list[str] = []
    if scale == EstimateScale.CUSTOM:
        try:
            points = [str(p) for p in estimates.custom_points(list(custom_points))]
        except estimates.ScaleError as exc:
            raise Invalid({"custom_points": str(exc)}) from exc
    backlog = locked_backlog(team)
    before = {"estimate_scale": backlog.estimate_scale, "custom_points": backlog.custom_points}
    backlog.estimate_scale, backlog.custom_points = scale, points
    backlog.version += 1
    backlog.save()
    audit.record(
        org=team.organization,
        actor=by.user,
        action="backlog.scale_changed",
        obj=backlog,
        before=before,
        after={"estimate_scale": scale, "custom_points": points},
    )
