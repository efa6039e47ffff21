"""An admin plans a cycle, writes an objective with its key results, and checks in from the tree."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from okrum.core.time import today
from okrum.okrs.models import CycleState, GoalKind
from okrum.okrs.services import create_goal
from okrum.teams.models import Accountability
from okrum.teams.services import add_team_member
from tests.factories.accounts import PASSWORD
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team

Shot = Callable[[Page, str], Path]
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def sign_in(page: Page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/o/acme/$"))


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    """The page as a laptop and as a phone show it."""
    screenshot(page, f"okrs-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"okrs-{name}-375")
    page.set_viewport_size(DESKTOP)


def key_result_row(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("key-result").filter(has_text=title)


def test_an_admin_plans_a_cycle_and_sees_check_ins_move_progress(world, page, screenshot):
    starts_on = today() - timedelta(days=45)  # halfway: 50% expected by today
    sign_in(page, "alice@example.com")

    page.get_by_role("link", name="OKRs", exact=True).click()
    expect(page.get_by_test_id("no-cycle")).to_contain_text("There is no open cycle yet")
    shoot(page, screenshot, "01-no-cycle")
    page.get_by_role("button", name="Create a cycle").click()

    page.get_by_label("Name").fill("Q3")
    page.get_by_label("Starts on").fill(starts_on.isoformat())
    page.get_by_label("Ends on").fill((starts_on + timedelta(days=90)).isoformat())
    shoot(page, screenshot, "02-cycles")
    page.get_by_role("button", name="Create cycle").click()

    expect(page.get_by_role("heading", name="OKRs · Q3", level=1)).to_be_visible()
    expect(page.get_by_test_id("cycle-state")).to_have_text("Planning")
    shoot(page, screenshot, "03-empty-cycle")

    page.get_by_role("button", name="New objective").first.click()
    page.get_by_label("Objective", exact=True).fill("Make checkout effortless")
    rows = page.locator("fieldset.kr-form")
    rows.nth(0).get_by_label("Key result").fill("Raise checkout conversion")
    rows.nth(0).get_by_label("Start").fill("2")
    rows.nth(0).get_by_label("Target").fill("4")
    rows.nth(0).get_by_label("Unit").fill("%")
    page.get_by_role("button", name="Add another key result").click()
    rows.nth(1).get_by_label("Key result").fill("Launch one-click payment")
    rows.nth(1).get_by_label("Measured as").select_option(label="Milestone")
    expect(rows.nth(1).get_by_label("Target")).to_be_hidden()
    # An admin may publish at once; a cycle is activated only with a published objective.
    page.get_by_label("Status").select_option(label="Published")
    shoot(page, screenshot, "04-new-objective")
    page.get_by_role("button", name="Create objective").click()

    expect(page.get_by_role("status").filter(has_text="with 2 key results")).to_be_visible()
    page.get_by_role("button", name="Activate cycle").click()
    expect(page.get_by_role("status").filter(has_text="Q3 is active")).to_be_visible()
    expect(page.get_by_test_id("cycle-state")).to_have_text("Active")
    objective = page.get_by_test_id("objective").filter(has_text="Make checkout effortless")
    expect(objective.get_by_test_id("objective-progress")).to_contain_text("No check-in yet")
    expect(objective.get_by_test_id("key-result")).to_have_count(2)

    conversion = key_result_row(page, "Raise checkout conversion")
    conversion.get_by_text("Check in", exact=True).click()
    conversion.get_by_label("New value").fill("3")
    conversion.get_by_label("Confidence").fill("7")
    conversion.get_by_label("Note").fill("New address form shipped")
    shoot(page, screenshot, "05-inline-check-in")
    conversion.get_by_role("button", name="Save check-in").click()

    conversion = key_result_row(page, "Raise checkout conversion")
    expect(conversion.get_by_role("status")).to_contain_text("Check-in saved: now at 50%")
    expect(conversion).to_contain_text("On track")
    expect(conversion).to_contain_text("7/10")
    # The objective's bar moved with it, without a reload: (50% + 0%) / 2, 25 points behind pace.
    expect(objective.get_by_test_id("objective-progress")).to_contain_text("25%")
    expect(objective.get_by_test_id("objective-progress")).to_contain_text("At risk")

    payment = key_result_row(page, "Launch one-click payment")
    payment.get_by_text("Check in", exact=True).click()
    payment.get_by_label("Is it done?").select_option(label="Done")
    payment.get_by_label("Confidence").fill("9")
    payment.get_by_role("button", name="Save check-in").click()
    expect(key_result_row(page, "Launch one-click payment")).to_contain_text("Achieved")
    expect(objective.get_by_test_id("objective-progress")).to_contain_text("75%")
    expect(objective.get_by_test_id("objective-progress")).to_contain_text("On track")
    shoot(page, screenshot, "06-after-check-ins")

    page.reload()
    objective = page.get_by_test_id("objective").filter(has_text="Make checkout effortless")
    expect(objective.get_by_test_id("objective-progress")).to_contain_text("75%")
    expect(objective.get_by_test_id("objective-progress")).to_contain_text("On track")
    expect(key_result_row(page, "Raise checkout conversion")).to_contain_text("3%")

    key_result_row(page, "Raise checkout conversion").get_by_role("link").first.click()
    expect(page.get_by_test_id("pace")).to_contain_text("50%")
    expect(page.get_by_test_id("check-ins")).to_contain_text("New address form shipped")
    shoot(page, screenshot, "07-key-result")


def test_every_okr_and_team_page_reads_clearly(world, page, screenshot):
    """A tour through a populated organization for the screenshots, checking each page's point."""
    acme, alice = world.acme, world.alice_membership
    checkout = make_team(acme, name="Checkout", key="CHK")
    search = make_team(acme, name="Search", key="SRCH")
    add_team_member(
        team=checkout,
        by=alice,
        membership=world.bob_membership,
        accountability=Accountability.PRODUCT_OWNER,
    )
    vision = create_goal(
        org=acme, by=alice, kind=GoalKind.VISION, title="The best online store for fitness wear"
    )
    focus = create_goal(
        org=acme, by=alice, kind=GoalKind.FOCUS, title="Improve the checkout", parent=vision
    )
    make_cycle(acme, state=CycleState.CLOSED, name="Q2")
    cycle = make_cycle(acme, name="Q3")
    company = make_objective(
        cycle,
        title="Double repeat purchases",
        goal=vision,
        status="published",
        specs=[
            kr_spec(title="Repeat purchase rate", start_value=10, target_value=20, unit="%"),
            kr_spec(title="Keep refunds low", kind="stay_below", target_value=3, unit="%"),
        ],
    )
    team_objective = make_objective(
        cycle,
        team=checkout,
        parent=company,
        goal=focus,
        title="Make checkout effortless",
        status="published",
        specs=[
            kr_spec(title="Checkout conversion", start_value=2, target_value=4, unit="%"),
            kr_spec(title="Page load time", kind="decrease_to", start_value=3, target_value=1),
            kr_spec(title="Ship one-click payment", kind="milestone"),
        ],
    )
    make_objective(cycle, team=search, title="Find things in one search", key_results=2)
    conversion = first_kr(team_objective)
    check_in(conversion, 2.5, confidence=6, note="Address form simplified")
    check_in(conversion, 3.2, confidence=7, note="Guest checkout live")
    check_in(first_kr(company), 11, confidence=4)
    sign_in(page, "alice@example.com")

    page.goto("/o/acme/okrs/")
    expect(page.get_by_test_id("goals")).to_contain_text("The best online store for fitness wear")
    expect(page.locator(".okr-group > h2")).to_have_text(["Company", "Checkout", "Search"])
    shoot(page, screenshot, "10-okr-page")

    page.get_by_label("Team").select_option(label="Checkout")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("objective")).to_have_count(1)
    shoot(page, screenshot, "11-okr-page-filtered")

    page.get_by_role("link", name="Make checkout effortless", exact=True).click()
    expect(page.get_by_role("heading", name="Make checkout effortless")).to_be_visible()
    shoot(page, screenshot, "12-objective")
    page.get_by_role("button", name="Edit objective").click()
    shoot(page, screenshot, "13-edit-objective")

    page.goto(f"/o/acme/key-results/{conversion.pk}/")
    expect(page.get_by_test_id("check-ins").get_by_role("row").nth(1)).to_contain_text(
        "Guest checkout live"
    )
    page.get_by_role("button", name="Edit key result").click()
    page.get_by_label("Target").fill("5")
    page.get_by_role("button", name="Save key result").click()
    expect(page.get_by_role("alert").filter(has_text="say why")).to_be_visible()
    shoot(page, screenshot, "14-edit-key-result-needs-reason")

    page.goto("/o/acme/cycles/")
    expect(page.get_by_test_id("cycles")).to_contain_text("Closed")
    shoot(page, screenshot, "15-cycles")
    page.goto("/o/acme/goals/")
    shoot(page, screenshot, "16-goals")

    page.get_by_role("link", name="Teams", exact=True).click()
    expect(page.get_by_test_id("teams")).to_contain_text("Checkout")
    shoot(page, screenshot, "17-teams")
    page.get_by_role("link", name="Checkout").click()
    expect(page.get_by_test_id("team-members")).to_contain_text("Bob")
    expect(page.locator("#team-objectives")).to_contain_text("Make checkout effortless")
    shoot(page, screenshot, "18-team")

    page.goto("/o/acme/okrs/?team=&status=draft")
    expect(page.get_by_test_id("objective")).to_have_count(1)
    page.goto("/o/acme/cycles/")
    page.get_by_role("link", name="Q2").click()
    expect(page.get_by_test_id("read-only")).to_contain_text("closed")
    shoot(page, screenshot, "19-closed-cycle")


def test_a_member_checks_in_on_their_team_but_only_reads_the_rest(world, page, screenshot):
    checkout = make_team(world.acme, name="Checkout", key="CHK")
    add_team_member(
        team=checkout,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability=Accountability.DEVELOPER,
    )
    cycle = make_cycle(world.acme, name="Q3")
    make_objective(cycle, title="Company objective", key_results=1)
    make_objective(cycle, team=checkout, title="Team objective", key_results=1)
    sign_in(page, "bob@example.com")

    page.get_by_role("link", name="OKRs", exact=True).click()
    company = page.get_by_test_id("objective").filter(has_text="Company objective")
    team = page.get_by_test_id("objective").filter(has_text="Team objective")
    expect(company.get_by_text("Check in", exact=True)).to_have_count(0)
    expect(team.get_by_text("Check in", exact=True)).to_have_count(1)
    expect(page.get_by_role("button", name="Activate cycle")).to_have_count(0)
    shoot(page, screenshot, "20-member-okr-page")
