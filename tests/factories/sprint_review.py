"""A running sprint ready for its review: a team, a goal key result, items, some done."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from okrum.okrs.models import KeyResult
from okrum.scrum import services
from okrum.scrum.models import BacklogItem, ItemStatus, Sprint
from okrum.teams.models import Team
from okrum.teams.services import add_team_member
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.scrum import make_items, started_sprint


@dataclass
class ReviewSetup:
    team: Team
    kr: KeyResult
    sprint: Sprint
    items: list[BacklogItem]


def review_setup(world: Any, *, items: int = 3, done: int = 2, key_results: int = 1) -> ReviewSetup:
    """Checkout (Bob a developer) runs a sprint whose goal serves "Conversion" (20 → 40 %).

    The key result stood at 20 % when the sprint started; `done` of the `items` are done, each
    linked to the key result; the first goal key result is `kr`.
    """
    team = make_team(world.acme, name="Checkout", key="CHK")
    add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )
    cycle = make_cycle(world.acme, name="Q3")
    specs = [
        kr_spec(title="Conversion", start_value=10, target_value=40, unit="%", owner=None),
        *(kr_spec(title=f"Goal KR {n}") for n in range(2, key_results + 1)),
    ]
    objective = make_objective(cycle, team=team, title="Make checkout effortless", specs=specs)
    kr = first_kr(objective)
    check_in(kr, 20, confidence=6)
    goal_krs = list(KeyResult.objects.filter(objective=objective).order_by("position", "id"))
    rows = make_items(team, items, estimate=Decimal(3), key_results=[kr]) if items else []
    sprint = started_sprint(team, rows, goal_key_results=goal_krs)
    for item in rows[:done]:
        services.update_item(item=item, by=world.alice_membership, status=ItemStatus.DONE)
    kr.refresh_from_db()
    return ReviewSetup(team=team, kr=kr, sprint=sprint, items=rows)
