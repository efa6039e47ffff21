"""A team plans its sprint looking at its key results beside the backlog, then starts it."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from okrum.okrs.models import KeyResult, Objective, ObjectiveStatus
from okrum.scrum.models import Sprint, SprintKeyResult, SprintState
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.okrs import check_in, kr_spec, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item
from tests.factories.sprint_planning import closed_sprints, planned_sprint, seat

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    screenshot(page, f"sprint-planning-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"sprint-planning-{name}-375")
    page.set_viewport_size(DESKTOP)


def kr_line(page: Page, title: str) -> Locator:
    return page.get_by_test_id("planning-kr").filter(has_text=title)


def pull_row(page: Page, key: str) -> Locator:
    return page.get_by_test_id("pull-item").filter(has=page.locator(f"code:text-is('{key}')"))


def test_a_team_plans_its_sprint_beside_its_key_results_and_starts_it(world, page, screenshot):
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat(team, world.alice_membership, "product_owner")
    seat(team, world.bob_membership)
    cycle = make_cycle(world.acme, name="Q3")
    objective = make_objective(
        cycle,
        team=team,
        title="Make checkout effortless",
        specs=[
            kr_spec(title="Checkout conversion", start_value=2, target_value=4, unit="%"),
            kr_spec(title="Page load under 1 s", start_value=0, target_value=100, unit="%"),
        ],
    )
    Objective.objects.filter(pk=objective.pk).update(status=ObjectiveStatus.PUBLISHED)
    conversion, speed = objective.key_results.order_by("position", "id")
    check_in(conversion, 3, confidence=7)
    closed_sprints(team, 10, 12, 14)  # average velocity 12
    sprint = planned_sprint(team, goal="", name="Sprint 4")
    make_item(
        team, title="Pay by card", estimate=Decimal(5), key_results=[conversion], status="ready"
    )
    make_item(team, title="Guest checkout", estimate=Decimal(3), key_results=[conversion])
    make_item(team, title="Smaller product images", estimate=Decimal(2), key_results=[speed])
    make_item(team, title="Fix coupon rounding", kind="bug", estimate=Decimal(1))

    sign_in(page, "alice@example.com")
    page.goto(f"/o/acme/teams/{team.pk}/sprints/")
    page.get_by_role("link", name="Sprint 4").click()
    page.get_by_test_id("planning-link").click()
    expect(page.get_by_role("heading", name="Sprint planning: Sprint 4")).to_be_visible()

    # The key results, with the open work linked to each, beside the backlog.
    expect(kr_line(page, "Checkout conversion").get_by_test_id("kr-backlog-work")).to_have_text(
        "2 (8 pts) in the backlog"
    )
    expect(kr_line(page, "Checkout conversion").get_by_test_id("kr-sprint-work")).to_have_text(
        "0 items (0 pts) in this sprint"
    )
    expect(kr_line(page, "Page load under 1 s").get_by_test_id("stale")).to_be_visible()
    expect(kr_line(page, "Checkout conversion").get_by_test_id("stale")).to_have_count(0)
    expect(page.get_by_test_id("pull-item").first).to_contain_text("CHK-1")  # ready first
    warnings = page.get_by_test_id("planning-warnings")
    expect(warnings).to_contain_text("The Sprint Goal serves no key result")
    expect(page.get_by_test_id("planning-totals")).to_contain_text("0 of ~12 points")
    shoot(page, screenshot, "01-open")

    # Pull two items: the lists and totals change without a reload.
    page.evaluate("window.notReloaded = true")
    pull_row(page, "CHK-1").get_by_role("button", name="Pull into sprint").click()
    expect(page.get_by_test_id("selected-item")).to_have_count(1)
    expect(page.get_by_test_id("planning-totals")).to_contain_text("5 of ~12 points")
    pull_row(page, "CHK-3").get_by_role("button", name="Pull into sprint").click()
    expect(page.get_by_test_id("selected-item")).to_have_count(2)
    expect(page.get_by_test_id("planning-totals")).to_contain_text("7 of ~12 points")
    expect(page.get_by_test_id("selected-points")).to_have_text("7 of ~12 points")
    expect(kr_line(page, "Checkout conversion").get_by_test_id("kr-sprint-work")).to_have_text(
        "1 item (5 pts) in this sprint"
    )
    expect(pull_row(page, "CHK-1")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    assert list(
        Sprint.objects.get(pk=sprint.pk).items.order_by("number").values_list("number", flat=True)
    ) == [1, 3]

    # Choosing a key result narrows the backlog to the items that move it.
    kr_line(page, "Checkout conversion").get_by_role("link", name="Checkout conversion").click()
    expect(page.get_by_test_id("pull-item")).to_have_count(1)
    expect(page.get_by_test_id("pull-item")).to_contain_text("Guest checkout")
    page.get_by_role("link", name="Show all").click()
    expect(page.get_by_test_id("pull-item")).to_have_count(2)

    # Capacity: Alice has five of ten days, so the forecast shrinks to 12 * 15 / 20 = 9.
    page.get_by_label("Available days of Alice").fill("5")
    page.get_by_label("Available days of Bob").fill("10")
    page.get_by_role("button", name="Save capacity").click()
    expect(page.get_by_role("status").filter(has_text="Capacity saved")).to_be_visible()
    expect(page.get_by_test_id("planning-totals")).to_contain_text("7 of ~9 points")

    # The Sprint Goal, serving a key result: its warning goes.
    page.get_by_role("textbox", name="Sprint Goal").fill("Shoppers pay by card in one step")
    page.get_by_role("checkbox", name="Checkout conversion").check()
    page.get_by_role("button", name="Save the Sprint Goal").click()
    expect(page.get_by_role("status").filter(has_text="Sprint Goal saved")).to_be_visible()
    expect(warnings).not_to_contain_text("serves no key result")
    expect(kr_line(page, "Checkout conversion")).to_contain_text("In the Sprint Goal")
    shoot(page, screenshot, "02-planned")

    page.get_by_test_id("start-sprint").click()
    expect(page).to_have_url(re.compile(rf"/o/acme/teams/{team.pk}/board/$"))
    shoot(page, screenshot, "03-started")

    started = Sprint.objects.get(pk=sprint.pk)
    assert started.state == SprintState.ACTIVE
    assert started.committed_points == Decimal(7)
    kr = KeyResult.objects.get(pk=conversion.pk)
    row = SprintKeyResult.objects.get(sprint=sprint, key_result=kr)
    assert (row.start_value, row.start_progress, row.start_confidence) == (
        kr.current_value,
        kr.progress,
        kr.confidence,
    )
    assert row.start_value == Decimal(3)
