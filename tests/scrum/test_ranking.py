"""Fractional ranks: a new rank between any two, so a move never renumbers other items."""

from __future__ import annotations

import random

import pytest

from okrum.scrum import ranking


def test_the_first_rank_of_an_empty_backlog_is_a_rank():
    assert ranking.is_rank(ranking.first())


@pytest.mark.parametrize(
    ("before", "after"),
    [(None, None), ("a0", None), (None, "a0"), ("a0", "a1"), ("a0", "a0V"), ("Zz", "a0")],
)
def test_a_rank_between_two_sorts_strictly_between_them(before, after):
    rank = ranking.between(before, after)

    assert before is None or before < rank
    assert after is None or rank < after


def test_ranks_stay_short_when_items_are_always_added_at_the_bottom():
    rank = ranking.first()
    for _ in range(20_000):
        rank = ranking.between(rank, None)
    assert len(rank) <= 6


def test_repeated_moves_into_the_same_gap_keep_order_and_a_bounded_length():
    low = ranking.between(None, None)
    high = ranking.between(low, None)
    ranks = [low, high]
    for _ in range(200):
        high = ranking.between(low, high)
        ranks.append(high)
    assert all(len(r) <= ranking.MAX_LENGTH for r in ranks)
    assert len(set(ranks)) == len(ranks)
    assert sorted(ranks[2:], reverse=True) == ranks[2:]  # each new one just above `low`
    assert all(low < r for r in ranks[1:])


def test_random_moves_always_produce_a_consistent_order():
    rng = random.Random(7)
    order = ranking.many_between(None, None, 50)
    for _ in range(500):
        order.pop(rng.randrange(len(order)))
        slot = rng.randrange(len(order) + 1)
        lower = order[slot - 1] if slot > 0 else None
        upper = order[slot] if slot < len(order) else None
        order.insert(slot, ranking.between(lower, upper))
    assert order == sorted(order)
    assert len(set(order)) == len(order)


def test_many_ranks_between_two_ascend_and_fit_between_them():
    ranks = ranking.many_between("a0", "a1", 1000)

    assert len(ranks) == 1000
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == 1000
    assert ranks[0] > "a0"
    assert ranks[-1] < "a1"


@pytest.mark.parametrize(("before", "after"), [("a1", "a0"), ("a0", "a0"), ("", None), ("?", None)])
def test_ranks_out_of_order_or_malformed_are_refused(before, after):
    with pytest.raises(ranking.RankError):
        ranking.between(before, after)


def test_a_negative_count_is_refused():
    with pytest.raises(ranking.RankError):
        ranking.many_between(None, None, -1)
