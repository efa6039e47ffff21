"""The review of a cycle: scores from grades (or suggestions), bars, bands, goals, fixed cost."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs import services
from okrum.okrs.models import Cycle, Grade
from okrum.okrs.queries import review as review_queries
from okrum.okrs.scoring import Band
from tests.factories.okr_review import fresh, to_review
from tests.factories.okrs import check_in, kr_spec, make_cycle, make_objective, make_team


def key_results(objective: Any) -> list[Any]:
    return list(objective.key_results.order_by("position", "id"))


def test_it_scores_objectives_from_grades_and_falls_back_to_suggestions(world):
    cycle = make_cycle(world.acme)
    vision = services.create_goal(
        org=world.acme, by=world.alice_membership, kind="vision", title="Best fitness store"
    )
    team = make_team(world.acme, name="Checkout")
    company = make_objective(
        cycle,
        title="Grow revenue",
        goal=vision,
        specs=[kr_spec(weight=Decimal(3)), kr_spec(weight=Decimal(1))],
    )
    aspirational = make_objective(
        cycle, team=team, title="Delight shoppers", goal=vision, kind="aspirational"
    )
    loose = make_objective(cycle, team=team, title="Tidy up", key_results=0)
    first, second = key_results(company)
    check_in(first, 100)
    check_in(second, 20)
    check_in(key_results(aspirational)[0], 74)
    to_review(cycle, world.alice_membership)
    services.grade_key_result(
        key_result=fresh(second), by=world.alice_membership, score="0.6", reason="Late launch"
    )

    found = review_queries.review(world.acme, Cycle.objects.get(pk=cycle.pk))

    assert [o.objective.title for o in found.objectives] == [
        "Grow revenue",
        "Delight shoppers",
        "Tidy up",
    ]
    grow = found.objective(company.pk)
    assert [(r.suggested, r.graded, r.score) for r in grow.key_results] == [
        (Decimal("1.0"), False, Decimal("1.0")),
        (Decimal("0.2"), True, Decimal("0.6")),
    ]
    assert grow.key_results[1].overridden
    # (1.0 x 3 + 0.6 x 1) / 4 = 0.9; the first KR counts with its suggestion, so provisional.
    assert (grow.score, grow.uses_suggestions, grow.met_bar) == (Decimal("0.9"), True, False)
    delight = found.objective(aspirational.pk)
    assert (delight.score, delight.met_bar, delight.band) == (
        Decimal("0.7"),
        True,
        Band.GREEN,
    )
    assert found.objective(loose.pk).score is None
    assert found.distribution == {Band.RED: 0, Band.YELLOW: 1, Band.GREEN: 2}
    assert (found.graded, found.total) == (1, 3)
    [goal] = found.goals
    assert goal.goal == vision
    assert (goal.summary.objectives, goal.summary.mean_score, goal.summary.met_bar) == (
        2,
        Decimal("0.8"),
        1,
    )
    assert found.without_goal.objectives == 1


def test_it_shows_nothing_of_another_organization(world):
    mine = make_cycle(world.acme)
    theirs = make_cycle(world.globex)
    make_objective(theirs, title="Globex secret")
    make_objective(mine, title="Acme plan")

    found = review_queries.review(world.acme, mine)

    assert [o.objective.title for o in found.objectives] == ["Acme plan"]


def _cost(org: Any, cycle: Cycle) -> int:
    with CaptureQueriesContext(connection) as captured:
        review_queries.review(org, cycle)
    return len(captured)


def test_the_review_costs_the_same_for_2_and_40_objectives(world):
    small, large = make_cycle(world.acme), make_cycle(world.acme)
    team = make_team(world.acme)
    goal = services.create_goal(
        org=world.acme, by=world.alice_membership, kind="focus", title="Checkout"
    )
    for cycle, count in ((small, 2), (large, 40)):
        for n in range(count):
            objective = make_objective(
                cycle, team=team if n % 2 else None, goal=goal, key_results=2
            )
            check_in(key_results(objective)[0], 50)
        to_review(cycle, world.alice_membership)
        services.accept_suggested_grades(cycle=cycle, by=world.alice_membership)
    # Half graded, half not: both kinds of row cost nothing extra.
    Grade.objects.filter(key_result__position__gt=0).delete()

    assert _cost(world.acme, small) == _cost(world.acme, large) == 2
