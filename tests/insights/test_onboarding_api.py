"""GET /orgs/{org_slug}/onboarding: the guide's steps and progress, for scripts and other tools."""

from __future__ import annotations

from tests.factories.onboarding import STEP_KEYS, make_staffed_team, make_vision
from tests.factories.tenancy import add_member


def test_a_new_organization_has_done_none_of_the_six_steps(world, api_as):
    response = api_as(world.alice_membership).get("/orgs/acme/onboarding")

    assert response.status_code == 200
    body = response.json()
    assert (body["done"], body["total"]) == (0, 6)
    assert [step["key"] for step in body["steps"]] == STEP_KEYS
    assert body["steps"][0] == {
        "key": "vision",
        "title": "Set a vision",
        "done": False,
        "why": body["steps"][0]["why"],
        "url": "/o/acme/goals/",
    }
    assert "direction" in body["steps"][0]["why"]


def test_steps_done_are_ticked_and_counted(world, api_as):
    make_vision(world.acme)
    team = make_staffed_team(world.acme, name="Checkout")

    body = api_as(world.alice_membership).get("/orgs/acme/onboarding").json()

    assert {s["key"]: s["done"] for s in body["steps"]} == {
        "vision": True,
        "cycle": False,
        "objectives": False,
        "team": True,
        "backlog": False,
        "sprint": False,
    }
    assert body["done"] == 2
    assert body["steps"][4]["url"] == f"/o/acme/teams/{team.pk}/backlog/"


def test_a_viewer_with_a_read_token_may_read_the_guide(world, api_as):
    viewer = add_member(world.acme, role="viewer")

    response = api_as(viewer, scope="read").get("/orgs/acme/onboarding")

    assert response.status_code == 200
    assert response.json()["total"] == 6


def test_another_organizations_guide_is_not_found(world, api_as):
    response = api_as(world.charlie_membership).get("/orgs/acme/onboarding")

    assert response.status_code == 404
    assert response.json()["detail"]
