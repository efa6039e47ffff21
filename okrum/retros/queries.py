"""Reads of retrospectives: boards with their cards and votes, and the carry-forward table.

A board costs the same number of queries whatever the number of cards on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from okrum.core.pagination import Page, paginate
from okrum.okrs.models import Cycle, CycleState, Objective
from okrum.retros.models import CarryForward, Column, RetroCard, RetroKind, Retrospective, RetroVote
from okrum.scrum.models import Sprint
from okrum.teams.models import Team
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import get_for_org

ACHIEVED = Decimal(1)


def _retros() -> QuerySet[Retrospective]:
    return Retrospective.objects.select_related("organization", "sprint__team", "cycle", "team")


def retrospective(org: Organization, retrospective_id: int) -> Retrospective:
    return get_for_org(_retros(), org, retrospective_id)


def retrospectives_page(
    org: Organization,
    *,
    sprint: Sprint | None = None,
    cycle: Cycle | None = None,
    team: Team | None = None,
    limit: int | None,
    cursor: str | None,
) -> Page[Retrospective]:
    """The latest first; `team` matches OKR retros of the team and retros of its sprints."""
    rows = Retrospective.objects.for_org(org).select_related("sprint__team", "cycle", "team")
    if sprint is not None:
        rows = rows.filter(sprint=sprint)
    if cycle is not None:
        rows = rows.filter(cycle=cycle)
    if team is not None:
        rows = rows.filter(Q(team=team) | Q(sprint__team=team))
    return paginate(rows, order=["-id"], limit=limit, cursor=cursor)


def sprint_retro(sprint: Sprint) -> Retrospective | None:
    return _retros().filter(sprint=sprint).first()


def cycle_retro(cycle: Cycle, team: Team | None) -> Retrospective | None:
    return _retros().filter(kind=RetroKind.CYCLE, cycle=cycle, team=team).first()


def cycle_retros(cycle: Cycle) -> list[Retrospective]:
    """The cycle's OKR retros: the company's and each team's that was opened."""
    return list(_retros().filter(kind=RetroKind.CYCLE, cycle=cycle))


def _cards() -> QuerySet[RetroCard]:
    return RetroCard.objects.select_related(
        "author", "owner__user", "backlog_item__team", "retrospective"
    )


def card(org: Organization, card_id: int) -> RetroCard:
    rows = _cards().select_related(
        "organization",
        "retrospective__sprint__team",
        "retrospective__cycle",
        "retrospective__team",
    )
    return get_for_org(rows, org, card_id)


def card_for_update(org: Organization, card_id: int) -> RetroCard:
    """The card, its row locked: votes and edits of one card go one at a time."""
    rows = RetroCard.objects.select_related(
        "organization", "retrospective__sprint__team", "retrospective__team", "retrospective__cycle"
    )
    return get_for_org(rows.select_for_update(of=("self",)), org, card_id)


def has_voted(card: RetroCard, membership: Membership) -> bool:
    return RetroVote.objects.filter(card=card, membership=membership).exists()


def voted_card_ids(retrospective: Retrospective, membership: Membership) -> set[int]:
    rows = RetroVote.objects.filter(card__retrospective=retrospective, membership=membership)
    return set(rows.values_list("card_id", flat=True))


def next_cycle(cycle: Cycle) -> Cycle | None:
    """Where an objective is extended: the earliest later cycle still in planning or active."""
    rows = Cycle.objects.for_org(cycle.organization).filter(
        starts_on__gt=cycle.starts_on, state__in=[CycleState.PLANNING, CycleState.ACTIVE]
    )
    return rows.order_by("starts_on", "id").first()


def objective_in_org(org: Organization, objective_id: int) -> Objective:
    rows = Objective.objects.select_related("organization", "cycle", "team")
    return get_for_org(rows, org, objective_id)


def decision_on(objective: Objective) -> CarryForward | None:
    return CarryForward.objects.filter(objective=objective).first()


@dataclass
class Unfinished:
    """An objective of the retro's owner that was not achieved, and what was decided on it."""

    objective: Objective
    decision: CarryForward | None = None


def unfinished(retrospective: Retrospective) -> list[Unfinished]:
    """The OKR retro's objectives not achieved (progress below 1), with their decisions."""
    if retrospective.kind != RetroKind.CYCLE:
        return []
    rows = Objective.objects.filter(
        cycle=retrospective.cycle, team=retrospective.team, progress__lt=ACHIEVED
    ).select_related("team", "cycle")
    objectives = list(rows.order_by("title", "id"))
    decisions = CarryForward.objects.filter(
        objective_id__in=[o.pk for o in objectives]
    ).select_related("extended_to__cycle", "decided_by")
    by_objective = {d.objective_id: d for d in decisions}
    return [Unfinished(o, by_objective.get(o.pk)) for o in objectives]


def decisions(retrospective: Retrospective) -> list[CarryForward]:
    rows = CarryForward.objects.filter(retrospective=retrospective)
    return list(rows.select_related("objective", "extended_to__cycle", "decided_by").order_by("id"))


@dataclass
class Board:
    """What a retro board shows: its cards per column (most votes first) and my votes."""

    retrospective: Retrospective
    columns: dict[str, list[RetroCard]] = field(default_factory=dict)
    voted: set[int] = field(default_factory=set)
    unfinished: list[Unfinished] = field(default_factory=list)

    @property
    def cards(self) -> list[RetroCard]:
        return [c for column in self.columns.values() for c in column]


def board(retrospective: Retrospective, membership: Membership) -> Board:
    """Cards by column, most votes first then oldest first; my votes; the OKR retro's table."""
    rows = _cards().filter(retrospective=retrospective).order_by("-votes", "created_at", "id")
    columns: dict[str, list[RetroCard]] = {c.value: [] for c in Column}
    for row in rows:
        row.retrospective = retrospective
        columns[row.column].append(row)
    return Board(
        retrospective=retrospective,
        columns=columns,
        voted=voted_card_ids(retrospective, membership),
        unfinished=unfinished(retrospective),
    )


def decision(org: Organization, carry_forward_id: int) -> CarryForward:
    rows = CarryForward.objects.select_related("extended_to__cycle", "decided_by")
    return get_for_org(rows, org, carry_forward_id)
