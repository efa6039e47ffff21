"""Reads of OKR planning: a cycle's board of objectives by owner, and comment threads."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet

from okrum.core.pagination import Page, paginate
from okrum.okrs import permissions
from okrum.okrs.models import (
    Cycle,
    CycleState,
    KeyResult,
    Objective,
    ObjectiveComment,
    ObjectiveStatus,
)
from okrum.okrs.planning_rules import may_approve, may_plan_in
from okrum.teams import queries as teams
from okrum.teams.models import Accountability, Team, TeamMember
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.roles import Role, role_at_least
from okrum.tenancy.scoping import get_for_org

ON_THE_BOARD = (ObjectiveStatus.DRAFT, ObjectiveStatus.PROPOSED, ObjectiveStatus.PUBLISHED)
UNPUBLISHED = (ObjectiveStatus.DRAFT, ObjectiveStatus.PROPOSED)


def product_owner_team_ids(membership: Membership) -> set[int]:
    """The teams where the member is the Product Owner: there they approve objectives."""
    rows = TeamMember.objects.for_org(membership.organization).filter(
        membership=membership, accountability=Accountability.PRODUCT_OWNER
    )
    return set(rows.values_list("team_id", flat=True))


@dataclass
class PlanningRow:
    """One objective on the board, its key results, its thread and what the viewer may do."""

    objective: Objective
    key_results: list[KeyResult]
    comments: list[ObjectiveComment]
    may_propose: bool = False
    may_approve: bool = False
    may_send_back: bool = False
    may_comment: bool = False


@dataclass
class OwnerGroup:
    """The objectives of one owner: the company (team None) or one team."""

    team: Team | None
    rows: list[PlanningRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.team.name if self.team else "Company"


@dataclass
class PlanningBoard:
    cycle: Cycle
    groups: list[OwnerGroup]
    unpublished: list[Objective]
    published_count: int
    may_plan: bool
    may_edit_notes: bool
    may_activate: bool

    @property
    def objective_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def _objectives(org: Organization) -> QuerySet[Objective]:
    key_results = KeyResult.objects.only("id", "title", "objective_id", "position").order_by(
        "position", "id"
    )
    comments = ObjectiveComment.objects.select_related("author").order_by("created_at", "id")
    return (
        Objective.objects.for_org(org)
        .select_related("team", "owner__user", "cycle")
        .prefetch_related(
            Prefetch("key_results", queryset=key_results),
            Prefetch("comments", queryset=comments),
        )
    )


class _Viewer:
    """What one member may do on the board, worked out once for all its rows."""

    def __init__(self, org: Organization, membership: Membership, cycle: Cycle) -> None:
        self.membership = membership
        self.writable = not org.is_read_only and may_plan_in(cycle)
        self.member = role_at_least(membership.role, Role.MEMBER)
        self.team_ids = teams.team_ids_of(membership)
        self.product_owner_of = product_owner_team_ids(membership)

    def row(self, objective: Objective) -> PlanningRow:
        status = objective.status
        approver = may_approve(self.membership, objective, product_owner_of=self.product_owner_of)
        editor = permissions.may_edit_objective(self.membership, objective, team_ids=self.team_ids)
        return PlanningRow(
            objective=objective,
            key_results=list(objective.key_results.all()),
            comments=list(objective.comments.all()),
            may_propose=self.writable and editor and status == ObjectiveStatus.DRAFT,
            may_approve=self.writable and approver and status in UNPUBLISHED,
            may_send_back=self.writable
            and approver
            and status in (ObjectiveStatus.PROPOSED, ObjectiveStatus.PUBLISHED),
            may_comment=self.writable and self.member,
        )


def planning_board(org: Organization, cycle: Cycle, membership: Membership) -> PlanningBoard:
    """The cycle's draft, proposed and published objectives: company first, then by team name."""
    rows = _objectives(org).filter(cycle=cycle, status__in=ON_THE_BOARD)
    objectives = list(rows.order_by(F("team__name").asc(nulls_first=True), "id"))
    viewer = _Viewer(org, membership, cycle)
    groups: list[OwnerGroup] = []
    for objective in objectives:
        if not groups or groups[-1].team != objective.team:
            groups.append(OwnerGroup(team=objective.team))
        groups[-1].rows.append(viewer.row(objective))
    admin = permissions.is_admin(membership) and not org.is_read_only
    return PlanningBoard(
        cycle=cycle,
        groups=groups,
        unpublished=[o for o in objectives if o.status in UNPUBLISHED],
        published_count=sum(o.status == ObjectiveStatus.PUBLISHED for o in objectives),
        may_plan=viewer.writable,
        may_edit_notes=admin and cycle.state != CycleState.CLOSED,
        may_activate=admin and cycle.state == CycleState.PLANNING,
    )


def planning_row(org: Organization, objective_id: int, membership: Membership) -> PlanningRow:
    """One objective as the board shows it (after an action changed it)."""
    objective = get_for_org(_objectives(org), org, objective_id)
    return _Viewer(org, membership, objective.cycle).row(objective)


def comments_page(
    objective: Objective, *, limit: int | None, cursor: str | None
) -> Page[ObjectiveComment]:
    """The objective's planning thread, oldest first (it reads as a conversation)."""
    rows = ObjectiveComment.objects.filter(objective=objective).select_related("author")
    return paginate(rows, order=["created_at", "id"], limit=limit, cursor=cursor)
