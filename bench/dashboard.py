"""How fast the dashboard and the alignment report answer for a big organization, next to SQL.

Run by hand:  .venv/bin/python bench/dashboard.py  [--runs 30] [--scale 1.0]  (or `make bench`)

It builds one organization of 50 teams, 2,000 objectives (some company-level, a fifth of them in
the cycle that closed before the active one), 8,000 key results of every kind, 100,000 check-ins
and 200,000 backlog items (a share linked to key results, many done in closed two-week sprints),
plus two other organizations of a fifth of that size as noise in the same tables.

The rows are written with `bulk_create` in batches, not through the services: the services write
one check-in or one item at a time, with audit rows, and would take many times as long. The
data stays as the services would leave it: each key result's current value, progress, status,
confidence, last check-in and count, and each objective's progress, come from the check-ins
through the pure functions of okrum/okrs/scoring.py (as okrum/okrs/progress.py applies them);
sprints carry their committed and done points, frozen scope and key-result snapshots; items
their history events.

Then it times with Django's test client (the whole stack: auth, middleware, ORM, JSON or HTML;
no network):

- the dashboard, `GET /api/v1/orgs/{slug}/insights/dashboard`, also with the forecasts of its
  behind-pace list left out (they are computed in Python, SQL has no counterpart),
- the home page, `GET /o/{slug}/`, which shows the dashboard in an active cycle,
- the alignment report, `GET /api/v1/orgs/{slug}/insights/alignment`,

and computes the same numbers with hand-written SQL through the raw driver (sqlite3 or psycopg),
checking first that both answers agree, then printing the medians, 95th percentiles, each
endpoint's number of SQL queries and the ratio endpoint / SQL.

The database: a fresh SQLite file in a temporary directory (removed afterwards), or the one
`DATABASE_URL` names; there the bench works in organizations of its own, runs ANALYZE after the
bulk load (as autovacuum soon would; without statistics PostgreSQL picks poor plans) and deletes
its organizations at the end. Settings come from the environment as for `okrum serve`.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEMP = None if os.environ.get("DATABASE_URL") else tempfile.mkdtemp(prefix="okrum-bench-")
if TEMP is not None:
    os.environ["OKRUM_DATA_DIR"] = TEMP
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okrum.settings")
os.environ["OKRUM_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402 — the settings above must be in place first
from timing import p, timed  # noqa: E402 — bench/ is the script's folder

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.db.models import Model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn  # noqa: E402

from okrum.accounts import services as accounts  # noqa: E402
from okrum.accounts.models import User  # noqa: E402
from okrum.core.time import now, today  # noqa: E402
from okrum.insights.queries import dashboard as dashboard_queries  # noqa: E402
from okrum.okrs import cadence, scoring  # noqa: E402
from okrum.okrs.models import (  # noqa: E402
    CheckIn,
    CheckInSource,
    Cycle,
    CycleState,
    Goal,
    GoalKind,
    KeyResult,
    Objective,
    ObjectiveKind,
    ObjectiveStatus,
)
from okrum.okrs.progress import definition_of  # noqa: E402
from okrum.scrum import ranking  # noqa: E402
from okrum.scrum.models import (  # noqa: E402
    Backlog,
    BacklogItem,
    BacklogItemKeyResult,
    ItemEvent,
    ItemField,
    ItemStatus,
    Sprint,
    SprintCommitment,
    SprintKeyResult,
    SprintState,
)
from okrum.teams.models import Accountability, Team, TeamMember  # noqa: E402
from okrum.tenancy.models import Membership, Organization  # noqa: E402
from okrum.tenancy.roles import Role  # noqa: E402

RUN = f"{random.randrange(16**6):06x}"  # noqa: S311 — a name, not a secret
BATCH = 2000
CYCLE_DAYS = 91
SPRINT_DAYS = 14
POINTS = (Decimal(1), Decimal(2), Decimal(3), Decimal(5), Decimal(8), Decimal(13))
console = Console()


@dataclass(frozen=True)
class Shape:
    """How big an organization is; the numbers are totals over both cycles."""

    teams: int
    objectives: int
    key_results: int
    check_ins: int
    items: int
    members: int

    def scaled(self, factor: float) -> Shape:
        return Shape(*(max(1, round(getattr(self, f.name) * factor)) for f in fields(self)))


FULL = Shape(
    teams=50, objectives=2000, key_results=8000, check_ins=100_000, items=200_000, members=250
)
CLOSED_SHARE = 0.2  # of the objectives, in the cycle that closed before the active one
COMPANY_SHARE = 0.04  # of each cycle's objectives, company-level (no team)
ROLES_IN_TEAM = (
    Accountability.PRODUCT_OWNER,
    Accountability.SCRUM_MASTER,
    *[Accountability.DEVELOPER] * 4,
)
ITEMS_PER_SPRINT = 60  # in each closed sprint; the active one holds 40, the planned one 30


@dataclass
class Series:
    """A key result's check-ins, oldest first: what its materialized fields come from."""

    times: list[datetime] = field(default_factory=list)
    values: list[Decimal] = field(default_factory=list)
    confidences: list[int] = field(default_factory=list)

    def at(self, kr: KeyResult, moment: datetime) -> tuple[Decimal | None, Decimal, int | None]:
        """Value, progress and confidence of `kr` at `moment` (as a sprint snapshot stores them)."""
        n = bisect_right(self.times, moment)
        if n == 0:
            # Before its first check-in a key result stands at its start (unknown if measured).
            return (None if kr.measures_baseline else kr.start_value), Decimal(0), None
        values = self.values[:n]
        return values[-1], scoring.progress(definition_of(kr), values), self.confidences[n - 1]


def noon(day: date) -> datetime:
    return datetime.combine(day, clock(12), tzinfo=UTC)


# --- The world --------------------------------------------------------------------------------


