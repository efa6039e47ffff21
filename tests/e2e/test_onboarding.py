"""A new customer signs up, follows the onboarding guide on the home, and sees each step tick."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from okrum.core.time import today
from okrum.okrs.models import Cycle, CycleState
from okrum.tenancy.models import Organization
from tests.factories.accounts import PASSWORD
from tests.factories.okrs import make_cycle, make_objective
from tests.factories.onboarding import make_staffed_team, make_vision
from tests.factories.scrum import make_item, make_sprint

Shot = Callable[[Page, str], Path]
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    """The page as a laptop and as a phone show it."""
    screenshot(page, f"onboarding-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"onboarding-{name}-375")
    page.set_viewport_size(DESKTOP)


def go_home(page: Page) -> None:
    page.get_by_role("link", name="Home", exact=True).click()
    expect(page).to_have_url(re.compile(r"/o/acme-rockets/$"))


def expect_progress(page: Page, done: int, *ticked: str) -> None:
    expect(page.get_by_test_id("guide-progress")).to_have_text(f"{done} of 6")
    for key in ticked:
        expect(page.get_by_test_id(f"step-{key}")).to_contain_text("Done")


def test_a_new_customer_follows_the_guide_and_every_step_ticks(page, screenshot):
    page.goto("/signup/")
    page.get_by_label("Your name").fill("Alice Archer")
    page.get_by_label("Work email").fill("alice@example.com")
    page.get_by_label("Password", exact=True).fill("rockets to the moon 42")
    page.get_by_label("Organization name").fill("Acme Rockets")
    page.get_by_role("button", name="Create organization").click()

    expect(page).to_have_url(re.compile(r"/o/acme-rockets/$"))
    expect(page.get_by_role("heading", name="Acme Rockets", level=1)).to_be_visible()
    expect_progress(page, 0)
    expect(page.get_by_test_id("step-vision")).to_contain_text("Next")
    expect(page.get_by_test_id("eight-events")).to_contain_text("Sprint retrospective")
    shoot(page, screenshot, "01-new-home")

    # Step 1 through the screens: the highlighted button leads to the goals page.
    page.get_by_role("button", name="Set a vision").click()
    expect(page.get_by_role("heading", name="Goals", level=1)).to_be_visible()
    page.get_by_label("Kind").select_option(label="Vision")
    page.get_by_label("Title").fill("The rocket every student can build")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_test_id("goal-list")).to_contain_text("The rocket every student can build")
    go_home(page)
    expect_progress(page, 1, "vision")
    expect(page.get_by_test_id("step-cycle")).to_contain_text("Next")
    shoot(page, screenshot, "02-vision-done")

    # Step 2 through the screens as well.
    page.get_by_role("button", name="Open a cycle").click()
    starts_on = today() - timedelta(days=10)
    page.get_by_label("Name").fill("Q1")
    page.get_by_label("Starts on").fill(starts_on.isoformat())
    page.get_by_label("Ends on").fill((starts_on + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Create cycle").click()
    expect(page.get_by_role("heading", name="OKRs · Q1", level=1)).to_be_visible()
    go_home(page)
    expect_progress(page, 2, "vision", "cycle")
    expect(page.get_by_role("button", name="Draft objectives")).to_be_visible()

    # The other screens have browser tests of their own: here their data comes from services.
    org = Organization.objects.get(slug="acme-rockets")
    make_objective(Cycle.objects.for_org(org).get())
    page.reload()
    expect_progress(page, 3, "objectives")
    team = make_staffed_team(org, name="Launchpad")
    page.reload()
    expect_progress(page, 4, "team")
    make_item(team, title="Print the fins")
    page.reload()
    expect_progress(page, 5, "backlog")
    expect(page.get_by_role("button", name="Plan a sprint")).to_have_attribute(
        "href", f"/o/acme-rockets/teams/{team.pk}/sprints/"
    )
    shoot(page, screenshot, "03-five-done")
    make_sprint(team, name="Sprint 1")
    page.reload()
    expect_progress(page, 6, "sprint")
    expect(page.get_by_test_id("onboarding")).to_contain_text("Acme Rockets is set up.")
    expect(page.get_by_role("button")).to_have_count(0)

    # Once the cycle is active, the guide steps aside for the dashboard.
    Cycle.objects.for_org(org).update(state="active")
    page.reload()
    expect(page.get_by_test_id("onboarding")).to_have_count(0)
    expect(page.get_by_test_id("dashboard")).to_contain_text("Q1")
    expect(page.get_by_test_id("home-summary")).to_contain_text("Launchpad")
    shoot(page, screenshot, "04-active-cycle")


def test_with_an_active_cycle_the_guide_folds_into_one_line(world, page, screenshot):
    make_vision(world.acme)
    make_objective(make_cycle(world.acme, name="Q2", state=CycleState.ACTIVE))
    page.goto("/login/")
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/o/acme/$"))

    folded = page.get_by_test_id("guide-folded")
    expect(folded).to_contain_text("Getting started: 3 of 6 done")
    expect(page.get_by_role("button", name="Create a team")).to_be_hidden()
    expect(page.get_by_test_id("dashboard")).to_contain_text("Q2")
    shoot(page, screenshot, "05-folded")

    folded.locator("summary").click()
    expect(page.get_by_role("button", name="Create a team")).to_be_visible()
    expect(page.get_by_test_id("step-objectives")).to_contain_text("Done")
    shoot(page, screenshot, "06-unfolded")
