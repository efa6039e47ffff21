"""A team reviews its sprint: the increment, how far the key result moved, feedback, then close."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from okrum.scrum.models import BacklogItem, SprintReview, SprintState
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.okrs import check_in
from tests.factories.scrum import make_sprint
from tests.factories.sprint_review import review_setup

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    """The page as a laptop and as a phone show it."""
    screenshot(page, f"sprint-review-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"sprint-review-{name}-375")
    page.set_viewport_size(DESKTOP)


def test_a_team_reviews_its_sprint_checks_in_and_closes_it(world, page, screenshot):
    s = review_setup(world, items=3, done=2)
    next_sprint = make_sprint(s.team, name="Sprint 2", goal="Offer more ways to pay")
    sign_in(page, "bob@example.com")

    # From the sprint's page, one click to its review.
    page.goto(f"/o/acme/sprints/{s.sprint.pk}/")
    page.get_by_role("link", name="Sprint review").click()
    expect(page.get_by_role("heading", name="Sprint review · Sprint 1")).to_be_visible()
    expect(page.get_by_text("how far the key results moved")).to_be_visible()
    row = page.get_by_test_id("review-kr").filter(has_text="Conversion")
    expect(row.get_by_test_id("kr-start")).to_contain_text("20%")
    expect(row.get_by_test_id("kr-now")).to_contain_text("20%")
    expect(row.get_by_test_id("kr-change")).to_contain_text("no change")
    expect(page.get_by_test_id("increment-group")).to_contain_text(s.items[0].title)
    page.get_by_role("button", name="Start the sprint review").click()
    expect(page.get_by_role("status").filter(has_text="Review started")).to_be_visible()

    # An inline check-in: the "now" and "change" cells update without a reload.
    page.evaluate("window.notReloaded = true")
    row.locator("summary").click()
    row.get_by_label("Value now (%)").fill("27")
    row.get_by_label(re.compile("^Confidence 0")).fill("8")
    row.get_by_label("Note").fill("Guest checkout is live")
    shoot(page, screenshot, "00-check-in")
    with page.expect_response(re.compile(r"/check-in/$")) as answered:
        row.get_by_role("button", name="Save check-in").click()
    assert answered.value.status == 200
    expect(row.get_by_test_id("kr-now")).to_contain_text("27%")
    expect(row.get_by_test_id("kr-change")).to_contain_text("up 7%")
    expect(row.get_by_test_id("kr-change")).to_contain_text("+23.3 progress points")
    expect(row.get_by_role("status")).to_have_text("Check-in saved.")
    assert page.evaluate("window.notReloaded") is True

    # A refused check-in keeps the row and says why.
    row.locator("summary").click()
    row.get_by_label("Value now (%)").fill("28")
    row.get_by_label(re.compile("^Confidence 0")).fill("11")
    row.get_by_role("button", name="Save check-in").click()
    expect(row.get_by_role("alert")).to_contain_text("Confidence is a whole number from 0 to 10")
    expect(row.get_by_test_id("kr-now")).to_contain_text("27%")

    # Feedback, then an item the stakeholders asked for.
    page.get_by_label("Stakeholder feedback").fill("Guests love paying without an account.")
    page.get_by_label("Notes", exact=True).fill("Next: PayPal.")
    page.get_by_role("button", name="Save feedback and notes").click()
    expect(page.get_by_role("status").filter(has_text="Feedback and notes saved")).to_be_visible()
    page.get_by_label("Add an item to the backlog").fill("Offer PayPal")
    page.get_by_role("button", name="Add to the backlog").click()
    expect(page.get_by_role("status").filter(has_text="added to the top")).to_be_visible()
    expect(page.get_by_test_id("review-changes")).to_contain_text("Offer PayPal")
    shoot(page, screenshot, "01-active")

    # Close the sprint: the unfinished item goes on to Sprint 2.
    page.get_by_label("Unfinished items go to").select_option(label="Sprint 2")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close Sprint 1").click()
    expect(page.get_by_test_id("sprint-state")).to_have_text("Closed")
    assert BacklogItem.objects.get(pk=s.items[2].pk).sprint_id == next_sprint.pk

    # Later check-ins do not rewrite the record: the page still reads start vs close.
    check_in(s.kr, 35, confidence=9)
    page.goto(f"/o/acme/sprints/{s.sprint.pk}/review/")
    expect(page.get_by_role("columnheader", name="At close")).to_be_visible()
    expect(row.get_by_test_id("kr-now")).to_contain_text("27%")
    expect(row.get_by_test_id("kr-change")).to_contain_text("up 7%")
    expect(page.get_by_label("Stakeholder feedback")).to_have_value(
        "Guests love paying without an account."
    )
    expect(row.get_by_role("button", name="Save check-in")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Close Sprint"))).to_have_count(0)
    shoot(page, screenshot, "02-closed")

    review = SprintReview.objects.get(sprint=s.sprint)
    assert review.notes == "Next: PayPal."
    assert review.sprint.state == SprintState.CLOSED