class Builder:
    """Writes one organization of `shape` with bulk inserts, consistent as the services keep it."""

    def __init__(self, name: str, shape: Shape, seed: int, bar: Progress, task: TaskID) -> None:
        self.shape = shape
        self.rng = random.Random(seed)  # noqa: S311 — test data, not secrets
        self.bar, self.task = bar, task
        user, self.org, self.owner = accounts.sign_up(
            name=f"{name} owner",
            email=f"owner-{RUN}@{name.lower().replace(' ', '-')}.example",
            password="a bench passphrase",
            organization=f"{name} {RUN}",
        )
        self.user = user
        self.today = today()
        self.now = now()

    def insert(self, rows: Sequence[Model], weight: float = 1.0) -> None:
        """Bulk-insert rows of one model, advancing the progress bar by their weight."""
        if not rows:
            return
        model = type(rows[0])
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            model._default_manager.bulk_create(chunk, batch_size=BATCH)
            self.bar.advance(self.task, len(chunk) * weight)

    def build(self) -> None:
        with transaction.atomic():
            self.people()
            self.teams()
            self.cycles_and_goals()
            self.objectives()
            self.key_results()
            self.check_ins()
            self.roll_up()
            self.sprints()
            self.items()

    def people(self) -> None:
        domain = f"{self.org.slug}.example"
        users = [
            User(email=f"m{n}-{RUN}@{domain}", name=f"Member {n}", password="!")
            for n in range(self.shape.members)
        ]
        self.insert(users, 0)
        roles = [Role.ADMIN] * 3 + [Role.VIEWER] * 10
        self.members = [
            Membership(organization=self.org, user=u, role=(roles[n] if n < 13 else Role.MEMBER))
            for n, u in enumerate(users)
        ]
        self.insert(self.members, 0)

    def teams(self) -> None:
        self.team_list = [
            Team(organization=self.org, name=f"Team {n + 1:02}", key=f"T{n + 1:02}")
            for n in range(self.shape.teams)
        ]
        self.insert(self.team_list, 0)
        self.insert([Backlog(organization=self.org, team=t) for t in self.team_list], 0)
        self.team_members: dict[int, list[Membership]] = {}
        seats = []
        for n, team in enumerate(self.team_list):
            size = len(self.members)
            people = [self.members[(n * 5 + k) % size] for k in range(min(6, size))]
            self.team_members[team.pk] = people
            seats += [
                TeamMember(organization=self.org, team=team, membership=m, accountability=role)
                for m, role in zip(people, ROLES_IN_TEAM, strict=False)
            ]
        self.insert(seats, 0)

    def cycles_and_goals(self) -> None:
        starts = self.today - timedelta(days=45)
        self.active = Cycle.objects.create(
            organization=self.org,
            name="This quarter",
            starts_on=starts,
            ends_on=starts + timedelta(days=CYCLE_DAYS),
            state=CycleState.ACTIVE,
        )
        self.closed = Cycle.objects.create(
            organization=self.org,
            name="Last quarter",
            starts_on=starts - timedelta(days=CYCLE_DAYS),
            ends_on=starts,
            state=CycleState.CLOSED,
        )
        vision = Goal.objects.create(
            organization=self.org, kind=GoalKind.VISION, title="Everyone shops with us"
        )
        self.focuses = [
            Goal.objects.create(
                organization=self.org, kind=GoalKind.FOCUS, title=f"Focus {n}", parent=vision
            )
            for n in range(1, 5)
        ]

    def objectives(self) -> None:
        total = self.shape.objectives
        closed_count = round(total * CLOSED_SHARE)
        self.cycle_of: dict[int, Cycle] = {}
        self.company: dict[int, list[Objective]] = {}
        self.by_team: dict[tuple[int, int], list[Objective]] = {}  # (cycle, team) -> objectives
        self.objective_list: list[Objective] = []
        for cycle, count in ((self.closed, closed_count), (self.active, total - closed_count)):
            company_count = max(1, round(count * COMPANY_SHARE))
            finished = cycle.state == CycleState.CLOSED
            company = [
                Objective(
                    organization=self.org,
                    cycle=cycle,
                    goal=self.focuses[n % len(self.focuses)],
                    title=f"Company objective {n + 1} of {cycle.name.lower()}",
                    status=ObjectiveStatus.CLOSED if finished else ObjectiveStatus.PUBLISHED,
                    roll_up=scoring.RollUp.BOTH,
                    owner=self.owner,
                )
                for n in range(company_count)
            ]
            self.insert(company)
            teams = []
            for n in range(count - company_count):
                team = self.team_list[n % len(self.team_list)]
                status = ObjectiveStatus.CLOSED if finished else ObjectiveStatus.PUBLISHED
                if not finished and n % 20 == 7:
                    status = ObjectiveStatus.DRAFT
                teams.append(
                    Objective(
                        organization=self.org,
                        cycle=cycle,
                        team=team,
                        parent=company[n % len(company)] if n % 2 == 0 else None,
                        title=f"{team.name} objective {n // len(self.team_list) + 1}",
                        kind=ObjectiveKind.ASPIRATIONAL if n % 5 == 0 else ObjectiveKind.COMMITTED,
                        status=status,
                        owner=self.team_members[team.pk][n % len(self.team_members[team.pk])],
                    )
                )
            self.insert(teams)
            self.company[cycle.pk] = company
            for o in company + teams:
                self.cycle_of[o.pk] = cycle
                self.objective_list.append(o)
                if o.team_id is not None:
                    self.by_team.setdefault((cycle.pk, o.team_id), []).append(o)

    def key_results(self) -> None:
        objectives = self.objective_list
        total = self.shape.key_results
        # 3, 4, 5, 4 key results in turn: four on average, as many as the shape asks in all.
        counts = [(3, 4, 5, 4)[n % 4] for n in range(len(objectives))]
        counts[-1] += total - sum(counts)
        rows: list[KeyResult] = []
        for objective, count in zip(objectives, counts, strict=True):
            people = self.team_members.get(objective.team_id or 0, self.members[:6])
            for position in range(max(0, count)):
                rows.append(self.key_result(objective, position, people))
        self.insert(rows)
        self.kr_list = rows
        self.krs_of: dict[int, list[KeyResult]] = {}
        for kr in rows:
            self.krs_of.setdefault(kr.objective_id, []).append(kr)

    def key_result(
        self, objective: Objective, position: int, people: list[Membership]
    ) -> KeyResult:
        pick = self.rng.random()
        kr = KeyResult(
            organization=self.org,
            objective=objective,
            title=f"{objective.title}: measure {position + 1}",
            owner=None if pick < 0.1 else self.rng.choice(people),
            position=position,
            weight=Decimal(2) if position == 0 else Decimal(1),
        )
        if pick < 0.45:
            kr.kind, kr.unit = scoring.Kind.INCREASE_TO, "customers"
            kr.start_value, kr.target_value = (
                Decimal(100),
                Decimal(self.rng.choice((150, 200, 400))),
            )
        elif pick < 0.5:
            kr.kind, kr.unit, kr.measures_baseline = scoring.Kind.INCREASE_TO, "%", True
            kr.target_value = Decimal(80)
        elif pick < 0.65:
            kr.kind, kr.unit = scoring.Kind.DECREASE_TO, "ms"
            kr.start_value, kr.target_value = Decimal(900), Decimal(self.rng.choice((300, 500)))
        elif pick < 0.75:
            kr.kind, kr.unit, kr.target_value = scoring.Kind.STAY_ABOVE, "%", Decimal(99)
        elif pick < 0.8:
            kr.kind, kr.unit, kr.target_value = scoring.Kind.STAY_BELOW, "tickets", Decimal(40)
        elif pick < 0.85:
            kr.kind, kr.unit = scoring.Kind.STAY_WITHIN, "days"
            kr.low_value, kr.high_value = Decimal(2), Decimal(5)
        else:
            kr.kind = scoring.Kind.MILESTONE
        return kr

    def value(self, kr: KeyResult, pace: float, share: float) -> Decimal:
        """A plausible reading `share` of the way through the cycle for a key result at `pace`."""
        noise = self.rng.gauss(0, 0.05)
        kind = kr.kind
        if kind in (scoring.Kind.INCREASE_TO, scoring.Kind.DECREASE_TO):
            start = kr.start_value if kr.start_value is not None else Decimal(40)
            assert kr.target_value is not None
            moved = float(kr.target_value - start) * (pace * share + noise)
            return (start + Decimal(moved)).quantize(Decimal("0.1"))
        if kind == scoring.Kind.STAY_ABOVE:
            return Decimal(round(99 + self.rng.gauss(0.3, 0.6), 1)).quantize(Decimal("0.1"))
        if kind == scoring.Kind.STAY_BELOW:
            return Decimal(self.rng.randint(20, 50))
        if kind == scoring.Kind.STAY_WITHIN:
            return Decimal(self.rng.randint(1, 6))
        return Decimal(1) if share * pace > 0.8 else Decimal(0)

    def check_ins(self) -> None:
        """Check-ins over each cycle's elapsed days, and the key results' fields they set."""
        krs = self.kr_list
        silent = {kr.pk for kr in krs if self.rng.random() < 0.05}
        talking = [kr for kr in krs if kr.pk not in silent]
        base, extra = divmod(self.shape.check_ins, max(1, len(talking)))
        self.series: dict[int, Series] = {}
        rows: list[CheckIn] = []
        authors = [m.user_id for m in self.members]
        for n, kr in enumerate(talking):
            cycle = self.cycle_of[kr.objective_id]
            first = noon(cycle.starts_on)
            last = min(noon(cycle.ends_on), self.now - timedelta(hours=1))
            span = (last - first).total_seconds()
            count = base + (1 if n < extra else 0)
            pace = self.rng.uniform(0.2, 1.3)
            # Some key results stopped being checked in weeks ago: the dashboard's stale ones.
            stop = self.rng.uniform(0.4, 0.8) if self.rng.random() < 0.1 else 1.0
            moments = sorted(
                first + timedelta(seconds=self.rng.uniform(0, span * stop)) for _ in range(count)
            )
            series = Series()
            confidence = self.rng.randint(4, 8)
            for moment in moments:
                share = (moment - first).total_seconds() / (CYCLE_DAYS * 86400)
                confidence = min(10, max(0, confidence + self.rng.choice((-1, 0, 0, 1))))
                value = self.value(kr, pace, share)
                series.times.append(moment)
                series.values.append(value)
                series.confidences.append(confidence)
                rows.append(
                    CheckIn(
                        organization=self.org,
                        key_result=kr,
                        value=value,
                        confidence=confidence,
                        author_id=self.rng.choice(authors),
                        source=CheckInSource.API if n % 7 == 0 else CheckInSource.MANUAL,
                        created_at=moment,
                    )
                )
            self.series[kr.pk] = series
            self.materialize(kr, series, cycle)
            if len(rows) >= BATCH * 5:
                self.insert(rows)
                rows = []
        self.insert(rows)
        for kr in krs:
            if kr.pk in silent:
                self.series[kr.pk] = Series()
        fields = [
            "start_value",
            "current_value",
            "progress",
            "status",
            "confidence",
            "check_in_count",
            "last_check_in_at",
        ]
        KeyResult.objects.bulk_update(talking, fields, batch_size=500)

    def materialize(self, kr: KeyResult, series: Series, cycle: Cycle) -> None:
        """What record_check_in leaves on the key result after its last check-in."""
        if kr.measures_baseline and kr.start_value is None:
            kr.start_value = series.values[0]
        kr.check_in_count = len(series.values)
        kr.current_value = series.values[-1]
        kr.progress = scoring.progress(definition_of(kr), series.values)
        # The service compares with the pace expected on the day of the last check-in.
        day = series.times[-1].date()
        expected = scoring.expected_progress(day, cycle.starts_on, cycle.ends_on)
        kr.status = scoring.status(kr.progress, expected)
        kr.confidence = series.confidences[-1]
        kr.last_check_in_at = series.times[-1]

    def roll_up(self) -> None:
        """Objective progress as refresh_objective_chain leaves it: team ones, then company."""
        children: dict[int, list[Objective]] = {}
        for o in self.objective_list:
            if o.parent_id is not None:
                children.setdefault(o.parent_id, []).append(o)
        ordered = [o for o in self.objective_list if o.team_id is not None] + [
            o for o in self.objective_list if o.team_id is None
        ]
        for o in ordered:
            krs = self.krs_of.get(o.pk, [])
            kids = children.get(o.pk, [])
            mode = scoring.RollUp(o.roll_up)
            o.progress = scoring.roll_up(
                mode,
                [scoring.Weighted(k.progress, k.weight, k.check_in_count > 0) for k in krs],
                [c.progress for c in kids],
            )
            uses_krs = mode in (scoring.RollUp.KEY_RESULTS, scoring.RollUp.BOTH)
            uses_children = mode in (scoring.RollUp.CHILDREN, scoring.RollUp.BOTH)
            o.has_data = (uses_krs and any(k.check_in_count > 0 for k in krs)) or (
                uses_children and any(c.has_data for c in kids)
            )
        Objective.objects.bulk_update(self.objective_list, ["progress", "has_data"], batch_size=500)

    def sprints(self) -> None:
        """Two-week sprints per team since the last cycle began: closed, one active, one planned."""
        first = self.closed.starts_on
        self.sprints_of: dict[int, list[Sprint]] = {}
        rows: list[Sprint] = []
        for team in self.team_list:
            offset = self.rng.randint(0, 6)  # teams do not all start on the same day
            day, number, team_rows = first + timedelta(days=offset), 1, []
            while True:
                ends = day + timedelta(days=SPRINT_DAYS)
                if day > self.today:
                    state = SprintState.PLANNED
                elif ends <= self.today:
                    state = SprintState.CLOSED
                else:
                    state = SprintState.ACTIVE
                team_rows.append(
                    Sprint(
                        organization=self.org,
                        team=team,
                        number=number,
                        name=f"Sprint {number}",
                        goal=f"Sprint goal {number} of {team.name}",
                        starts_on=day,
                        ends_on=ends,
                        state=state,
                        capacity=Decimal(self.rng.choice((120, 150, 180))),
                        started_at=None if state == SprintState.PLANNED else noon(day),
                        closed_at=noon(ends) if state == SprintState.CLOSED else None,
                    )
                )
                if state == SprintState.PLANNED:
                    break
                day, number = ends, number + 1
            self.sprints_of[team.pk] = team_rows
            rows += team_rows
        self.insert(rows, 0)
        links: list[SprintKeyResult] = []
        self.sprint_krs: dict[int, list[KeyResult]] = {}
        for team in self.team_list:
            for sprint in self.sprints_of[team.pk]:
                served = self.served_by(team, sprint)
                self.sprint_krs[sprint.pk] = served
                links += [self.snapshot(sprint, kr) for kr in served]
        self.insert(links, 0)

    def cycle_at(self, day: date) -> Cycle:
        return self.closed if day < self.active.starts_on else self.active

    def served_by(self, team: Team, sprint: Sprint) -> list[KeyResult]:
        """The key results a sprint goal serves: one or two of the team's; none for some goals."""
        if not sprint.goal or self.rng.random() < 0.15:
            return []
        objectives = self.by_team.get((self.cycle_at(sprint.starts_on).pk, team.pk), [])
        krs = [kr for o in objectives for kr in self.krs_of.get(o.pk, [])]
        return self.rng.sample(krs, min(len(krs), self.rng.choice((1, 2)))) if krs else []

    def snapshot(self, sprint: Sprint, kr: KeyResult) -> SprintKeyResult:
        row = SprintKeyResult(organization=self.org, sprint=sprint, key_result=kr)
        if sprint.started_at is not None:
            row.start_value, row.start_progress, row.start_confidence = self.series[kr.pk].at(
                kr, sprint.started_at
            )
        if sprint.closed_at is not None:
            row.end_value, row.end_progress, row.end_confidence = self.series[kr.pk].at(
                kr, sprint.closed_at
            )
        return row

    def items(self) -> None:
        """Each team's backlog: items done in closed sprints, the active sprint's, the rest open."""
        per_team, extra = divmod(self.shape.items, len(self.team_list))
        ranks_for: dict[int, list[str]] = {}
        active_krs = [
            kr for kr in self.kr_list if self.cycle_of[kr.objective_id].pk == self.active.pk
        ]
        closed_krs = [
            kr for kr in self.kr_list if self.cycle_of[kr.objective_id].pk == self.closed.pk
        ]
        for n, team in enumerate(self.team_list):
            count = per_team + (1 if n < extra else 0)
            if count not in ranks_for:
                ranks_for[count] = ranking.many_between(None, None, count)
            self.team_items(team, count, ranks_for[count], active_krs, closed_krs)

    def team_items(
        self,
        team: Team,
        count: int,
        ranks: list[str],
        active_krs: list[KeyResult],
        closed_krs: list[KeyResult],
    ) -> None:
        rng = self.rng
        people = self.team_members[team.pk]
        own = {
            cycle.pk: [
                kr
                for o in self.by_team.get((cycle.pk, team.pk), [])
                for kr in self.krs_of.get(o.pk, [])
            ]
            for cycle in (self.active, self.closed)
        }
        items: list[BacklogItem] = []
        links: list[tuple[int, KeyResult]] = []  # (index in items, key result)
        plan: list[tuple[int, Sprint, str]] = []  # (index, sprint, how it ended)
        since = self.now - timedelta(days=2 * CYCLE_DAYS)

        def add(status: str, created: datetime, sprint: Sprint | None = None) -> int:
            number = len(items) + 1
            items.append(
                BacklogItem(
                    organization=self.org,
                    team=team,
                    number=number,
                    title=f"{team.key}-{number}: let customers do thing {number}",
                    kind=("story", "story", "bug", "task")[number % 4],
                    status=status,
                    estimate=None if number % 11 == 0 else rng.choice(POINTS),
                    rank=ranks[number - 1],
                    sprint=sprint,
                    assignee=rng.choice(people) if number % 3 else None,
                    created_at=created,
                    updated_at=created,
                )
            )
            return number - 1

        for sprint in self.sprints_of[team.pk]:
            sizes: dict[str, int] = {SprintState.CLOSED: ITEMS_PER_SPRINT, SprintState.ACTIVE: 40}
            size = sizes.get(sprint.state, 30)
            served = self.sprint_krs[sprint.pk]
            pool = own[self.cycle_at(sprint.starts_on).pk]
            for _ in range(min(size, count - len(items))):
                roll = rng.random()
                if sprint.state == SprintState.CLOSED:
                    outcome = "done" if roll < 0.9 else ("wont_do" if roll < 0.95 else "back")
                elif sprint.state == SprintState.ACTIVE:
                    outcome = "done" if roll < 0.4 else ("in_progress" if roll < 0.7 else "ready")
                else:
                    outcome = "ready"
                status = {"back": ItemStatus.READY}.get(outcome, outcome)
                created = noon(sprint.starts_on) - timedelta(days=rng.randint(1, 30))
                index = add(status, created, None if outcome == "back" else sprint)
                plan.append((index, sprint, outcome))
                link = rng.random()
                if served and link < 0.6:
                    links.append((index, rng.choice(served)))
                elif pool and link < 0.75:
                    links.append((index, rng.choice(pool)))
        while len(items) < count:
            roll = rng.random()
            status = ItemStatus.WONT_DO if roll < 0.03 else ("new", "ready")[int(roll * 100) % 2]
            created = since + timedelta(seconds=rng.uniform(0, 2 * CYCLE_DAYS * 86400))
            index = add(status, created)
            link = rng.random()
            if link < 0.25 and own[self.active.pk]:
                links.append((index, rng.choice(own[self.active.pk])))
            elif link < 0.3:
                links.append((index, rng.choice(active_krs)))
            elif link < 0.32 and status != ItemStatus.WONT_DO:
                # Work left linked to a key result of the closed cycle: the alignment report's.
                links.append((index, rng.choice(closed_krs)))
        for index, sprint, outcome in plan:
            if outcome == "done":
                end = min(noon(sprint.ends_on), self.now - timedelta(hours=1))
                start = noon(sprint.starts_on)
                done_at = start + (end - start) * rng.random()
                items[index].done_at = items[index].updated_at = done_at
        self.insert(items)
        Backlog.objects.filter(team=team).update(last_number=len(items))
        self.insert(
            [
                BacklogItemKeyResult(organization=self.org, item=items[i], key_result=kr)
                for i, kr in dict.fromkeys(links)
            ],
            0,
        )
        self.history(team, items, plan)

    def history(self, team: Team, items: list[BacklogItem], plan: list[Any]) -> None:
        """Item events as the services write them, the frozen scope, and each sprint's totals."""
        events = [
            ItemEvent(
                organization=self.org,
                item=item,
                sprint=None,
                field=ItemField.CREATED,
                to_value="new",
                at=item.created_at,
            )
            for item in items
        ]
        scope: dict[int, list[BacklogItem]] = {}
        commitments = []
        for index, sprint, outcome in plan:
            item = items[index]
            scope.setdefault(sprint.pk, []).append(item)
            events.append(
                ItemEvent(
                    organization=self.org,
                    item=item,
                    sprint=sprint,
                    field=ItemField.SPRINT,
                    to_value=str(sprint.pk),
                    at=noon(sprint.starts_on) - timedelta(hours=2),
                )
            )
            if sprint.state != SprintState.PLANNED:
                commitments.append(
                    SprintCommitment(
                        organization=self.org, sprint=sprint, item=item, estimate=item.estimate
                    )
                )
            if outcome in ("done", "wont_do", "in_progress"):
                at = item.done_at or min(self.now, noon(sprint.starts_on) + timedelta(days=3))
                events.append(
                    ItemEvent(
                        organization=self.org,
                        item=item,
                        sprint=sprint,
                        field=ItemField.STATUS,
                        from_value="ready",
                        to_value=outcome,
                        at=at,
                    )
                )
            if outcome == "back":
                events.append(
                    ItemEvent(
                        organization=self.org,
                        item=item,
                        sprint=sprint,
                        field=ItemField.SPRINT,
                        from_value=str(sprint.pk),
                        at=sprint.closed_at,
                    )
                )
        self.insert(events, 0)
        self.insert(commitments, 0)
        changed = []
        for sprint in self.sprints_of[team.pk]:
            if sprint.state == SprintState.PLANNED:
                continue
            committed = scope.get(sprint.pk, [])
            sprint.committed_items = len(committed)
            sprint.committed_points = sum((i.estimate or Decimal(0) for i in committed), Decimal(0))
            if sprint.state == SprintState.CLOSED:
                done = [i for i in committed if i.status == ItemStatus.DONE]
                sprint.done_items = len(done)
                sprint.done_points = sum((i.estimate or Decimal(0) for i in done), Decimal(0))
            else:
                Team.objects.filter(pk=team.pk).update(sprint_started_at=sprint.started_at)
            changed.append(sprint)
        Sprint.objects.bulk_update(
            changed, ["committed_items", "committed_points", "done_items", "done_points"]
        )


