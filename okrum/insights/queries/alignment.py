"""Reads of the alignment report: does finished work serve the key results of the cycle?"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from okrum.insights import alignment
from okrum.insights.alignment import RollUp, SprintPoints
from okrum.okrs import queries as okrs
from okrum.okrs.models import Cycle, CycleState, KeyResult, ObjectiveStatus
from okrum.scrum.models import (
    OPEN_STATUSES,
    BacklogItem,
    BacklogItemKeyResult,
    ItemStatus,
    Sprint,
    SprintKeyResult,
    SprintState,
)
from okrum.teams.models import Team
from okrum.tenancy.models import Organization

# The lists show this many rows; their totals are counted in full.
LIST_LIMIT = 100
POINTS: DecimalField[Decimal | None, Decimal | None] = DecimalField(max_digits=12, decimal_places=1)


@dataclass(frozen=True)
class SprintRow:
    sprint: Sprint
    points: SprintPoints

    @property
    def percent(self) -> int | None:
        return alignment.percent(self.points.share)


@dataclass(frozen=True)
class TeamAlignment:
    team: Team
    sprints: list[SprintRow]

    @property
    def total(self) -> RollUp:
        return alignment.roll_up(row.points for row in self.sprints)

    @property
    def percent(self) -> int | None:
        return alignment.percent(self.total.share)


@dataclass(frozen=True)
class StaleItem:
    """An open item still linked to key results of closed cycles."""

    item: BacklogItem
    key_results: list[KeyResult]


@dataclass(frozen=True)
class AlignmentReport:
    cycle: Cycle | None
    teams: list[TeamAlignment] = field(default_factory=list)
    unserving: list[Sprint] = field(default_factory=list)
    orphans: list[KeyResult] = field(default_factory=list)
    orphan_total: int = 0
    stale: list[StaleItem] = field(default_factory=list)
    stale_total: int = 0

    @property
    def total(self) -> RollUp:
        rows = (row.points for team in self.teams for row in team.sprints)
        return alignment.roll_up(rows, orphans=self.orphan_total)

    @property
    def percent(self) -> int | None:
        return alignment.percent(self.total.share)


def _points(items: QuerySet[BacklogItem]) -> Coalesce:
    """The summed estimates of `items` per sprint, as a correlated subquery (0 when none)."""
    summed = items.order_by().values("sprint").annotate(points=Sum("estimate")).values("points")
    return Coalesce(Subquery(summed, output_field=POINTS), Value(Decimal(0)), output_field=POINTS)


def _sprints(org: Organization, cycle: Cycle) -> list[Sprint]:
    """Active and closed sprints overlapping the cycle, with done and linked points."""
    done = BacklogItem.objects.filter(sprint=OuterRef("pk"), status=ItemStatus.DONE)
    links = BacklogItemKeyResult.objects.filter(
        item=OuterRef("pk"), key_result__objective__cycle=cycle
    )
    rows = (
        Sprint.objects.for_org(org)
        .filter(
            state__in=(SprintState.ACTIVE, SprintState.CLOSED),
            starts_on__lte=cycle.ends_on,
            ends_on__gte=cycle.starts_on,
        )
        .select_related("team")
        .annotate(
            done_sum=_points(done),
            linked_sum=_points(done.filter(Exists(links))),
            serves=Exists(SprintKeyResult.objects.filter(sprint=OuterRef("pk"))),
        )
        .order_by("team__name", "team_id", "starts_on", "number")
    )
    return list(rows)


def _teams(sprints: list[Sprint]) -> list[TeamAlignment]:
    by_team: dict[int, TeamAlignment] = {}
    for sprint in sprints:
        points = SprintPoints(
            done=sprint.done_sum,  # type: ignore[attr-defined]
            linked=sprint.linked_sum,  # type: ignore[attr-defined]
            serves_key_result=sprint.serves,  # type: ignore[attr-defined]
        )
        team = by_team.setdefault(sprint.team_id, TeamAlignment(team=sprint.team, sprints=[]))
        team.sprints.append(SprintRow(sprint=sprint, points=points))
    return list(by_team.values())


def _orphans(org: Organization, cycle: Cycle) -> QuerySet[KeyResult]:
    """Key results nobody works on and that have not moved: no linked item, no movement."""
    links = BacklogItemKeyResult.objects.filter(key_result=OuterRef("pk"))
    return (
        KeyResult.objects.for_org(org)
        .filter(objective__cycle=cycle)
        .exclude(objective__status__in=(ObjectiveStatus.DRAFT, ObjectiveStatus.CLOSED))
        .filter(~Exists(links))
        .filter(Q(check_in_count=0) | Q(current_value=F("start_value")))
    )


def _stale_items(org: Organization) -> QuerySet[BacklogItem]:
    """Open items linked to a key result of a closed cycle: to relink or to close."""
    # From the closed cycles' links to the items, not from every open item to its links: the
    # first is a lookup by key result, the second a probe per open item of the organization.
    closed = BacklogItemKeyResult.objects.for_org(org).filter(
        key_result__objective__cycle__state=CycleState.CLOSED
    )
    return BacklogItem.objects.for_org(org).filter(
        pk__in=closed.values("item_id"), status__in=OPEN_STATUSES
    )


def _stale(org: Organization) -> tuple[list[StaleItem], int]:
    """The first open items with stale links, each with those key results, and how many in all."""
    stale = _stale_items(org)
    shown = stale.select_related("team").order_by("team__name", "number")[:LIST_LIMIT]
    items = list(shown)
    # The same shown items as a subquery, so the cost does not depend on what the first found.
    links = (
        BacklogItemKeyResult.objects.for_org(org)
        .filter(
            item_id__in=shown.values("pk"),
            key_result__objective__cycle__state=CycleState.CLOSED,
        )
        .select_related("key_result__objective__cycle")
        .order_by("key_result_id")
    )
    by_item: dict[int, list[KeyResult]] = {}
    for link in links:
        by_item.setdefault(link.item_id, []).append(link.key_result)
    rows = [StaleItem(item=item, key_results=by_item.get(item.pk, [])) for item in items]
    return rows, stale.count()


def alignment_report(org: Organization, cycle: Cycle | None = None) -> AlignmentReport:
    """The alignment of `cycle` (default: the current one) in a fixed number of queries."""
    cycle = cycle or okrs.current_cycle(org)
    stale, stale_total = _stale(org)
    if cycle is None:
        return AlignmentReport(cycle=None, stale=stale, stale_total=stale_total)
    sprints = _sprints(org, cycle)
    orphans = _orphans(org, cycle)
    orphan_rows = list(
        orphans.select_related("objective__team", "objective__cycle").order_by(
            "objective_id", "position", "id"
        )[:LIST_LIMIT]
    )
    return AlignmentReport(
        cycle=cycle,
        teams=_teams(sprints),
        unserving=[s for s in sprints if not s.serves],  # type: ignore[attr-defined]
        orphans=orphan_rows,
        orphan_total=orphans.count(),
        stale=stale,
        stale_total=stale_total,
    )
