"""Typed factories for backlog items, sprints, product goals and the Definition of Done."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from typing import Any

from okrum.core.time import today
from okrum.scrum import services
from okrum.scrum.models import BacklogItem, Sprint
from okrum.scrum.services import ItemSpec
from okrum.teams.models import Team
from okrum.tenancy.models import Membership
from tests.factories.okrs import _admin

_serial = count(1)


def make_items(
    team: Team, n: int = 1, by: Membership | None = None, **fields: Any
) -> list[BacklogItem]:
    """`n` items at the bottom of the team's backlog, titled "Item 1", "Item 2", …"""
    specs = [
        ItemSpec(title=fields.pop("title", None) or f"Item {next(_serial)}", **fields)
        if i == 0
        else ItemSpec(title=f"Item {next(_serial)}", **fields)
        for i in range(n)
    ]
    return services.create_items(team=team, by=by or _admin(team.organization), specs=specs)


def make_item(team: Team, by: Membership | None = None, **fields: Any) -> BacklogItem:
    title = fields.pop("title", None) or f"Item {next(_serial)}"
    return services.create_item(
        team=team, by=by or _admin(team.organization), spec=ItemSpec(title=title, **fields)
    )


def make_sprint(
    team: Team,
    starts_on: date | None = None,
    days: int = 14,
    goal: str = "Ship the thing",
    **fields: Any,
) -> Sprint:
    start = starts_on or today() - timedelta(days=2)
    by = fields.pop("by", None) or _admin(team.organization)
    return services.create_sprint(
        team=team, by=by, starts_on=start, ends_on=start + timedelta(days=days), goal=goal, **fields
    )


def started_sprint(team: Team, items: list[BacklogItem] | None = None, **fields: Any) -> Sprint:
    """A sprint holding `items`, started."""
    by = _admin(team.organization)
    sprint = make_sprint(team, **fields)
    services.assign_items(sprint=sprint, items=items or [], by=by, team=team)
    return services.start_sprint(sprint=sprint, by=by)
