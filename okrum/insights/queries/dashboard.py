"""Reads of the organization dashboard: the cycle at a glance in seven queries at any size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Avg, Count

from okrum.core.time import now
from okrum.core.time import today as today_
from okrum.insights.queries.forecasts import KeyResultForecast, forecasts_for
from okrum.okrs import cadence, scoring
from okrum.okrs.models import Cycle, Goal, GoalKind, KeyResult, Objective
from okrum.scrum.models import Sprint, SprintState
from okrum.teams.models import Team
from okrum.tenancy.models import Organization

# The order in which the status strip and the API list the statuses: worst news first.
STATUSES: tuple[scoring.Status, ...] = (
    scoring.Status.OFF_TRACK,
    scoring.Status.AT_RISK,
    scoring.Status.ON_TRACK,
    scoring.Status.ACHIEVED,
    scoring.Status.NO_DATA,
)
LIST_LENGTH = 10
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class GoalRow:
    id: int
    kind: str
    title: str
    parent_id: int | None


@dataclass(frozen=True)
class ObjectiveRow:
    """An objective with today's status and its key results' mean confidence (0 to 10)."""

    id: int
    title: str
    team_id: int | None
    team_name: str | None
    kind: str
    state: str  # the objective's planning status: draft, proposed, published, closed
    progress: Decimal
    status: scoring.Status
    confidence: Decimal | None
    key_results: int


@dataclass(frozen=True)
class StatusCount:
    status: scoring.Status
    count: int


@dataclass
class KeyResultRow:
    """A key result as the behind-pace and stale lists show it, with its forecast if any."""

    id: int
    title: str
    objective_id: int
    objective_title: str
    team_id: int | None
    team_name: str | None
    owner_name: str | None
    kind: str
    unit: str
    current_value: Decimal | None
    target_value: Decimal | None
    progress: Decimal
    expected: Decimal
    status: scoring.Status
    confidence: int | None
    last_check_in_at: datetime | None
    forecast: KeyResultForecast | None = None

    @property
    def gap(self) -> Decimal:
        return self.expected - self.progress


@dataclass(frozen=True)
class TeamRow:
    """A team's line of the summary: its objectives this cycle and the sprint it runs."""

    id: int
    name: str
    objectives: int
    average_progress: Decimal | None
    sprint_id: int | None
    sprint_name: str | None
    sprint_goal: str | None
    sprint_ends_on: date | None
    days_left: int | None


@dataclass
class TeamObjectives:
    id: int
    name: str
    objectives: list[ObjectiveRow] = field(default_factory=list)


@dataclass
class Dashboard:
    cycle: Cycle | None
    today: date
    expected: Decimal = Decimal(0)
    visions: list[GoalRow] = field(default_factory=list)
    focuses: list[GoalRow] = field(default_factory=list)
    company: list[ObjectiveRow] = field(default_factory=list)
    teams_objectives: list[TeamObjectives] = field(default_factory=list)
    objective_counts: list[StatusCount] = field(default_factory=list)
    key_result_counts: list[StatusCount] = field(default_factory=list)
    behind: list[KeyResultRow] = field(default_factory=list)
    stale_count: int = 0
    stale: list[KeyResultRow] = field(default_factory=list)
    teams: list[TeamRow] = field(default_factory=list)

    @property
    def objective_total(self) -> int:
        return sum(c.count for c in self.objective_counts)

    @property
    def key_result_total(self) -> int:
        return sum(c.count for c in self.key_result_counts)


def _counts(statuses: list[scoring.Status]) -> list[StatusCount]:
    found = Counter(statuses)
    return [StatusCount(status, found.get(status, 0)) for status in STATUSES]


def _goals(org: Organization) -> tuple[list[GoalRow], list[GoalRow]]:
    rows = [
        GoalRow(r["id"], r["kind"], r["title"], r["parent_id"])
        for r in Goal.objects.for_org(org)
        .order_by("created_at", "id")
        .values("id", "kind", "title", "parent_id")
    ]
    return (
        [g for g in rows if g.kind == GoalKind.VISION],
        [g for g in rows if g.kind == GoalKind.FOCUS],
    )


