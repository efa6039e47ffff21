"""The OKR review's maths, with worked examples and without a database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from okrum.okrs.grading import (
    GoalSummary,
    Scored,
    bar_met,
    bar_of,
    clean_score,
    distribution,
    goal_summary,
    objective_score,
)
from okrum.okrs.scoring import Band, ScoringError


class TestObjectiveScore:
    def test_it_is_the_weighted_mean_of_the_key_results_scores(self):
        # (1.0 x 2 + 0.4 x 1 + 0.1 x 1) / 4 = 2.5 / 4 = 0.625
        items = [Scored(D("1.0"), D(2)), Scored(D("0.4"), D(1)), Scored(D("0.1"), D(1))]

        assert objective_score(items) == D("0.625")

    def test_equal_weights_give_the_plain_mean(self):
        items = [Scored(D("0.7"), D(1)), Scored(D("0.3"), D(1))]

        assert objective_score(items) == D("0.5")

    def test_a_key_result_of_weight_zero_does_not_count(self):
        items = [Scored(D("1.0"), D(1)), Scored(D("0.0"), D(0))]

        assert objective_score(items) == D("1")

    def test_all_weights_zero_fall_back_to_the_plain_mean(self):
        items = [Scored(D("0.8"), D(0)), Scored(D("0.2"), D(0)), Scored(D("0.5"), D(0))]

        assert objective_score(items) == D("0.5")

    def test_it_rounds_to_four_places(self):
        # (0.1 + 0.1 + 0.2) / 3 = 0.1333…
        items = [Scored(D("0.1"), D(1)), Scored(D("0.1"), D(1)), Scored(D("0.2"), D(1))]

        assert objective_score(items) == D("0.1333")

    def test_an_objective_without_key_results_has_no_score(self):
        assert objective_score([]) is None


class TestDistribution:
    def test_it_counts_grades_per_band_at_the_band_edges(self):
        grades = [D(s) for s in ("0.0", "0.3", "0.4", "0.6", "0.7", "1.0", "0.9")]

        assert distribution(grades) == {Band.RED: 2, Band.YELLOW: 2, Band.GREEN: 3}

    def test_every_band_is_present_even_when_empty(self):
        counts = distribution([D("0.5")])

        assert list(counts) == [Band.RED, Band.YELLOW, Band.GREEN]
        assert counts == {Band.RED: 0, Band.YELLOW: 1, Band.GREEN: 0}


class TestBar:
    def test_a_committed_objective_needs_a_full_score(self):
        assert bar_met(D("1.0"), kind="committed") is True
        assert bar_met(D("0.95"), kind="committed") is False
        assert bar_of("committed") == D(1)

    def test_an_aspirational_objective_succeeds_at_seven_tenths(self):
        assert bar_met(D("0.7"), kind="aspirational") is True
        assert bar_met(D("0.6999"), kind="aspirational") is False
        assert bar_of("aspirational") == D("0.7")

    def test_without_a_score_the_bar_is_neither_met_nor_missed(self):
        assert bar_met(None, kind="committed") is None


class TestGoalSummary:
    def test_it_gives_the_mean_score_and_how_many_met_their_bar(self):
        # Objectives serving "Improve the checkout": 1.0 (met), 0.5 (missed), 0.75 (met).
        summary = goal_summary([(D("1.0"), True), (D("0.5"), False), (D("0.75"), True)])

        assert summary == GoalSummary(objectives=3, scored=3, mean_score=D("0.75"), met_bar=2)

    def test_objectives_without_a_score_count_but_do_not_move_the_mean(self):
        summary = goal_summary([(D("0.4"), False), (None, None)])

        assert summary == GoalSummary(objectives=2, scored=1, mean_score=D("0.4"), met_bar=0)

    def test_a_goal_with_no_scored_objective_has_no_mean(self):
        assert goal_summary([]).mean_score is None


class TestCleanScore:
    @pytest.mark.parametrize("raw", ["0", "0.0", "0.3", 0.7, D("1.00"), "1"])
    def test_it_takes_tenths_from_zero_to_one(self, raw):
        assert clean_score(raw) == D(str(raw)).quantize(D("0.1"))

    @pytest.mark.parametrize("raw", ["0.35", "0.05", 0.25])
    def test_it_refuses_what_is_not_a_tenth(self, raw):
        with pytest.raises(ScoringError, match=r"steps of 0\.1") as caught:
            clean_score(raw)
        assert caught.value.field == "score"

    @pytest.mark.parametrize("raw", ["-0.1", "1.1", "7", "Infinity", "NaN"])
    def test_it_refuses_what_is_outside_zero_to_one(self, raw):
        with pytest.raises(ScoringError, match=r"from 0\.0 to 1\.0"):
            clean_score(raw)

    @pytest.mark.parametrize("raw", ["", "high", None, True])
    def test_it_refuses_what_is_not_a_number(self, raw):
        with pytest.raises(ScoringError, match="Enter a grade"):
            clean_score(raw)
