"""DESIGN §3 to the letter: every kind, every edge, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from okrum.okrs.scoring import (
    Band,
    Definition,
    Kind,
    RollUp,
    ScoringError,
    Status,
    Weighted,
    band,
    effective_start,
    expected_progress,
    met_bar,
    progress,
    roll_up,
    status,
    suggested_grade,
    validate,
)


def values(*raw: str) -> list[D]:
    return [D(v) for v in raw]


class TestIncreaseTo:
    kr = Definition(Kind.INCREASE_TO, start=D(10), target=D(20))

    def test_it_measures_the_share_of_the_way_from_start_to_target(self):
        assert progress(self.kr, values("12", "15")) == D("0.5")

    def test_it_uses_only_the_latest_check_in(self):
        assert progress(self.kr, values("19", "11")) == D("0.1")

    def test_it_clamps_below_zero(self):
        assert progress(self.kr, values("4")) == D(0)

    def test_it_clamps_above_one(self):
        assert progress(self.kr, values("35")) == D(1)

    def test_it_rounds_to_four_places(self):
        kr = Definition(Kind.INCREASE_TO, start=D(0), target=D(3))
        assert progress(kr, values("1")) == D("0.3333")

    def test_it_is_invalid_unless_target_is_above_start(self):
        with pytest.raises(ScoringError) as err:
            validate(Definition(Kind.INCREASE_TO, start=D(5), target=D(5)))
        assert err.value.field == "target_value"


class TestDecreaseTo:
    kr = Definition(Kind.DECREASE_TO, start=D(40), target=D(10))

    def test_it_measures_the_share_of_the_way_down(self):
        assert progress(self.kr, values("25")) == D("0.5")

    def test_it_clamps_when_the_value_rose(self):
        assert progress(self.kr, values("55")) == D(0)

    def test_it_clamps_past_the_target(self):
        assert progress(self.kr, values("2")) == D(1)

    def test_it_is_invalid_unless_target_is_below_start(self):
        with pytest.raises(ScoringError):
            validate(Definition(Kind.DECREASE_TO, start=D(10), target=D(40)))


class TestBaseline:
    kr = Definition(Kind.INCREASE_TO, start=None, target=D(100))

    def test_it_may_be_created_without_a_start(self):
        validate(self.kr)

    def test_the_first_check_in_becomes_the_start(self):
        assert effective_start(self.kr, values("40", "70")) == D(40)
        assert progress(self.kr, values("40", "70")) == D("0.5")

    def test_the_first_check_in_alone_is_progress_zero(self):
        assert progress(self.kr, values("40")) == D(0)

    def test_a_baseline_already_on_target_counts_as_reached(self):
        assert progress(self.kr, values("100")) == D(1)

    def test_a_baseline_decrease_measures_down_from_the_first_value(self):
        kr = Definition(Kind.DECREASE_TO, start=None, target=D(0))
        assert progress(kr, values("8", "2")) == D("0.75")


class TestStayKinds:
    def test_stay_above_is_the_share_of_check_ins_at_or_above(self):
        kr = Definition(Kind.STAY_ABOVE, target=D("99.5"))
        assert progress(kr, values("99.9", "99.5", "98", "100")) == D("0.75")

    def test_stay_below_is_the_share_of_check_ins_at_or_below(self):
        kr = Definition(Kind.STAY_BELOW, target=D(200))
        assert progress(kr, values("150", "250", "200")) == D("0.6667")

    def test_stay_within_counts_both_bounds_as_inside(self):
        kr = Definition(Kind.STAY_WITHIN, low=D(10), high=D(20))
        assert progress(kr, values("10", "20", "9.99", "25", "15")) == D("0.6")

    def test_stay_within_is_invalid_with_low_above_high(self):
        with pytest.raises(ScoringError) as err:
            validate(Definition(Kind.STAY_WITHIN, low=D(5), high=D(4)))
        assert err.value.field == "low_value"

    def test_stay_within_may_be_a_single_point(self):
        validate(Definition(Kind.STAY_WITHIN, low=D(5), high=D(5)))


class TestMilestone:
    kr = Definition(Kind.MILESTONE)

    def test_it_is_zero_until_marked_done(self):
        assert progress(self.kr, values("0")) == D(0)

    def test_it_is_one_once_marked_done(self):
        assert progress(self.kr, values("0", "1")) == D(1)


@pytest.mark.parametrize("kind", list(Kind))
def test_no_check_in_means_progress_zero_and_status_no_data(kind):
    definition = Definition(kind, start=D(0), target=D(1), low=D(0), high=D(1))
    assert progress(definition, []) == D(0)
    assert status(D(0), D("0.5"), has_data=False) == Status.NO_DATA


class TestExpectedProgress:
    starts, ends = date(2027, 1, 1), date(2027, 3, 31)

    def test_it_is_zero_on_the_first_day(self):
        assert expected_progress(self.starts, self.starts, self.ends) == D(0)

    def test_it_is_one_on_the_last_day(self):
        assert expected_progress(self.ends, self.starts, self.ends) == D(1)

    def test_it_grows_evenly_in_between(self):
        # 45 of the cycle's 89 days have passed.
        assert expected_progress(date(2027, 2, 15), self.starts, self.ends) == D("0.5056")

    def test_it_is_clamped_outside_the_cycle(self):
        assert expected_progress(date(2026, 12, 1), self.starts, self.ends) == D(0)
        assert expected_progress(date(2027, 5, 1), self.starts, self.ends) == D(1)


class TestStatus:
    def test_achieved_when_progress_reaches_one(self):
        assert status(D(1), D("0.2")) == Status.ACHIEVED

    def test_on_track_up_to_a_gap_of_ten_points(self):
        assert status(D("0.40"), D("0.50")) == Status.ON_TRACK
        assert status(D("0.90"), D("0.50")) == Status.ON_TRACK

    def test_at_risk_up_to_a_gap_of_twenty_five_points(self):
        assert status(D("0.39"), D("0.50")) == Status.AT_RISK
        assert status(D("0.25"), D("0.50")) == Status.AT_RISK

    def test_off_track_beyond(self):
        assert status(D("0.24"), D("0.50")) == Status.OFF_TRACK


class TestRollUp:
    def test_key_results_are_averaged_by_weight(self):
        krs = [Weighted(D("1"), D(3)), Weighted(D("0.2"), D(1))]
        assert roll_up(RollUp.KEY_RESULTS, krs, []) == D("0.8")

    def test_a_weight_of_zero_counts_for_nothing(self):
        krs = [Weighted(D("1"), D(0)), Weighted(D("0.2"), D(1))]
        assert roll_up(RollUp.KEY_RESULTS, krs, []) == D("0.2")

    def test_all_weights_zero_is_an_error(self):
        krs = [Weighted(D("1"), D(0)), Weighted(D("0.2"), D(0))]
        with pytest.raises(ScoringError) as err:
            roll_up(RollUp.KEY_RESULTS, krs, [])
        assert err.value.field == "weight"

    def test_children_count_one_each(self):
        assert roll_up(RollUp.CHILDREN, [], [D("0.2"), D("0.6")]) == D("0.4")

    def test_both_mixes_key_results_by_weight_and_children_by_one(self):
        krs = [Weighted(D("0.5"), D(2))]
        # (0.5·2 + 1·1 + 0·1) / 4
        assert roll_up(RollUp.BOTH, krs, [D(1), D(0)]) == D("0.5")

    def test_children_mode_ignores_key_results(self):
        krs = [Weighted(D(1), D(1))]
        assert roll_up(RollUp.CHILDREN, krs, [D("0.3")]) == D("0.3")

    def test_nothing_to_roll_up_is_zero(self):
        assert roll_up(RollUp.KEY_RESULTS, [], []) == D(0)


class TestGrades:
    @pytest.mark.parametrize(
        ("progress_value", "grade"),
        [("0", "0.0"), ("0.349", "0.3"), ("0.35", "0.4"), ("0.66", "0.7"), ("1", "1.0")],
    )
    def test_the_suggestion_is_progress_rounded_to_one_decimal(self, progress_value, grade):
        assert suggested_grade(D(progress_value)) == D(grade)

    @pytest.mark.parametrize(
        ("grade", "colour"),
        [
            ("0.0", Band.RED),
            ("0.3", Band.RED),
            ("0.4", Band.YELLOW),
            ("0.6", Band.YELLOW),
            ("0.7", Band.GREEN),
            ("1.0", Band.GREEN),
        ],
    )
    def test_bands(self, grade, colour):
        assert band(D(grade)) == colour

    def test_aspirational_succeeds_at_seven_tenths(self):
        assert met_bar(D("0.7"), aspirational=True)
        assert not met_bar(D("0.6"), aspirational=True)

    def test_committed_needs_a_full_grade(self):
        assert not met_bar(D("0.9"), aspirational=False)
        assert met_bar(D("1.0"), aspirational=False)