def rows_of(shape: Shape) -> int:
    """What the progress bar counts: the rows that take the time."""
    return shape.objectives + shape.key_results + shape.check_ins + shape.items


@dataclass(frozen=True)
class Scene:
    """What the timed part needs of the build; the builders' big lists are let go."""

    org: Organization
    cycle: Cycle
    today: date
    now: datetime


def build(scale: float) -> dict[str, Any]:
    main_shape = FULL.scaled(scale)
    noise = main_shape.scaled(0.2)
    began = time.perf_counter()
    worlds = []
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:>9,.0f} / {task.total:,.0f} rows"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        for name, shape, seed in (
            ("Bench", main_shape, 1),
            ("Noise A", noise, 2),
            ("Noise B", noise, 3),
        ):
            task = bar.add_task(f"{name:8}", total=rows_of(shape))
            builder = Builder(name, shape, seed, bar, task)
            builder.build()
            worlds.append(builder)
    main = worlds[0]
    _, token = accounts.create_api_token(membership=main.owner, name="bench", scope="read")
    web = Client()
    web.force_login(main.user)
    return {
        "orgs": [w.org for w in worlds],
        "org": main.org,
        "scene": Scene(org=main.org, cycle=main.active, today=main.today, now=main.now),
        "shape": main_shape,
        "noise": noise,
        "api": Client(headers={"Authorization": f"Bearer {token}"}),
        "web": web,
        "built": time.perf_counter() - began,
    }


