"""A member checks in on every key result of their team in one sitting, and sees what is owed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from okrum.okrs.models import CheckIn
from okrum.teams.models import Accountability
from okrum.teams.services import add_team_member
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.check_in_sessions import age
from tests.factories.okrs import check_in, kr_spec, make_cycle, make_objective, make_team

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    """The page as a laptop and as a phone show it."""
    screenshot(page, f"check-ins-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"check-ins-{name}-375")
    page.set_viewport_size(DESKTOP)


def row(page: Page, title: str) -> Locator:
    return page.get_by_test_id("session-row").filter(has_text=title)


def test_a_member_checks_in_for_the_team_all_at_once(world, page, screenshot):
    team = make_team(world.acme, name="Checkout", key="CHK")
    add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability=Accountability.DEVELOPER,
    )
    cycle = make_cycle(world.acme, name="Q3")
    bob = world.bob_membership
    objective = make_objective(
        cycle,
        team=team,
        title="Make checkout effortless",
        status="published",
        specs=[
            kr_spec(
                title="Checkout conversion", start_value=2, target_value=4, unit="%", owner=bob
            ),
            kr_spec(
                title="Cart abandonment",
                kind="decrease_to",
                start_value=70,
                target_value=50,
                unit="%",
                owner=bob,
            ),
            kr_spec(
                title="Address autocomplete live",
                kind="milestone",
                start_value=None,
                target_value=None,
                owner=bob,
            ),
        ],
    )
    conversion, abandonment, _ = objective.key_results.order_by("position", "id")
    check_in(conversion, "2.5", confidence=6, note="A/B test running", by=bob)
    check_in(abandonment, 66, confidence=5, note="Shipping costs shown earlier", by=bob)
    age(abandonment, 10)  # its last check-in is older than the weekly cadence
    before = CheckIn.objects.count()

    sign_in(page, "bob@example.com")
    page.get_by_role("link", name="My check-ins").click()
    expect(page.get_by_role("heading", name="My check-ins")).to_be_visible()
    owed = page.get_by_test_id("owed")
    expect(owed).to_have_count(2)
    expect(owed.filter(has_text="Cart abandonment")).to_be_visible()
    expect(owed.filter(has_text="Address autocomplete live")).to_contain_text("never")
    shoot(page, screenshot, "01-owed")

    # The key result's own page flags it too.
    owed.filter(has_text="Cart abandonment").get_by_role("link").click()
    expect(page.get_by_test_id("stale")).to_contain_text("a check-in is due")
    shoot(page, screenshot, "01b-stale-key-result")
    page.go_back()

    page.get_by_role("button", name="Open the check-in session").click()
    expect(page.get_by_role("heading", name="Check-in session · Checkout")).to_be_visible()
    expect(page.get_by_test_id("stale-count")).to_contain_text("2 of 3 key results need")
    expect(row(page, "Cart abandonment").get_by_test_id("stale")).to_be_visible()
    expect(row(page, "Address autocomplete live").get_by_test_id("stale")).to_be_visible()
    expect(row(page, "Checkout conversion").get_by_test_id("stale")).to_have_count(0)
    # Prefilled with the latest check-in.
    expect(row(page, "Checkout conversion").get_by_label("Value (%)")).to_have_value("2.5")
    expect(row(page, "Cart abandonment").get_by_label("Note")).to_have_value(
        "Shipping costs shown earlier"
    )
    shoot(page, screenshot, "02-session")

    row(page, "Checkout conversion").get_by_label("Value (%)").fill("3")
    row(page, "Checkout conversion").get_by_label("Confidence").fill("7")
    row(page, "Cart abandonment").get_by_label("Value (%)").fill("sixty")
    row(page, "Cart abandonment").get_by_label("Note").fill("Guest checkout helps")
    row(page, "Address autocomplete live").get_by_label("Done?").select_option(label="Done")
    row(page, "Address autocomplete live").get_by_label("Confidence").fill("9")
    page.get_by_role("button", name="Save all check-ins").click()

    expect(page.get_by_test_id("session-error")).to_contain_text(
        "Nothing was saved. Fix “Cart abandonment”."
    )
    expect(row(page, "Cart abandonment").get_by_role("alert")).to_have_text("Enter a number.")
    expect(row(page, "Checkout conversion").get_by_label("Value (%)")).to_have_value("3")
    assert CheckIn.objects.count() == before
    shoot(page, screenshot, "03-one-invalid-row")

    row(page, "Cart abandonment").get_by_label("Value (%)").fill("60")
    page.get_by_role("button", name="Save all check-ins").click()

    expect(
        page.get_by_role("status").filter(has_text="Saved 3 check-ins for Checkout")
    ).to_be_visible()
    expect(page.get_by_test_id("stale")).to_have_count(0)
    expect(page.get_by_test_id("stale-count")).to_contain_text(
        "Every key result here is checked in"
    )
    expect(row(page, "Cart abandonment").get_by_label("Value (%)")).to_have_value("60")
    assert CheckIn.objects.count() == before + 3
    shoot(page, screenshot, "04-saved")

    page.get_by_role("link", name="My check-ins").click()
    expect(page.get_by_test_id("nothing-owed")).to_be_visible()
    shoot(page, screenshot, "05-nothing-owed")
