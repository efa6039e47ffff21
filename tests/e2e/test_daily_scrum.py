"""A developer opens the daily scrum from the board, posts an entry and resolves an impediment."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Page, expect

from okrum.scrum import services
from okrum.scrum.models import DailyScrumEntry, Impediment, ItemStatus
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.accounts import make_user
from tests.factories.daily import make_entry, seat
from tests.factories.okrs import make_team
from tests.factories.scrum import make_item, started_sprint
from tests.factories.tenancy import add_member

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    """The page as a laptop and as a phone show it."""
    screenshot(page, f"daily-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"daily-{name}-375")
    page.set_viewport_size(DESKTOP)


def test_a_developer_posts_to_the_daily_scrum_and_an_impediment_is_resolved(
    world, page, screenshot
):
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.bob_membership)
    carol = add_member(world.acme, make_user(email="carol@example.com", name="Carol"))
    seat(team, carol)
    card = make_item(team, title="Pay by card", estimate=Decimal(5))
    coupon = make_item(team, title="Fix coupon", estimate=Decimal(3))
    guest = make_item(team, title="Guest checkout", estimate=Decimal(8))
    sprint = started_sprint(
        team, items=[card, coupon, guest], goal="Customers pay by card in one step"
    )
    services.update_item(item=coupon, by=world.alice_membership, status=ItemStatus.DONE)
    make_entry(sprint, carol, done="Coupon fix", plan="Guest checkout form")
    # A script the CSP refuses (Chart.js included) or one that throws shows up here.
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, "bob@example.com")

    # One click from the board.
    page.goto(f"/o/acme/teams/{team.pk}/board/")
    page.get_by_role("link", name="Daily scrum").click()
    expect(page.get_by_role("heading", name="Daily scrum · Sprint 1")).to_be_visible()
    expect(page.get_by_test_id("sprint-goal")).to_contain_text("Customers pay by card")
    expect(page.get_by_text("15-minute event for the developers")).to_be_visible()
    entries = page.get_by_test_id("daily-entry")
    expect(entries).to_have_count(2)
    expect(entries.filter(has_text="Bob")).to_contain_text("Not yet")
    expect(entries.filter(has_text="Carol")).to_contain_text("Guest checkout form")
    expect(page.get_by_test_id("no-impediments")).to_be_visible()

    # The burndown is drawn: committed 16, 3 done today.
    canvas = page.locator("#burndown-chart")
    expect(canvas).to_be_visible()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('burndown-chart'))"
    )
    data = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById('burndown-chart'));
            const sets = chart.data.datasets.map((d) => ({label: d.label, data: d.data}));
            return {labels: chart.data.labels, sets: sets};
        }"""
    )
    assert data["labels"][0] == "Start"
    assert data["sets"][0]["label"] == "Remaining points"
    assert data["sets"][0]["data"] == [16, 16, 16, 13]
    assert data["sets"][1]["label"] == "Ideal pace"
    assert data["sets"][1]["data"][0] == 16
    assert data["sets"][1]["data"][-1] == 0
    # Checked before the first screenshot: Playwright leaves style="" on inputs when it hides
    # the caret, and htmx's settling of those would then report CSP noise no user ever sees.
    assert errors == []
    shoot(page, screenshot, "01-before-my-entry")

    # My entry, with an impediment; saved without a reload.
    page.get_by_label("Done since the last daily scrum").fill("Card form validation")
    page.get_by_label("Plan until the next one").fill("3-D Secure challenge")
    page.get_by_label("Impediments, one per line").fill("No card sandbox account yet")
    page.get_by_role("button", name="Save my entry").click()
    expect(page.get_by_role("status").filter(has_text="Saved at")).to_be_visible()
    expect(entries.filter(has_text="Bob")).to_contain_text("3-D Secure challenge")
    impediment = page.get_by_test_id("impediment")
    expect(impediment).to_have_count(1)
    expect(impediment).to_contain_text("No card sandbox account yet")
    expect(impediment).to_contain_text("Raised by Bob")
    entry = DailyScrumEntry.objects.get(membership=world.bob_membership)
    assert entry.plan == "3-D Secure challenge"
    assert Impediment.objects.get().entry == entry
    expect(page.get_by_role("button", name="Update my entry")).to_be_visible()
    shoot(page, screenshot, "02-entry-saved")

    # Resolve it: it leaves the open list and shows under "Recently resolved".
    page.get_by_label("How was it resolved?").fill("The PSP sent sandbox keys")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_test_id("no-impediments")).to_be_visible()
    page.get_by_test_id("resolved-impediments").locator("summary").click()
    expect(page.get_by_test_id("resolved-impediments")).to_contain_text("The PSP sent sandbox keys")
    assert Impediment.objects.get().resolved_by == world.bob_membership

    # The numbers behind the chart, for anyone who cannot see it.
    page.get_by_test_id("burndown-table").locator("summary").click()
    expect(page.get_by_test_id("burndown-table")).to_contain_text("still to come")
    shoot(page, screenshot, "03-resolved")
