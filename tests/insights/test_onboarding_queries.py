"""The onboarding guide's six steps, each ticked from the organization's own data."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.insights.queries import onboarding as queries
from okrum.okrs.models import Cycle, CycleState, GoalKind
from okrum.okrs.services import create_goal
from okrum.teams.models import Team
from tests.factories.okrs import _admin, make_cycle, make_objective, make_team
from tests.factories.onboarding import (
    STEP_KEYS,
    make_staffed_team,
    make_vision,
    set_up_everything,
)
from tests.factories.scrum import make_item, make_items, make_sprint


def done_keys(guide: queries.Guide) -> list[str]:
    return [step.key for step in guide.steps if step.done]


def test_a_new_organization_has_six_steps_and_none_done(world):
    guide = queries.onboarding(world.acme)

    assert [step.key for step in guide.steps] == STEP_KEYS
    assert (guide.done, guide.total, guide.finished) == (0, 6, False)
    assert guide.next_step is not None
    assert guide.next_step.key == "vision"
    assert all(step.why.endswith(".") for step in guide.steps)


def test_each_step_ticks_as_its_data_appears(world):
    org = world.acme
    expected: list[str] = []

    def org_cycle() -> Cycle:
        return Cycle.objects.for_org(org).get()

    def only_team() -> Team:
        return Team.objects.for_org(org).get()

    makers = [
        ("vision", lambda: make_vision(org)),
        ("cycle", lambda: make_cycle(org, state=CycleState.PLANNING)),
        ("objectives", lambda: make_objective(org_cycle())),
        ("team", lambda: make_staffed_team(org, name="Checkout")),
        ("backlog", lambda: make_item(only_team())),
        ("sprint", lambda: make_sprint(only_team())),
    ]

    for key, make in makers:
        make()
        expected.append(key)
        guide = queries.onboarding(org)
        assert done_keys(guide) == expected, key
        assert guide.done == len(expected)

    assert queries.onboarding(org).finished
    assert queries.onboarding(org).next_step is None


def test_a_focus_is_not_a_vision(world):
    create_goal(org=world.acme, by=world.alice_membership, kind=GoalKind.FOCUS, title="Checkout")

    assert done_keys(queries.onboarding(world.acme)) == []


def test_a_team_without_members_is_not_yet_a_team(world):
    make_team(world.acme, name="Empty")

    assert "team" not in done_keys(queries.onboarding(world.acme))


def test_objectives_count_only_in_a_cycle_that_is_not_closed(world):
    closed = make_cycle(world.acme, state=CycleState.ACTIVE)
    make_objective(closed)
    Cycle.objects.filter(pk=closed.pk).update(state=CycleState.CLOSED)

    assert done_keys(queries.onboarding(world.acme)) == ["cycle"]

    make_objective(make_cycle(world.acme, state=CycleState.ACTIVE))

    assert done_keys(queries.onboarding(world.acme)) == ["cycle", "objectives"]


def test_another_organizations_data_ticks_nothing(world):
    set_up_everything(world.globex)

    assert done_keys(queries.onboarding(world.acme)) == []
    assert queries.onboarding(world.globex).finished


def test_each_step_links_to_the_screen_that_does_it(world):
    urls = {step.key: step.url for step in queries.onboarding(world.acme).steps}

    assert urls == {
        "vision": "/o/acme/goals/",
        "cycle": "/o/acme/cycles/",
        "objectives": "/o/acme/okrs/",
        "team": "/o/acme/teams/",
        "backlog": "/o/acme/scrum/",
        "sprint": "/o/acme/scrum/",
    }


def test_backlog_and_sprint_steps_link_to_the_first_team_with_members(world):
    make_team(world.acme, name="Alpha")  # first by name, but nobody in it
    team = make_staffed_team(world.acme, name="Beta")

    urls = {step.key: step.url for step in queries.onboarding(world.acme).steps}

    assert urls["backlog"] == f"/o/acme/teams/{team.pk}/backlog/"
    assert urls["sprint"] == f"/o/acme/teams/{team.pk}/sprints/"


def test_the_guide_costs_one_query_however_much_data_there_is(world):
    org = world.acme
    with CaptureQueriesContext(connection) as empty:
        queries.onboarding(org)
    _, cycle, _, team, _, _ = set_up_everything(org)
    for _ in range(3):
        make_objective(cycle)
        make_staffed_team(org)
        make_sprint(team)
    make_items(team, 20)
    create_goal(org=org, by=_admin(org), kind=GoalKind.VISION, title="Another vision")

    with CaptureQueriesContext(connection) as full:
        guide = queries.onboarding(org)

    assert guide.finished
    assert len(empty.captured_queries) == len(full.captured_queries) == 1
