"""Reads of OKRs that pages and the API build on."""

from __future__ import annotations

from datetime import timedelta

from okrum.core.time import today
from okrum.okrs import queries
from okrum.okrs.models import CycleState
from tests.factories.okrs import make_cycle


def test_the_current_cycle_is_the_active_one_before_review_and_planning(world):
    make_cycle(world.acme, state=CycleState.PLANNING, name="Next")
    make_cycle(world.acme, state=CycleState.REVIEW, name="Last")
    active = make_cycle(world.acme, state=CycleState.ACTIVE, name="Now")
    make_cycle(world.acme, state=CycleState.CLOSED, name="Old")

    assert queries.current_cycle(world.acme) == active


def test_without_an_active_cycle_the_one_in_review_comes_first(world):
    make_cycle(world.acme, state=CycleState.PLANNING, name="Next")
    review = make_cycle(world.acme, state=CycleState.REVIEW, name="Last")

    assert queries.current_cycle(world.acme) == review


def test_among_cycles_in_planning_the_earliest_is_the_one_to_plan_now(world):
    later = today() + timedelta(days=200)
    make_cycle(world.acme, state=CycleState.PLANNING, name="Q2 next year", starts_on=later)
    sooner = make_cycle(
        world.acme, state=CycleState.PLANNING, name="Q1", starts_on=today() + timedelta(days=20)
    )

    assert queries.current_cycle(world.acme) == sooner


def test_only_closed_cycles_leave_no_current_cycle(world):
    make_cycle(world.acme, state=CycleState.CLOSED)

    assert queries.current_cycle(world.acme) is None
    assert queries.current_cycle(world.globex) is None
