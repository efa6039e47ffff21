"""Factories for the alignment report: sprints of done work, closed cycles, big organizations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from okrum.okrs.models import Cycle, CycleState, KeyResult, Objective, ObjectiveStatus
from okrum.scrum.models import (
    BacklogItem,
    BacklogItemKeyResult,
    ItemStatus,
    Sprint,
    SprintKeyResult,
    SprintState,
)
from okrum.teams.models import Team
from tests.factories.scrum import make_item, make_sprint

Work = tuple[int, Sequence[KeyResult]]  # an item's points and the key results it is linked to


def sprint_of_work(
    team: Team,
    starts_on: date,
    *,
    done: Sequence[Work] = (),
    open_items: Sequence[Work] = (),
    serves: Sequence[KeyResult] = (),
    state: str = SprintState.CLOSED,
    goal: str = "Ship the thing",
) -> Sprint:
    """A sprint of `team` in `state` holding done and open items, its goal serving `serves`."""
    sprint = make_sprint(team, starts_on=starts_on, goal=goal, goal_key_results=list(serves))
    for points, krs in done:
        make_item(team, estimate=points, key_results=list(krs), sprint=sprint, status="done")
    for points, krs in open_items:
        make_item(team, estimate=points, key_results=list(krs), sprint=sprint)
    Sprint.objects.filter(pk=sprint.pk).update(state=state)
    sprint.refresh_from_db()
    return sprint


def publish(*objectives: Objective) -> None:
    Objective.objects.filter(pk__in=[o.pk for o in objectives]).update(
        status=ObjectiveStatus.PUBLISHED
    )


def close_cycle(cycle: Cycle) -> None:
    """Close a cycle behind the services' back, keeping links made while it was open."""
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.CLOSED)
    cycle.refresh_from_db()


def bulk_alignment(
    cycle: Cycle, old_cycle: Cycle, team: Team, objectives: int, sprints: int
) -> None:
    """Many published objectives (one KR each), sprints of linked done work and stale items."""
    org = cycle.organization
    made = Objective.objects.bulk_create(
        Objective(
            organization=org,
            cycle=cycle,
            team=team,
            title=f"Bulk objective {n}",
            status=ObjectiveStatus.PUBLISHED,
        )
        for n in range(objectives)
    )
    krs = KeyResult.objects.bulk_create(
        KeyResult(
            organization=org,
            objective=o,
            title=f"Bulk KR {o.pk}",
            kind="increase_to",
            start_value=Decimal(0),
            target_value=Decimal(10),
        )
        for o in made
    )
    old_kr = KeyResult.objects.filter(objective__cycle=old_cycle).first()
    start = cycle.starts_on
    runs = Sprint.objects.bulk_create(
        Sprint(
            organization=org,
            team=team,
            number=1000 + n,
            name=f"Bulk sprint {n}",
            goal="Bulk goal",
            starts_on=start + timedelta(days=n % 80),
            ends_on=start + timedelta(days=n % 80 + 7),
            state=SprintState.CLOSED,
        )
        for n in range(sprints)
    )
    SprintKeyResult.objects.bulk_create(
        SprintKeyResult(organization=org, sprint=s, key_result=krs[0]) for s in runs[::2]
    )
    items = BacklogItem.objects.bulk_create(
        BacklogItem(
            organization=org,
            team=team,
            number=10_000 + n,
            title=f"Bulk item {n}",
            status=ItemStatus.DONE if n % 3 else ItemStatus.NEW,
            estimate=Decimal(n % 5 + 1),
            rank=f"z{n:06d}",
            sprint=runs[n % len(runs)],
        )
        for n in range(objectives * 2)
    )
    links = [
        BacklogItemKeyResult(organization=org, item=item, key_result=krs[n % len(krs)])
        for n, item in enumerate(items)
        if n % 2
    ]
    if old_kr is not None:
        links += [
            BacklogItemKeyResult(organization=org, item=item, key_result=old_kr)
            for item in items[::3]
        ]
    BacklogItemKeyResult.objects.bulk_create(links)
