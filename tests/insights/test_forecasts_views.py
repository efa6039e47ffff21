"""The forecast fragments: on the key result page and sprint planning, and as pages of their own."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.scrum.models import Sprint
from tests.factories.forecasts import closed_sprints, forecast_scene
from tests.factories.okrs import check_in, first_kr, make_cycle, make_objective, make_team
from tests.factories.scrum import make_item, make_sprint
from tests.web import text

HTMX = {"HX-Request": "true"}


def _url(world: Any, kr_id: int) -> str:
    return f"/o/{world.acme.slug}/insights/key-results/{kr_id}/"


def test_the_fragment_shows_both_forecasts_and_the_outcome_table(world: Any, web_as: Any) -> None:
    scene = forecast_scene(world.acme)
    response = web_as(world.bob).get(_url(world, scene.key_result.pk), headers=HTMX)
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    ends = (today() + timedelta(days=45)).strftime("%-d %b")
    # Check-ins 10 on day 0 and 20 on day 14: 10 + 90·10/14 ≈ 74.29 of 100 on day 90.
    assert f"At this pace: <strong>74%</strong> by {ends}" in page
    # 21 open points at a steady 10 a sprint: three 14-day sprints, all three fit in 45 days.
    assert "<strong>100% chance</strong> the linked work (21 points)" in page
    landing = (today() + timedelta(days=42)).strftime("%-d %b %Y")
    assert f"Most likely in sprint 3 from now, ending {landing}." in page
    assert "1 of 3 linked items done (33%), 5 points" in page
    assert "20% progress" in page
    assert "10,000 simulated futures" in page
    assert page.count('data-testid="outcome-window"') == 3
    assert "up 10" in page
    assert "1 item, 5 points" in page


def test_opened_directly_it_is_a_whole_page(world: Any, web_as: Any) -> None:
    scene = forecast_scene(world.acme)
    page = text(web_as(world.bob).get(_url(world, scene.key_result.pk)))
    assert "<html" in page
    assert "Forecast: " in page
    assert 'data-testid="kr-insights"' in page


def test_needs_more_history_instead_of_a_guess(world: Any, web_as: Any) -> None:
    scene = forecast_scene(world.acme, history=(10, 12))
    page = text(web_as(world.bob).get(_url(world, scene.key_result.pk), headers=HTMX))
    assert "Needs more history: 2 closed sprints, 3 needed." in page
    assert "chance" not in page


def test_a_milestone_says_why_it_has_no_trend(world: Any, web_as: Any) -> None:
    from tests.factories.okrs import kr_spec

    cycle = make_cycle(world.acme)
    kr = first_kr(
        make_objective(
            cycle, specs=[kr_spec(kind="milestone", start_value=None, target_value=None)]
        )
    )
    page = text(web_as(world.bob).get(_url(world, kr.pk), headers=HTMX))
    assert "a milestone is either reached or not" in page
    assert "No open backlog item is linked" in page
    assert 'data-testid="no-windows"' in page


def _fragment_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, headers=HTMX).status_code == 200
    return len(ctx.captured_queries)


def test_the_fragment_costs_the_same_queries_for_more_history(world: Any, web_as: Any) -> None:
    client = web_as(world.bob)
    small = forecast_scene(world.acme)
    small_count = _fragment_queries(client, _url(world, small.key_result.pk))
    kr = small.key_result
    closed_sprints(small.team, [8] * 12)
    for value in range(21, 40):
        check_in(kr, D(value))
    for _ in range(15):
        make_item(small.team, estimate=D(3), key_results=[kr])
    assert _fragment_queries(client, _url(world, kr.pk)) == small_count


def test_the_key_result_page_loads_the_fragment(world: Any, web_as: Any) -> None:
    scene = forecast_scene(world.acme)
    page = text(web_as(world.bob).get(f"/o/{world.acme.slug}/key-results/{scene.key_result.pk}/"))
    assert f'hx-get="{_url(world, scene.key_result.pk)}"' in page
    assert 'hx-trigger="load"' in page


def _planning_scene(world: Any) -> tuple[Sprint, Any]:
    scene = forecast_scene(world.acme)
    sprint = make_sprint(scene.team, starts_on=today() + timedelta(days=1))
    return sprint, scene


def test_sprint_forecasts_list_the_planning_key_results(world: Any, web_as: Any) -> None:
    sprint, scene = _planning_scene(world)
    other_team = make_team(world.acme)
    make_objective(make_cycle(world.acme), team=other_team, title="Not ours")
    url = f"/o/{world.acme.slug}/insights/sprints/{sprint.pk}/forecasts/"
    page = text(web_as(world.bob).get(url, headers=HTMX))
    assert page.count('data-testid="sprint-forecast"') == 1
    assert scene.key_result.title in page
    assert "74% by" in page
    assert "100% chance for 21 points, likely in sprint 3 from now" in page
    whole = text(web_as(world.bob).get(url))
    assert "<html" in whole
    assert "Forecasts for " in whole


def test_the_planning_page_loads_the_forecasts(world: Any, web_as: Any) -> None:
    sprint, _ = _planning_scene(world)
    page = text(web_as(world.alice).get(f"/o/{world.acme.slug}/sprints/{sprint.pk}/planning/"))
    assert f'hx-get="/o/{world.acme.slug}/insights/sprints/{sprint.pk}/forecasts/"' in page


def test_another_organization_gets_404(world: Any, web_as: Any) -> None:
    scene = forecast_scene(world.acme)
    client = web_as(world.charlie)
    assert client.get(_url(world, scene.key_result.pk)).status_code == 404
    theirs = f"/o/{world.globex.slug}/insights/key-results/{scene.key_result.pk}/"
    assert client.get(theirs).status_code == 404
