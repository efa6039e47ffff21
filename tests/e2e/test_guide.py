"""From an event's screen to its section of the guide, and from the footer to the glossary."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.daily import seat
from tests.factories.okrs import make_team
from tests.factories.scrum import make_item, started_sprint

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    """The whole page and the part in view, as a laptop and as a phone show them."""
    for size, label in ((DESKTOP, "1280"), (PHONE, "375")):
        page.set_viewport_size(size)
        # A narrower page reflows: bring the section asked for back into view.
        page.evaluate(
            "() => location.hash && document.querySelector(location.hash)?.scrollIntoView()"
        )
        screenshot(page, f"guide-{name}-{label}")
        page.screenshot(path=SCREENSHOTS / f"guide-{name}-{label}-view.png")
    page.set_viewport_size(DESKTOP)


def in_view(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]  # type: ignore[index]


def test_more_in_the_guide_leads_from_the_daily_scrum_to_its_section(world, page, screenshot):
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.bob_membership)
    sprint = started_sprint(team, items=[make_item(team, title="Pay by card")])
    sign_in(page, "bob@example.com")

    page.goto(f"/o/acme/sprints/{sprint.pk}/daily/")
    link = page.get_by_role("link", name="More in the guide")
    expect(link).to_be_visible()
    shoot(page, screenshot, "00-daily-scrum-intro")
    link.click()

    expect(page).to_have_url(re.compile(r"/guide/#daily-scrum$"))
    heading = page.get_by_role("heading", name="Daily scrum", exact=True)
    expect(heading).to_be_visible()
    assert in_view(page, "#daily-scrum")
    expect(page.get_by_test_id("guide")).to_contain_text("Save my entry")
    shoot(page, screenshot, "01-daily-scrum")

    # The guide's picture is served beside it.
    picture = page.get_by_role("img", name=re.compile("The dashboard"))
    picture.scroll_into_view_if_needed()
    assert page.evaluate("(img) => img.naturalWidth", picture.element_handle()) > 0


def test_anyone_opens_the_glossary_from_the_footer(page, screenshot, db):
    page.goto("/login/")
    page.locator("footer").get_by_role("link", name="Glossary").click()

    expect(page).to_have_url(re.compile(r"/glossary/$"))
    expect(page.get_by_role("heading", name="Glossary", level=1)).to_be_visible()
    assert page.get_by_test_id("term").count() > 40
    term = page.locator("#sprint-goal")
    expect(term).to_contain_text("Sprint goal")
    shoot(page, screenshot, "02-glossary")

    # A term's anchor is a link to itself; its guide link opens the section.
    page.goto("/glossary/#sprint-goal")
    assert in_view(page, "#sprint-goal")
    page.locator(".glossary-term", has=term).get_by_role("link", name="In the guide").click()
    expect(page).to_have_url(re.compile(r"/guide/#sprint-planning$"))
    expect(page.get_by_role("heading", name="Sprint planning", exact=True)).to_be_visible()
    shoot(page, screenshot, "03-guide-from-glossary")

    # The guide opens on its contents, two columns wide on a laptop.
    page.goto("/guide/")
    contents = page.get_by_role("navigation", name="Contents of the guide")
    expect(contents.get_by_role("link", name="Step 1: Reorient the team")).to_be_visible()
    shoot(page, screenshot, "04-guide-contents")
