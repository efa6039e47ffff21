"""Reads of the charts: each chart's series in a fixed number of queries, whatever the data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from okrum.core.time import today
from okrum.insights import burnup as burnup_maths
from okrum.insights import series
from okrum.insights.series import Chart
from okrum.okrs.models import CheckIn, Cycle, KeyResult
from okrum.okrs.queries import review as review_queries
from okrum.scrum import burndown as maths
from okrum.scrum.models import (
    BacklogItem,
    ItemEvent,
    ItemField,
    Sprint,
    SprintCommitment,
    SprintState,
)
from okrum.teams.models import Team
from okrum.tenancy.models import Organization
from okrum.tenancy.scoping import get_for_org

VELOCITY_SPRINTS = 10
TRACKED = (ItemField.STATUS, ItemField.ESTIMATE, ItemField.SPRINT)


@dataclass(frozen=True)
class KeyResultChart:
    key_result: KeyResult
    chart: Chart

    def answer(self) -> dict[str, Any]:
        """What the API returns and the page draws (KeyResultChartOut)."""
        kr = self.key_result
        return {
            "key_result": kr.pk,
            "kind": kr.kind,
            "unit": kr.unit,
            "charts": [series.as_json(self.chart)],
        }


@dataclass(frozen=True)
class SprintBurn:
    sprint: Sprint
    started: bool
    committed: Decimal | None
    start: Decimal | None
    burndown: Chart
    burnup: Chart

    def answer(self) -> dict[str, Any]:
        """What the API returns and the page draws (SprintBurnOut)."""
        return {
            "sprint": self.sprint.pk,
            "started": self.started,
            "committed_points": _number(self.committed),
            "start_points": _number(self.start),
            "charts": [series.as_json(self.burndown), series.as_json(self.burnup)],
        }


@dataclass(frozen=True)
class Velocity:
    team: Team
    chart: Chart

    def answer(self) -> dict[str, Any]:
        """What the API returns and the page draws (VelocityOut)."""
        return {"team": self.team.pk, "charts": [series.as_json(self.chart)]}


@dataclass(frozen=True)
class ReviewCharts:
    cycle: Cycle
    grades: Chart
    confidence: Chart

    def answer(self) -> dict[str, Any]:
        """What the API returns and the page draws (ReviewChartOut)."""
        charts = [series.as_json(self.grades), series.as_json(self.confidence)]
        return {"cycle": self.cycle.pk, "charts": charts}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def key_result_chart(org: Organization, key_result_id: int) -> KeyResultChart:
    """The key result's check-ins over its cycle, its guide lines and the sprints of its teams."""
    rows = KeyResult.objects.select_related("objective__cycle")
    kr = get_for_org(rows, org, key_result_id)
    cycle = kr.objective.cycle
    tz = timezone.get_current_timezone()
    check_ins = [
        series.CheckInPoint(at.astimezone(tz).date(), value)
        for at, value in CheckIn.objects.for_org(org)
        .filter(key_result=kr)
        .order_by("created_at", "id")
        .values_list("created_at", "value")
    ]
    # The teams that work on it: the objective's team and the teams of items linked to it.
    linked = BacklogItem.objects.for_org(org).filter(key_results=kr).values("team_id")
    teams = Q(team_id__in=linked)
    if kr.objective.team_id is not None:
        teams |= Q(team_id=kr.objective.team_id)
    sprints = [
        series.SprintWindow(f"{team_name} · {name}", starts_on, ends_on)
        for name, team_name, starts_on, ends_on in Sprint.objects.for_org(org)
        .filter(teams, starts_on__lte=cycle.ends_on, ends_on__gte=cycle.starts_on)
        .order_by("starts_on", "id")
        .values_list("name", "team__name", "starts_on", "ends_on")
    ]
    line = series.KeyResultLine(
        kind=kr.kind,
        unit=kr.unit,
        starts_on=cycle.starts_on,
        ends_on=cycle.ends_on,
        start_value=kr.start_value,
        target_value=kr.target_value,
        low_value=kr.low_value,
        high_value=kr.high_value,
    )
    return KeyResultChart(kr, series.key_result_chart(line, check_ins, sprints))


