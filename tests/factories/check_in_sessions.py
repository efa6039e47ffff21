"""A team of Bob's with key results to check in on, and ways to age their check-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from okrum.core.time import now
from okrum.okrs.models import CheckIn, Cycle, KeyResult, Objective
from okrum.teams.models import Accountability, Team
from okrum.teams.services import add_team_member
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.roles import Role
from tests.factories.okrs import kr_spec, make_cycle, make_objective, make_team


@dataclass
class SessionWorld:
    cycle: Cycle
    team: Team
    objective: Objective
    key_results: list[KeyResult]


def _owner(org: Organization) -> Membership:
    return Membership.objects.for_org(org).filter(role=Role.OWNER).order_by("id")[0]


def make_session(
    org: Organization,
    member: Membership,
    *,
    key_results: int = 3,
    cycle: Cycle | None = None,
    team: Team | None = None,
    owner: Membership | None = None,
    **cycle_fields: object,
) -> SessionWorld:
    """A team with `member` in it and one objective whose key results `owner` (or member) owns."""
    cycle = cycle or make_cycle(org, **cycle_fields)  # type: ignore[arg-type]
    if team is None:
        team = make_team(org)
        add_team_member(
            team=team,
            by=_owner(org),
            membership=member,
            accountability=Accountability.DEVELOPER,
        )
    specs = [kr_spec(owner=owner or member) for _ in range(key_results)]
    objective = make_objective(cycle, team=team, specs=specs)
    krs = list(KeyResult.objects.filter(objective=objective).order_by("position", "id"))
    return SessionWorld(cycle=cycle, team=team, objective=objective, key_results=krs)


def age(kr: KeyResult, days: float) -> None:
    """Pretend the key result's last check-in (and its history's latest row) was `days` ago."""
    when = now() - timedelta(days=days)
    KeyResult.objects.filter(pk=kr.pk).update(last_check_in_at=when)
    latest = CheckIn.objects.filter(key_result=kr).order_by("-created_at", "-id").first()
    if latest is not None:
        CheckIn.objects.filter(pk=latest.pk).update(created_at=when)
    kr.refresh_from_db()
