"""OKR planning in the browser: a member proposes, the admin sends back, approves and activates."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from okrum.okrs.models import CycleState
from okrum.teams.models import Accountability
from tests.factories.accounts import PASSWORD
from tests.factories.okrs import kr_spec, make_cycle, make_objective, make_team
from tests.factories.planning import seat

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
    screenshot(page, f"okr-planning-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"okr-planning-{name}-375")
    page.set_viewport_size(DESKTOP)


def card(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("planning-objective").filter(has_text=title)


def test_a_team_proposes_the_admin_sends_back_approves_and_activates(world, new_page, screenshot):
    acme = world.acme
    checkout = make_team(acme, name="Checkout", key="CHK")
    search = make_team(acme, name="Search", key="SRCH")
    seat(checkout, world.bob_membership, Accountability.DEVELOPER)
    cycle = make_cycle(acme, state=CycleState.PLANNING, name="Q3")
    make_objective(
        cycle,
        title="Double repeat purchases",
        specs=[kr_spec(title="Repeat purchase rate from 10% to 20%")],
    )
    make_objective(
        cycle,
        team=checkout,
        title="Make checkout effortless",
        specs=[
            kr_spec(title="Checkout conversion from 2% to 4%"),
            kr_spec(title="Ship one-click payment", kind="milestone"),
        ],
    )
    make_objective(
        cycle,
        team=search,
        title="Find things in one search",
        status="proposed",
        specs=[kr_spec(title="Search click-through from 30% to 45%")],
    )

    admin = new_page()
    sign_in(admin, "alice@example.com")
    admin.get_by_role("link", name="OKRs", exact=True).click()
    admin.get_by_role("navigation", name="Events of Q3").get_by_role(
        "link", name="OKR planning"
    ).click()
    expect(admin.get_by_role("heading", name="OKR planning · Q3", level=1)).to_be_visible()
    expect(admin.get_by_test_id("planning-intro")).to_contain_text("sets the direction")
    expect(admin.get_by_test_id("activate-blocked")).to_contain_text("No objective is published")
    expect(admin.get_by_role("button", name="Activate cycle")).to_be_disabled()
    admin.get_by_label("Notes everyone plans by").fill(
        "Theme of Q3: checkout. Drafts proposed by Friday."
    )
    admin.get_by_role("button", name="Save notes").click()
    expect(admin.get_by_test_id("planning-notes").get_by_role("status")).to_have_text(
        "Notes saved."
    )
    shoot(admin, screenshot, "01-admin-opens-planning")

    # A member of Checkout, in a browser of their own, comments and proposes.
    member = new_page()
    sign_in(member, "bob@example.com")
    member.goto(f"/o/acme/cycles/{cycle.pk}/planning/")
    expect(member.get_by_test_id("planning-notes")).to_contain_text("Theme of Q3: checkout")
    ours = card(member, "Make checkout effortless")
    expect(card(member, "Find things in one search").get_by_role("button")).to_have_count(1)
    ours.get_by_label("Add a comment").fill(
        "Conversion first; one-click payment only if time allows."
    )
    ours.get_by_role("button", name="Add comment").click()
    expect(ours.get_by_test_id("comments")).to_contain_text("Conversion first")
    ours.get_by_label("Note for the approver (optional)").fill("Ready for approval")
    ours.get_by_role("button", name="Propose for approval").click()
    expect(ours.get_by_test_id("planning-status")).to_have_text("Status: Proposed")
    expect(ours.get_by_test_id("comments")).to_contain_text("Ready for approval")
    expect(ours.get_by_role("button", name="Approve and publish")).to_have_count(0)
    shoot(member, screenshot, "02-member-proposes")

    # The admin sends one back with a reason and approves the other.
    admin.reload()
    other = card(admin, "Find things in one search")
    other.get_by_text("Send back to draft…").click()
    other.get_by_label("Why send it back?").fill("Add a key result for searches with no results.")
    other.get_by_role("button", name="Send back").click()
    expect(other.get_by_test_id("planning-status")).to_have_text("Status: Draft")
    expect(other.get_by_test_id("comments")).to_contain_text(
        "Add a key result for searches with no results."
    )
    expect(other.get_by_test_id("comments")).to_contain_text("Sent back")

    ours = card(admin, "Make checkout effortless")
    expect(ours.get_by_test_id("comments")).to_contain_text("Conversion first")
    ours.get_by_role("button", name="Approve and publish").click()
    expect(ours.get_by_test_id("planning-status")).to_have_text("Status: Published")
    unpublished = admin.get_by_test_id("unpublished")
    expect(unpublished.get_by_role("listitem")).to_have_count(2)
    expect(unpublished).to_contain_text("Double repeat purchases")
    expect(unpublished).to_contain_text("Find things in one search")
    expect(unpublished).not_to_contain_text("Make checkout effortless")
    expect(admin.get_by_test_id("planning-activate")).to_contain_text("1 objective is published")
    shoot(admin, screenshot, "03-admin-sent-back-and-approved")

    admin.get_by_role("button", name="Activate cycle").click()
    expect(admin.get_by_role("status").filter(has_text="Q3 is active")).to_be_visible()
    expect(admin.get_by_test_id("cycle-state")).to_have_text("Active")
    expect(admin.get_by_test_id("unpublished")).to_contain_text("Find things in one search")
    shoot(admin, screenshot, "04-cycle-active")

    member.reload()
    expect(card(member, "Make checkout effortless").get_by_test_id("planning-status")).to_have_text(
        "Status: Published"
    )
