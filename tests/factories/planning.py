"""Factories for OKR planning: a team with a Product Owner and a developer, planning states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from okrum.okrs.models import Cycle, CycleState, Objective
from okrum.teams.models import Accountability, Team
from okrum.teams.services import add_team_member
from okrum.tenancy.models import Membership, Organization
from tests.factories.accounts import make_user
from tests.factories.okrs import make_cycle, make_objective, make_team
from tests.factories.tenancy import add_member


@dataclass
class Planning:
    """A cycle in planning with Checkout (Dave its Product Owner, Bob a developer) and Search."""

    cycle: Cycle
    checkout: Team
    search: Team
    dave: Membership


def seat(
    team: Team, membership: Membership, accountability: str = Accountability.DEVELOPER
) -> None:
    admin = Membership.objects.for_org(team.organization).filter(role="owner").order_by("id")[0]
    add_team_member(team=team, by=admin, membership=membership, accountability=accountability)


def make_planning(org: Organization, bob: Membership, **cycle: Any) -> Planning:
    checkout = make_team(org, name="Checkout", key="CHK")
    search = make_team(org, name="Search", key="SRCH")
    dave = add_member(org, make_user(email="dave@example.com", name="Dave"))
    seat(checkout, dave, Accountability.PRODUCT_OWNER)
    seat(checkout, bob)
    state = cycle.pop("state", CycleState.PLANNING)
    return Planning(make_cycle(org, state=state, **cycle), checkout, search, dave)


def draft(planning: Planning, team: Team | None = None, **overrides: Any) -> Objective:
    return make_objective(planning.cycle, team=team, **overrides)
