"""Reads of sprint planning: the team's key results beside its backlog, capacity and forecast.

`planning` builds the whole page in a fixed number of queries, whatever the number of items
and key results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When

from okrum.core.pagination import Page, paginate
from okrum.core.time import now
from okrum.okrs import cadence, progress
from okrum.okrs.models import Cycle, CycleState, KeyResult, Objective, ObjectiveStatus
from okrum.scrum import capacity
from okrum.scrum.models import (
    OPEN_STATUSES,
    BacklogItem,
    BacklogItemKeyResult,
    ItemStatus,
    Sprint,
    SprintCapacity,
)
from okrum.scrum.queries import BACKLOG_PAGE, CHIP_FIELDS, backlog, done_points
from okrum.teams.models import Accountability, Team, TeamMember
from okrum.tenancy.models import Organization

# The order the team pulls from: ready items first, then the backlog's rank.
PULL_ORDER = ["not_ready", "rank", "id"]


@dataclass(frozen=True)
class KeyResultLine:
    """A key result as planning shows it, with the open work linked to it."""

    key_result: KeyResult
    status: str
    stale: bool
    team_owned: bool
    in_goal: bool
    sprint_items: int = 0
    sprint_points: Decimal = Decimal(0)
    backlog_items: int = 0
    backlog_points: Decimal = Decimal(0)

    @property
    def open_items(self) -> int:
        return self.sprint_items + self.backlog_items

    @property
    def open_points(self) -> Decimal:
        return self.sprint_points + self.backlog_points


@dataclass(frozen=True)
class MemberCapacity:
    """One seat of the team and the days its member gives to the sprint (None: not set)."""

    seat: TeamMember
    available_days: Decimal | None

    @property
    def days(self) -> Decimal:
        return self.available_days if self.available_days is not None else Decimal(0)


@dataclass(frozen=True)
class PlanWarning:
    """Something the team should look at before starting; it never blocks."""

    code: str
    message: str


@dataclass(frozen=True)
class Capacity:
    working_days: int
    members: list[MemberCapacity]
    available_days: Decimal
    full_days: Decimal
    forecast: capacity.CapacityForecast | None


@dataclass(frozen=True)
class Planning:
    sprint: Sprint
    team: Team
    cycle: Cycle | None
    has_published_objective: bool
    key_results: list[KeyResultLine]
    backlog: Page[BacklogItem]
    selected: list[BacklogItem]
    selected_points: Decimal
    unestimated: int
    capacity: Capacity
    scale: str
    warnings: list[PlanWarning] = field(default_factory=list)
    key_result_filter: KeyResult | None = None

    @property
    def warning_codes(self) -> set[str]:
        return {w.code for w in self.warnings}


def _chips() -> Prefetch[Any]:
    rows = KeyResult.objects.select_related("objective").only(*CHIP_FIELDS)
    return Prefetch("key_results", queryset=rows.order_by("objective_id", "position", "id"))


def _cards(rows: QuerySet[BacklogItem]) -> QuerySet[BacklogItem]:
    return rows.select_related("team", "assignee__user", "sprint").prefetch_related(_chips())


def backlog_page(
    org: Organization,
    team: Team,
    *,
    key_result: KeyResult | None = None,
    cursor: str | None = None,
    limit: int = BACKLOG_PAGE,
) -> Page[BacklogItem]:
    """Open items of the team in no sprint: ready ones first, then by rank; two queries."""
    rows = BacklogItem.objects.for_org(org).filter(
        team=team, status__in=OPEN_STATUSES, sprint__isnull=True
    )
    if key_result is not None:
        rows = rows.filter(key_results=key_result)
    ordered = rows.annotate(
        not_ready=Case(
            When(status=ItemStatus.READY, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return paginate(_cards(ordered), order=PULL_ORDER, limit=limit, cursor=cursor)


def selected_items(org: Organization, sprint: Sprint) -> list[BacklogItem]:
    """The sprint's items in backlog order, with their chips; two queries."""
    rows = BacklogItem.objects.for_org(org).filter(sprint=sprint)
    return list(_cards(rows).order_by("rank", "id"))


def active_cycle(org: Organization) -> Cycle | None:
    """The cycle in `active` state (the earliest, should there be several)."""
    rows = Cycle.objects.for_org(org).filter(state=CycleState.ACTIVE)
    return rows.order_by("starts_on", "id").first()


def _has_published(org: Organization, cycle: Cycle | None) -> bool:
    if cycle is None:
        return False
    rows = Objective.objects.for_org(org).filter(cycle=cycle, status=ObjectiveStatus.PUBLISHED)
    return rows.exists()


def _linked_work(org: Organization, team: Team) -> dict[int, dict[int | None, tuple[int, Decimal]]]:
    """Per key result, per sprint (None: the backlog): count and points of open team items."""
    rows = (
        BacklogItemKeyResult.objects.for_org(org)
        .filter(item__team=team, item__status__in=OPEN_STATUSES)
        .values("key_result_id", "item__sprint_id")
        .annotate(items=Count("item_id"), points=Sum("item__estimate"))
        .order_by("key_result_id", "item__sprint_id")
    )
    work: dict[int, dict[int | None, tuple[int, Decimal]]] = {}
    for row in rows:
        work.setdefault(row["key_result_id"], {})[row["item__sprint_id"]] = (
            row["items"],
            row["points"] or Decimal(0),
        )
    return work


