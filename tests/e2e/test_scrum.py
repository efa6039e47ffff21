"""A team orders its backlog, plans a sprint that serves a key result, and works from the board."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from okrum.scrum import services
from okrum.scrum.models import BacklogItem, ItemStatus, Sprint
from okrum.teams.models import Team
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.okrs import check_in, first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_sprint

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    """The page as a laptop and as a phone show it."""
    screenshot(page, f"scrum-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"scrum-{name}-375")
    page.set_viewport_size(DESKTOP)


def row(page: Page, key: str) -> Locator:
    return page.get_by_test_id("backlog-item").filter(has=page.locator(f"code:text-is('{key}')"))


def keys(page: Page) -> Locator:
    return page.get_by_test_id("backlog-item").locator(".item-key")


def card(page: Page, key: str) -> Locator:
    return page.get_by_test_id("card").filter(has=page.locator(f"code:text-is('{key}')"))


def ranked(team: Team) -> list[int]:
    rows = BacklogItem.objects.filter(team=team).order_by("rank")
    return list(rows.values_list("number", flat=True))


def test_a_team_orders_its_backlog_plans_a_sprint_and_moves_cards(world, page, screenshot):
    team = make_team(world.acme, name="Checkout", key="CHK")
    cycle = make_cycle(world.acme, name="Q3")
    objective = make_objective(
        cycle,
        team=team,
        title="Make checkout effortless",
        specs=[kr_spec(title="Checkout conversion", start_value=2, target_value=4, unit="%")],
    )
    kr = first_kr(objective)
    check_in(kr, 3, confidence=7)
    services.set_definition_of_done(
        team=team,
        by=world.alice_membership,
        checklist=["Code reviewed", "Tests pass", "Released behind a flag"],
    )
    sign_in(page, "alice@example.com")

    page.get_by_role("link", name="Scrum", exact=True).click()
    page.get_by_test_id("scrum-teams").get_by_role("link", name="Backlog").click()
    expect(page.get_by_role("heading", name="Checkout product backlog")).to_be_visible()
    expect(page.get_by_test_id("empty-backlog")).to_be_visible()
    shoot(page, screenshot, "01-empty-backlog")

    # Three items from the inline form; each lands on top without a reload.
    items = [("Pay by card", "Story"), ("Guest checkout", "Story"), ("Fix coupon", "Bug")]
    for number, (title, kind) in enumerate(items, start=1):
        page.get_by_label("New item").fill(title)
        page.get_by_label("Kind", exact=True).first.select_option(label=kind)
        page.get_by_role("button", name="Add to backlog").click()
        expect(page.get_by_role("status").filter(has_text=f"CHK-{number} added")).to_be_visible()
        expect(keys(page).first).to_have_text(f"CHK-{number}")
    expect(keys(page)).to_have_text(["CHK-3", "CHK-2", "CHK-1"])
    expect(page.get_by_test_id("empty-backlog")).to_be_hidden()

    # Drag CHK-1 from the bottom onto the upper half of the first row: it becomes the first.
    with page.expect_response(re.compile(r"/items/\d+/move/$")) as moved:
        row(page, "CHK-1").drag_to(row(page, "CHK-3"), target_position={"x": 300, "y": 4})
    assert moved.value.status == 204
    expect(keys(page)).to_have_text(["CHK-1", "CHK-3", "CHK-2"])
    assert ranked(team) == [1, 3, 2]

    # The keyboard way: focus "Move up" on CHK-2 and press Enter.
    with page.expect_response(re.compile(r"/items/\d+/move/$")):
        page.get_by_role("button", name="Move CHK-2 up").press("Enter")
    expect(keys(page)).to_have_text(["CHK-1", "CHK-2", "CHK-3"])
    expect(page.get_by_role("button", name="Move CHK-2 up")).to_be_focused()
    page.reload()
    expect(keys(page)).to_have_text(["CHK-1", "CHK-2", "CHK-3"])
    expect(row(page, "CHK-1")).to_contain_text("No key result")
    shoot(page, screenshot, "02-backlog")

    # The item page: estimate it and link it to the key result it should move.
    row(page, "CHK-1").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="CHK-1 Pay by card")).to_be_visible()
    page.get_by_label("Estimate").select_option("5")
    page.get_by_label("Moves the key results").select_option(label="Checkout conversion")
    page.get_by_label("Acceptance criteria").fill("Visa and Mastercard work; 3-D Secure asked.")
    page.get_by_role("button", name="Save CHK-1").click()
    expect(page.get_by_role("status").filter(has_text="CHK-1 saved.")).to_be_visible()
    expect(page.get_by_test_id("history")).to_contain_text("not estimated → 5")
    expect(page.get_by_test_id("definition-of-done")).to_contain_text("Released behind a flag")
    shoot(page, screenshot, "03-item")

    # Plan a sprint whose goal serves the key result.
    page.get_by_role("link", name="Sprints", exact=True).click()
    expect(page.get_by_test_id("no-sprints")).to_be_visible()
    page.get_by_label("Sprint Goal", exact=True).fill("Customers pay by card in one step")
    page.get_by_label("Key results the Sprint Goal serves").select_option(
        label="Checkout conversion"
    )
    page.get_by_label("Capacity in points").fill("8")
    shoot(page, screenshot, "04-sprints")
    page.get_by_role("button", name="Plan sprint").click()
    expect(page.get_by_role("heading", name="Sprint 1")).to_be_visible()
    expect(page.get_by_test_id("sprint-goal")).to_contain_text("Checkout conversion")

    candidates = page.get_by_test_id("candidates")
    candidates.get_by_label(re.compile("CHK-1")).check()
    candidates.get_by_label(re.compile("CHK-2")).check()
    page.get_by_role("button", name="Add to Sprint 1").click()
    expect(
        page.get_by_role("status").filter(has_text="Added to Sprint 1: CHK-1, CHK-2")
    ).to_be_visible()
    expect(page.get_by_test_id("sprint-numbers")).to_contain_text("5 points planned in 2 items")
    shoot(page, screenshot, "05-sprint-planned")
    page.get_by_role("button", name="Start sprint").click()

    # The board: drag CHK-1 to In progress, move CHK-2 to Ready with the keyboard.
    expect(page.get_by_role("heading", name="Sprint 1 board")).to_be_visible()
    expect(page.get_by_test_id("sprint-goal")).to_contain_text("50% · On track")
    expect(page.get_by_test_id("column-new").get_by_test_id("card")).to_have_count(2)
    settled = (
        "new Promise((done) => document.addEventListener('htmx:afterSettle', done, {once: true}))"
    )
    page.evaluate(f"() => {{ window.boardSettled = {settled}; }}")
    with page.expect_response(re.compile(r"/items/\d+/status/$")):
        card(page, "CHK-1").drag_to(page.get_by_test_id("column-in_progress"))
    expect(page.get_by_test_id("column-in_progress")).to_contain_text("CHK-1")
    # The card moves at once on screen; the count changes when the server's board is swapped in,
    # and its buttons work through htmx once it has settled (before that they post the page).
    expect(page.locator("#col-in_progress")).to_contain_text("1 item")
    page.evaluate("window.boardSettled.then(() => true)")
    with page.expect_response(re.compile(r"/items/\d+/status/$")):
        page.get_by_role("button", name="Move CHK-2 on to Ready").press("Enter")
    expect(page.get_by_test_id("column-ready")).to_contain_text("CHK-2")
    expect(page.get_by_role("button", name="Move CHK-2 on to In progress")).to_be_focused()
    page.get_by_test_id("definition-of-done").locator("summary").click()
    shoot(page, screenshot, "06-board")

    page.reload()
    expect(page.get_by_test_id("column-in_progress").get_by_test_id("card")).to_have_text(
        re.compile("CHK-1")
    )
    expect(page.get_by_test_id("column-ready").get_by_test_id("card")).to_have_text(
        re.compile("CHK-2")
    )
    assert list(BacklogItem.objects.order_by("number").values_list("status", flat=True)) == [
        ItemStatus.IN_PROGRESS,
        ItemStatus.READY,
        ItemStatus.NEW,
    ]

    # The backlog now shows the sprint chip and the key result the item serves.
    page.get_by_role("link", name="Backlog", exact=True).click()
    expect(row(page, "CHK-1")).to_contain_text("Sprint 1")
    expect(row(page, "CHK-1")).to_contain_text("Checkout conversion")


def test_sprint_refusals_settings_and_closing_read_clearly(world, page, screenshot):
    team = make_team(world.acme, name="Checkout", key="CHK")
    done, open_item = (
        make_item(team, title="Pay by card", estimate=3),
        make_item(team, title="Guest checkout", estimate=5),
    )
    running = make_sprint(team, name="Sprint 1", goal="Pay by card")
    services.assign_items(
        sprint=running, items=[done, open_item], by=world.alice_membership, team=team
    )
    services.start_sprint(sprint=running, by=world.alice_membership)
    services.update_item(item=done, by=world.alice_membership, status=ItemStatus.DONE)
    waiting = make_sprint(team, name="Sprint 2", goal="Guest checkout")
    sign_in(page, "alice@example.com")

    page.goto(f"/o/acme/sprints/{waiting.pk}/")
    page.get_by_role("button", name="Start sprint").click()
    expect(page.get_by_role("alert")).to_contain_text("Sprint 1 is still active")

    page.goto(f"/o/acme/sprints/{running.pk}/")
    page.get_by_label("Unfinished items go to").select_option(label="Sprint 2")
    shoot(page, screenshot, "07-sprint-active")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close Sprint 1").click()
    expect(page.get_by_test_id("sprint-state")).to_have_text("Closed")
    expect(page.get_by_test_id("sprint-numbers")).to_contain_text("3 of 8 committed points")
    assert Sprint.objects.get(pk=waiting.pk).items.get() == open_item
    shoot(page, screenshot, "08-sprint-closed")

    page.get_by_role("link", name="Sprints", exact=True).click()
    expect(page.get_by_test_id("sprints")).to_contain_text("3 done of 8 committed")
    page.get_by_role("link", name="Backlog settings").click()
    page.get_by_label("Criteria, one per line").fill("Code reviewed\nTests pass")
    page.get_by_role("button", name="Save Definition of Done").click()
    expect(page.get_by_role("status").filter(has_text="version 1")).to_be_visible()
    page.get_by_label("T-shirt sizes").check()
    page.get_by_role("button", name="Save scale").click()
    expect(page.get_by_test_id("estimate-scale")).to_contain_text("XS (1), S (2), M (3)")
    shoot(page, screenshot, "09-settings")

    page.get_by_role("link", name="Sprint board").click()
    expect(page.get_by_test_id("no-active-sprint")).to_be_visible()
    shoot(page, screenshot, "10-no-board")
    page.goto("/o/acme/scrum/")
    shoot(page, screenshot, "11-scrum-teams")
