"""Each chart on its host page draws the series its API endpoint answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from okrum.scrum import services as scrum
from tests.e2e.test_okrs import DESKTOP, PHONE, sign_in
from tests.factories.charts import check_in_on, closed_sprints
from tests.factories.okrs import first_kr, kr_spec, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, started_sprint

Shot = Callable[[Page, str], Path]
API = "/api/v1/orgs/acme/insights"

DRAWN = """(key) => {
  const canvas = document.querySelector(`canvas[data-testid="chart-${key}"]`);
  const chart = window.Chart.getChart(canvas);
  return {labels: chart.data.labels,
          series: chart.data.datasets.map((d) => ({name: d.label, points: d.data}))};
}"""


def shoot(page: Page, screenshot: Shot, name: str) -> None:
    screenshot(page, f"charts-{name}-1280")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(200)  # Chart.js redraws on resize
    screenshot(page, f"charts-{name}-375")
    page.set_viewport_size(DESKTOP)


def drawn(page: Page, key: str) -> dict[str, Any]:
    canvas = page.locator(f'canvas[data-testid="chart-{key}"]')
    expect(canvas).to_be_visible()
    page.wait_for_function(
        "(key) => window.Chart && window.Chart.getChart("
        'document.querySelector(`canvas[data-testid="chart-${key}"]`))',
        arg=key,
    )
    result: dict[str, Any] = page.evaluate(DRAWN, key)
    return result


def answered(page: Page, path: str) -> dict[str, dict[str, Any]]:
    response = page.request.get(API + path)
    assert response.status == 200
    return {chart["key"]: chart for chart in response.json()["charts"]}


def same(drawn_chart: dict[str, Any], chart: dict[str, Any]) -> None:
    """The canvas holds exactly the API's labels and series (names and points)."""
    assert drawn_chart["labels"] == chart["labels"]
    expected = [{"name": s["name"], "points": s["points"]} for s in chart["series"]]
    assert drawn_chart["series"] == expected
    assert any(s["points"] for s in expected), chart["key"]


def test_every_chart_draws_the_series_of_its_api(world, page, screenshot):
    team = make_team(world.acme, name="Checkout", key="CHK")
    cycle = make_cycle(world.acme, name="Q4")
    objective = make_objective(
        cycle,
        team=team,
        title="Make checkout effortless",
        specs=[kr_spec(title="Checkout conversion", start_value=2, target_value=4, unit="%")],
    )
    kr = first_kr(objective)
    s = cycle.starts_on
    for day, value, confidence in ((3, "2.2", 5), (12, "2.5", 6), (26, "2.9", 7), (40, "3.1", 8)):
        check_in_on(kr, s + timedelta(days=day), value, confidence=confidence)
    closed_sprints(team, 3, s)
    items = [make_item(team, estimate=n, key_results=[kr]) for n in (3, 5, 2)]
    sprint = started_sprint(team, items, name="Sprint 4", goal="One-page checkout")
    scrum.update_item(item=items[0], by=world.alice_membership, status="done")
    scrum.assign_items(
        sprint=sprint, items=[make_item(team, estimate=1)], by=world.alice_membership, team=team
    )
    sign_in(page, "alice@example.com")

    page.goto(f"/o/acme/key-results/{kr.pk}/")
    same(drawn(page, "key_result"), answered(page, f"/key-results/{kr.pk}/chart")["key_result"])
    expect(page.get_by_test_id("chart-sprints")).to_contain_text("Checkout · Sprint 4")
    shoot(page, screenshot, "key-result")

    page.goto(f"/o/acme/sprints/{sprint.pk}/")
    burn = answered(page, f"/sprints/{sprint.pk}/burn")
    same(drawn(page, "burndown"), burn["burndown"])
    same(drawn(page, "burnup"), burn["burnup"])
    page.get_by_text("The numbers of “Burnup”").click()
    expect(page.get_by_test_id("chart-table-burnup")).to_contain_text("Scope")
    shoot(page, screenshot, "sprint")

    page.goto(f"/o/acme/teams/{team.pk}/sprints/")
    same(drawn(page, "velocity"), answered(page, f"/teams/{team.pk}/velocity")["velocity"])
    shoot(page, screenshot, "velocity")

    page.goto(f"/o/acme/cycles/{cycle.pk}/review/")
    review = answered(page, f"/cycles/{cycle.pk}/review-chart")
    same(drawn(page, "grades"), review["grades"])
    same(drawn(page, "confidence"), review["confidence"])
    shoot(page, screenshot, "review")
