"""A team holds its sprint retrospective, and the company its OKR retrospective."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from okrum.core.time import today
from okrum.okrs.models import CycleState, Objective
from okrum.scrum.models import BacklogItem
from okrum.teams.models import TeamMember
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.retros import ended_sprint

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    """The page as a laptop and as a phone show it."""
    screenshot(page, f"retros-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"retros-{name}-375")
    page.set_viewport_size(DESKTOP)


def column(page: Page, key: str) -> Locator:
    return page.get_by_test_id(f"column-{key}")


def add_card(page: Page, key: str, label: str, body: str) -> None:
    form = column(page, key).locator("form.retro-add")
    form.get_by_label(f"New card: {label}").fill(body)
    form.get_by_role("button", name=f"Add card to {label}").click()
    expect(column(page, key).get_by_test_id("card").filter(has_text=body)).to_be_visible()


def test_a_team_holds_its_sprint_retrospective_and_plans_an_action(world, page, screenshot):
    team = make_team(world.acme, name="Checkout", key="CHK")
    TeamMember.objects.create(organization=world.acme, team=team, membership=world.bob_membership)
    sprint = ended_sprint(team, name="Sprint 1")
    due = today() + timedelta(days=10)

    sign_in(page, "bob@example.com")
    page.goto(f"/o/acme/sprints/{sprint.pk}/")
    page.get_by_role("link", name="Sprint retrospective").click()
    page.get_by_role("button", name="Open the retrospective of Sprint 1").click()
    expect(page.get_by_role("heading", name="Retrospective of Sprint 1")).to_be_visible()
    expect(page.get_by_test_id("retro-intro")).to_contain_text("closes the sprint")

    add_card(page, "went_well", "Went well", "Pairing on the checkout form")
    add_card(page, "to_improve", "To improve", "The CI is flaky")
    form = column(page, "action").locator("form.retro-add")
    form.get_by_label("New card: Action").fill("Quarantine flaky tests")
    form.get_by_label("Owner").select_option(label="Bob")
    form.get_by_label("Due").fill(due.isoformat())
    form.get_by_role("button", name="Add card to Action").click()
    action = column(page, "action").get_by_test_id("card").filter(has_text="Quarantine")
    expect(action.get_by_test_id("action-meta")).to_contain_text("Owner: Bob")
    expect(action.get_by_test_id("action-meta")).to_contain_text(due.strftime("%-d %b %Y"))

    good = column(page, "went_well").get_by_test_id("card").first
    vote = good.get_by_test_id("vote")
    expect(vote).to_have_attribute("aria-pressed", "false")
    vote.click()
    expect(good.get_by_test_id("vote")).to_have_attribute("aria-pressed", "true")
    expect(good.get_by_test_id("votes")).to_have_text("1")
    good.get_by_test_id("vote").click()
    page.wait_for_load_state("networkidle")
    expect(good.get_by_test_id("votes")).to_have_text("1")
    expect(good.get_by_test_id("vote")).to_have_attribute("aria-pressed", "true")
    shoot(page, screenshot, "sprint-board")

    action.get_by_role("button", name=re.compile("Make a backlog item")).click()
    item = BacklogItem.objects.get(team=team)
    link = page.get_by_test_id("backlog-item-link")
    expect(link).to_contain_text(item.key)
    link.click()
    expect(page).to_have_url(re.compile(rf"/o/acme/items/{item.pk}/$"))
    expect(page.get_by_test_id("from-retro")).to_contain_text("From the retrospective of Sprint 1")
    shoot(page, screenshot, "backlog-item")
    page.get_by_test_id("from-retro").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Retrospective of Sprint 1")).to_be_visible()


def test_the_okr_retro_extends_an_unfinished_objective_into_the_next_cycle(world, page, screenshot):
    team = make_team(world.acme, name="Checkout", key="CHK")
    cycle = make_cycle(world.acme, state=CycleState.REVIEW, name="Q3 2026")
    objective = make_objective(
        cycle,
        team=team,
        title="Make checkout effortless",
        specs=[kr_spec(title="Checkout conversion", start_value=2, target_value=4, unit="%")],
    )
    make_objective(
        cycle, team=team, title="Cut support tickets", specs=[kr_spec(title="Tickets a week")]
    )
    check_in(first_kr(objective), "3.2")
    make_cycle(
        world.acme,
        state=CycleState.PLANNING,
        name="Q4 2026",
        starts_on=cycle.ends_on + timedelta(1),
    )

    sign_in(page, "alice@example.com")
    page.goto(f"/o/acme/cycles/{cycle.pk}/")
    page.get_by_role("link", name="OKR retrospective").click()
    page.get_by_role("button", name="Start the retrospective of Checkout").click()
    expect(page.get_by_role("heading", name="OKR retrospective · Q3 2026")).to_be_visible()
    add_card(page, "went_well", "Went well", "Weekly check-ins kept us honest")
    add_card(page, "to_improve", "To improve", "Key results set too late")

    row = page.get_by_test_id("unfinished").filter(has_text="Make checkout effortless")
    expect(row).to_contain_text("60%")
    row.get_by_label("Decision on Make checkout effortless").select_option(
        label="Extend into Q4 2026"
    )
    row.get_by_role("button", name=re.compile("Decide")).click()
    row = page.get_by_test_id("unfinished").filter(has_text="Make checkout effortless")
    expect(row.get_by_test_id("decision")).to_have_text("Extend into the next cycle")
    shoot(page, screenshot, "okr-board")

    row.get_by_test_id("extension").click()
    copy = Objective.objects.get(carried_from=objective)
    expect(page).to_have_url(re.compile(rf"/o/acme/objectives/{copy.pk}/$"))
    expect(page.get_by_role("heading", name="Make checkout effortless")).to_be_visible()
    expect(page.get_by_text("Q4 2026").first).to_be_visible()
    shoot(page, screenshot, "extension")
