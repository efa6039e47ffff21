"""Typed factories for teams, goals, cycles, objectives, key results and check-ins."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from okrum.core.time import today
from okrum.okrs import services
from okrum.okrs.models import CheckIn, Cycle, CycleState, KeyResult, Objective
from okrum.okrs.services import KeyResultSpec
from okrum.teams import services as teams
from okrum.teams.models import Team
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.roles import Role

_serial = count(1)


def _admin(org: Organization) -> Membership:
    return Membership.objects.for_org(org).filter(role=Role.OWNER).order_by("id")[0]


def make_team(org: Organization, name: str | None = None, key: str | None = None) -> Team:
    n = next(_serial)
    return teams.create_team(org=org, by=_admin(org), name=name or f"Team {n}", key=key or f"T{n}")


def make_cycle(
    org: Organization,
    state: str = CycleState.ACTIVE,
    starts_on: date | None = None,
    ends_on: date | None = None,
    **overrides: Any,
) -> Cycle:
    """A cycle around today (so expected progress is about half) in `state`."""
    start = starts_on or today() - timedelta(days=45)
    cycle = services.create_cycle(
        org=org,
        by=_admin(org),
        name=overrides.pop("name", f"Q{next(_serial)}"),
        starts_on=start,
        ends_on=ends_on or start + timedelta(days=90),
        **overrides,
    )
    if state != CycleState.PLANNING:
        Cycle.objects.filter(pk=cycle.pk).update(state=state)
        cycle.refresh_from_db()
    return cycle


def kr_spec(**overrides: Any) -> KeyResultSpec:
    fields: dict[str, Any] = {
        "title": f"Key result {next(_serial)}",
        "kind": "increase_to",
        "start_value": Decimal(0),
        "target_value": Decimal(100),
    }
    fields.update(overrides)
    return KeyResultSpec(**fields)


def make_objective(
    cycle: Cycle, team: Team | None = None, key_results: int = 1, **overrides: Any
) -> Objective:
    specs = overrides.pop("specs", None) or [kr_spec() for _ in range(key_results)]
    return services.create_objective(
        cycle=cycle,
        by=_admin(cycle.organization),
        team=team,
        title=overrides.pop("title", f"Objective {next(_serial)}"),
        key_results=specs,
        **overrides,
    )


def first_kr(objective: Objective) -> KeyResult:
    return KeyResult.objects.filter(objective=objective).order_by("position", "id")[0]


def check_in(kr: KeyResult, value: Any, confidence: int = 7, **overrides: Any) -> CheckIn:
    by = overrides.pop("by", None) or _admin(kr.organization)
    return services.record_check_in(
        key_result=kr, by=by, value=value, confidence=confidence, **overrides
    )