def sprint_burn(org: Organization, sprint_id: int) -> SprintBurn:
    """Burndown and burnup of a sprint from one replay of its items' history."""
    sprint = get_for_org(Sprint.objects.select_related("team"), org, sprint_id)
    days = maths.sprint_days(sprint.starts_on, sprint.ends_on)
    if sprint.started_at is None:
        empty_down, empty_up = series.burn_charts(days, None, None)
        return SprintBurn(sprint, False, None, None, empty_down, empty_up)
    # The events are read as the daily scrum's burndown reads them (okrum.scrum.queries.daily).
    committed_items = dict(
        SprintCommitment.objects.for_org(org)
        .filter(sprint=sprint)
        .values_list("item_id", "estimate")
    )
    events = ItemEvent.objects.for_org(org).filter(field__in=TRACKED, at__gt=sprint.started_at)
    if sprint.closed_at is not None:
        events = events.filter(at__lt=sprint.closed_at)
    entered = events.filter(sprint=sprint, field=ItemField.SPRINT).values("item_id")
    rows = events.filter(item_id__in=list(committed_items)) | events.filter(item_id__in=entered)
    history = [
        maths.ItemChange(e.item_id, e.at, e.field, e.from_value, e.to_value)
        for e in rows.only("item_id", "at", "field", "from_value", "to_value").order_by("at", "id")
    ]
    ids = set(committed_items) | {c.item_id for c in history}
    items_now = {
        pk: maths.ItemNow(estimate, status)
        for pk, estimate, status in BacklogItem.objects.for_org(org)
        .filter(pk__in=ids)
        .values_list("pk", "estimate", "status")
    }
    start, moves = maths.changes(sprint.pk, committed_items, history, items_now)
    until = sprint.ends_on if sprint.closed_at else today()
    tz = timezone.get_current_timezone()
    committed = sprint.committed_points or Decimal(0)
    down = maths.burndown(
        starts_on=sprint.starts_on,
        ends_on=sprint.ends_on,
        committed=committed,
        start=start,
        moves=moves,
        today=until,
        tz=tz,
    )
    up = burnup_maths.burnup(
        days=days, committed=committed, start=start, moves=moves, until=until, tz=tz
    )
    down_chart, up_chart = series.burn_charts(days, down, up)
    return SprintBurn(sprint, True, committed, start, down_chart, up_chart)


def velocity(org: Organization, team_id: int) -> Velocity:
    """Committed against done points of the team's last ten closed sprints, oldest first."""
    team = get_for_org(Team.objects.all(), org, team_id)
    closed = (
        Sprint.objects.for_org(org)
        .filter(team=team, state=SprintState.CLOSED)
        .order_by("-number")
        .values_list("name", "committed_points", "done_points")[:VELOCITY_SPRINTS]
    )
    points = [series.SprintPoints(*row) for row in reversed(list(closed))]
    return Velocity(team, series.velocity_chart(points))


def review_charts(org: Organization, cycle_id: int) -> ReviewCharts:
    """The cycle's grade distribution (as the OKR review counts it) and confidence per objective."""
    cycle = get_for_org(Cycle.objects.all(), org, cycle_id)
    review = review_queries.review(org, cycle)
    scores = [row.score for o in review.objectives for row in o.key_results]
    objectives = [(o.objective.pk, o.objective.title) for o in review.objectives]
    tz = timezone.get_current_timezone()
    confidences = [
        series.Confidence(objective_id, at.astimezone(tz).date(), confidence)
        for objective_id, at, confidence in CheckIn.objects.for_org(org)
        .filter(key_result__objective__cycle=cycle)
        .values_list("key_result__objective_id", "created_at", "confidence")
    ]
    return ReviewCharts(
        cycle=cycle,
        grades=series.grade_chart(scores),
        confidence=series.confidence_chart(cycle.starts_on, cycle.ends_on, objectives, confidences),
    )
