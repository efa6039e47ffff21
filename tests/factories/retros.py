"""Typed factories for retrospectives: boards of sprints and cycles, cards and votes."""

from __future__ import annotations

from typing import Any

from okrum.okrs.models import Cycle, CycleState
from okrum.retros import services
from okrum.retros.models import RetroCard, Retrospective
from okrum.scrum.models import Sprint, SprintState
from okrum.teams.models import Team
from okrum.tenancy.models import Membership
from tests.factories.okrs import _admin, make_cycle
from tests.factories.scrum import make_sprint


def ended_sprint(team: Team, state: str = SprintState.CLOSED, **fields: Any) -> Sprint:
    """A sprint of `team` in `state` (closed by default) without running the close itself."""
    sprint = make_sprint(team, **fields)
    Sprint.objects.filter(pk=sprint.pk).update(state=state)
    sprint.refresh_from_db()
    return sprint


def make_sprint_retro(
    team: Team, sprint: Sprint | None = None, by: Membership | None = None
) -> Retrospective:
    chosen = sprint or ended_sprint(team)
    retro, _ = services.open_sprint_retro(sprint=chosen, by=by or _admin(team.organization))
    return retro


def make_cycle_retro(
    cycle: Cycle | None = None,
    team: Team | None = None,
    by: Membership | None = None,
    **cycle_fields: Any,
) -> Retrospective:
    """An OKR retro of `cycle` (a new one in review by default) for `team` or the company."""
    if cycle is None:
        org = team.organization if team is not None else cycle_fields.pop("org")
        cycle = make_cycle(org, state=CycleState.REVIEW, **cycle_fields)
    retro, _ = services.open_cycle_retro(
        cycle=cycle, team=team, by=by or _admin(cycle.organization)
    )
    return retro


def make_card(
    retrospective: Retrospective,
    by: Membership | None = None,
    column: str = "went_well",
    body: str | None = None,
    **fields: Any,
) -> RetroCard:
    return services.add_card(
        retrospective=retrospective,
        by=by or _admin(retrospective.organization),
        column=column,
        body=body or "A card",
        **fields,
    )


def route_retrospective(team: Team) -> Retrospective:
    """The route team's sprint retro, on a closed sprint of its own (the route one is planned)."""
    found = Retrospective.objects.filter(sprint__team=team, sprint__name="Route retro sprint")
    return found.first() or make_sprint_retro(team, ended_sprint(team, name="Route retro sprint"))


def route_card(team: Team, membership: Membership) -> RetroCard:
    """A card on the route retro written by `membership` (whatever its role is by now)."""
    retro = route_retrospective(team)
    found = RetroCard.objects.filter(retrospective=retro, author=membership.user).first()
    return found or RetroCard.objects.create(
        organization=retro.organization,
        retrospective=retro,
        column="action",
        body="Route action",
        author=membership.user,
    )
