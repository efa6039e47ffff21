"""Typed factories for the daily scrum: team seats, entries and impediments."""

from __future__ import annotations

from datetime import date
from typing import Any

from okrum.scrum import services
from okrum.scrum.models import DailyScrumEntry, Impediment, Sprint
from okrum.teams.models import Accountability, Team, TeamMember
from okrum.tenancy.models import Membership
from tests.factories.okrs import _admin


def seat(
    team: Team, membership: Membership, accountability: str = Accountability.DEVELOPER
) -> TeamMember:
    """`membership` sits in `team` with `accountability` (a developer unless told)."""
    found, _ = TeamMember.objects.update_or_create(
        team=team,
        membership=membership,
        defaults={"organization_id": team.organization_id, "accountability": accountability},
    )
    return found


def make_entry(
    sprint: Sprint,
    by: Membership,
    day: date | None = None,
    done: str = "Paired on the card form",
    plan: str = "Finish the card form",
    **fields: Any,
) -> DailyScrumEntry:
    return services.record_entry(sprint=sprint, by=by, day=day, done=done, plan=plan, **fields)


def make_impediment(
    team: Team, by: Membership | None = None, description: str = "The test server is down"
) -> Impediment:
    return services.raise_impediment(
        team=team, by=by or _admin(team.organization), description=description
    )


def route_impediment(team: Team) -> Impediment:
    """The route team's one open impediment (raised by an admin, so any member may see it)."""
    found = Impediment.objects.filter(team=team, description="Route impediment").first()
    return found or make_impediment(team, description="Route impediment")
