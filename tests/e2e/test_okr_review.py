"""An admin takes a cycle to review, grades with one override, accepts the rest and closes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from okrum.okrs.models import GoalKind
from okrum.okrs.services import create_goal
from okrum.teams.models import Accountability
from okrum.teams.services import add_team_member
from tests.e2e.conftest import SCREENSHOTS
from tests.factories.accounts import PASSWORD
from tests.factories.okrs import check_in, kr_spec, make_cycle, make_objective, make_team

Shot = Callable[[Page, str], Path]
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def sign_in(page: Page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/o/acme/$"))


def shoot(page: Page, screenshot: Shot, name: str, close_up: Locator | None = None) -> None:
    """The page as a laptop and as a phone show it (and one part of it, close up, on the phone)."""
    screenshot(page, f"okr-review-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"okr-review-{name}-375")
    if close_up is not None:
        close_up.screenshot(path=SCREENSHOTS / f"okr-review-{name}-375-close-up.png")
    page.set_viewport_size(DESKTOP)


def grade_row(page: Page, title: str) -> Locator:
    return page.get_by_test_id("grade-row").filter(has_text=title)


def objective(page: Page, title: str) -> Locator:
    return page.get_by_test_id("review-objective").filter(has_text=title)


def test_an_admin_grades_the_cycle_with_one_override_and_closes_it(world, page, screenshot):
    acme, alice = world.acme, world.alice_membership
    checkout = make_team(acme, name="Checkout", key="CHK")
    add_team_member(
        team=checkout,
        by=alice,
        membership=world.bob_membership,
        accountability=Accountability.PRODUCT_OWNER,
    )
    vision = create_goal(
        org=acme, by=alice, kind=GoalKind.VISION, title="The best online store for fitness wear"
    )
    cycle = make_cycle(acme, name="Q3")
    company = make_objective(
        cycle,
        title="Double repeat purchases",
        goal=vision,
        status="published",
        specs=[
            kr_spec(title="Repeat purchase rate", start_value=10, target_value=20, unit="%"),
            kr_spec(title="Launch the loyalty programme", kind="milestone"),
        ],
    )
    team_objective = make_objective(
        cycle,
        team=checkout,
        goal=vision,
        title="Make checkout effortless",
        kind="aspirational",
        status="published",
        specs=[
            kr_spec(title="Checkout conversion", start_value=2, target_value=4, unit="%"),
            kr_spec(title="Page load time", kind="decrease_to", start_value=3, target_value=1),
        ],
    )
    rate, loyalty = company.key_results.order_by("position")
    conversion, load = team_objective.key_results.order_by("position")
    check_in(rate, 14, confidence=5, note="Newsletter relaunched")  # 40%
    check_in(loyalty, 0, confidence=6)
    check_in(conversion, 3.6, confidence=8)  # 80%
    check_in(load, 1.4, confidence=7)  # 80%
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "alice@example.com")

    page.goto(f"/o/acme/cycles/{cycle.pk}/")
    page.get_by_role("link", name="OKR review (preview)").click()
    expect(page.get_by_role("heading", name="OKR review · Q3", level=1)).to_be_visible()
    expect(page.get_by_test_id("review-state")).to_contain_text("preview")
    expect(grade_row(page, "Repeat purchase rate").get_by_test_id("suggested")).to_have_text("0.4")
    expect(page.locator("form.grade-form")).to_have_count(0)
    shoot(page, screenshot, "01-preview")

    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_role("status").filter(has_text="Q3 is in review")).to_be_visible()
    expect(page.get_by_test_id("cycle-state")).to_have_text("Review")
    company_block = objective(page, "Double repeat purchases")
    # (0.4 + 0.0) / 2, both counted with their suggestions.
    expect(company_block.get_by_test_id("objective-score")).to_contain_text("0.20")
    expect(company_block.get_by_test_id("objective-score")).to_contain_text("provisional")
    expect(company_block.get_by_test_id("bar-met")).to_have_text(re.compile("Below its bar"))
    expect(page.get_by_test_id("graded-count")).to_contain_text("0 of 4 key results graded")
    shoot(page, screenshot, "02-grading-open")

    row = grade_row(page, "Launch the loyalty programme")
    row.get_by_role("combobox").select_option("0.5")
    expect(row.get_by_text("(required: say why the grade differs")).to_be_visible()
    row.get_by_role("button", name="Grade").click()
    row = grade_row(page, "Launch the loyalty programme")
    expect(row.get_by_role("alert")).to_contain_text(
        "Say why the grade differs from the suggested 0.0"
    )
    expect(row.get_by_role("combobox")).to_have_value("0.5")
    shoot(page, screenshot, "03-override-needs-reason", close_up=objective(page, "repeat"))

    row.get_by_role("textbox", name="Reason").fill(
        "Programme built; launch waits for legal sign-off"
    )
    row.get_by_role("button", name="Grade").click()
    row = grade_row(page, "Launch the loyalty programme")
    expect(row.get_by_role("status")).to_have_text("Graded 0.5.")
    expect(row).to_contain_text("Graded by Alice")
    expect(row).to_contain_text("launch waits for legal sign-off")
    company_block = objective(page, "Double repeat purchases")
    # (0.4 suggested + 0.5 graded) / 2 moved without a reload.
    expect(company_block.get_by_test_id("objective-score")).to_contain_text("0.45")
    expect(page.get_by_test_id("graded-count")).to_contain_text("1 of 4 key results graded")
    expect(page.locator("form.accept-grades")).to_contain_text("Grades the 3 key results")
    shoot(page, screenshot, "04-override-saved", close_up=page.locator("#grade-summary"))

    page.get_by_role("button", name="Accept all suggested grades").click()
    expect(
        page.get_by_role("status").filter(has_text="Accepted the suggested grade of 3 key results")
    ).to_be_visible()
    expect(page.get_by_test_id("graded-count")).to_contain_text("4 of 4 key results graded")
    expect(grade_row(page, "Launch the loyalty programme")).to_contain_text("0.5")
    team_block = objective(page, "Make checkout effortless")
    expect(team_block.get_by_test_id("objective-score")).to_contain_text("0.80")
    expect(team_block.get_by_test_id("bar-met")).to_have_text(re.compile("Met its bar"))
    expect(page.get_by_test_id("goal-summary")).to_contain_text(
        "The best online store for fitness wear"
    )
    shoot(page, screenshot, "05-all-graded")

    page.get_by_role("button", name="Close cycle").click()
    expect(page.get_by_role("status").filter(has_text="Q3 is closed")).to_be_visible()
    expect(page.get_by_test_id("review-state")).to_contain_text("This cycle is closed")
    expect(page.locator("form.grade-form")).to_have_count(0)
    expect(page.get_by_role("button", name="Accept all suggested grades")).to_have_count(0)
    expect(
        objective(page, "Double repeat purchases").get_by_test_id("objective-score")
    ).to_contain_text("0.45")
    shoot(page, screenshot, "06-closed", close_up=objective(page, "repeat"))
