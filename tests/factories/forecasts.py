"""Factories for forecasts: a team's history of closed sprints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from okrum.core.time import now, today
from okrum.okrs import progress
from okrum.okrs.models import CheckIn, KeyResult
from okrum.scrum.models import BacklogItem, ItemStatus, Sprint, SprintState
from okrum.teams.models import Team
from okrum.tenancy.models import Organization
from tests.factories.okrs import check_in, first_kr, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item


def closed_sprints(
    team: Team, done_points: Sequence[int | str], days: int = 14, first: date | None = None
) -> list[Sprint]:
    """Closed sprints back to back, oldest first, ending before today, with these done points."""
    start = first or today() - timedelta(days=days * len(done_points) + 1)
    base = Sprint.objects.filter(team=team).count()
    sprints = []
    for i, points in enumerate(done_points):
        starts_on = start + timedelta(days=days * i)
        sprints.append(
            Sprint.objects.create(
                organization=team.organization,
                team=team,
                number=base + i + 1,
                name=f"{team.key} sprint {base + i + 1}",
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=days),
                state=SprintState.CLOSED,
                done_points=Decimal(points),
                closed_at=now(),
            )
        )
    return sprints


@dataclass
class Scene:
    team: Team
    key_result: KeyResult
    sprints: list[Sprint]


def forecast_scene(org: Organization, history: Sequence[int] = (10, 10, 10)) -> Scene:
    """A team's key result (0 → 100) checked in at 10 on the cycle's first day and 20 on day 14,
    closed 14-day sprints from the cycle's start, one linked item done (5) and two open (21)."""
    team = make_team(org, name="Checkout")
    cycle = make_cycle(org)  # 90 days, today is day 45
    kr = first_kr(make_objective(cycle, team=team, title="Make checkout effortless"))
    sprints = closed_sprints(team, history, first=cycle.starts_on)
    for value, day in ((10, 0), (20, 14)):
        made = check_in(kr, Decimal(value))
        moment = timezone.make_aware(
            datetime.combine(cycle.starts_on + timedelta(days=day), time(12))
        )
        CheckIn.objects.filter(pk=made.pk).update(created_at=moment)
    done = make_item(team, estimate=Decimal(5), key_results=[kr], title="One-page checkout")
    BacklogItem.objects.filter(pk=done.pk).update(
        status=ItemStatus.DONE, sprint=sprints[0] if sprints else None, done_at=now()
    )
    make_item(team, estimate=Decimal(8), key_results=[kr], title="Saved cards")
    make_item(team, estimate=Decimal(13), key_results=[kr], title="Express pay")
    progress.refresh_key_result(KeyResult.objects.get(pk=kr.pk))
    return Scene(team=team, key_result=KeyResult.objects.get(pk=kr.pk), sprints=sprints)
