"""The organization's home: the onboarding guide, the eight events, and the cycle at a glance."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import now
from okrum.okrs.models import CycleState
from okrum.tenancy.roles import Role
from tests.factories.okrs import make_cycle, make_objective
from tests.factories.onboarding import make_staffed_team, make_vision, set_up_everything
from tests.factories.scrum import make_items, started_sprint
from tests.factories.tenancy import add_member
from tests.web import text

EVENTS = (
    "OKR planning",
    "OKR check-ins",
    "OKR review",
    "OKR retrospective",
    "Sprint planning",
    "Daily scrum",
    "Sprint review",
    "Sprint retrospective",
)


def step(page: str, key: str) -> str:
    """The checklist entry of one step."""
    found = re.search(
        rf'<li class="guide-step[^"]*" data-testid="step-{key}">(.*?)</li>', page, re.S
    )
    assert found, f"no step {key}"
    return found.group(1)


def buttons(page: str) -> list[str]:
    return re.findall(r'role="button">([^<]+)</a>', page)


def actions(page: str) -> list[str]:
    """Every action link of the checklist: the next step's button and the others' links."""
    blocks = re.findall(r'<div class="step-action">(.*?)</div>', page, re.S)
    return [label for block in blocks for label in re.findall(r">([^<]+)</a>", block)]


def queries_of(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_a_new_organization_sees_the_guide_with_nothing_done(world, web_as):
    page = text(web_as(world.alice).get("/o/acme/"))

    assert "Welcome to Okrum" in page
    assert '<strong data-testid="guide-progress">0 of 6</strong>' in page
    assert "Done" not in step(page, "vision")
    assert "Next" in step(page, "vision")
    assert buttons(page) == ["Set a vision"]
    assert actions(page) == [
        "Set a vision",
        "Open a cycle",
        "Draft objectives",
        "Create a team",
        "Add backlog items",
        "Plan a sprint",
    ]
    assert "<strong>Set a vision</strong>" in step(page, "vision")  # the button leads there


def test_steps_done_are_ticked_in_words_and_the_next_one_gets_the_button(world, web_as):
    make_vision(world.acme)

    page = text(web_as(world.alice).get("/o/acme/"))

    assert "✓ Done" in step(page, "vision")
    assert "Next" in step(page, "cycle")
    assert 'class="guide-step is-next" data-testid="step-cycle"' in page
    assert buttons(page) == ["Open a cycle"]
    assert '<strong data-testid="guide-progress">1 of 6</strong>' in page


def test_the_page_explains_the_eight_events_and_the_four_steps(world, web_as):
    page = text(web_as(world.bob).get("/o/acme/"))

    for name in EVENTS:
        assert f"<dt>{name}</dt>" in page
    assert "Reorient the team." in page
    assert "Measure the key results at the sprint review." in page


def test_a_viewer_sees_the_guide_without_action_buttons(world, web_as):
    viewer = add_member(world.acme, role=Role.VIEWER)

    page = text(web_as(viewer.user).get("/o/acme/"))

    assert '<strong data-testid="guide-progress">0 of 6</strong>' in page
    assert actions(page) == []
    assert '<a href="/o/acme/goals/">Set a vision</a>' in step(page, "vision")  # to look
    assert "An owner or admin does this." in step(page, "vision")


def test_a_member_without_a_team_gets_no_buttons_for_admin_steps(world, web_as):
    page = text(web_as(world.bob).get("/o/acme/"))

    assert actions(page) == []
    assert "A member of a team does this." in step(page, "backlog")


def test_a_member_of_a_team_gets_the_buttons_of_the_steps_members_take(world, web_as):
    make_staffed_team(world.acme, member=world.bob_membership)

    page = text(web_as(world.bob).get("/o/acme/"))

    assert buttons(page) == []  # the next step (a vision) is an admin's
    assert actions(page) == ["Draft objectives", "Add backlog items", "Plan a sprint"]
    assert "An owner or admin does this." in step(page, "vision")


def test_an_ended_trial_shows_the_guide_without_buttons(world, web_as):
    world.acme.trial_ends_at = now() - timedelta(days=1)
    world.acme.save(update_fields=["trial_ends_at"])

    page = text(web_as(world.alice).get("/o/acme/"))

    assert actions(page) == []
    assert "Read-only while the trial has ended." in step(page, "vision")


def test_with_an_active_cycle_the_guide_folds_to_one_line_above_the_dashboard(world, web_as):
    make_vision(world.acme)
    cycle = make_cycle(world.acme, state=CycleState.ACTIVE)
    make_objective(cycle)
    team = make_staffed_team(world.acme, name="Checkout")
    sprint = started_sprint(team, name="Sprint 1")  # five steps: the backlog is still empty

    page = text(web_as(world.alice).get("/o/acme/"))

    assert "<summary>Getting started: 5 of 6 done</summary>" in page
    assert "Welcome to Okrum" not in page
    assert f'href="/o/acme/cycles/{cycle.pk}/"' in page
    summary = page[page.index('data-testid="home-summary"') :]
    assert f'href="/o/acme/sprints/{sprint.pk}/">Sprint 1</a>' in summary
    assert page.index("Getting started: 5 of 6") < page.index('data-testid="dashboard"')


def test_with_an_active_cycle_and_every_step_done_the_guide_is_hidden(world, web_as):
    set_up_everything(world.acme, state=CycleState.ACTIVE)

    page = text(web_as(world.alice).get("/o/acme/"))

    assert "Getting started" not in page
    assert 'data-testid="home-summary"' in page


def test_a_cycle_still_in_planning_keeps_the_whole_guide_open(world, web_as):
    set_up_everything(world.acme, state=CycleState.PLANNING)

    page = text(web_as(world.alice).get("/o/acme/"))

    assert '<strong data-testid="guide-progress">6 of 6</strong>' in page
    assert "is set up." in page
    assert 'data-testid="home-summary"' not in page


def test_the_home_costs_the_same_queries_for_a_little_and_a_lot_of_data(world, web_as):
    client = web_as(world.alice)
    _, cycle, _, team, _, _ = set_up_everything(world.acme, state=CycleState.ACTIVE)
    small = queries_of(client, "/o/acme/")
    for n in range(4):
        make_objective(cycle)
        other = make_staffed_team(world.acme, name=f"Team number {n}")
        started_sprint(other)
        add_member(world.acme)
    make_items(team, 15)

    assert queries_of(client, "/o/acme/") == small