# --- Timing -----------------------------------------------------------------------------------


def getter(client: Client, url: str) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:500])
        return response.json() if response["Content-Type"].startswith("application/json") else None

    return call


def without_forecasts(call: Callable[[], Any]) -> Callable[[], Any]:
    def patched() -> Any:
        with mock.patch.object(dashboard_queries, "forecasts_for", return_value={}):
            return call()

    return patched


def exists(client: Client, url: str) -> bool:
    """Whether the endpoint is there yet (the insights endpoints are being built)."""
    return bool(client.get(url).status_code != 404)


def query_count(call: Callable[[], Any]) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


# --- The same numbers by hand-written SQL -----------------------------------------------------
# What okrum/insights/queries/dashboard.py and alignment.py answer, read straight from the tables
# with the counting, grouping and ordering done by the database. The dashboard's forecasts of the
# ten behind-pace key results (a trend line and a 10,000-run Monte Carlo each) have no SQL
# counterpart and are left out: the ratio includes their cost on the endpoint's side.

# A status as of today from stored progress, expected pace and data: scoring.status() in SQL.
STATUS = """
CASE WHEN NOT ({has_data}) THEN 'no_data'
     WHEN {p} >= 1 THEN 'achieved'
     WHEN {e} - {p} <= 0.10 THEN 'on_track'
     WHEN {e} - {p} <= 0.25 THEN 'at_risk'
     ELSE 'off_track' END
"""
KR_STATUS = STATUS.format(has_data="k.check_in_count > 0", p="k.progress", e=":expected")
OBJECTIVE_STATUS = STATUS.format(has_data="o.has_data", p="o.progress", e=":expected")

