"""The alignment report on a known dataset, each number computed by hand; its fixed cost."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.insights.queries.alignment import alignment_report
from okrum.okrs.models import CycleState
from okrum.scrum.models import SprintState
from tests.factories.alignment import bulk_alignment, close_cycle, publish, sprint_of_work
from tests.factories.okrs import check_in, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item

D = Decimal


def build(org):
    """Two teams in an active cycle, an old closed cycle, and every kind of misalignment."""
    old = make_cycle(org, name="Q2", starts_on=today() - timedelta(days=150))
    cycle = make_cycle(org, name="Q3")
    checkout = make_team(org, name="Checkout", key="CHK")
    search = make_team(org, name="Search", key="SRC")
    old_objective = make_objective(old, team=search, key_results=1, title="Old objective")
    old_kr = old_objective.key_results.get()
    ours = make_objective(cycle, team=checkout, key_results=2, title="Faster checkout")
    kr1, kr2 = ours.key_results.order_by("position", "id")
    theirs = make_objective(cycle, team=search, key_results=1, title="Better search")
    kr3 = theirs.key_results.get()
    company = make_objective(cycle, key_results=3, title="Grow")
    kr4, kr5, kr6 = company.key_results.order_by("position", "id")
    draft = make_objective(cycle, team=search, key_results=1, title="Still a draft")
    publish(ours, theirs, company)
    check_in(kr3, 20)
    check_in(kr5, 0)  # checked in, but still at its start
    check_in(kr6, 10)

    start = cycle.starts_on
    before = sprint_of_work(search, start - timedelta(days=20), done=[(8, [kr3])])
    a1 = sprint_of_work(
        checkout,
        start + timedelta(days=1),
        done=[(8, [kr1]), (5, []), (3, [kr1, kr2])],
        serves=[kr1],
        goal="Pay in one step",
    )
    a2 = sprint_of_work(
        checkout,
        today() - timedelta(days=2),
        done=[(2, [kr2]), (3, [])],
        open_items=[(5, [kr1])],
        state=SprintState.ACTIVE,
        goal="Tidy the basket",
    )
    b1 = sprint_of_work(
        search, start + timedelta(days=3), done=[(13, []), (1, [old_kr])], serves=[kr3]
    )
    planned = sprint_of_work(
        search, today() + timedelta(days=5), done=[(5, [kr3])], state=SprintState.PLANNED
    )
    stale = make_item(search, title="Reindex", key_results=[old_kr])
    both = make_item(checkout, title="Refund flow", key_results=[old_kr, kr1])
    close_cycle(old)
    return SimpleNamespace(**locals())


@pytest.fixture
def data(world):
    return build(world.acme)


def test_it_reports_the_active_cycle_by_default(data, world):
    assert alignment_report(world.acme).cycle == data.cycle


def test_each_sprint_shows_done_points_and_points_linked_to_the_cycle(data, world):
    report = alignment_report(world.acme)

    rows = {
        row.sprint.pk: (row.points.done, row.points.linked, row.points.share, row.percent)
        for team in report.teams
        for row in team.sprints
    }
    # A1: 8 + 5 + 3 done; 8 + 3 linked (the item on two KRs counts once).
    # A2: 2 + 3 done, 2 linked; its open 5 points do not count.
    # B1: 13 + 1 done; the 1 point is linked to a closed cycle's KR only, so 0 linked.
    assert rows == {
        data.a1.pk: (D(16), D(11), D("0.6875"), 69),
        data.a2.pk: (D(5), D(2), D("0.4"), 40),
        data.b1.pk: (D(14), D(0), D(0), 0),
    }


def test_teams_roll_up_by_points(data, world):
    report = alignment_report(world.acme)

    teams = {t.team.name: (t.total.done, t.total.linked, t.total.share) for t in report.teams}
    assert teams == {
        "Checkout": (D(21), D(13), D("0.6190")),  # not (0.6875 + 0.4) / 2 = 0.5438
        "Search": (D(14), D(0), D(0)),
    }
    assert [row.sprint for row in report.teams[0].sprints] == [data.a1, data.a2]


def test_the_organization_roll_up(data, world):
    total = alignment_report(world.acme).total

    assert (total.done, total.linked, total.share) == (D(35), D(13), D("0.3714"))
    assert (total.sprints_serving, total.sprints_not_serving) == (2, 1)
    assert total.orphans == 2


def test_it_lists_sprint_goals_that_serve_no_key_result(data, world):
    assert alignment_report(world.acme).unserving == [data.a2]


def test_orphans_have_no_linked_work_and_no_movement(data, world):
    report = alignment_report(world.acme)

    # kr1, kr2: linked work; kr3, kr6: moved; the draft's KR is not in play yet.
    assert report.orphans == [data.kr4, data.kr5]
    assert report.orphan_total == 2


def test_open_items_linked_to_closed_cycles_are_listed_with_those_key_results(data, world):
    report = alignment_report(world.acme)

    stale = {s.item.key: [kr.title for kr in s.key_results] for s in report.stale}
    # The done item of B1 linked to the old KR is not open, so it is not listed.
    assert stale == {
        f"CHK-{data.both.number}": [data.old_kr.title],
        f"SRC-{data.stale.number}": [data.old_kr.title],
    }
    assert report.stale_total == 2


def test_another_cycle_can_be_chosen(data, world):
    report = alignment_report(world.acme, data.old)

    # The old cycle's period holds the "before" sprint: 8 done points, none linked to Q2's KRs.
    assert [row.sprint for team in report.teams for row in team.sprints] == [data.before]
    assert report.total.share == D(0)
    assert report.orphans == []  # the old objective stayed a draft


def test_an_organization_without_a_cycle_gets_an_empty_report(world):
    report = alignment_report(world.globex)

    assert report.cycle is None
    assert (report.teams, report.orphans, report.stale, report.total.share) == ([], [], [], None)


def test_another_organizations_data_never_shows(data, world):
    build(world.globex)

    report = alignment_report(world.acme)

    assert report.total.done == D(35)
    assert report.stale_total == 2


def _count(org):
    with CaptureQueriesContext(connection) as ctx:
        report = alignment_report(org)
        # Touch everything a page or the API reads, so lazy loads would be counted too.
        for team in report.teams:
            for row in team.sprints:
                _ = (row.sprint.team.name, row.percent)
        for kr in report.orphans:
            _ = (kr.objective.cycle.name, kr.objective.team)
        for stale in report.stale:
            _ = (stale.item.key, [kr.objective.cycle.name for kr in stale.key_results])
        _ = [s.team.name for s in report.unserving]
    return len(ctx.captured_queries), report


def test_it_costs_the_same_queries_for_20_and_2000_objectives(world):
    small_org, big_org = world.acme, world.globex
    for org, objectives, sprints in ((small_org, 20, 2), (big_org, 2000, 40)):
        old = make_cycle(org, starts_on=today() - timedelta(days=200))
        make_objective(old, key_results=1)
        cycle = make_cycle(org, state=CycleState.ACTIVE)
        team = make_team(org)
        bulk_alignment(cycle, old, team, objectives, sprints)
        close_cycle(old)

    small, small_report = _count(small_org)
    big, big_report = _count(big_org)

    assert small == big <= 7  # the cycle, the sprints, two lists with their counts, the links
    assert len(big_report.orphans) == 100
    assert big_report.orphan_total > 100
    assert big_report.stale_total > 100
    assert len(small_report.stale) == small_report.stale_total > 0
