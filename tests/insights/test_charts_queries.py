"""The chart queries: hand-computed series on small data, and a cost that does not grow."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.insights.queries import charts
from okrum.okrs.models import CycleState
from okrum.scrum import services as scrum
from tests.factories.charts import check_in_on, closed_sprints
from tests.factories.okr_review import grade, to_review
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_items, make_sprint, started_sprint


def count_queries(read) -> int:
    with CaptureQueriesContext(connection) as ctx:
        read()
    return len(ctx.captured_queries)


def series_of(chart, key):
    return next(s for s in chart.series if s.key == key)


def test_key_result_chart_reads_check_ins_and_sprints_of_the_teams_working_on_it(world):
    web, app, other = (make_team(world.acme, name=n) for n in ("Web", "App", "Other"))
    cycle = make_cycle(world.acme)
    kr = first_kr(make_objective(cycle, team=web))
    make_item(app, key_results=[kr])  # App works on it through a linked item
    s = cycle.starts_on
    check_in_on(kr, s + timedelta(days=2), 10)
    check_in_on(kr, s + timedelta(days=9), 25)
    make_sprint(web, starts_on=s + timedelta(days=7), name="Web 1")
    make_sprint(app, starts_on=s - timedelta(days=5), name="App 1")
    make_sprint(other, starts_on=s + timedelta(days=7), name="Other 1")
    make_sprint(web, starts_on=cycle.ends_on + timedelta(days=1), name="Web later")

    found = charts.key_result_chart(world.acme, kr.pk).chart

    day = lambda n: (s + timedelta(days=n)).isoformat()  # noqa: E731 (a short local helper)
    assert len(found.labels) == (cycle.ends_on - s).days + 1
    assert [(p.x, p.y) for p in series_of(found, "value").points] == [
        (day(2), Decimal(10)),
        (day(9), Decimal(25)),
    ]
    assert [(p.x, p.y) for p in series_of(found, "pace").points] == [
        (day(0), Decimal(0)),
        (cycle.ends_on.isoformat(), Decimal(100)),
    ]
    assert [(b.label, b.start, b.end) for b in found.bands] == [
        ("App · App 1", day(0), day(9)),
        ("Web · Web 1", day(7), day(21)),
    ]


def test_key_result_chart_costs_the_same_for_5_and_300_check_ins(world):
    cycle = make_cycle(world.acme)
    team = make_team(world.acme)
    small = first_kr(make_objective(cycle, team=team))
    large = first_kr(make_objective(cycle, team=team))
    for n in range(5):
        check_in(small, n)
    for n in range(300):
        check_in(large, n)
    for n in range(3):
        make_sprint(team, starts_on=cycle.starts_on + timedelta(days=15 * n))

    few = count_queries(lambda: charts.key_result_chart(world.acme, small.pk))
    many = count_queries(lambda: charts.key_result_chart(world.acme, large.pk))

    assert few == many == 3


def test_burn_series_follow_done_items_and_scope_changes(world):
    team = make_team(world.acme)
    a = make_item(team, estimate=3)
    b = make_item(team, estimate=5)
    sprint = started_sprint(team, [a, b])  # started two days ago: 8 points committed
    admin = world.alice_membership
    scrum.update_item(item=a, by=admin, status="done")
    added = make_item(team, estimate=2)
    scrum.assign_items(sprint=sprint, items=[added], by=admin, team=team)

    burn = charts.sprint_burn(world.acme, sprint.pk)

    assert (burn.started, burn.committed, burn.start) == (True, Decimal(8), Decimal(8))
    down = {s.key: [p.y for p in s.points] for s in burn.burndown.series}
    up = {s.key: [p.y for p in s.points] for s in burn.burnup.series}
    assert down["remaining"] == [Decimal(8), Decimal(8), Decimal(7)]  # 8 - 3 done + 2 added
    assert len(down["ideal"]) == len(burn.burndown.labels) == 15
    assert up["scope"] == [Decimal(8), Decimal(8), Decimal(10)]
    assert up["done"] == [Decimal(0), Decimal(0), Decimal(3)]


def test_a_planned_sprint_has_empty_burn_series(world):
    sprint = make_sprint(make_team(world.acme))

    burn = charts.sprint_burn(world.acme, sprint.pk)

    assert not burn.started
    assert all(s.points == [] for s in burn.burndown.series + burn.burnup.series)


def test_burn_costs_the_same_for_few_and_many_items(world):
    team = make_team(world.acme)
    small = started_sprint(team, make_items(team, 3, estimate=1))
    other = make_team(world.acme)
    large = started_sprint(other, make_items(other, 40, estimate=2))
    for item in list(large.items.all())[:20]:
        scrum.update_item(item=item, by=world.alice_membership, status="done")

    few = count_queries(lambda: charts.sprint_burn(world.acme, small.pk))
    many = count_queries(lambda: charts.sprint_burn(world.acme, large.pk))

    assert few == many == 4


def test_velocity_shows_the_last_ten_closed_sprints_oldest_first(world):
    team = make_team(world.acme)
    closed_sprints(team, 12, today() - timedelta(days=200))
    make_sprint(team)  # planned: not part of the velocity

    chart = charts.velocity(world.acme, team.pk).chart

    assert chart.labels == [f"Sprint {n}" for n in range(3, 13)]
    assert [p.y for p in series_of(chart, "committed").points] == [
        Decimal(n) for n in range(12, 22)
    ]
    assert [p.y for p in series_of(chart, "done").points] == [Decimal(n) for n in range(10, 20)]


def test_velocity_costs_the_same_for_3_and_40_sprints(world):
    small, large = make_team(world.acme), make_team(world.acme)
    closed_sprints(small, 3, today() - timedelta(days=60))
    closed_sprints(large, 40, today() - timedelta(days=600))

    few = count_queries(lambda: charts.velocity(world.acme, small.pk))
    many = count_queries(lambda: charts.velocity(world.acme, large.pk))

    assert few == many == 2


def test_review_charts_count_grades_and_average_confidence_per_week(world):
    cycle = make_cycle(world.acme)
    grow = make_objective(cycle, title="Grow", specs=[kr_spec(), kr_spec(), kr_spec()])
    keep = make_objective(cycle, title="Keep")
    half, full, _untouched = grow.key_results.order_by("position", "id")  # the last: grade 0.0
    check_in(half, 50, confidence=4)
    check_in(full, 100, confidence=8)
    check_in(first_kr(keep), 30, confidence=5)
    to_review(cycle, world.alice_membership)
    grade(first_kr(keep), world.alice_membership, "0.7", reason="Better than it looks")

    found = charts.review_charts(world.acme, cycle.pk)

    counts = {
        p.x: p.y for s in found.grades.series for p in s.points if p.y is not None and p.y > 0
    }
    assert counts == {"0.0": 1, "0.5": 1, "0.7": 1, "1.0": 1}
    this_week = (today() - timedelta(days=today().weekday())).isoformat()
    means = {
        s.name: {p.x: p.y for p in s.points if p.y is not None} for s in found.confidence.series
    }
    assert means == {"Grow": {this_week: Decimal(6)}, "Keep": {this_week: Decimal(5)}}
    assert found.cycle.state == CycleState.REVIEW


def test_review_charts_cost_the_same_for_few_and_many_objectives(world):
    small = make_cycle(world.acme)
    make_objective(small)
    large = make_cycle(world.acme)
    for _ in range(15):
        kr = first_kr(make_objective(large, key_results=2))
        check_in(kr, 10)
        check_in(kr, 20)

    few = count_queries(lambda: charts.review_charts(world.acme, small.pk))
    many = count_queries(lambda: charts.review_charts(world.acme, large.pk))

    assert few == many == 4
