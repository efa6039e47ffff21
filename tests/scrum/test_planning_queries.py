"""The planning read: key results beside the backlog, the selection, capacity and warnings."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs.models import Cycle, CycleState, Objective, ObjectiveStatus
from okrum.scrum import queries, services
from okrum.scrum.queries import planning as planning_queries
from okrum.scrum.services import ItemSpec
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_items
from tests.factories.sprint_planning import closed_sprints, planned_sprint, seat
from tests.factories.tenancy import add_member


@pytest.fixture
def team(world):
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.alice_membership, "product_owner")
    seat(team, world.bob_membership)
    return team


def publish(objective: Objective) -> None:
    Objective.objects.filter(pk=objective.pk).update(status=ObjectiveStatus.PUBLISHED)


def read(world, sprint, **kw):
    return planning_queries.planning(world.acme, queries.sprint(world.acme, sprint.pk), **kw)


def codes(world, sprint, **kw):
    return read(world, sprint, **kw).warning_codes


def test_it_shows_the_teams_key_results_with_the_open_work_linked_to_each(world, team):
    cycle = make_cycle(world.acme)
    objective = make_objective(cycle, team=team, key_results=2)
    publish(objective)
    conversion, speed = objective.key_results.order_by("position", "id")
    check_in(conversion, 30, confidence=6)
    sprint = planned_sprint(team)
    in_sprint = make_item(team, estimate=D(3), key_results=[conversion], sprint=sprint)
    make_item(team, estimate=D(5), key_results=[conversion])
    make_item(team, estimate=D(2), key_results=[conversion, speed])
    make_item(team, estimate=D(8), key_results=[conversion], status="done")  # done: not open
    assert in_sprint.sprint_id == sprint.pk

    found = read(world, sprint)

    lines = {line.key_result.pk: line for line in found.key_results}
    assert set(lines) == {conversion.pk, speed.pk}
    line = lines[conversion.pk]
    assert (line.sprint_items, line.sprint_points) == (1, D(3))
    assert (line.backlog_items, line.backlog_points) == (2, D(7))
    assert line.key_result.confidence == 6
    assert line.key_result.progress == D("0.3")
    assert line.stale is False  # checked in just now
    assert lines[speed.pk].stale is True  # never checked in
    assert (lines[speed.pk].backlog_items, lines[speed.pk].sprint_items) == (1, 0)
    assert found.cycle == cycle


def test_company_key_results_show_when_the_teams_work_links_to_them(world, team):
    cycle = make_cycle(world.acme)
    mine = make_objective(cycle, team=team)
    publish(mine)
    company = first_kr(make_objective(cycle, title="Grow revenue"))
    unrelated = first_kr(make_objective(cycle, title="Hire well"))
    draft = first_kr(make_objective(cycle, team=team, title="Draft idea"))  # not published
    make_item(team, key_results=[company])
    sprint = planned_sprint(team)

    shown = [line.key_result.pk for line in read(world, sprint).key_results]

    assert shown == [first_kr(mine).pk, company.pk]  # the team's own first
    assert unrelated.pk not in shown
    assert draft.pk not in shown


def test_key_results_of_other_cycles_are_left_out(world, team):
    make_cycle(world.acme)
    planning_cycle = make_cycle(world.acme, state=CycleState.PLANNING)
    later = make_objective(planning_cycle, team=team)
    publish(later)
    sprint = planned_sprint(team)

    assert read(world, sprint).key_results == []


def test_the_backlog_lists_ready_items_first_then_by_rank(world, team):
    sprint = planned_sprint(team)
    first, second, third = make_items(team, 3)
    services.update_item(item=third, by=world.alice_membership, status="ready")
    make_item(team, sprint=sprint)  # in the sprint: not in the backlog
    make_item(team, status="done")  # finished: not pulled

    found = read(world, sprint)

    assert [i.pk for i in found.backlog.items] == [third.pk, first.pk, second.pk]


def test_the_backlog_pages_by_cursor_in_the_same_order(world, team):
    sprint = planned_sprint(team)
    items = services.create_items(
        team=team,
        by=world.alice_membership,
        specs=[
            ItemSpec(title=f"Item {n}", status="ready" if n % 3 == 0 else "new") for n in range(7)
        ],
    )
    expected = [i.pk for i in items if i.status == "ready"] + [
        i.pk for i in items if i.status != "ready"
    ]

    seen = []
    cursor = None
    while True:
        page = planning_queries.backlog_page(world.acme, team, cursor=cursor, limit=3)
        seen += [i.pk for i in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break

    assert seen == expected
    assert read(world, sprint).backlog.next_cursor is None  # seven fit in the first 100


def test_the_backlog_narrows_to_the_items_linked_to_a_key_result(world, team):
    cycle = make_cycle(world.acme)
    kr = first_kr(make_objective(cycle, team=team))
    linked = make_item(team, key_results=[kr])
    make_item(team)
    sprint = planned_sprint(team)

    found = read(world, sprint, key_result=kr)

    assert [i.pk for i in found.backlog.items] == [linked.pk]
    assert found.key_result_filter == kr


def test_the_selection_counts_points_and_items_without_estimates(world, team):
    sprint = planned_sprint(team)
    make_item(team, sprint=sprint, estimate=D(5))
    make_item(team, sprint=sprint, estimate=D(3))
    make_item(team, sprint=sprint)

    found = read(world, sprint)

    assert len(found.selected) == 3
    assert found.selected_points == D(8)
    assert found.unestimated == 1


def test_capacity_lists_the_members_and_scales_the_forecast(world, team):
    closed_sprints(team, 10, 20, 30)  # average 20
    sprint = planned_sprint(team)  # ten working days each
    services.set_capacity(
        sprint=sprint, by=world.alice_membership, days={world.bob_membership: D(5)}
    )

    plan = read(world, sprint).capacity

    assert plan.working_days == 10
    by_member = {m.seat.membership_id: m.available_days for m in plan.members}
    assert by_member == {world.alice_membership.pk: None, world.bob_membership.pk: D(5)}
    assert (plan.available_days, plan.full_days) == (D(15), D(20))  # Alice counts in full
    assert plan.forecast is not None
    assert plan.forecast.average == D(20)
    assert plan.forecast.points == D(15)


def test_stakeholders_are_not_in_the_capacity_table(world, team):
    eve = add_member(world.acme, make_user(email="eve@example.com", name="Eve"), Role.VIEWER)
    seat(team, eve, "stakeholder")
    sprint = planned_sprint(team)

    members = read(world, sprint).capacity.members

    assert eve.pk not in {m.seat.membership_id for m in members}
    assert len(members) == 2


def test_there_is_no_forecast_before_a_sprint_closes(world, team):
    sprint = planned_sprint(team)

    assert read(world, sprint).capacity.forecast is None


# --- Warnings: each appears when its reason holds, and goes when it no longer does -----------


def test_no_active_cycle_warns_until_a_cycle_is_active(world, team):
    sprint = planned_sprint(team)
    cycle = make_cycle(world.acme, state=CycleState.PLANNING)
    publish(make_objective(cycle, team=team))

    assert "no_active_cycle" in codes(world, sprint)

    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.ACTIVE)
    assert not {"no_active_cycle", "no_published_objective"} & codes(world, sprint)


def test_an_active_cycle_without_a_published_objective_warns_until_one_is_published(world, team):
    cycle = make_cycle(world.acme)
    objective = make_objective(cycle, team=team)
    sprint = planned_sprint(team)

    found = read(world, sprint)
    assert "no_published_objective" in found.warning_codes
    assert "no_active_cycle" not in found.warning_codes
    message = next(w.message for w in found.warnings if w.code == "no_published_objective")
    assert message.startswith("Set objectives before sprint planning")

    publish(objective)
    assert "no_published_objective" not in codes(world, sprint)


def test_a_goal_serving_no_key_result_warns_until_it_serves_one(world, team):
    kr = first_kr(make_objective(make_cycle(world.acme), team=team))
    sprint = planned_sprint(team)

    assert "goal_serves_no_key_result" in codes(world, sprint)

    services.update_sprint(sprint=sprint, by=world.bob_membership, goal_key_results=[kr])
    assert "goal_serves_no_key_result" not in codes(world, sprint)


def test_selected_points_over_the_forecast_warn_until_they_fit(world, team):
    closed_sprints(team, 10)
    sprint = planned_sprint(team)
    big = make_item(team, sprint=sprint, estimate=D(8))
    make_item(team, sprint=sprint, estimate=D(3))

    assert "over_forecast" in codes(world, sprint)  # 11 > 10

    services.assign_items(sprint=None, items=[big], by=world.bob_membership, team=team)
    assert "over_forecast" not in codes(world, sprint)  # 3 ≤ 10


def test_without_a_forecast_the_sprints_own_capacity_is_the_yardstick(world, team):
    sprint = planned_sprint(team, capacity=D(5))
    make_item(team, sprint=sprint, estimate=D(8))

    assert "over_forecast" in codes(world, sprint)

    services.update_sprint(sprint=sprint, by=world.bob_membership, capacity=D(13))
    assert "over_forecast" not in codes(world, sprint)


def test_selected_items_without_estimates_warn_until_estimated(world, team):
    sprint = planned_sprint(team)
    item = make_item(team, sprint=sprint)

    assert "unestimated_items" in codes(world, sprint)

    services.update_item(item=item, by=world.bob_membership, estimate=D(2))
    assert "unestimated_items" not in codes(world, sprint)


# --- Cost ------------------------------------------------------------------------------------


def count_queries(world, sprint) -> int:
    fresh = queries.sprint(world.acme, sprint.pk)
    with CaptureQueriesContext(connection) as captured:
        found = planning_queries.planning(world.acme, fresh)
        # What the page reads of each row must come with the planning, not one query per row.
        for line in found.key_results:
            _ = (line.key_result.objective.title, line.key_result.objective.team)
        for item in [*found.backlog.items, *found.selected]:
            _ = (item.key, [kr.title for kr in item.key_results.all()])
        for member in found.capacity.members:
            _ = member.seat.membership.user.name
    return len(captured.captured_queries)


def build(world, team, *, items: int, key_results: int, members):
    for member in members:
        seat(team, member)
    cycle = Cycle.objects.for_org(world.acme).filter(state="active").first() or make_cycle(
        world.acme
    )
    objective = make_objective(cycle, team=team, specs=[kr_spec() for _ in range(key_results)])
    publish(objective)
    krs = list(objective.key_results.all())
    sprint = planned_sprint(team)
    specs = [
        ItemSpec(
            title=f"Item {n}",
            estimate=D(1),
            key_results=[krs[n % len(krs)]],
            sprint=sprint if n % 10 == 0 else None,
            status="ready" if n % 4 == 0 else "new",
        )
        for n in range(items)
    ]
    services.create_items(team=team, by=world.alice_membership, specs=specs)
    return sprint


def test_the_planning_read_costs_the_same_for_20_or_500_items_and_2_or_30_key_results(world):
    small_team = make_team(world.acme, name="Small", key="SML")
    large_team = make_team(world.acme, name="Large", key="LRG")
    small = build(world, small_team, items=20, key_results=2, members=[world.bob_membership])
    large = build(
        world,
        large_team,
        items=500,
        key_results=30,
        members=[world.alice_membership, world.bob_membership],
    )

    assert count_queries(world, small) == count_queries(world, large)
    assert len(read(world, large).backlog.items) == 100
