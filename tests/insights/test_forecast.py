"""Forecast maths with worked examples computed by hand (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from okrum.insights import forecast
from okrum.insights.forecast import TeamWork
from okrum.okrs.scoring import Definition, Kind

START = date(2026, 1, 1)
END = date(2026, 3, 31)  # 89 days after the start


def day(n: int) -> date:
    return START + timedelta(days=n)


def test_trend_through_points_on_a_line() -> None:
    # y = 10 + x; on day 89 the line reaches 99, which is 99/200 of the way.
    points = [(day(0), D(10)), (day(10), D(20)), (day(20), D(30))]
    trend = forecast.trend(
        Definition(Kind.INCREASE_TO, D(0), D(200)), points, starts_on=START, ends_on=END
    )
    assert trend is not None
    assert trend.slope_per_day == D("1.0000")
    assert trend.projected_value == D("99.0000")
    assert trend.projected_progress == D("0.4950")
    assert trend.check_ins == 3


def test_trend_least_squares_of_scattered_points() -> None:
    # n=3, Σx=30, Σy=24, Σxy=380, Σx²=500: slope=(1140-720)/600=0.7, intercept=(24-21)/3=1;
    # on day 89: 1 + 0.7·89 = 63.3 → progress 0.633 towards 100.
    points = [(day(20), D(14)), (day(0), D(0)), (day(10), D(10))]
    trend = forecast.trend(
        Definition(Kind.INCREASE_TO, D(0), D(100)), points, starts_on=START, ends_on=END
    )
    assert trend is not None
    assert trend.slope_per_day == D("0.7000")
    assert trend.projected_value == D("63.3000")
    assert trend.projected_progress == D("0.6330")


def test_trend_of_a_decrease() -> None:
    # From 100 falling half a unit a day: 100 - 44.5 = 55.5, i.e. 44.5 of the 50 to go.
    points = [(day(0), D(100)), (day(10), D(95))]
    trend = forecast.trend(
        Definition(Kind.DECREASE_TO, D(100), D(50)), points, starts_on=START, ends_on=END
    )
    assert trend is not None
    assert trend.projected_value == D("55.5000")
    assert trend.projected_progress == D("0.8900")


def test_trend_keeps_a_measured_baseline_as_the_start() -> None:
    # Baseline 40 measured by the first check-in; 40 + 89 = 129 → (129-40)/(140-40) = 0.89.
    points = [(day(0), D(40)), (day(10), D(50))]
    trend = forecast.trend(
        Definition(Kind.INCREASE_TO, None, D(140)), points, starts_on=START, ends_on=END
    )
    assert trend is not None
    assert trend.projected_progress == D("0.8900")


def test_trend_projection_past_the_target_is_capped_at_full_progress() -> None:
    points = [(day(0), D(0)), (day(1), D(50))]
    trend = forecast.trend(
        Definition(Kind.INCREASE_TO, D(0), D(100)), points, starts_on=START, ends_on=END
    )
    assert trend is not None
    assert trend.projected_value == D("4450.0000")
    assert trend.projected_progress == D("1.0000")


def test_no_trend_without_two_days_or_for_kinds_a_line_cannot_judge() -> None:
    increase = Definition(Kind.INCREASE_TO, D(0), D(100))
    assert forecast.trend(increase, [(day(3), D(5))], starts_on=START, ends_on=END) is None
    same_day = [(day(3), D(5)), (day(3), D(7))]
    assert forecast.trend(increase, same_day, starts_on=START, ends_on=END) is None
    two = [(day(0), D(1)), (day(9), D(0))]
    for definition in (
        Definition(Kind.STAY_ABOVE, target=D(1)),
        Definition(Kind.STAY_WITHIN, low=D(0), high=D(2)),
        Definition(Kind.MILESTONE),
    ):
        assert forecast.trend(definition, two, starts_on=START, ends_on=END) is None


def constant(points: str) -> list[D]:
    return [D(points)] * 3


def test_constant_velocity_finishing_in_time_is_certain() -> None:
    # 35 points at 10 a sprint: 4 sprints of 14 days = 56 days, and 89 days are left.
    result = forecast.delivery(
        [TeamWork(D(35), constant("10"), 14)], today=START, ends_on=END, runs=500
    )
    assert result is not None
    assert result.probability == D(1)
    assert result.sprints_left == 6
    assert result.likely_sprints == 4
    assert result.likely_ends_on == START + timedelta(days=56)
    assert result.remaining_points == D(35)


def test_constant_velocity_too_slow_is_impossible() -> None:
    # 100 points at 10 a sprint need 10 sprints (140 days); only 6 fit before the end.
    result = forecast.delivery(
        [TeamWork(D(100), constant("10"), 14)], today=START, ends_on=END, runs=500
    )
    assert result is not None
    assert result.probability == D(0)
    assert result.likely_sprints == 10


def test_two_valued_history_matches_the_hand_computed_odds() -> None:
    # Draws: 10 with p=1/3, 20 with p=2/3; 40 points; two sprints (28 days) left.
    # Done in 2 only if both draws are 20: 4/9 ≈ 0.444. Done in 3: 4/9 + 1/9·2/3 = 14/27
    # ≈ 0.519, the most likely; done in 4: 1/27.
    teams = [TeamWork(D(40), [D(10), D(20), D(20)], 14)]
    result = forecast.delivery(teams, today=START, ends_on=START + timedelta(days=28))
    assert result is not None
    assert result.runs == 10_000
    assert result.sprints_left == 2
    assert abs(result.probability - D(4) / D(9)) < D("0.02")
    assert result.likely_sprints == 3
    assert result.likely_ends_on == START + timedelta(days=42)
    # Seeded: the same inputs give exactly the same answer.
    again = forecast.delivery(teams, today=START, ends_on=START + timedelta(days=28))
    assert again == result


def test_a_different_seed_may_move_the_estimate_but_not_the_mode() -> None:
    teams = [TeamWork(D(40), [D(10), D(20), D(20)], 14)]
    result = forecast.delivery(teams, today=START, ends_on=START + timedelta(days=28), seed=7)
    assert result is not None
    assert abs(result.probability - D(4) / D(9)) < D("0.02")
    assert result.likely_sprints == 3


def test_several_teams_finish_when_the_last_one_does() -> None:
    # A: 20 points at 10 per 14-day sprint → day 28. B: 20 at 5 per 7-day sprint → day 28.
    teams = [TeamWork(D(20), constant("10"), 14), TeamWork(D(20), constant("5"), 7)]
    on_time = forecast.delivery(teams, today=START, ends_on=START + timedelta(days=28), runs=50)
    late = forecast.delivery(teams, today=START, ends_on=START + timedelta(days=27), runs=50)
    assert on_time is not None
    assert late is not None
    assert on_time.probability == D(1)
    assert late.probability == D(0)
    assert on_time.likely_sprints == 2  # counted in the longest sprint length
    assert on_time.remaining_points == D(40)


def test_fewer_than_three_closed_sprints_gives_no_simulation() -> None:
    teams = [TeamWork(D(20), [D(10), D(12)], 14)]
    assert forecast.delivery(teams, today=START, ends_on=END) is None


def test_no_remaining_points_is_done_now() -> None:
    result = forecast.delivery([TeamWork(D(0), constant("10"), 14)], today=START, ends_on=END)
    assert result is not None
    assert result.probability == D(1)
    assert result.likely_sprints == 0


def test_a_team_that_never_finishes_anything_never_finishes() -> None:
    result = forecast.delivery([TeamWork(D(5), constant("0"), 14)], today=START, ends_on=END)
    assert result is not None
    assert result.probability == D(0)
    assert result.likely_sprints is None
    assert result.likely_ends_on is None


def test_usual_sprint_days_is_the_median() -> None:
    assert forecast.usual_sprint_days([14, 7, 14]) == 14
    assert forecast.usual_sprint_days([7, 14]) == 7
    assert forecast.usual_sprint_days([]) == 14
