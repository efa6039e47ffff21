"""A team opens a key result and sees where it is heading and whether finished work moved it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from okrum.core.time import today
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.forecasts import forecast_scene
from tests.factories.scrum import make_sprint

Shot = Callable[[Page, str], Path]


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    screenshot(page, f"insights-forecasts-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"insights-forecasts-{name}-375")
    page.set_viewport_size(DESKTOP)


def test_the_key_result_page_shows_the_forecasts_and_the_outcome_table(world, page, screenshot):
    scene = forecast_scene(world.acme)
    sign_in(page, "alice@example.com")

    page.goto(f"/o/acme/key-results/{scene.key_result.pk}/")
    insights = page.get_by_test_id("kr-insights")
    expect(insights).to_be_visible()  # loaded by htmx after the page
    expect(page.get_by_test_id("kr-insights-slot")).to_have_count(0)
    ends = (today() + timedelta(days=45)).strftime("%-d %b")
    expect(page.get_by_test_id("trend-forecast")).to_contain_text(f"At this pace: 74% by {ends}")
    delivery = page.get_by_test_id("delivery-forecast")
    expect(delivery).to_contain_text("100% chance the linked work (21 points)")
    expect(delivery).to_contain_text("Most likely in sprint 3 from now")
    expect(page.get_by_test_id("outcome-summary")).to_contain_text("1 of 3 linked items done")
    windows = page.get_by_test_id("outcome-window")
    expect(windows).to_have_count(3)
    expect(windows.first).to_contain_text("up 10")
    expect(windows.first).to_contain_text("1 item, 5 points")
    insights.scroll_into_view_if_needed()
    shoot(page, screenshot, "key-result")

    sprint = make_sprint(scene.team, starts_on=today() + timedelta(days=1), name="Sprint 4")
    page.goto(f"/o/acme/sprints/{sprint.pk}/planning/")
    forecasts = page.get_by_test_id("sprint-forecasts")
    expect(forecasts).to_be_visible()
    expect(page.get_by_test_id("sprint-forecast")).to_contain_text("100% chance for 21 points")
    forecasts.scroll_into_view_if_needed()
    shoot(page, screenshot, "planning")


def test_too_little_history_says_so(world, page, screenshot):
    scene = forecast_scene(world.acme, history=(10, 12))
    sign_in(page, "alice@example.com")
    page.goto(f"/o/acme/insights/key-results/{scene.key_result.pk}/")
    expect(page.get_by_test_id("needs-history")).to_have_text(
        "Needs more history: 2 closed sprints, 3 needed."
    )
    shoot(page, screenshot, "needs-history")