def _key_results(
    org: Organization,
    sprint: Sprint,
    cycle: Cycle | None,
    goal_ids: set[int],
    work: dict[int, dict[int | None, tuple[int, Decimal]]],
    at: datetime,
) -> list[KeyResultLine]:
    """The team's key results of the active cycle, and any other that its work links to."""
    if cycle is None:
        return []
    team = sprint.team
    mine = Q(objective__team=team, objective__status=ObjectiveStatus.PUBLISHED)
    rows = (
        KeyResult.objects.for_org(org)
        .filter(objective__cycle=cycle)
        .filter(mine | Q(pk__in=set(work) | goal_ids))
        .select_related("objective__cycle", "objective__team", "owner__user")
        .order_by("objective__team_id", "objective_id", "position", "id")
    )
    lines = []
    for kr in rows:
        objective_team = kr.objective.team
        linked = work.get(kr.pk, {})
        in_sprint = linked.get(sprint.pk, (0, Decimal(0)))
        in_backlog = linked.get(None, (0, Decimal(0)))
        lines.append(
            KeyResultLine(
                key_result=kr,
                status=progress.key_result_status(kr),
                stale=cadence.is_stale(
                    cycle_state=cycle.state,
                    cadence=cycle.cadence,
                    last_check_in_at=kr.last_check_in_at,
                    at=at,
                    sprint_started_at=objective_team.sprint_started_at if objective_team else None,
                ),
                team_owned=kr.objective.team_id == team.pk,
                in_goal=kr.pk in goal_ids,
                sprint_items=in_sprint[0],
                sprint_points=in_sprint[1],
                backlog_items=in_backlog[0],
                backlog_points=in_backlog[1],
            )
        )
    # The team's own first, then what its work links to elsewhere (company, other teams).
    return sorted(lines, key=lambda line: not line.team_owned)


def _capacity(org: Organization, sprint: Sprint, done: list[Decimal]) -> Capacity:
    seats = (
        TeamMember.objects.for_org(org)
        .filter(team_id=sprint.team_id)
        .exclude(accountability=Accountability.STAKEHOLDER)
        .select_related("membership__user")
        .order_by("membership__user__name", "id")
    )
    entries = dict(
        SprintCapacity.objects.for_org(org)
        .filter(sprint=sprint)
        .values_list("membership_id", "available_days")
    )
    working = capacity.working_days(sprint.starts_on, sprint.ends_on)
    members = [MemberCapacity(seat, entries.get(seat.membership_id)) for seat in seats]
    available = capacity.team_days([m.available_days for m in members], working)
    full = Decimal(working * len(members))
    return Capacity(
        working_days=working,
        members=members,
        available_days=available,
        full_days=full,
        forecast=capacity.forecast(done, available_days=available, full_days=full),
    )


def capacity_of(org: Organization, sprint: Sprint) -> Capacity:
    """The sprint's capacity table and forecast alone (what a capacity change answers)."""
    return _capacity(org, sprint, done_points(sprint.team))


def _warnings(
    cycle: Cycle | None,
    published: bool,
    sprint: Sprint,
    goal_ids: set[int],
    selected_points: Decimal,
    unestimated: int,
    forecast: capacity.CapacityForecast | None,
) -> list[PlanWarning]:
    found = []
    if cycle is None:
        found.append(
            PlanWarning(
                "no_active_cycle",
                "Set objectives before sprint planning: there is no active OKR cycle, so this "
                "sprint has no key results to serve.",
            )
        )
    elif not published:
        found.append(
            PlanWarning(
                "no_published_objective",
                f"Set objectives before sprint planning: no objective is published in "
                f"{cycle.name} yet.",
            )
        )
    if not goal_ids:
        found.append(
            PlanWarning(
                "goal_serves_no_key_result",
                "The Sprint Goal serves no key result: tick the key results this sprint moves.",
            )
        )
    limit = forecast.points if forecast is not None else sprint.capacity
    if limit is not None and selected_points > limit:
        found.append(
            PlanWarning(
                "over_forecast",
                f"The selected {_text(selected_points)} points exceed the forecast of "
                f"~{_text(limit)} points.",
            )
        )
    if unestimated:
        found.append(
            PlanWarning(
                "unestimated_items",
                f"{unestimated} selected item{'s' if unestimated != 1 else ''} "
                f"{'have' if unestimated != 1 else 'has'} no estimate.",
            )
        )
    return found


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def planning(
    org: Organization,
    sprint: Sprint,
    *,
    key_result: KeyResult | None = None,
    cursor: str | None = None,
    at: datetime | None = None,
) -> Planning:
    """Everything the planning page and API show, for a sprint read with `queries.sprint`."""
    team = sprint.team
    cycle = active_cycle(org)
    published = _has_published(org, cycle)
    goal_ids = {kr.pk for kr in sprint.goal_key_results.all()}
    work = _linked_work(org, team)
    selected = selected_items(org, sprint)
    selected_points = sum((i.estimate or Decimal(0) for i in selected), Decimal(0))
    unestimated = sum(1 for i in selected if i.estimate is None)
    plan = _capacity(org, sprint, done_points(team))
    return Planning(
        sprint=sprint,
        team=team,
        cycle=cycle,
        has_published_objective=published,
        key_results=_key_results(org, sprint, cycle, goal_ids, work, at or now()),
        backlog=backlog_page(org, team, key_result=key_result, cursor=cursor),
        selected=selected,
        selected_points=selected_points,
        unestimated=unestimated,
        capacity=plan,
        scale=backlog(team).estimate_scale,
        warnings=_warnings(
            cycle, published, sprint, goal_ids, selected_points, unestimated, plan.forecast
        ),
        key_result_filter=key_result,
    )
