"""The forecast and outcome of a key result as JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from okrum.core.time import today
from tests.factories.forecasts import forecast_scene


def _base(world: Any, kr_id: int) -> str:
    return f"/api/v1/orgs/{world.acme.slug}/insights/key-results/{kr_id}"


def test_the_forecast_as_json(world: Any, api_as: Any) -> None:
    scene = forecast_scene(world.acme)
    response = api_as(world.bob_membership, scope="read").get(
        _base(world, scene.key_result.pk) + "/forecast"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["key_result"] == scene.key_result.pk
    assert body["trend"]["projected_value"] == "74.2857"
    assert body["trend"]["projected_progress"] == "0.7429"
    assert body["trend"]["check_ins"] == 2
    assert body["delivery"]["probability"] == "1"
    assert body["delivery"]["likely_sprints"] == 3
    assert body["delivery"]["sprints_left"] == 3
    assert body["delivery"]["likely_ends_on"] == (today() + timedelta(days=42)).isoformat()
    assert body["delivery"]["runs"] == 10_000
    assert body["needs_history"] is False
    assert body["remaining_points"] == "21"
    assert body["open_items"] == 2
    assert body["unestimated_items"] == 0


def test_needs_history_as_json(world: Any, api_as: Any) -> None:
    scene = forecast_scene(world.acme, history=(10,))
    body = api_as(world.bob_membership).get(_base(world, scene.key_result.pk) + "/forecast").json()
    assert body["needs_history"] is True
    assert body["closed_sprints"] == 1
    assert body["delivery"] is None


def test_the_outcome_as_json(world: Any, api_as: Any) -> None:
    scene = forecast_scene(world.acme)
    response = api_as(world.bob_membership).get(_base(world, scene.key_result.pk) + "/outcome")
    assert response.status_code == 200
    body = response.json()
    assert body["output"] == {
        "items": 3,
        "done_items": 1,
        "share_done": "0.3333",
        "done_points": "5",
        "open_points": "21",
    }
    assert body["outcome"] == "0.2"
    windows = body["windows"]
    assert [w["sprint"] for w in windows] == [s.pk for s in scene.sprints]
    assert [(w["start_value"], w["end_value"], w["change"]) for w in windows] == [
        ("10", "20", "10"),
        ("20", "20", "0"),
        ("20", "20", "0"),
    ]
    assert [w["done_items"] for w in windows] == [1, 0, 0]
    assert windows[0]["team"] == "Checkout"


def test_another_organization_gets_404(world: Any, api_as: Any) -> None:
    scene = forecast_scene(world.acme)
    client = api_as(world.charlie_membership)
    theirs = f"/api/v1/orgs/{world.globex.slug}/insights/key-results/{scene.key_result.pk}"
    for tail in ("/forecast", "/outcome"):
        assert client.get(theirs + tail).status_code == 404