DASHBOARD_SQL = {
    "goals": """
        SELECT id, kind, title, parent_id FROM okrs_goal
        WHERE organization_id = :org ORDER BY created_at, id""",
    # Every objective of the cycle, as the page lists them, with key results and mean confidence.
    "objectives": """
        SELECT o.id, o.title, o.team_id, t.name, o.kind, o.status, o.progress,
               @OBJECTIVE_STATUS@ AS state, COUNT(k.id), AVG(k.confidence)
        FROM okrs_objective o
        LEFT JOIN teams_team t ON t.id = o.team_id
        LEFT JOIN okrs_keyresult k ON k.objective_id = o.id
        WHERE o.organization_id = :org AND o.cycle_id = :cycle
        GROUP BY o.id, o.title, o.team_id, t.name, o.kind, o.status, o.progress, o.has_data
        ORDER BY t.name, o.title, o.id""",
    "objective_counts": """
        SELECT @OBJECTIVE_STATUS@ AS state, COUNT(*) FROM okrs_objective o
        WHERE o.organization_id = :org AND o.cycle_id = :cycle GROUP BY 1""",
    "key_result_counts": """
        SELECT @KR_STATUS@ AS state, COUNT(*)
        FROM okrs_keyresult k JOIN okrs_objective o ON o.id = k.objective_id
        WHERE k.organization_id = :org AND o.cycle_id = :cycle GROUP BY 1""",
    # Per team: objectives this cycle, their mean progress, and the sprint it runs.
    "teams": """
        SELECT t.id, t.name, COUNT(o.id), AVG(o.progress), s.id, s.name, s.goal, s.ends_on
        FROM teams_team t
        LEFT JOIN okrs_objective o ON o.team_id = t.id AND o.cycle_id = :cycle
        LEFT JOIN scrum_sprint s ON s.team_id = t.id AND s.state = 'active'
        WHERE t.organization_id = :org
        GROUP BY t.id, t.name, s.id, s.name, s.goal, s.ends_on
        ORDER BY t.name, t.id""",
    # The ten with a check-in, not achieved, furthest below the expected pace.
    "behind": """
        SELECT k.id, k.title, k.kind, k.unit, k.current_value, k.target_value, k.progress,
               k.confidence, k.last_check_in_at, o.id, o.title, t.id, t.name, u.name
        FROM okrs_keyresult k
        JOIN okrs_objective o ON o.id = k.objective_id
        LEFT JOIN teams_team t ON t.id = o.team_id
        LEFT JOIN tenancy_membership m ON m.id = k.owner_id
        LEFT JOIN accounts_user u ON u.id = m.user_id
        WHERE k.organization_id = :org AND o.cycle_id = :cycle AND k.check_in_count > 0
          AND k.progress < 1 AND k.progress < :expected
        ORDER BY k.progress, k.id
        LIMIT 10""",
    # Stale: no check-in since the cadence window opened; how many, and the ten silent longest.
    "stale_count": """
        SELECT COUNT(*) FROM okrs_keyresult k JOIN okrs_objective o ON o.id = k.objective_id
        WHERE k.organization_id = :org AND o.cycle_id = :cycle
          AND (k.last_check_in_at IS NULL OR k.last_check_in_at < :window)""",
    "stale": """
        SELECT k.id, k.title, k.progress, k.last_check_in_at, o.id, o.title, t.id, t.name, u.name
        FROM okrs_keyresult k
        JOIN okrs_objective o ON o.id = k.objective_id
        LEFT JOIN teams_team t ON t.id = o.team_id
        LEFT JOIN tenancy_membership m ON m.id = k.owner_id
        LEFT JOIN accounts_user u ON u.id = m.user_id
        WHERE k.organization_id = :org AND o.cycle_id = :cycle
          AND (k.last_check_in_at IS NULL OR k.last_check_in_at < :window)
        ORDER BY k.last_check_in_at IS NOT NULL, k.last_check_in_at, k.id
        LIMIT 10""",
}

