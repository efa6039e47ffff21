"""Typed factories for the dashboard: a small known cycle, and a big one made in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from okrum.core.time import now, today
from okrum.okrs.models import Cycle, CycleState, Goal, GoalKind, KeyResult, Objective
from okrum.okrs.services import KeyResultSpec, create_goal
from okrum.scrum.models import Sprint
from okrum.teams.models import Team
from okrum.tenancy.models import Membership, Organization
from tests.factories.okrs import _admin, check_in, kr_spec, make_cycle, make_objective
from tests.factories.onboarding import make_staffed_team
from tests.factories.scrum import started_sprint


@dataclass
class KnownCycle:
    """The worked example of the dashboard tests (today is day 50 of 100: expected 50 %)."""

    cycle: Cycle
    vision: Goal
    focus: Goal
    checkout: Team
    search: Team
    sprint: Sprint
    company: Objective
    checkout_objective: Objective
    search_objective: Objective
    krs: dict[str, KeyResult]


def known_cycle(org: Organization, owner: Membership | None = None) -> KnownCycle:
    """Six key results in three objectives whose numbers the tests work out by hand."""
    by = _admin(org)
    vision = create_goal(org=org, by=by, kind=GoalKind.VISION, title="The shop runners trust")
    focus = create_goal(
        org=org, by=by, kind=GoalKind.FOCUS, title="Improve the checkout", parent=vision
    )
    start = today() - timedelta(days=50)
    cycle = make_cycle(
        org, state=CycleState.ACTIVE, starts_on=start, ends_on=start + timedelta(days=100)
    )
    checkout = make_staffed_team(org, name="Checkout")
    search = make_staffed_team(org, name="Search")
    sprint = started_sprint(checkout, name="Sprint 7", goal="Pay in one click")

    def spec(title: str) -> KeyResultSpec:
        return kr_spec(title=title, unit="%", owner=owner or by)

    company = make_objective(
        cycle, title="Delight customers", specs=[spec("NPS to 100"), spec("Returns handled")]
    )
    checkout_objective = make_objective(
        cycle, checkout, title="Checkout converts", specs=[spec("Paid orders"), spec("Cart saves")]
    )
    search_objective = make_objective(
        cycle, search, title="Search finds", specs=[spec("Zero results gone"), spec("Click rate")]
    )
    krs = {kr.title: kr for kr in KeyResult.objects.for_org(org)}
    for title, value, confidence in (
        ("NPS to 100", 90, 8),  # 0.9: on track
        ("Returns handled", 30, 5),  # 0.3, gap 0.2: at risk
        ("Paid orders", 100, 9),  # 1.0: achieved
        ("Cart saves", 10, 3),  # 0.1, gap 0.4: off track
        ("Click rate", 45, 7),  # 0.45, gap 0.05: on track; "Zero results gone" has no check-in
    ):
        check_in(krs[title], Decimal(value), confidence=confidence)
    # Twenty days without a check-in is stale under the weekly cadence.
    KeyResult.objects.filter(pk=krs["Returns handled"].pk).update(
        last_check_in_at=now() - timedelta(days=20)
    )
    krs = {kr.title: kr for kr in KeyResult.objects.for_org(org)}
    for o in (company, checkout_objective, search_objective):
        o.refresh_from_db()
    return KnownCycle(
        cycle,
        vision,
        focus,
        checkout,
        search,
        sprint,
        company,
        checkout_objective,
        search_objective,
        krs,
    )


def bulk_objectives(cycle: Cycle, teams: list[Team], n: int, key_results: int = 2) -> None:
    """`n` objectives spread over the teams (and the company), each with checked-in key results."""
    org = cycle.organization
    objectives = Objective.objects.bulk_create(
        Objective(
            organization=org,
            cycle=cycle,
            team=teams[i % len(teams)] if i % (len(teams) + 1) else None,
            title=f"Bulk objective {i}",
            progress=Decimal(i % 100) / 100,
            has_data=True,
        )
        for i in range(n)
    )
    moment = now()
    KeyResult.objects.bulk_create(
        KeyResult(
            organization=org,
            objective=objective,
            title=f"Bulk key result {i}.{k}",
            kind="increase_to",
            start_value=Decimal(0),
            target_value=Decimal(100),
            # From the position, not the id: ids differ between databases, and so would the
            # key results behind the pace (whose forecasts cost queries only when there are some).
            current_value=Decimal((i + k) % 100),
            progress=Decimal((i + k) % 100) / 100,
            confidence=(i + k) % 11,
            check_in_count=1,
            last_check_in_at=moment - timedelta(days=(i + k) % 20),
            position=k,
        )
        for i, objective in enumerate(objectives)
        for k in range(key_results)
    )


def closed_sprints(team: Team, done_points: list[int]) -> list[Sprint]:
    """Past sprints of two weeks, closed with `done_points` each (oldest first): a velocity."""
    first = today() - timedelta(days=14 * len(done_points) + 1)
    return Sprint.objects.bulk_create(
        Sprint(
            organization=team.organization,
            team=team,
            number=100 + n,
            name=f"Old sprint {n + 1}",
            starts_on=first + timedelta(days=14 * n),
            ends_on=first + timedelta(days=14 * n + 13),
            state="closed",
            done_points=Decimal(points),
            committed_points=Decimal(points),
        )
        for n, points in enumerate(done_points)
    )
