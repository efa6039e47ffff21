"""Reads for the forecasts of key results: four queries whatever the number of key results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from okrum.core.time import today as current_day
from okrum.insights import forecast
from okrum.insights.forecast import Delivery, TeamWork, Trend
from okrum.okrs import scoring
from okrum.okrs.models import CheckIn, CycleState, KeyResult, ObjectiveStatus
from okrum.scrum.models import (
    OPEN_STATUSES,
    BacklogItemKeyResult,
    Sprint,
    SprintKeyResult,
    SprintState,
)
from okrum.tenancy.models import Organization

ZERO = Decimal(0)


@dataclass(frozen=True)
class KeyResultForecast:
    """Both forecasts of one key result and the numbers behind the delivery one."""

    trend: Trend | None
    delivery: Delivery | None
    needs_history: bool  # the linked work's teams have fewer than three closed sprints
    remaining_points: Decimal
    open_items: int
    unestimated_items: int = 0  # open linked items without an estimate, counted as 0 points
    closed_sprints: int = 0  # the fewest closed sprints among the teams doing the linked work
    teams: int = 0
    cycle_ends_on: date | None = None


@dataclass(frozen=True)
class TeamHistory:
    velocities: list[Decimal]  # oldest first, at most ten
    sprint_days: int


def team_histories(org: Organization, team_ids: set[int]) -> dict[int, TeamHistory]:
    """The last ten closed sprints of each team (one query)."""
    if not team_ids:
        return {}
    rows = (
        Sprint.objects.for_org(org)
        .filter(team_id__in=team_ids, state=SprintState.CLOSED)
        .annotate(
            recent=Window(RowNumber(), partition_by=[F("team_id")], order_by=F("number").desc())
        )
        .filter(recent__lte=forecast.MAX_HISTORY)
        .order_by("team_id", "number")
        .values_list("team_id", "done_points", "starts_on", "ends_on")
    )
    points: dict[int, list[Decimal]] = defaultdict(list)
    lengths: dict[int, list[int]] = defaultdict(list)
    for team_id, done, starts_on, ends_on in rows:
        points[team_id].append(done if done is not None else ZERO)
        lengths[team_id].append((ends_on - starts_on).days)
    return {
        team_id: TeamHistory(points[team_id], forecast.usual_sprint_days(lengths[team_id]))
        for team_id in team_ids
    }


def forecasts_for(
    org: Organization,
    key_results: Sequence[KeyResult],
    *,
    today: date | None = None,
    runs: int = forecast.DEFAULT_RUNS,
) -> dict[int, KeyResultForecast]:
    """Trend and delivery forecasts keyed by key-result id, in four queries for any number."""
    ids = [kr.id for kr in key_results]
    if not ids:
        return {}
    day = today or current_day()
    # Definitions and cycle dates are read here, so callers may pass key results loaded lean.
    cycles: dict[int, tuple[scoring.Definition, date, date]] = {}
    for kr_id, kind, start, target, low, high, starts_on, ends_on in (
        KeyResult.objects.for_org(org)
        .filter(id__in=ids)
        .values_list(
            "id",
            "kind",
            "start_value",
            "target_value",
            "low_value",
            "high_value",
            "objective__cycle__starts_on",
            "objective__cycle__ends_on",
        )
    ):
        definition = scoring.Definition(scoring.Kind(kind), start, target, low, high)
        cycles[kr_id] = (definition, starts_on, ends_on)
    check_ins: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for kr_id, at, value in (
        CheckIn.objects.for_org(org)
        .filter(key_result_id__in=ids)
        .order_by("created_at", "id")
        .values_list("key_result_id", "created_at", "value")
    ):
        check_ins[kr_id].append((timezone.localtime(at).date(), value))
    # Per key result and team: open linked points and how many items have no estimate.
    work: dict[int, dict[int, list[Decimal | None]]] = defaultdict(lambda: defaultdict(list))
    for kr_id, team_id, estimate in (
        BacklogItemKeyResult.objects.for_org(org)
        .filter(key_result_id__in=ids, item__status__in=OPEN_STATUSES)
        .values_list("key_result_id", "item__team_id", "item__estimate")
    ):
        work[kr_id][team_id].append(estimate)
    histories = team_histories(org, {team for teams in work.values() for team in teams})

    answers: dict[int, KeyResultForecast] = {}
    for kr in key_results:
        if kr.id not in cycles:
            continue
        definition, starts_on, ends_on = cycles[kr.id]
        trend = forecast.trend(
            definition, check_ins.get(kr.id, []), starts_on=starts_on, ends_on=ends_on
        )
        by_team = work.get(kr.id, {})
        estimates = [e for team in by_team.values() for e in team]
        remaining = sum((e for e in estimates if e is not None), ZERO)
        teams = [
            TeamWork(
                remaining=sum((e for e in team_estimates if e is not None), ZERO),
                velocities=histories[team_id].velocities,
                sprint_days=histories[team_id].sprint_days,
            )
            for team_id, team_estimates in by_team.items()
        ]
        fewest = min((len(t.velocities) for t in teams), default=0)
        needs_history = bool(teams) and fewest < forecast.MIN_HISTORY
        delivery = None
        if teams and not needs_history:
            delivery = forecast.delivery(teams, today=day, ends_on=ends_on, runs=runs)
        answers[kr.id] = KeyResultForecast(
            trend=trend,
            delivery=delivery,
            needs_history=needs_history,
            remaining_points=remaining,
            open_items=len(estimates),
            unestimated_items=sum(1 for e in estimates if e is None),
            closed_sprints=fewest,
            teams=len(teams),
            cycle_ends_on=ends_on,
        )
    return answers


def planning_key_results(org: Organization, sprint: Sprint) -> list[KeyResult]:
    """The key results sprint planning shows: the team's published ones of the active cycle,
    those in the Sprint Goal, and those the team's open items link to (one query)."""
    team_krs = Q(objective__team_id=sprint.team_id, objective__status=ObjectiveStatus.PUBLISHED)
    in_goal = Q(
        pk__in=SprintKeyResult.objects.for_org(org).filter(sprint=sprint).values("key_result_id")
    )
    linked = Q(
        pk__in=BacklogItemKeyResult.objects.for_org(org)
        .filter(item__team_id=sprint.team_id, item__status__in=OPEN_STATUSES)
        .values("key_result_id")
    )
    rows = (
        KeyResult.objects.for_org(org)
        .filter(objective__cycle__state=CycleState.ACTIVE)
        .filter(team_krs | in_goal | linked)
        .select_related("objective__team")
        .order_by("objective__team_id", "objective_id", "position", "id")
    )
    return list(rows)
