"""Forecasts read from the database: the right inputs, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.insights.queries.forecasts import forecasts_for
from okrum.okrs.models import CheckIn, KeyResult
from okrum.scrum.models import ItemStatus
from tests.factories.forecasts import closed_sprints
from tests.factories.okrs import check_in, first_kr, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item


def _kr(world: Any, team: Any = None) -> KeyResult:
    cycle = make_cycle(world.acme)
    return first_kr(make_objective(cycle, team=team))


def test_forecast_of_a_key_result_with_history_and_work(world: Any) -> None:
    team = make_team(world.acme)
    kr = _kr(world, team)
    closed_sprints(team, [10, 10, 10])
    make_item(team, estimate=D(5), key_results=[kr])
    make_item(team, estimate=D(8), key_results=[kr])
    make_item(team, key_results=[kr])  # unestimated: counts as 0
    make_item(team, estimate=D(13), key_results=[kr], status=ItemStatus.DONE)
    make_item(team, estimate=D(21))  # not linked
    answer = forecasts_for(world.acme, [kr])[kr.id]
    assert answer.open_items == 3
    assert answer.unestimated_items == 1
    assert answer.remaining_points == D(13)
    assert answer.needs_history is False
    assert answer.closed_sprints == 3
    assert answer.delivery is not None
    # 13 points at 10 a sprint: two 14-day sprints; the cycle has 45 days left.
    assert answer.delivery.likely_sprints == 2
    assert answer.delivery.probability == D(1)
    assert answer.delivery.likely_ends_on == today() + timedelta(days=28)


def test_trend_from_the_check_ins(world: Any) -> None:
    kr = _kr(world)
    cycle = kr.objective.cycle
    first = check_in(kr, D(10))
    second = check_in(kr, D(30))
    # Put the check-ins on days 0 and 20 of the cycle: 1 a day, 10 + 90 = 100 on day 90.
    CheckIn.objects.filter(pk=first.pk).update(created_at=first.created_at - timedelta(days=45))
    CheckIn.objects.filter(pk=second.pk).update(created_at=second.created_at - timedelta(days=25))
    answer = forecasts_for(world.acme, [kr])[kr.id]
    assert (cycle.ends_on - cycle.starts_on).days == 90
    assert answer.trend is not None
    assert answer.trend.projected_value == D("100.0000")
    assert answer.trend.projected_progress == D("1.0000")
    assert answer.delivery is None
    assert answer.needs_history is False  # no linked work: nothing to forecast
    assert answer.open_items == 0


def test_needs_history_with_fewer_than_three_closed_sprints(world: Any) -> None:
    team = make_team(world.acme)
    kr = _kr(world, team)
    closed_sprints(team, [10, 12])
    make_item(team, estimate=D(5), key_results=[kr])
    answer = forecasts_for(world.acme, [kr])[kr.id]
    assert answer.needs_history is True
    assert answer.closed_sprints == 2
    assert answer.delivery is None


def test_only_the_last_ten_closed_sprints_count(world: Any) -> None:
    team = make_team(world.acme)
    kr = _kr(world, team)
    # Five old sprints of 0 points, then ten of 10: the zeros must not be drawn.
    closed_sprints(team, [0] * 5 + [10] * 10)
    make_item(team, estimate=D(13), key_results=[kr])
    make_item(team, estimate=D(5), key_results=[kr])
    answer = forecasts_for(world.acme, [kr])[kr.id]
    assert answer.delivery is not None
    assert answer.delivery.probability == D(1)
    assert answer.delivery.likely_sprints == 2


def test_another_organizations_key_result_is_not_forecast(world: Any) -> None:
    theirs = first_kr(make_objective(make_cycle(world.globex)))
    assert forecasts_for(world.acme, [theirs]) == {}


def _org_with(world: Any, n: int) -> list[KeyResult]:
    cycle = make_cycle(world.acme)
    teams = [make_team(world.acme) for _ in range(2)]
    for team in teams:
        closed_sprints(team, [8, 10, 12])
    krs = []
    for i in range(n):
        kr = first_kr(make_objective(cycle, team=teams[i % 2]))
        check_in(kr, D(i))
        check_in(kr, D(i + 1))
        make_item(teams[i % 2], estimate=D(3), key_results=[kr])
        krs.append(kr)
    return krs


def _count(world: Any, krs: list[KeyResult]) -> int:
    lean = list(KeyResult.objects.filter(id__in=[kr.id for kr in krs]).only("id"))
    with CaptureQueriesContext(connection) as ctx:
        answers = forecasts_for(world.acme, lean, runs=50)
    assert len(answers) == len(krs)
    return len(ctx.captured_queries)


def test_a_fixed_number_of_queries_for_3_and_60_key_results(world: Any) -> None:
    few = _count(world, _org_with(world, 3))
    many = _count(world, _org_with(world, 60))
    assert few == many == 4
