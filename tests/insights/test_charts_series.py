"""The chart series on small worked examples, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from okrum.insights import series
from okrum.insights.series import (
    CheckInPoint,
    Confidence,
    KeyResultLine,
    SprintPoints,
    SprintWindow,
)

D = Decimal
START, END = date(2026, 10, 1), date(2026, 10, 10)


def line(kind: str, **values: Decimal | None) -> KeyResultLine:
    fields: dict[str, Decimal | None] = {"start_value": D(10), "target_value": D(20)}
    fields.update(values)
    return KeyResultLine(kind=kind, unit="%", starts_on=START, ends_on=END, **fields)


def xy(s: series.Series) -> list[tuple[str, Decimal | None]]:
    return [(p.x, p.y) for p in s.points]


def test_key_result_chart_has_the_check_ins_the_pace_and_the_overlapping_sprints():
    check_ins = [
        CheckInPoint(date(2026, 10, 5), D(15)),
        CheckInPoint(date(2026, 9, 30), D(11)),  # before the start: shown on the first day
        CheckInPoint(date(2026, 10, 3), D(12)),
    ]
    sprints = [
        SprintWindow("Web · Sprint 2", date(2026, 10, 20), date(2026, 11, 2)),  # after the cycle
        SprintWindow("Web · Sprint 1", date(2026, 9, 28), date(2026, 10, 4)),
    ]

    chart = series.key_result_chart(line("increase_to"), check_ins, sprints)

    assert chart.labels[0] == "2026-10-01"
    assert chart.labels[-1] == "2026-10-10"
    assert len(chart.labels) == 10
    value, pace = chart.series
    assert (value.key, value.style) == ("value", "line")
    assert xy(value) == [("2026-10-01", D(11)), ("2026-10-03", D(12)), ("2026-10-05", D(15))]
    assert (pace.name, pace.style) == ("Expected pace", "dashed")
    assert xy(pace) == [("2026-10-01", D(10)), ("2026-10-10", D(20))]
    assert chart.bands == [series.Band("Web · Sprint 1", "2026-10-01", "2026-10-04")]
    assert chart.y_label == "%"


def test_a_baseline_key_result_paces_from_its_first_check_in():
    chart = series.key_result_chart(
        line("decrease_to", start_value=None, target_value=D(2)),
        [CheckInPoint(date(2026, 10, 2), D(8))],
        [],
    )

    assert xy(chart.series[1]) == [("2026-10-01", D(8)), ("2026-10-10", D(2))]


def test_a_baseline_key_result_without_check_ins_has_no_pace_yet():
    chart = series.key_result_chart(line("increase_to", start_value=None), [], [])

    assert [s.key for s in chart.series] == ["value"]
    assert chart.series[0].points == []


def test_stay_kinds_show_their_threshold_or_band():
    above = series.key_result_chart(line("stay_above", target_value=D(99)), [], [])
    within = series.key_result_chart(line("stay_within", low_value=D(3), high_value=D(5)), [], [])

    assert [(s.key, xy(s)) for s in above.series[1:]] == [
        ("threshold", [("2026-10-01", D(99)), ("2026-10-10", D(99))])
    ]
    assert above.series[1].name == "Threshold (at least)"
    assert [(s.key, [p.y for p in s.points]) for s in within.series[1:]] == [
        ("low", [D(3), D(3)]),
        ("high", [D(5), D(5)]),
    ]


def test_a_milestone_is_a_step_up_to_done():
    chart = series.key_result_chart(
        line("milestone", start_value=None, target_value=None),
        [CheckInPoint(date(2026, 10, 2), D(0)), CheckInPoint(date(2026, 10, 6), D(1))],
        [],
    )

    value, done = chart.series
    assert value.style == "step"
    assert xy(value) == [("2026-10-02", D(0)), ("2026-10-06", D(1))]
    assert [p.y for p in done.points] == [D(1), D(1)]


def test_velocity_puts_committed_beside_done_per_sprint():
    chart = series.velocity_chart(
        [SprintPoints("Sprint 1", D(20), D(18)), SprintPoints("Sprint 2", D(21), None)]
    )

    assert (chart.kind, chart.labels) == ("bar", ["Sprint 1", "Sprint 2"])
    committed, done = chart.series
    assert xy(committed) == [("Sprint 1", D(20)), ("Sprint 2", D(21))]
    assert xy(done) == [("Sprint 1", D(18)), ("Sprint 2", None)]


def test_grades_are_counted_per_value_in_their_band():
    chart = series.grade_chart([D("0.0"), D("0.3"), D("0.35"), D("0.7"), D("1.0"), D("1")])

    assert chart.labels == [
        "0.0",
        "0.1",
        "0.2",
        "0.3",
        "0.4",
        "0.5",
        "0.6",
        "0.7",
        "0.8",
        "0.9",
        "1.0",
    ]
    red, yellow, green = chart.series
    assert (red.key, yellow.key, green.key) == ("red", "yellow", "green")
    assert [p.y for p in red.points] == [D(1), D(0), D(0), D(1)] + [None] * 7
    assert [p.y for p in yellow.points] == [None] * 4 + [D(1), D(0), D(0)] + [None] * 4
    assert [p.y for p in green.points] == [None] * 7 + [D(1), D(0), D(0), D(2)]


def test_confidence_is_the_weekly_mean_per_objective():
    # Wednesday 7 October to Tuesday 20 October: the weeks of Mondays 5, 12 and 19 October.
    check_ins = [
        Confidence(1, date(2026, 10, 7), 6),
        Confidence(1, date(2026, 10, 9), 7),
        Confidence(1, date(2026, 10, 13), 3),
        Confidence(2, date(2026, 10, 20), 10),
        Confidence(2, date(2026, 10, 1), 4),  # before the cycle: its first week
    ]

    chart = series.confidence_chart(
        date(2026, 10, 7), date(2026, 10, 20), [(1, "Grow"), (2, "Keep")], check_ins
    )

    assert chart.labels == ["2026-10-05", "2026-10-12", "2026-10-19"]
    grow, keep = chart.series
    assert (grow.key, grow.name) == ("objective-1", "Grow")
    assert [p.y for p in grow.points] == [D("6.5"), D(3), None]
    assert [p.y for p in keep.points] == [D(4), None, D(10)]


def test_burn_charts_of_an_unstarted_sprint_have_days_but_no_points():
    days = [date(2026, 11, 2), date(2026, 11, 3)]

    down, up = series.burn_charts(days, None, None)

    assert down.labels == up.labels == ["2026-11-02", "2026-11-03"]
    assert [s.points for s in down.series + up.series] == [[], [], [], []]


def test_the_table_lists_labels_with_numbers_and_joins_a_days_check_ins():
    chart = series.key_result_chart(
        line("increase_to"),
        [CheckInPoint(date(2026, 10, 3), D(12)), CheckInPoint(date(2026, 10, 3), D("12.5"))],
        [],
    )

    rows = series.table(series.as_json(chart))

    assert rows == [
        ("2026-10-01", ["-", "10"]),
        ("2026-10-03", ["12, 12.5", "-"]),
        ("2026-10-10", ["-", "20"]),
    ]


def test_json_has_numbers_as_floats_and_keeps_gaps():
    chart = series.velocity_chart([SprintPoints("S1", D("20.5"), None)])

    answer = series.as_json(chart)

    assert answer["series"][0]["points"] == [{"x": "S1", "y": 20.5}]
    assert answer["series"][1]["points"] == [{"x": "S1", "y": None}]
    assert answer["bands"] == []


def test_velocity_labels_stay_distinct_when_sprint_names_repeat():
    chart = series.velocity_chart(
        [SprintPoints("Polish", D(5), D(5)), SprintPoints("Polish", D(6), D(4))]
    )

    assert chart.labels == ["Polish", "Polish (2)"]
    assert [p.x for p in chart.series[1].points] == ["Polish", "Polish (2)"]
