"""What the sprint review reads: key results at the start, now and at the close; the increment."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.okrs.models import KeyResult
from okrum.scrum import services
from okrum.scrum.models import ItemStatus, Sprint
from okrum.scrum.queries import review as review_queries
from okrum.scrum.queries import sprint as load_sprint
from tests.factories.okrs import check_in, first_kr, kr_spec, make_objective
from tests.factories.scrum import make_item, make_items, started_sprint
from tests.factories.sprint_review import review_setup


def data_of(world, sprint: Sprint) -> review_queries.ReviewData:
    return review_queries.review_data(world.acme, load_sprint(world.acme, sprint.pk))


def test_a_goal_key_result_shows_its_value_at_the_start_now_and_the_change(world):
    s = review_setup(world)
    check_in(s.kr, 26, confidence=8)

    move = data_of(world, s.sprint).key_results[0]

    assert move.key_result.pk == s.kr.pk
    assert move.goal
    assert (move.start_value, move.value, move.change) == (Decimal(20), Decimal(26), Decimal(6))
    # 10 → 40: 20 is a third of the way, 26 is 53.33 %: 20 progress points gained.
    assert move.start_progress == Decimal("0.3333")
    assert move.progress == Decimal("0.5333")
    assert move.progress_points == Decimal("20.0")
    assert (move.start_confidence, move.confidence) == (6, 8)
    assert not move.final


def test_a_key_result_without_a_check_in_since_the_start_shows_no_change(world):
    s = review_setup(world)

    move = data_of(world, s.sprint).key_results[0]

    assert move.change == 0
    assert move.progress_points == 0


def test_after_the_close_the_stored_end_values_stay_whatever_later_check_ins_say(world):
    s = review_setup(world)
    check_in(s.kr, 30, confidence=7)
    services.close_sprint(sprint=s.sprint, by=world.alice_membership)
    check_in(s.kr, 38, confidence=9)

    move = data_of(world, s.sprint).key_results[0]

    assert move.final
    assert (move.start_value, move.value, move.change) == (Decimal(20), Decimal(30), Decimal(10))
    assert move.confidence == 7


def test_the_increment_groups_done_items_by_key_result_then_unlinked(world):
    s = review_setup(world, items=3, done=2)
    other = first_kr(make_objective(s.kr.objective.cycle, team=s.team, title="Fewer refunds"))
    both, only_goal, _open = s.items
    services.update_item(item=both, by=world.alice_membership, key_results=[s.kr, other])
    loose = make_item(s.team, title="Tidy the footer", sprint=s.sprint)
    services.update_item(item=loose, by=world.alice_membership, status=ItemStatus.DONE)

    data = data_of(world, s.sprint)

    groups = {m.key_result.title: [i.pk for i in m.items] for m in data.increment}
    # An item serving two key results is listed under both.
    assert groups == {"Conversion": [both.pk, only_goal.pk], other.title: [both.pk]}
    assert [m.key_result.pk for m in data.other_key_results] == [other.pk]
    assert data.other_key_results[0].start_value is None
    assert data.other_key_results[0].change is None
    assert [i.pk for i in data.unlinked] == [loose.pk]
    assert len(data.done_items) == 3


def test_the_numbers_count_done_points_and_the_scope_added(world):
    s = review_setup(world, items=3, done=2)
    added = make_item(s.team, title="Late idea", estimate=Decimal(5))
    services.assign_items(sprint=s.sprint, items=[added], by=world.alice_membership, team=s.team)

    data = data_of(world, s.sprint)

    assert data.done_points == Decimal(6)
    assert [c.event.item_id for c in data.added] == [added.pk]
    assert data.removed == []


def test_backlog_changes_are_listed_from_the_review_start_until_the_close(world):
    s = review_setup(world, items=3, done=1)
    before = make_item(s.team, title="Before the review")
    services.open_review(sprint=s.sprint, by=world.bob_membership)
    during = make_item(s.team, title="Said at the review")
    services.update_item(item=s.items[1], by=world.bob_membership, status=ItemStatus.DONE)
    services.close_sprint(sprint=s.sprint, by=world.alice_membership)
    make_item(s.team, title="After the close")

    data = data_of(world, s.sprint)

    listed = [(e.item.title, e.field) for e in data.changes]
    assert listed == [("Said at the review", "created"), (s.items[1].title, "status")]
    assert before.pk not in {e.item_id for e in data.changes}
    assert during.pk in {e.item_id for e in data.changes}


def test_no_review_means_no_backlog_changes_listed(world):
    s = review_setup(world)
    make_item(s.team, title="An idea")

    data = data_of(world, s.sprint)

    assert data.review is None
    assert data.changes == []


def _queries(world, sprint: Sprint) -> int:
    loaded = load_sprint(world.acme, sprint.pk)
    with CaptureQueriesContext(connection) as captured:
        review_queries.review_data(world.acme, loaded)
    return len(captured.captured_queries)


def test_the_review_costs_the_same_queries_for_5_or_200_items_and_1_or_10_key_results(world):
    small = review_setup(world, items=5, done=5, key_results=1)
    services.open_review(sprint=small.sprint, by=world.alice_membership)
    make_item(small.team)
    few = _queries(world, small.sprint)
    services.close_sprint(sprint=small.sprint, by=world.alice_membership)

    large = a_large_sprint(world, small)
    many = _queries(world, large)

    assert few == many == 7


def a_large_sprint(world, small) -> Sprint:
    """A second sprint of the same team: 200 items done, 10 goal key results, many changes."""
    objective = make_objective(
        small.kr.objective.cycle, team=small.team, specs=[kr_spec() for _ in range(9)]
    )
    krs = [small.kr, *KeyResult.objects.filter(objective=objective)]
    items = make_items(small.team, 200, estimate=Decimal(1), key_results=krs[:3])
    sprint = started_sprint(small.team, items, goal_key_results=krs)
    services.open_review(sprint=sprint, by=world.alice_membership)
    for item in items:
        services.update_item(item=item, by=world.alice_membership, status=ItemStatus.DONE)
    for kr in krs:
        check_in(kr, 30)
    return sprint
