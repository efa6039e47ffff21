"""Typed factories for the onboarding guide: the data each of its six steps looks for."""

from __future__ import annotations

from okrum.okrs.models import Cycle, CycleState, Goal, GoalKind, Objective
from okrum.okrs.services import create_goal
from okrum.scrum.models import BacklogItem, Sprint
from okrum.teams.models import Accountability, Team
from okrum.teams.services import add_team_member
from okrum.tenancy.models import Membership, Organization
from tests.factories.okrs import _admin, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_sprint

STEP_KEYS = ["vision", "cycle", "objectives", "team", "backlog", "sprint"]


def make_vision(org: Organization, title: str = "Be the best shop for runners") -> Goal:
    return create_goal(org=org, by=_admin(org), kind=GoalKind.VISION, title=title)


def make_staffed_team(
    org: Organization, member: Membership | None = None, name: str | None = None
) -> Team:
    """A team with one developer: the owner unless `member` is given."""
    team = make_team(org, name=name)
    add_team_member(
        team=team,
        by=_admin(org),
        membership=member or _admin(org),
        accountability=Accountability.DEVELOPER,
    )
    return team


def set_up_everything(
    org: Organization, state: str = CycleState.PLANNING
) -> tuple[Goal, Cycle, Objective, Team, BacklogItem, Sprint]:
    """One of each thing the guide looks for: all six steps done, the cycle in `state`."""
    vision = make_vision(org)
    cycle = make_cycle(org, state=state)
    objective = make_objective(cycle)
    team = make_staffed_team(org)
    item = make_item(team)
    sprint = make_sprint(team)
    return vision, cycle, objective, team, item, sprint
