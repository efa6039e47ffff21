"""Opening a retrospective board: a sprint's, or an OKR cycle's for a team or the company."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from okrum.core.cleaning import plain, same_org
from okrum.core.errors import Conflict
from okrum.okrs import permissions as okr_permissions
from okrum.okrs.models import Cycle
from okrum.retros import queries
from okrum.retros.models import RetroKind, Retrospective
from okrum.retros.services.permissions import RETRO_CYCLE_STATES, RETRO_SPRINT_STATES
from okrum.scrum import permissions as scrum_permissions
from okrum.scrum.models import Sprint
from okrum.teams.models import Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership


def _get_or_create(by: Membership, find: Any, **fields: Any) -> tuple[Retrospective, bool]:
    """The board `find()` answers, or a new one; two people opening it at once get the same."""
    found = find()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            retro = Retrospective.objects.create(organization=by.organization, **fields)
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found, False
    audit.record(
        org=by.organization,
        actor=by.user,
        action="retrospective.opened",
        obj=retro,
        after={key: plain(value) for key, value in fields.items()},
    )
    return retro, True


def open_sprint_retro(*, sprint: Sprint, by: Membership) -> tuple[Retrospective, bool]:
    """The sprint's retrospective, opened now if needed (once the sprint has started)."""
    same_org(by.organization_id, "sprint", sprint)
    scrum_permissions.require_team_work(by, sprint.team)
    if sprint.state not in RETRO_SPRINT_STATES:
        raise Conflict(f"{sprint.name} has not started; its retrospective opens once it runs.")
    return _get_or_create(
        by, lambda: queries.sprint_retro(sprint), kind=RetroKind.SPRINT, sprint=sprint
    )


def open_cycle_retro(
    *, cycle: Cycle, team: Team | None, by: Membership
) -> tuple[Retrospective, bool]:
    """The cycle's OKR retrospective of `team` (None: the company's), opened now if needed."""
    same_org(by.organization_id, "cycle", cycle)
    same_org(by.organization_id, "team", team)
    if team is None:
        okr_permissions.require_admin(by, "the company's OKR retrospective")
    else:
        scrum_permissions.require_team_work(by, team)
    if cycle.state not in RETRO_CYCLE_STATES:
        raise Conflict(
            f"{cycle.name} is in {cycle.state}; "
            "its OKR retrospective opens when the cycle moves to review."
        )
    return _get_or_create(
        by,
        lambda: queries.cycle_retro(cycle, team),
        kind=RetroKind.CYCLE,
        cycle=cycle,
        team=team,
    )
