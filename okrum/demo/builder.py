"""The demo organization, built through the services so it is audited and consistent.

Past events are written at their own moments (`frozen_at`), in the order they happened, so
check-ins, sprints and retrospectives carry the dates a real organization would have.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from okrum.accounts import services as accounts
from okrum.accounts.models import User
from okrum.core.time import frozen_at, today
from okrum.demo import okr_history, sprint_history, story
from okrum.okrs.models import Cycle, Goal, KeyResult, Objective
from okrum.teams import services as teams
from okrum.teams.models import Accountability, Team
from okrum.tenancy import services as tenancy
from okrum.tenancy.models import Membership, Organization

DEMO_PASSWORD = "okrum-demo"  # printed by `make run`; the demo is for trying Okrum out locally
SEED = 20260309
PEOPLE = story.PEOPLE


@dataclass
class World:
    """Everything built so far, shared by the steps of the timeline."""

    org: Organization
    people: dict[str, Membership]
    rng: random.Random
    today: date
    teams: dict[str, Team] = field(default_factory=dict)
    krs: dict[str, KeyResult] = field(default_factory=dict)
    objectives: dict[str, Objective] = field(default_factory=dict)
    cycles: dict[str, Cycle] = field(default_factory=dict)
    goals: dict[str, Goal] = field(default_factory=dict)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass(frozen=True)
class Demo:
    org: Organization
    people: list[tuple[User, str]]


Step = tuple[datetime, int, Callable[[], object]]


class Timeline:
    """Steps to run in time order, each with the clock set to its moment."""

    def __init__(self) -> None:
        self.steps: list[Step] = []

    def add(self, moment: datetime, step: Callable[[], object]) -> None:
        self.steps.append((moment, len(self.steps), step))

    def run(self) -> None:
        for moment, _, step in sorted(self.steps, key=lambda s: (s[0], s[1])):
            with frozen_at(moment):
                step()


def _people() -> tuple[Organization, dict[str, Membership]]:
    first, *others = PEOPLE
    _, org, owner = accounts.sign_up(
        name=first.name, email=first.email, password=DEMO_PASSWORD, organization=story.ORG_NAME
    )
    people = {first.key: owner}
    for person in others:
        _, raw = tenancy.invite(org=org, by=owner, email=person.email, role=person.role)
        _, membership = accounts.join_by_invitation(
            raw_token=raw, name=person.name, password=DEMO_PASSWORD
        )
        people[person.key] = membership
    return org, people


def _teams(world: World) -> None:
    admin = world.people["admin"]
    for t in story.TEAMS:
        team = teams.create_team(
            org=world.org, by=admin, name=t.name, key=t.key, description=t.description
        )
        seats = [
            (t.product_owner, Accountability.PRODUCT_OWNER),
            (t.scrum_master, Accountability.SCRUM_MASTER),
            *[(dev, Accountability.DEVELOPER) for dev in t.developers],
            (t.stakeholder, Accountability.STAKEHOLDER),
        ]
        for key, accountability in seats:
            teams.add_team_member(
                team=team, by=admin, membership=world.people[key], accountability=accountability
            )
        world.teams[t.key] = team


def build() -> Demo:
    """The fitness-wear store, half-way through its quarter; the caller owns the transaction."""
    org, people = _people()
    noise = random.Random(SEED)  # noqa: S311 — seeded noise for demo data, not secrets
    world = World(org=org, people=people, rng=noise, today=today())
    _teams(world)
    timeline = Timeline()
    calendar = okr_history.Calendar.around(world.today)
    okr_history.schedule(world, timeline, calendar)
    sprint_history.schedule(world, timeline, calendar)
    timeline.run()
    members = [(m.user, str(m.role)) for m in people.values()]
    return Demo(org=org, people=members)
