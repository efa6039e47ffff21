"""The alignment maths on worked examples, without a database."""

from __future__ import annotations

from decimal import Decimal

from okrum.insights.alignment import SprintPoints, percent, roll_up, share

D = Decimal


def test_share_is_linked_points_over_done_points_to_four_places():
    assert share(D(11), D(16)) == D("0.6875")
    assert share(D(13), D(21)) == D("0.6190")  # 0.619047… rounds down
    assert share(D(2), D(3)) == D("0.6667")  # 0.66666… rounds up


def test_a_sprint_without_done_points_has_no_share_rather_than_zero():
    assert share(D(0), D(0)) is None
    assert SprintPoints(done=D(0), linked=D(0), serves_key_result=True).share is None


def test_all_linked_is_one_and_none_linked_is_zero():
    assert share(D(8), D(8)) == D(1)
    assert share(D(0), D(8)) == D(0)


def test_the_roll_up_weighs_sprints_by_points_not_by_their_percentages():
    # A small sprint fully linked and a large one not linked at all:
    # the mean of their shares would be (1 + 0) / 2 = 50 %, but only 10 of 40 points served a KR.
    small = SprintPoints(done=D(10), linked=D(10), serves_key_result=True)
    large = SprintPoints(done=D(30), linked=D(0), serves_key_result=False)

    total = roll_up([small, large], orphans=3)

    assert (total.done, total.linked) == (D(40), D(10))
    assert total.share == D("0.25")
    assert (total.sprints, total.sprints_serving, total.sprints_not_serving) == (2, 1, 1)
    assert total.orphans == 3


def test_the_roll_up_of_the_worked_example_dataset():
    # The dataset of test_alignment_queries: 16/11, 5/2 and 14/0 points.
    rows = [
        SprintPoints(done=D(16), linked=D(11), serves_key_result=True),
        SprintPoints(done=D(5), linked=D(2), serves_key_result=False),
        SprintPoints(done=D(14), linked=D(0), serves_key_result=True),
    ]

    total = roll_up(rows)

    assert total.share == D("0.3714")  # 13 / 35 = 0.371428…
    assert percent(total.share) == 37


def test_an_empty_roll_up_has_no_share():
    total = roll_up([])

    assert (total.done, total.share, total.sprints) == (D(0), None, 0)


def test_percent_rounds_half_up_for_display():
    assert percent(D("0.6875")) == 69
    assert percent(D("0.125")) == 13
    assert percent(None) is None