def _objectives(org: Organization, cycle: Cycle, expected: Decimal) -> list[ObjectiveRow]:
    """Every objective of the cycle with its key-result count and mean confidence: one query."""
    rows = (
        Objective.objects.for_org(org)
        .filter(cycle=cycle)
        .values("id", "title", "team_id", "team__name", "kind", "status", "progress", "has_data")
        .annotate(kr_count=Count("key_results"), confidence=Avg("key_results__confidence"))
        .order_by("team__name", "title", "id")
    )
    return [
        ObjectiveRow(
            id=r["id"],
            title=r["title"],
            team_id=r["team_id"],
            team_name=r["team__name"],
            kind=r["kind"],
            state=r["status"],
            progress=r["progress"],
            status=scoring.status(r["progress"], expected, has_data=r["has_data"]),
            confidence=(
                None
                if r["confidence"] is None
                else Decimal(str(r["confidence"])).quantize(ONE_PLACE)
            ),
            key_results=r["kr_count"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class _Pace:
    id: int
    progress: Decimal
    has_data: bool
    stale: bool
    last_check_in_at: datetime | None


def _paces(org: Organization, cycle: Cycle, at: datetime) -> list[_Pace]:
    """Each key result's progress and staleness from its materialized fields: one query."""
    rows = (
        KeyResult.objects.for_org(org)
        .filter(objective__cycle=cycle)
        .order_by("id")
        .values_list(
            "id",
            "progress",
            "check_in_count",
            "last_check_in_at",
            "objective__team__sprint_started_at",
        )
    )
    return [
        _Pace(
            id=pk,
            progress=progress,
            has_data=count > 0,
            stale=cadence.is_stale(
                cycle_state=cycle.state,
                cadence=cycle.cadence,
                last_check_in_at=last,
                at=at,
                sprint_started_at=started,
            ),
            last_check_in_at=last,
        )
        for pk, progress, count, last, started in rows
    ]


def _key_result_rows(
    org: Organization, ids: list[int], expected: Decimal
) -> tuple[dict[int, KeyResultRow], list[KeyResult]]:
    """The few listed key results with owner, objective and team: one query."""
    found = list(
        KeyResult.objects.for_org(org)
        .filter(pk__in=ids)
        .select_related("owner__user", "objective__team", "objective__cycle")
    )
    rows = {}
    for kr in found:
        objective, owner = kr.objective, kr.owner
        rows[kr.pk] = KeyResultRow(
            id=kr.pk,
            title=kr.title,
            objective_id=objective.pk,
            objective_title=objective.title,
            team_id=objective.team_id,
            team_name=objective.team.name if objective.team else None,
            owner_name=(owner.user.name or owner.user.email) if owner else None,
            kind=kr.kind,
            unit=kr.unit,
            current_value=kr.current_value,
            target_value=kr.target_value,
            progress=kr.progress,
            expected=expected,
            status=scoring.status(kr.progress, expected, has_data=kr.check_in_count > 0),
            confidence=kr.confidence,
            last_check_in_at=kr.last_check_in_at,
        )
    return rows, found


def _teams(
    org: Organization, objectives: list[ObjectiveRow], day: date
) -> tuple[list[TeamRow], list[TeamObjectives]]:
    """Teams with their objectives' count, mean progress and running sprint: two queries."""
    sprints = {
        s["team_id"]: s
        for s in Sprint.objects.for_org(org)
        .filter(state=SprintState.ACTIVE)
        .values("team_id", "id", "name", "goal", "ends_on")
    }
    by_team: dict[int, list[ObjectiveRow]] = {}
    for o in objectives:
        if o.team_id is not None:
            by_team.setdefault(o.team_id, []).append(o)
    rows, grouped = [], []
    for team in Team.objects.for_org(org).order_by("name", "id").values("id", "name"):
        mine = by_team.get(team["id"], [])
        sprint = sprints.get(team["id"])
        average = (
            scoring.quantize(sum((o.progress for o in mine), Decimal(0)) / len(mine))
            if mine
            else None
        )
        rows.append(
            TeamRow(
                id=team["id"],
                name=team["name"],
                objectives=len(mine),
                average_progress=average,
                sprint_id=sprint["id"] if sprint else None,
                sprint_name=sprint["name"] if sprint else None,
                sprint_goal=sprint["goal"] if sprint else None,
                sprint_ends_on=sprint["ends_on"] if sprint else None,
                days_left=max(0, (sprint["ends_on"] - day).days) if sprint else None,
            )
        )
        if mine:
            grouped.append(TeamObjectives(team["id"], team["name"], mine))
    return rows, grouped


def dashboard(org: Organization, cycle: Cycle | None, *, today: date | None = None) -> Dashboard:
    """Where the organization stands in `cycle` today; empty sections when there is no cycle."""
    day = today or today_()
    found = Dashboard(cycle=cycle, today=day)
    found.visions, found.focuses = _goals(org)
    if cycle is None:
        return found
    expected = scoring.expected_progress(day, cycle.starts_on, cycle.ends_on)
    found.expected = expected
    objectives = _objectives(org, cycle, expected)
    found.company = [o for o in objectives if o.team_id is None]
    found.teams, found.teams_objectives = _teams(org, objectives, day)
    found.objective_counts = _counts([o.status for o in objectives])

    # Staleness is measured against the clock; with a given day, at the end of that day.
    at = now() if today is None else datetime.combine(day, datetime.max.time(), now().tzinfo)
    paces = _paces(org, cycle, at)
    statuses = {p.id: scoring.status(p.progress, expected, has_data=p.has_data) for p in paces}
    found.key_result_counts = _counts(list(statuses.values()))
    # Only key results with a check-in can be behind; those without one are in the stale list.
    behind = sorted(
        (
            p
            for p in paces
            if p.has_data and statuses[p.id] != scoring.Status.ACHIEVED and p.progress < expected
        ),
        key=lambda p: (p.progress, p.id),
    )[:LIST_LENGTH]
    # The longest silent first: never checked in, then the oldest last check-in.
    stale = sorted(
        (p for p in paces if p.stale),
        key=lambda p: (p.last_check_in_at is not None, p.last_check_in_at or at, p.id),
    )
    found.stale_count = len(stale)
    stale = stale[:LIST_LENGTH]
    if not behind and not stale:
        return found
    rows, models = _key_result_rows(org, [p.id for p in behind + stale], expected)
    behind_ids = {p.id for p in behind}
    forecasts = (
        forecasts_for(org, [kr for kr in models if kr.pk in behind_ids], today=day)
        if behind
        else {}
    )
    found.behind = [rows[p.id] for p in behind]
    for row in found.behind:
        row.forecast = forecasts.get(row.id)
    found.stale = [rows[p.id] for p in stale]
    return found
