"""A company head opens the home in an active cycle and reads the dashboard; a viewer does too."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Page, expect

from okrum.core.time import now
from okrum.okrs.models import CheckIn, Objective, ObjectiveStatus
from okrum.tenancy.roles import Role
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.dashboard import closed_sprints, known_cycle
from tests.factories.okrs import check_in, kr_spec, make_objective
from tests.factories.scrum import make_item
from tests.factories.tenancy import add_member

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> Path:
    """The page as a projector and as a phone show it; the wide one's path is returned."""
    wide = screenshot(page, f"dashboard-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"dashboard-{name}-375")
    page.set_viewport_size(DESKTOP)
    return wide


def test_the_home_shows_the_dashboard_and_a_viewer_opens_it_too(world, new_page, screenshot):
    known = known_cycle(world.acme)
    # A second company objective, a trend for one key result and work linked to two others.
    make_objective(
        known.cycle,
        title="Grow in new markets",
        specs=[kr_spec(title="Orders from Austria", unit="orders", target_value=Decimal(400))],
    )
    cart = known.krs["Cart saves"]
    CheckIn.objects.filter(key_result=cart).update(created_at=now() - timedelta(days=10))
    check_in(cart, Decimal(12), confidence=3)
    closed_sprints(known.search, [10, 12, 9])
    make_item(known.search, estimate=Decimal(5), key_results=[known.krs["Click rate"]])
    make_item(known.checkout, estimate=Decimal(3), key_results=[known.krs["Returns handled"]])
    # At the OKR review everything shown has been published (planning has its own test).
    Objective.objects.for_org(world.acme).update(status=ObjectiveStatus.PUBLISHED)

    page = new_page()
    sign_in(page, "alice@example.com")
    dashboard = page.get_by_test_id("dashboard")
    expect(dashboard).to_be_visible()
    expect(page.get_by_test_id("direction")).to_contain_text("The shop runners trust")
    expect(page.get_by_test_id("direction")).to_contain_text("Improve the checkout")
    expect(page.get_by_test_id("kr-count-off_track")).to_have_text("1 Off track")
    expect(page.get_by_test_id("kr-count-no_data")).to_have_text("2 No check-in yet")
    expect(
        page.get_by_test_id("company-objectives").get_by_test_id("dash-objective")
    ).to_have_count(2)
    expect(page.get_by_test_id("team-objectives")).to_contain_text("Checkout converts")
    expect(dashboard).not_to_contain_text("draft")
    behind = page.get_by_test_id("behind-kr")
    expect(behind).to_have_count(3)
    expect(behind.first).to_contain_text("Cart saves")
    expect(behind.first).to_contain_text("At this pace 22% by the end of the cycle.")
    expect(behind.nth(2)).to_contain_text("100% chance the linked work is done by the end.")
    expect(page.get_by_test_id("stale-count")).to_have_text("3")
    expect(page.get_by_test_id("team-row").first).to_contain_text("Sprint 7, 12 days left")
    # `make readme-images` copies this one into docs/images/ for the README.
    shoot(page, screenshot, "01-owner")

    # From the team table to the running sprint.
    page.get_by_role("link", name="Sprint 7").click()
    expect(page).to_have_url(re.compile(rf"/sprints/{known.sprint.pk}/$"))

    viewer = make_user(email="vera@example.com", name="Vera Viewer")
    add_member(world.acme, viewer, role=Role.VIEWER)
    other = new_page()
    other.goto("/login/")
    other.get_by_label("Email").fill("vera@example.com")
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_test_id("dashboard")).to_be_visible()
    expect(other.get_by_test_id("behind-kr").first).to_contain_text("Cart saves")
    shoot(other, screenshot, "02-viewer")
