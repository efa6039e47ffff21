"""Reads of insights: the onboarding guide, ticked from the organization's real data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Subquery
from django.urls import reverse

from okrum.okrs.models import Cycle, CycleState, Goal, GoalKind, Objective
from okrum.scrum.models import BacklogItem, Sprint
from okrum.teams.models import TeamMember
from okrum.tenancy.models import Organization
from okrum.tenancy.roles import Role


@dataclass(frozen=True)
class Step:
    """One step of the guide: what to do, why the method asks for it, and where it is done."""

    key: str
    title: str
    why: str
    action: str
    url: str
    done: bool
    role: Role  # the least role that can take the step


@dataclass(frozen=True)
class Guide:
    steps: list[Step]

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def finished(self) -> bool:
        return self.done == self.total

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if not step.done), None)


# key, title, why (in the method's words), the button's label, the least role that does it.
STEPS: tuple[tuple[str, str, str, str, Role], ...] = (
    (
        "vision",
        "Set a vision",
        "The vision is the direction every objective serves: OKRs set the direction from it.",
        "Set a vision",
        Role.ADMIN,
    ),
    (
        "cycle",
        "Open a cycle",
        "A cycle, usually a quarter, is the period in which objectives are set, checked in on "
        "and graded.",
        "Open a cycle",
        Role.ADMIN,
    ),
    (
        "objectives",
        "Draft objectives",
        "Objectives and key results come before sprint planning, so that sprint goals have "
        "something to serve.",
        "Draft objectives",
        Role.MEMBER,
    ),
    (
        "team",
        "Create a team",
        "A Scrum team with its members delivers the key results, sprint by sprint.",
        "Create a team",
        Role.ADMIN,
    ),
    (
        "backlog",
        "Fill the backlog",
        "The product backlog holds the work; linking an item to a key result says what it is for.",
        "Add backlog items",
        Role.MEMBER,
    ),
    (
        "sprint",
        "Plan the first sprint",
        "Scrum delivers the direction in sprints, and each sprint goal serves a key result.",
        "Plan a sprint",
        Role.MEMBER,
    ),
)


def _facts(org: Organization) -> dict[str, Any]:
    """Whether each step's data exists, and the first staffed team: one query in all."""
    first_seat = TeamMember.objects.for_org(org).order_by("team__name", "team_id")
    return (
        Organization.objects.filter(pk=org.pk)
        .annotate(
            has_vision=Exists(Goal.objects.for_org(org).filter(kind=GoalKind.VISION)),
            has_cycle=Exists(Cycle.objects.for_org(org)),
            has_objectives=Exists(
                Objective.objects.for_org(org).exclude(cycle__state=CycleState.CLOSED)
            ),
            has_team=Exists(TeamMember.objects.for_org(org)),
            has_backlog=Exists(BacklogItem.objects.for_org(org)),
            has_sprint=Exists(Sprint.objects.for_org(org)),
            team_id=Subquery(first_seat.values("team_id")[:1]),
        )
        .values(
            "has_vision",
            "has_cycle",
            "has_objectives",
            "has_team",
            "has_backlog",
            "has_sprint",
            "team_id",
        )
        .get()
    )


def onboarding(org: Organization) -> Guide:
    """The six steps that set an organization up to steer with OKRs and deliver with Scrum."""
    facts = _facts(org)
    slug, team_id = org.slug, facts["team_id"]
    # Backlogs and sprints belong to a team: until one has members, Scrum's home explains that.
    if team_id is None:
        backlog = sprints = reverse("scrum:home", args=[slug])
    else:
        backlog = reverse("scrum:backlog", args=[slug, team_id])
        sprints = reverse("scrum:sprints", args=[slug, team_id])
    urls = {
        "vision": reverse("okrs:goals", args=[slug]),
        "cycle": reverse("okrs:cycles", args=[slug]),
        "objectives": reverse("okrs:okrs", args=[slug]),
        "team": reverse("teams:teams", args=[slug]),
        "backlog": backlog,
        "sprint": sprints,
    }
    return Guide(
        steps=[
            Step(
                key=key,
                title=title,
                why=why,
                action=action,
                url=urls[key],
                done=bool(facts[f"has_{key}"]),
                role=role,
            )
            for key, title, why, action, role in STEPS
        ]
    )
