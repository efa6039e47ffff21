"""Reads of the OKR domain; each list costs the same number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet

from okrum.core.pagination import Page, paginate
from okrum.okrs.models import CheckIn, Cycle, CycleState, Goal, KeyResult, Objective
from okrum.tenancy.models import Organization
from okrum.tenancy.scoping import get_for_org


def goals(org: Organization) -> list[Goal]:
    return list(Goal.objects.for_org(org).order_by("kind", "id"))


def goal(org: Organization, goal_id: int) -> Goal:
    return get_for_org(Goal.objects.select_related("organization"), org, goal_id)


def goals_page(org: Organization, *, limit: int | None, cursor: str | None) -> Page[Goal]:
    return paginate(Goal.objects.for_org(org), order=["id"], limit=limit, cursor=cursor)


def cycles(org: Organization) -> list[Cycle]:
    return list(Cycle.objects.for_org(org).order_by("-starts_on", "-id"))


def cycles_page(org: Organization, *, limit: int | None, cursor: str | None) -> Page[Cycle]:
    rows = Cycle.objects.for_org(org)
    return paginate(rows, order=["-starts_on", "-id"], limit=limit, cursor=cursor)


def cycle(org: Organization, cycle_id: int) -> Cycle:
    return get_for_org(Cycle.objects.select_related("organization"), org, cycle_id)


def current_cycle(org: Organization) -> Cycle | None:
    """The cycle people work in now: the active one, else the one in review, else planning."""
    rows = Cycle.objects.for_org(org).exclude(state=CycleState.CLOSED)
    found: dict[str, Cycle] = {}
    for row in rows.order_by("starts_on", "id"):
        found.setdefault(row.state, row)  # the earliest of each state: the next one to work in
    for state in (CycleState.ACTIVE, CycleState.REVIEW, CycleState.PLANNING):
        if state in found:
            return found[state]
    return None


def _key_results() -> QuerySet[KeyResult]:
    return KeyResult.objects.select_related("owner__user").order_by("position", "id")


def _objectives(org: Organization) -> QuerySet[Objective]:
    return (
        Objective.objects.for_org(org)
        .select_related(
            "cycle", "team", "goal", "owner__user", "organization", "parent", "carried_from__cycle"
        )
        .prefetch_related(
            Prefetch("key_results", queryset=_key_results()),
            Prefetch("supports", queryset=Objective.objects.only("id", "title", "team_id")),
        )
    )


def objectives_page(
    org: Organization,
    *,
    cycle_id: int | None = None,
    team_id: int | None = None,
    status: str | None = None,
    limit: int | None,
    cursor: str | None,
) -> Page[Objective]:
    rows = _objectives(org)
    if cycle_id is not None:
        rows = rows.filter(cycle_id=cycle_id)
    if team_id is not None:
        rows = rows.filter(team_id=team_id)
    if status is not None:
        rows = rows.filter(status=status)
    return paginate(rows, order=["id"], limit=limit, cursor=cursor)


def cycle_objectives(org: Organization, cycle: Cycle) -> list[Objective]:
    """The cycle's objectives, company first then by team, to choose a parent or supports from."""
    rows = Objective.objects.for_org(org).filter(cycle=cycle).select_related("team")
    return list(rows.order_by(F("team__name").asc(nulls_first=True), "title", "id"))


def objective(org: Organization, objective_id: int) -> Objective:
    return get_for_org(_objectives(org), org, objective_id)


def objective_page(org: Organization, objective_id: int) -> Objective:
    """One objective with what its page shows besides: the later cycles' copies that extend it."""
    later = Objective.objects.select_related("cycle").order_by("cycle__starts_on", "id")
    rows = _objectives(org).prefetch_related(Prefetch("carried_into", queryset=later))
    return get_for_org(rows, org, objective_id)


@dataclass
class Node:
    """An objective in the cycle's tree, with the children aligned to it."""

    objective: Objective
    children: list[Node] = field(default_factory=list)


@dataclass
class Tree:
    company: list[Node]
    by_team: dict[str, list[Node]]


def cycle_tree(
    org: Organization, cycle: Cycle, *, team_id: int | None = None, status: str | None = None
) -> Tree:
    """The cycle's objectives as a tree: company objectives first, then each team's."""
    rows = _objectives(org).filter(cycle=cycle).order_by("team__name", "id")
    if team_id is not None:
        rows = rows.filter(team_id=team_id)
    if status is not None:
        rows = rows.filter(status=status)
    objectives = list(rows)
    nodes = {o.pk: Node(o) for o in objectives}
    roots: list[Node] = []
    for o in objectives:
        parent = nodes.get(o.parent_id) if o.parent_id else None
        if parent is not None and o.team_id == parent.objective.team_id:
            parent.children.append(nodes[o.pk])
        else:
            roots.append(nodes[o.pk])
    tree = Tree(company=[], by_team={})
    for node in roots:
        if node.objective.team is None:
            tree.company.append(node)
        else:
            tree.by_team.setdefault(node.objective.team.name, []).append(node)
    return tree


def key_results_page(
    org: Organization,
    *,
    objective_id: int | None = None,
    cycle_id: int | None = None,
    limit: int | None,
    cursor: str | None,
) -> Page[KeyResult]:
    rows = KeyResult.objects.for_org(org).select_related(
        "owner__user", "objective__cycle", "objective__team"
    )
    if objective_id is not None:
        rows = rows.filter(objective_id=objective_id)
    if cycle_id is not None:
        rows = rows.filter(objective__cycle_id=cycle_id)
    return paginate(rows, order=["id"], limit=limit, cursor=cursor)


def key_result(org: Organization, key_result_id: int) -> KeyResult:
    rows = KeyResult.objects.select_related(
        "owner__user", "objective__cycle", "objective__team", "organization"
    )
    return get_for_org(rows, org, key_result_id)


def key_result_for_update(org: Organization, key_result_id: int) -> KeyResult:
    """The key result row locked until the transaction ends (check-ins, versioned edits)."""
    # `of=("self",)`: PostgreSQL cannot lock the nullable side of the outer joins (owner, team).
    rows = KeyResult.objects.select_for_update(of=("self",)).select_related(
        "owner__user", "objective__cycle", "objective__team", "organization"
    )
    return get_for_org(rows, org, key_result_id)


def objective_for_update(org: Organization, objective_id: int) -> Objective:
    """The objective row locked until the transaction ends (versioned edits)."""
    rows = Objective.objects.select_for_update(of=("self",)).select_related(
        "cycle", "team", "goal", "owner__user", "organization"
    )
    return get_for_org(rows, org, objective_id)


def check_ins_page(kr: KeyResult, *, limit: int | None, cursor: str | None) -> Page[CheckIn]:
    rows = CheckIn.objects.filter(key_result=kr).select_related("author")
    return paginate(rows, order=["-created_at", "-id"], limit=limit, cursor=cursor)


def check_ins(kr: KeyResult) -> list[CheckIn]:
    """The history of one key result, newest first."""
    rows = CheckIn.objects.filter(key_result=kr).select_related("author")
    return list(rows.order_by("-created_at", "-id"))


def first_check_in_value(kr: KeyResult) -> Decimal | None:
    """The value of the key result's first check-in: its measured baseline."""
    first = CheckIn.objects.filter(key_result=kr).order_by("created_at", "id").first()
    return first.value if first else None