ALIGNMENT_SQL = {
    # Active and closed sprints overlapping the cycle: done points, those of items linked to a
    # key result of the cycle, and whether the Sprint Goal serves a key result. The done items
    # are gathered first, so only their links are looked at.
    "sprints": """
        WITH done AS MATERIALIZED (
            SELECT s.id AS sprint_id, i.id, i.estimate
            FROM scrum_sprint s
            JOIN scrum_backlogitem i ON i.sprint_id = s.id AND i.status = 'done'
            WHERE s.organization_id = :org AND s.state IN ('active', 'closed')
              AND s.starts_on <= :ends_on AND s.ends_on >= :starts_on
        ), linked AS (
            SELECT DISTINCT d.id FROM done d
            JOIN scrum_backlogitemkeyresult l ON l.item_id = d.id
            JOIN okrs_keyresult k ON k.id = l.key_result_id
            JOIN okrs_objective o ON o.id = k.objective_id
            WHERE o.cycle_id = :cycle
        )
        SELECT s.team_id, t.name, s.id, s.name, s.goal,
               COALESCE(SUM(d.estimate), 0),
               COALESCE(SUM(CASE WHEN ln.id IS NOT NULL THEN d.estimate END), 0),
               EXISTS (SELECT 1 FROM scrum_sprintkeyresult x WHERE x.sprint_id = s.id)
        FROM scrum_sprint s
        JOIN teams_team t ON t.id = s.team_id
        LEFT JOIN done d ON d.sprint_id = s.id
        LEFT JOIN linked ln ON ln.id = d.id
        WHERE s.organization_id = :org AND s.state IN ('active', 'closed')
          AND s.starts_on <= :ends_on AND s.ends_on >= :starts_on
        GROUP BY s.team_id, t.name, s.id, s.name, s.goal, s.starts_on, s.number
        ORDER BY t.name, s.team_id, s.starts_on, s.number""",
    # Key results of published objectives nobody links work to and that have not moved.
    "orphans": """
        SELECT k.id, k.title, o.id, o.title, t.name
        FROM okrs_keyresult k
        JOIN okrs_objective o ON o.id = k.objective_id
        LEFT JOIN teams_team t ON t.id = o.team_id
        WHERE k.organization_id = :org AND o.cycle_id = :cycle
          AND o.status NOT IN ('draft', 'closed')
          AND NOT EXISTS (SELECT 1 FROM scrum_backlogitemkeyresult l WHERE l.key_result_id = k.id)
          AND (k.check_in_count = 0 OR k.current_value = k.start_value)
        ORDER BY k.objective_id, k.position, k.id
        LIMIT 100""",
    "orphan_count": """
        SELECT COUNT(*) FROM okrs_keyresult k JOIN okrs_objective o ON o.id = k.objective_id
        WHERE k.organization_id = :org AND o.cycle_id = :cycle
          AND o.status NOT IN ('draft', 'closed')
          AND NOT EXISTS (SELECT 1 FROM scrum_backlogitemkeyresult l WHERE l.key_result_id = k.id)
          AND (k.check_in_count = 0 OR k.current_value = k.start_value)""",
    # Open items still linked to key results of closed cycles, found from those key results (few)
    # rather than from every open item: the first 100 with those links, and how many in all.
    "stranded": """
        WITH stranded AS MATERIALIZED (
            SELECT i.id, t.key, t.name AS team, i.number, i.title,
                   k.id AS kr_id, k.title AS kr_title, c.name AS cycle
            FROM okrs_cycle c
            JOIN okrs_objective o ON o.cycle_id = c.id
            JOIN okrs_keyresult k ON k.objective_id = o.id
            JOIN scrum_backlogitemkeyresult l ON l.key_result_id = k.id
            JOIN scrum_backlogitem i ON i.id = l.item_id
            JOIN teams_team t ON t.id = i.team_id
            WHERE c.organization_id = :org AND c.state = 'closed'
              AND i.status IN ('new', 'ready', 'in_progress')
        )
        SELECT s.id, s.key, s.number, s.title, s.kr_id, s.kr_title, s.cycle,
               (SELECT COUNT(DISTINCT id) FROM stranded)
        FROM stranded s
        WHERE s.id IN (
            SELECT id FROM (
                SELECT DISTINCT id, team, number FROM stranded ORDER BY team, number LIMIT 100
            ) shown
        )
        ORDER BY s.team, s.number, s.kr_id""",
}


