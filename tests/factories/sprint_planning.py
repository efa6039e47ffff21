"""Typed factories for sprint planning: seats and closed sprints that make a velocity."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from okrum.scrum.models import Sprint, SprintState
from okrum.teams.models import Team, TeamMember
from okrum.teams.services import add_team_member
from okrum.tenancy.models import Membership
from tests.factories.okrs import _admin
from tests.factories.scrum import make_sprint

# A Monday: a sprint from it to the Friday a week later has ten working days.
MONDAY = date(2027, 1, 4)


def seat(team: Team, membership: Membership, accountability: str = "developer") -> TeamMember:
    return add_team_member(
        team=team,
        by=_admin(team.organization),
        membership=membership,
        accountability=accountability,
    )


def planned_sprint(team: Team, **fields: Any) -> Sprint:
    """A planned two-week sprint from MONDAY (ten working days)."""
    fields.setdefault("starts_on", MONDAY)
    fields.setdefault("days", 11)
    return make_sprint(team, **fields)


def closed_sprints(team: Team, *done: Decimal | int) -> list[Sprint]:
    """Closed sprints (oldest first) that finished `done` points: the team's velocity."""
    made = []
    for index, points in enumerate(done):
        start = MONDAY - timedelta(days=14 * (len(done) - index) + 14)
        sprint = make_sprint(team, starts_on=start, days=11, name=f"Past {index + 1}")
        Sprint.objects.filter(pk=sprint.pk).update(
            state=SprintState.CLOSED, done_points=Decimal(points), committed_points=Decimal(points)
        )
        made.append(sprint)
    return made
