"""The planning board: objectives by owner, what each viewer may do, a fixed query cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs import services
from okrum.okrs.models import Cycle, CycleState
from okrum.okrs.queries.planning import planning_board
from tests.factories.okrs import kr_spec
from tests.factories.planning import draft, make_planning


@pytest.fixture
def plan(world):
    return make_planning(world.acme, world.bob_membership)


def board_of(world, plan, membership):
    cycle = Cycle.objects.get(pk=plan.cycle.pk)
    return planning_board(world.acme, cycle, membership)


def test_the_board_groups_company_first_then_teams_by_name(world, plan):
    search = draft(plan, plan.search, title="Find fast")
    company = draft(plan, title="Grow", status="published")
    checkout = draft(plan, plan.checkout, title="Pay fast", status="proposed")
    draft(plan, plan.checkout, title="Old", status="published")
    services.update_objective(objective=company, by=world.alice_membership, status="closed")

    board = board_of(world, plan, world.alice_membership)

    assert [g.name for g in board.groups] == ["Checkout", "Search"]
    assert [[r.objective.title for r in g.rows] for g in board.groups] == [
        ["Pay fast", "Old"],
        ["Find fast"],
    ]
    assert [o.pk for o in board.unpublished] == [checkout.pk, search.pk]
    assert board.published_count == 1


def test_the_company_group_comes_first_with_key_results_and_thread(world, plan):
    draft(plan, plan.checkout, title="Team")
    company = draft(plan, title="Company", specs=[kr_spec(title="A"), kr_spec(title="B")])
    services.comment_on_objective(objective=company, by=world.bob_membership, body="first")
    services.comment_on_objective(objective=company, by=world.alice_membership, body="second")

    board = board_of(world, plan, world.alice_membership)

    assert [g.name for g in board.groups] == ["Company", "Checkout"]
    row = board.groups[0].rows[0]
    assert [kr.title for kr in row.key_results] == ["A", "B"]
    assert [c.body for c in row.comments] == ["first", "second"]


def test_each_viewer_sees_what_they_may_do(world, plan):
    drafted = draft(plan, plan.checkout)
    proposed = draft(plan, plan.checkout, status="proposed")
    company = draft(plan, status="proposed")

    def may(membership):
        rows = [r for g in board_of(world, plan, membership).groups for r in g.rows]
        return {
            r.objective.pk: (r.may_propose, r.may_approve, r.may_send_back, r.may_comment)
            for r in rows
        }

    bob, dave, alice = may(world.bob_membership), may(plan.dave), may(world.alice_membership)
    assert bob == {
        company.pk: (False, False, False, True),
        drafted.pk: (True, False, False, True),
        proposed.pk: (False, False, False, True),
    }
    assert dave[drafted.pk] == (True, True, False, True)
    assert dave[proposed.pk] == (False, True, True, True)
    assert dave[company.pk] == (False, False, False, True)
    assert alice[company.pk] == (False, True, True, True)
    board = board_of(world, plan, world.alice_membership)
    assert (board.may_edit_notes, board.may_activate) == (True, True)
    board = board_of(world, plan, world.bob_membership)
    assert (board.may_edit_notes, board.may_activate) == (False, False)


def test_nobody_acts_on_the_board_of_a_cycle_in_review(world, plan):
    draft(plan, plan.checkout, status="proposed")
    Cycle.objects.filter(pk=plan.cycle.pk).update(state=CycleState.REVIEW)

    board = board_of(world, plan, world.alice_membership)

    row = board.groups[0].rows[0]
    assert (row.may_approve, row.may_send_back, row.may_comment, board.may_plan) == (
        False,
        False,
        False,
        False,
    )
    assert (board.may_edit_notes, board.may_activate) == (True, False)


def _fill(world, plan, count):
    for n in range(count):
        team = (None, plan.checkout, plan.search)[n % 3]
        objective = draft(plan, team, key_results=2, status=("draft", "proposed")[n % 2])
        services.comment_on_objective(objective=objective, by=world.alice_membership, body="Hm")


@pytest.mark.parametrize("count", [2, 40])
def test_the_board_costs_the_same_queries_for_2_or_40_objectives(world, plan, count):
    _fill(world, plan, count)
    cycle = Cycle.objects.get(pk=plan.cycle.pk)

    with CaptureQueriesContext(connection) as queries:
        board = planning_board(world.acme, cycle, plan.dave)
        assert sum(len(r.comments) + len(r.key_results) for g in board.groups for r in g.rows)

    assert board.objective_count == count
    assert len(queries) == 5
