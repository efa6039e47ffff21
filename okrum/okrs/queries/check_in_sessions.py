"""Reads of the check-in session: a team's key results in one form, staleness, what is owed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery

from okrum.core.time import now
from okrum.okrs import cadence, permissions
from okrum.okrs.models import Cadence, CheckIn, CheckInReminder, Cycle, CycleState, KeyResult
from okrum.teams import queries as teams
from okrum.teams.models import Team
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.roles import Role, role_at_least


def _sprint_started_at(kr: KeyResult) -> datetime | None:
    """The start of the key result's team sprint, read only when the cadence needs it."""
    objective = kr.objective
    if objective.cycle.cadence != Cadence.PER_SPRINT or objective.team_id is None:
        return None
    team = objective.team
    return team.sprint_started_at if team is not None else None


def is_stale(kr: KeyResult, at: datetime | None = None) -> bool:
    """Whether the key result owes a check-in (cycle and team must be loaded with it)."""
    cycle = kr.objective.cycle
    return cadence.is_stale(
        cycle_state=cycle.state,
        cadence=cycle.cadence,
        last_check_in_at=kr.last_check_in_at,
        at=at or now(),
        sprint_started_at=_sprint_started_at(kr),
    )


def _key_results(org: Organization) -> QuerySet[KeyResult]:
    # The latest note comes along in the same query: the form shows it prefilled.
    latest_note = (
        CheckIn.objects.filter(key_result=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("note")
    )
    return (
        KeyResult.objects.for_org(org)
        .select_related("owner__user", "objective__cycle", "objective__team")
        .annotate(latest_note=Subquery(latest_note[:1]))
    )


@dataclass
class Row:
    """One key result of a session, as the form shows it."""

    key_result: KeyResult
    stale: bool
    may_check_in: bool

    @property
    def latest_note(self) -> str:
        return getattr(self.key_result, "latest_note", None) or ""


@dataclass
class Session:
    """The key results a team (or the company, `team` None) checks in on together."""

    cycle: Cycle
    team: Team | None
    rows: list[Row] = field(default_factory=list)

    @property
    def stale_count(self) -> int:
        return sum(1 for row in self.rows if row.stale)

    @property
    def open(self) -> bool:
        """Check-ins are accepted while the cycle runs and while it is being graded."""
        org = self.cycle.organization
        return not org.is_read_only and self.cycle.state in (CycleState.ACTIVE, CycleState.REVIEW)


def session_key_results(
    org: Organization, cycle: Cycle, team: Team | None, *, for_update: bool = False
) -> list[KeyResult]:
    """The key results of the team's objectives in the cycle (company ones when `team` is None)."""
    rows = _key_results(org).filter(objective__cycle=cycle)
    rows = (
        rows.filter(objective__team__isnull=True)
        if team is None
        else rows.filter(objective__team=team)
    )
    if for_update:
        # `of=("self",)`: PostgreSQL cannot lock the nullable side of the outer joins.
        rows = rows.select_for_update(of=("self",))
    return list(rows.order_by("objective__title", "objective_id", "position", "id"))


def session(org: Organization, cycle: Cycle, team: Team | None, membership: Membership) -> Session:
    """The session's rows with stale flags and who may check in: two queries at any size."""
    team_ids = teams.team_ids_of(membership)
    at = now()
    found = Session(cycle=cycle, team=team)
    for kr in session_key_results(org, cycle, team):
        may = permissions.may_check_in(membership, kr, team_ids=team_ids)
        found.rows.append(Row(kr, is_stale(kr, at), may))
    return found


def owed(org: Organization, membership: Membership) -> list[KeyResult]:
    """Stale key results of active cycles the member owns, or that nobody owns in their teams."""
    if not role_at_least(membership.role, Role.MEMBER):
        return []
    team_ids = teams.team_ids_of(membership)
    mine = Q(owner=membership) | Q(owner__isnull=True, objective__team_id__in=team_ids)
    rows = (
        _key_results(org)
        .filter(mine, objective__cycle__state=CycleState.ACTIVE)
        .order_by(
            "objective__cycle__starts_on", "objective__team__name", "objective_id", "position", "id"
        )
    )
    at = now()
    return [kr for kr in rows if is_stale(kr, at)]


# --- Reminders ---------------------------------------------------------------------------------


@dataclass
class DueReminder:
    """One email to send: an owner's stale key results of one cycle in one cadence period."""

    cycle: Cycle
    membership: Membership
    period_start: date
    key_results: list[KeyResult]

    def by_session(self) -> dict[Team | None, list[KeyResult]]:
        """The stale key results grouped by the session (team, or company) they are checked in."""
        groups: dict[Team | None, list[KeyResult]] = defaultdict(list)
        for kr in self.key_results:
            groups[kr.objective.team].append(kr)
        return dict(groups)


def _period_start(kr: KeyResult, day: date) -> date:
    cycle = kr.objective.cycle
    started = _sprint_started_at(kr)
    return cadence.period_start(
        cycle.cadence, cycle.starts_on, day, started.date() if started else None
    )


def due_reminders(org: Organization, at: datetime | None = None) -> list[DueReminder]:
    """Owners of stale key results in the active cycles not yet reminded in this period."""
    moment = at or now()
    day = moment.date()
    rows = (
        KeyResult.objects.for_org(org)
        .filter(objective__cycle__state=CycleState.ACTIVE, owner__isnull=False)
        .select_related("owner__user", "objective__cycle", "objective__team", "organization")
        .order_by("objective__cycle_id", "owner_id", "objective_id", "position", "id")
    )
    grouped: dict[tuple[int, int], DueReminder] = {}
    for kr in rows:
        owner = kr.owner
        if owner is None or not role_at_least(owner.role, Role.MEMBER) or not is_stale(kr, moment):
            continue
        key = (kr.objective.cycle_id, owner.pk)
        period = _period_start(kr, day)
        due = grouped.get(key)
        if due is None:
            grouped[key] = DueReminder(kr.objective.cycle, owner, period, [kr])
        else:
            # Per sprint, teams start at different days: the newest period decides.
            due.period_start = max(due.period_start, period)
            due.key_results.append(kr)
    if not grouped:
        return []
    sent = set(
        CheckInReminder.objects.for_org(org)
        .filter(
            cycle_id__in={c for c, _ in grouped},
            period_start__in={d.period_start for d in grouped.values()},
        )
        .values_list("cycle_id", "membership_id", "period_start")
    )
    return [
        due
        for (cycle_id, member_id), due in grouped.items()
        if (cycle_id, member_id, due.period_start) not in sent
    ]