def raw_connection() -> Any:
    if connection.vendor == "sqlite":
        return sqlite3.connect(str(connection.settings_dict["NAME"]))
    import psycopg

    return psycopg.connect(os.environ["DATABASE_URL"])


def prepared(sql: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """`:name` placeholders and values as the driver wants them, the status expressions in."""
    sql = sql.replace("@KR_STATUS@", KR_STATUS).replace("@OBJECTIVE_STATUS@", OBJECTIVE_STATUS)
    if connection.vendor == "sqlite":
        # Django keeps SQLite datetimes as naive UTC text and decimals as numbers.
        return sql, {name: sqlite_value(value) for name, value in params.items()}
    for name in sorted(params, key=len, reverse=True):
        sql = sql.replace(f":{name}", f"%({name})s")
    return sql, params


def sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def sql_runner(raw: Any, queries: dict[str, str], params: dict[str, Any]) -> Callable[[], Any]:
    ready = {name: prepared(sql, params) for name, sql in queries.items()}

    def call() -> dict[str, list[Any]]:
        cur = raw.cursor()
        answers = {}
        for name, (sql, values) in ready.items():
            cur.execute(sql, values)
            answers[name] = list(cur.fetchall())
        return answers

    return call


def sql_dashboard(world: dict[str, Any], raw: Any) -> Callable[[], Any]:
    scene: Scene = world["scene"]
    cycle = scene.cycle
    params = {
        "org": scene.org.pk,
        "cycle": cycle.pk,
        "expected": scoring.expected_progress(scene.today, cycle.starts_on, cycle.ends_on),
        "window": cadence.window_start(cycle.cadence, scene.now),
    }
    return sql_runner(raw, DASHBOARD_SQL, params)


def sql_alignment(world: dict[str, Any], raw: Any) -> Callable[[], Any]:
    scene: Scene = world["scene"]
    cycle = scene.cycle
    params = {
        "org": scene.org.pk,
        "cycle": cycle.pk,
        "starts_on": cycle.starts_on,
        "ends_on": cycle.ends_on,
    }
    return sql_runner(raw, ALIGNMENT_SQL, params)


# --- Same numbers? ----------------------------------------------------------------------------


TINY = Decimal("0.0001")


def number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.0001"))


def compare(what: str, api: Any, sql: Any, gaps: list[str]) -> None:
    if api == sql:
        return
    if isinstance(api, list) and isinstance(sql, list) and len(api) == len(sql):
        first = next(n for n, (a, b) in enumerate(zip(api, sql, strict=True)) if a != b)
        api, sql = f"[{first}] {api[first]}", f"[{first}] {sql[first]}"
    gaps.append(f"{what}: endpoint {str(api)[:200]} / SQL {str(sql)[:200]}")


def near(means: list[Any], others: list[Any]) -> bool:
    """Means alike to 0.0001: SQL averages in floating point, the endpoint rounds decimals."""
    return len(means) == len(others) and all(
        (a is None and b is None)
        or (a is not None and b is not None and abs(Decimal(str(a)) - Decimal(str(b))) <= TINY)
        for a, b in zip(means, others, strict=True)
    )


def same_dashboard(api: dict[str, Any], sql: dict[str, list[Any]]) -> list[str]:
    """Where the dashboard's answer and the SQL's differ (nothing: the same numbers)."""
    gaps: list[str] = []
    for name in ("objective_counts", "key_result_counts"):
        found = {row["status"]: row["count"] for row in api[name] if row["count"]}
        compare(name, found, dict(sql[name]), gaps)
    teams = [(row["id"], row["objectives"]) for row in api["teams"]]
    compare("teams", teams, [(r[0], r[2]) for r in sql["teams"]], gaps)
    means = [row["average_progress"] for row in api["teams"]]
    if not near(means, [r[3] for r in sql["teams"]]):
        gaps.append("teams' average progress")
    compare(
        "active sprints",
        [row["sprint_id"] for row in api["teams"]],
        [r[4] for r in sql["teams"]],
        gaps,
    )
    listed = [o["id"] for o in api["company"]] + [
        o["id"] for team in api["teams_objectives"] for o in team["objectives"]
    ]
    compare("objectives", sorted(listed), sorted(r[0] for r in sql["objectives"]), gaps)
    compare("behind", [kr["id"] for kr in api["behind"]], [r[0] for r in sql["behind"]], gaps)
    compare("stale count", api["stale_count"], sql["stale_count"][0][0], gaps)
    compare("stale", [kr["id"] for kr in api["stale"]], [r[0] for r in sql["stale"]], gaps)
    return gaps


def same_alignment(api: dict[str, Any], sql: dict[str, list[Any]]) -> list[str]:
    """Where the alignment report's answer and the SQL's differ."""
    gaps: list[str] = []
    sprints = [
        (s["id"], number(s["done_points"]), number(s["linked_points"]), s["serves_key_result"])
        for team in api["teams"]
        for s in team["sprints"]
    ]
    rows = [(r[2], Decimal(str(r[5])), Decimal(str(r[6])), bool(r[7])) for r in sql["sprints"]]
    compare("sprints", sprints, rows, gaps)
    total = api["total"]
    compare(
        "total points",
        (number(total["done_points"]), number(total["linked_points"])),
        (sum((r[1] for r in rows), Decimal(0)), sum((r[2] for r in rows), Decimal(0))),
        gaps,
    )
    compare(
        "sprints serving no key result",
        [s["id"] for s in api["sprints_serving_no_key_result"]],
        [r[0] for r in rows if not r[3]],
        gaps,
    )
    compare("orphan count", total["orphan_key_results"], sql["orphan_count"][0][0], gaps)
    compare(
        "orphans",
        [kr["id"] for kr in api["orphan_key_results"]],
        [r[0] for r in sql["orphans"]],
        gaps,
    )
    stranded_count = sql["stranded"][0][7] if sql["stranded"] else 0
    compare("stale item count", total["stale_items"], stranded_count, gaps)
    compare(
        "stale items",
        [(i["id"], [kr["id"] for kr in i["key_results"]]) for i in api["stale_items"]],
        [
            (i, [r[4] for r in sql["stranded"] if r[0] == i])
            for i in dict.fromkeys(r[0] for r in sql["stranded"])
        ],
        gaps,
    )
    return gaps


# --- Main -------------------------------------------------------------------------------------


def describe(world: dict[str, Any]) -> None:
    shape, noise = world["shape"], world["noise"]
    print(f"database: {connection.vendor}")
    print(
        f"the organization: {shape.teams} teams, {shape.objectives:,} objectives, "
        f"{shape.key_results:,} key results, {shape.check_ins:,} check-ins, "
        f"{shape.items:,} backlog items; two more of {noise.objectives:,} objectives, "
        f"{noise.items:,} items each"
    )
    org = world["org"]
    done = BacklogItem.objects.for_org(org).filter(status=ItemStatus.DONE).count()
    linked = BacklogItemKeyResult.objects.for_org(org).count()
    sprints = Sprint.objects.for_org(org).filter(state=SprintState.CLOSED).count()
    events = ItemEvent.objects.for_org(org).count()
    print(
        f"  {done:,} items done, {linked:,} item-key result links, {sprints:,} closed sprints, "
        f"{events:,} item events"
    )
    print(f"built with bulk inserts in {world['built']:.1f} s")


def remove(org: Organization) -> None:
    """Delete a bench organization, children first (items hold their sprint, objectives a team)."""
    with transaction.atomic():
        for model in (
            ItemEvent,
            SprintCommitment,
            BacklogItemKeyResult,
            SprintKeyResult,
            BacklogItem,
            Sprint,
            CheckIn,
            KeyResult,
            Objective,
        ):
            model.objects.for_org(org).delete()
        org.delete()


def analyze() -> None:
    """Give PostgreSQL's planner statistics of the new rows, as autovacuum soon would."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0, help="of the organization's size")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    world = build(args.scale)
    analyze()
    describe(world)
    # The build's millions of objects are garbage now; collections during timing would be its.
    gc.collect()
    gc.freeze()
    slug = world["org"].slug
    base = f"/api/v1/orgs/{slug}/insights"
    raw = raw_connection()
    pairs: list[tuple[str, Callable[[], Any] | None, Callable[[], Any]]] = []
    dashboard_sql, alignment_sql = sql_dashboard(world, raw), sql_alignment(world, raw)
    for name, client, url, sql in (
        ("dashboard, API", world["api"], f"{base}/dashboard", dashboard_sql),
        ("home page /o/{slug}/, HTML", world["web"], f"/o/{slug}/", dashboard_sql),
        ("alignment report, API", world["api"], f"{base}/alignment", alignment_sql),
    ):
        pairs.append((name, getter(client, url) if exists(client, url) else None, sql))
    for (name, call, sql), same in zip(pairs, (same_dashboard, None, same_alignment), strict=True):
        if call is not None and same is not None:
            gaps = same(call(), sql())
            verdict = "the same numbers" if not gaps else "DIFFERENT: " + "; ".join(gaps)
            print(f"{name.split(',')[0]} and its SQL: {verdict}")

    if pairs[0][1] is not None:
        # The same request with the forecasts of the behind-pace list left out: their share.
        skipped = without_forecasts(pairs[0][1])
        pairs.insert(1, ("dashboard without forecasts, API", skipped, dashboard_sql))

    print(f"\n{'':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    medians: dict[str, float] = {}
    for name, maybe, _ in pairs:
        if maybe is None:
            print(f"{name:34} {'not there yet':>26}")
            continue
        count = query_count(maybe)
        times = timed(maybe, args.runs)
        medians[name] = statistics.median(times)
        print(f"{name:34} {p(times, 50):8.1f} {p(times, 95):8.1f} {count:8}")
    for name, sql in (("dashboard, raw SQL", dashboard_sql), ("alignment, raw SQL", alignment_sql)):
        times = timed(sql, args.runs)
        medians[name] = statistics.median(times)
        print(f"{name:34} {p(times, 50):8.1f} {p(times, 95):8.1f}")
    for name, call, sql in pairs:
        sql_name = "dashboard, raw SQL" if sql is dashboard_sql else "alignment, raw SQL"
        if call is not None:
            ratio = medians[name] / medians[sql_name]
            print(f"ratio {name.split(',')[0]} / SQL: {ratio:.1f}x (medians)")
    raw.close()

    if TEMP is None:
        for org in world["orgs"]:
            remove(org)


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if TEMP is not None:
            shutil.rmtree(TEMP, ignore_errors=True)
