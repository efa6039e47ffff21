"""Factories of the OKR review: cycles moved to review, and graded key results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from okrum.okrs import services
from okrum.okrs.models import Cycle, CycleState, Grade, KeyResult
from okrum.teams.models import Team
from okrum.tenancy.models import Membership
from tests.factories.okrs import check_in, first_kr, make_cycle, make_objective


def grade(kr: KeyResult, by: Membership, score: Any, reason: str = "") -> Grade:
    return services.grade_key_result(key_result=fresh(kr), by=by, score=score, reason=reason)


def to_review(cycle: Cycle, by: Membership) -> Cycle:
    """Move an active cycle to review as an admin would (check-ins first, while it is active)."""
    return services.change_cycle_state(cycle=cycle, by=by, state=CycleState.REVIEW)


def fresh(kr: KeyResult) -> KeyResult:
    """The key result as a request reads it again: objective, cycle and grade reloaded."""
    return KeyResult.objects.select_related("objective__cycle", "organization").get(pk=kr.pk)


def graded_key_result(team: Team, by: Membership) -> KeyResult:
    """The team's graded key result in a cycle in review (found again when it exists)."""
    org = team.organization
    cycle = Cycle.objects.for_org(org).filter(name="Review route cycle").first()
    if cycle is None:
        cycle = make_cycle(org, state=CycleState.ACTIVE, name="Review route cycle")
    found = KeyResult.objects.filter(objective__cycle=cycle, grade__isnull=False).first()
    if found is not None:
        return found
    kr = first_kr(make_objective(cycle, team=team, title="Review route objective"))
    check_in(kr, Decimal(40))
    to_review(cycle, by)
    grade(kr, by, "0.4")
    return kr
