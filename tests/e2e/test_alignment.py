"""A head of company checks whether the sprints serve the cycle's key results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.insights.test_alignment_queries import build

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    """The page as a laptop and as a phone show it."""
    screenshot(page, f"alignment-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"alignment-{name}-375")
    page.set_viewport_size(DESKTOP)


def test_the_alignment_report_shows_what_serves_the_key_results_and_what_does_not(
    world, page, screenshot
):
    data = build(world.acme)
    sign_in(page, "bob@example.com")

    # From the cycle's page, one click to the report.
    page.goto(f"/o/acme/cycles/{data.cycle.pk}/")
    page.get_by_role("link", name="Alignment report").click()
    expect(page.get_by_role("heading", name="Alignment report · Q3")).to_be_visible()
    expect(
        page.get_by_text("constant alignment between key results and sprint goals")
    ).to_be_visible()

    # The roll-up, weighted by points: 13 of 35 done points served a key result.
    expect(page.get_by_test_id("rollup-share")).to_contain_text("37%")
    expect(page.get_by_test_id("rollup-share")).to_contain_text("13 of 35 points")
    expect(page.get_by_test_id("rollup-sprints")).to_contain_text("2 of 3")
    expect(page.get_by_test_id("rollup-orphans")).to_contain_text("2")

    # Per team: each sprint's points and share, as a bar and a number.
    checkout = page.get_by_test_id(f"team-{data.checkout.pk}")
    first = checkout.get_by_role("row").filter(has_text=data.a1.name)
    expect(first).to_contain_text("16")
    expect(first).to_contain_text("11")
    expect(first).to_contain_text("69%")
    expect(first.locator("progress")).to_have_attribute("value", "69")
    second = checkout.get_by_role("row").filter(has_text=data.a2.name)
    expect(second).to_contain_text("40%")
    expect(second).to_contain_text("goal serves no key result")
    search = page.get_by_test_id(f"team-{data.search.pk}")
    expect(search.get_by_role("row").filter(has_text=data.b1.name)).to_contain_text("0%")

    # The three lists.
    expect(page.get_by_test_id("unserving")).to_contain_text("Tidy the basket")
    orphans = page.get_by_test_id("orphans")
    expect(orphans.get_by_role("link")).to_have_count(2)
    expect(orphans).to_contain_text(data.kr4.title)
    expect(orphans).to_contain_text(data.kr5.title)
    stale = page.get_by_test_id("stale")
    expect(stale).to_contain_text(f"SRC-{data.stale.number} Reindex")
    expect(stale).to_contain_text(f"CHK-{data.both.number} Refund flow")
    expect(stale).to_contain_text("(Q2)")
    shoot(page, screenshot, "00-report")

    # Each entry leads to the thing to fix.
    orphans.get_by_role("link", name=data.kr4.title).click()
    expect(page).to_have_url(f"/o/acme/key-results/{data.kr4.pk}/")
    page.go_back()
    stale.get_by_role("link", name=f"SRC-{data.stale.number} Reindex").click()
    expect(page).to_have_url(f"/o/acme/items/{data.stale.pk}/")

    # An earlier cycle, chosen from the form.
    page.goto("/o/acme/insights/alignment/")
    page.get_by_label("Cycle", exact=True).select_option(label="Q2 (closed)")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Alignment report · Q2")).to_be_visible()
    expect(page.get_by_test_id("rollup-share")).to_contain_text("0 of 8 points")
