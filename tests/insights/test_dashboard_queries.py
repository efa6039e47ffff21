"""The dashboard's numbers on a worked example, and its cost at 20 and at 2,000 objectives."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import now, today
from okrum.insights.queries.dashboard import dashboard
from okrum.okrs.models import CheckIn, CycleState
from tests.factories.dashboard import bulk_objectives, known_cycle
from tests.factories.okrs import check_in, first_kr, make_cycle, make_objective
from tests.factories.onboarding import make_staffed_team
from tests.factories.scrum import started_sprint


def counts(rows) -> dict[str, int]:
    return {row.status: row.count for row in rows}


def test_counts_by_status_equal_the_worked_example(world):
    known = known_cycle(world.acme)

    board = dashboard(world.acme, known.cycle)

    assert board.expected == Decimal("0.5")
    assert counts(board.key_result_counts) == {
        "off_track": 1,  # Cart saves, 0.1
        "at_risk": 1,  # Returns handled, 0.3
        "on_track": 2,  # NPS 0.9, Click rate 0.45
        "achieved": 1,  # Paid orders
        "no_data": 1,  # Zero results gone
    }
    # Delight customers 0.6 and Checkout converts 0.55 on track; Search finds 0.225 off track.
    assert counts(board.objective_counts) == {
        "off_track": 1,
        "at_risk": 0,
        "on_track": 2,
        "achieved": 0,
        "no_data": 0,
    }
    assert board.key_result_counts[0].status == "off_track"  # worst news first
    assert board.key_result_total == 6
    assert board.objective_total == 3


def test_objectives_carry_progress_status_and_mean_confidence(world):
    known = known_cycle(world.acme)

    board = dashboard(world.acme, known.cycle)

    [company] = board.company
    assert (company.title, company.progress, company.status) == (
        "Delight customers",
        Decimal("0.6"),
        "on_track",
    )
    assert company.confidence == Decimal("6.5")  # (8 + 5) / 2
    assert company.key_results == 2
    groups = {g.name: g.objectives for g in board.teams_objectives}
    assert list(groups) == ["Checkout", "Search"]
    [checkout] = groups["Checkout"]
    assert (checkout.progress, checkout.status, checkout.confidence) == (
        Decimal("0.55"),
        "on_track",
        Decimal("6.0"),
    )
    [search] = groups["Search"]
    # The key result without a check-in counts as 0 and has no confidence to average.
    assert (search.progress, search.status, search.confidence) == (
        Decimal("0.225"),
        "off_track",
        Decimal("7.0"),
    )


def test_behind_pace_lists_the_largest_gap_first_without_achieved_or_unmeasured(world):
    known = known_cycle(world.acme)

    board = dashboard(world.acme, known.cycle)

    assert [kr.title for kr in board.behind] == ["Cart saves", "Returns handled", "Click rate"]
    assert [kr.gap for kr in board.behind] == [Decimal("0.4"), Decimal("0.2"), Decimal("0.05")]
    first = board.behind[0]
    assert (first.team_name, first.objective_title, first.owner_name) == (
        "Checkout",
        "Checkout converts",
        "Alice",
    )
    assert first.status == "off_track"
    # One check-in draws no line, and no work is linked: the forecast says so.
    assert first.forecast is not None
    assert first.forecast.trend is None
    assert first.forecast.delivery is None


def test_behind_pace_shows_the_trend_once_there_are_two_check_ins(world):
    known = known_cycle(world.acme)
    cart = known.krs["Cart saves"]
    CheckIn.objects.filter(key_result=cart).update(created_at=now() - timedelta(days=10))
    check_in(cart, Decimal(12), confidence=3)

    board = dashboard(world.acme, known.cycle)

    # From 10, ten days ago, to 12 today: 0.2 a day, so 22 after the 50 days left.
    forecast = board.behind[0].forecast
    assert board.behind[0].title == "Cart saves"
    assert forecast is not None
    assert forecast.trend is not None
    assert forecast.trend.projected_progress == Decimal("0.22")


def test_behind_pace_keeps_the_ten_furthest_behind(world):
    cycle = make_cycle(world.acme, state=CycleState.ACTIVE)
    for value in range(12):
        check_in(first_kr(make_objective(cycle, title=f"O{value:02}")), Decimal(value))

    board = dashboard(world.acme, cycle)

    assert [kr.progress for kr in board.behind] == [Decimal(v) / 100 for v in range(10)]


def test_stale_check_ins_count_all_and_list_the_longest_silent_first(world):
    known = known_cycle(world.acme)

    board = dashboard(world.acme, known.cycle)

    assert board.stale_count == 2
    assert [kr.title for kr in board.stale] == ["Zero results gone", "Returns handled"]
    assert board.stale[0].last_check_in_at is None
    assert board.stale[0].owner_name == "Alice"


def test_team_summary_has_objectives_average_progress_and_the_running_sprint(world):
    known = known_cycle(world.acme)

    board = dashboard(world.acme, known.cycle)

    checkout, search = board.teams
    assert (checkout.name, checkout.objectives, checkout.average_progress) == (
        "Checkout",
        1,
        Decimal("0.55"),
    )
    assert (checkout.sprint_id, checkout.sprint_name, checkout.sprint_goal) == (
        known.sprint.pk,
        "Sprint 7",
        "Pay in one click",
    )
    assert checkout.days_left == (known.sprint.ends_on - today()).days == 12
    assert (search.objectives, search.average_progress, search.sprint_id) == (
        1,
        Decimal("0.225"),
        None,
    )


def test_vision_and_focus_goals_come_first(world):
    known = known_cycle(world.acme)

    board = dashboard(world.acme, known.cycle)

    assert [g.title for g in board.visions] == ["The shop runners trust"]
    assert [(g.title, g.parent_id) for g in board.focuses] == [
        ("Improve the checkout", known.vision.pk)
    ]


def test_another_organizations_data_never_counts(world):
    known = known_cycle(world.acme)
    other = make_cycle(world.globex, state=CycleState.ACTIVE)
    check_in(first_kr(make_objective(other, make_staffed_team(world.globex))), Decimal(1))

    board = dashboard(world.acme, known.cycle)

    assert board.key_result_total == 6
    assert [t.name for t in board.teams] == ["Checkout", "Search"]


def test_without_a_cycle_the_sections_are_empty_but_the_goals_stay(world):
    known_cycle(world.acme)

    board = dashboard(world.acme, None)

    assert board.cycle is None
    assert board.company == board.behind == board.stale == board.teams == []
    assert [g.title for g in board.visions] == ["The shop runners trust"]


def test_a_given_day_moves_the_expected_pace(world):
    known = known_cycle(world.acme)

    board = dashboard(world.acme, known.cycle, today=known.cycle.starts_on + timedelta(days=80))

    assert board.expected == Decimal("0.8")
    # At 80 %, Delight customers (0.6) is 0.2 behind: at risk.
    assert board.company[0].status == "at_risk"


def cost(org, cycle) -> int:
    with CaptureQueriesContext(connection) as captured:
        dashboard(org, cycle)
    return len(captured.captured_queries)


def test_the_dashboard_costs_the_same_queries_for_20_and_2000_objectives(world):
    small_cycle = make_cycle(world.acme, state=CycleState.ACTIVE)
    teams = [make_staffed_team(world.acme, name=f"Team {n}") for n in range(5)]
    for team in teams[:3]:
        started_sprint(team)
    bulk_objectives(small_cycle, teams, 20)
    small = cost(world.acme, small_cycle)

    big_cycle = make_cycle(world.acme, state=CycleState.ACTIVE)
    bulk_objectives(big_cycle, teams, 2000)
    board = dashboard(world.acme, big_cycle)

    assert board.objective_total == 2000
    assert board.key_result_total == 4000
    assert len(board.behind) == 10
    assert cost(world.acme, big_cycle) == small
